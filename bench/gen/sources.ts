/** Ordinary source in several languages, from the seeded PRNG: what a workspace file or a selection looks like. */
import { DIGITS, HEX, Prng } from './prng';

export type Language = 'ts' | 'python' | 'go' | 'java' | 'yaml' | 'json' | 'shell' | 'sql' | 'terraform';
export const LANGUAGES: readonly Language[] = ['ts', 'python', 'go', 'java', 'yaml', 'json', 'shell', 'sql', 'terraform'];

const snake = (camel: string): string => camel.replace(/[A-Z]/g, c => '_' + c.toLowerCase());
const upper = (camel: string): string => snake(camel).toUpperCase();

/** A secret written the way that language writes a string assignment. */
export function assignment(lang: Language, name: string, value: string): string {
  switch (lang) {
    case 'ts': return `const ${name} = "${value}";`;
    case 'python': return `${upper(name)} = "${value}"`;
    case 'go': return `\t${name} := "${value}"`;
    case 'java': return `    private static final String ${upper(name)} = "${value}";`;
    case 'yaml': return `  ${snake(name)}: ${value}`;
    case 'json': return `  "${snake(name)}": "${value}",`;
    case 'shell': return `export ${upper(name)}="${value}"`;
    case 'sql': return `INSERT INTO settings (name, value) VALUES ('${snake(name)}', '${value}');`;
    case 'terraform': return `  ${snake(name)} = "${value}"`;
  }
}

function ts(r: Prng): string {
  const fn = r.ident(), a = r.ident(), b = r.ident(), t = r.ident();
  return `import { ${a} } from './${snake(a)}';

export interface ${t[0].toUpperCase() + t.slice(1)} {
  readonly id: string;
  readonly ${b}: number;
  readonly createdAt: Date;
}

export async function ${fn}(items: readonly ${t[0].toUpperCase() + t.slice(1)}[], limit = ${r.int(5, 500)}): Promise<number> {
  let total = 0;
  for (const item of items.slice(0, limit)) {
    if (item.${b} > ${r.int(0, 99)}) {
      total += await ${a}(item.id, { retries: ${r.int(1, 5)}, timeoutMs: ${r.int(100, 9000)} });
    }
  }
  return total; // see issue #${r.int(10, 999)}
}
`;
}

function python(r: Prng): string {
  const cls = r.ident(), m = r.ident(), f = r.ident();
  return `class ${cls[0].toUpperCase() + cls.slice(1)}:
    """Keeps ${snake(f)} values for at most ${r.int(10, 600)} seconds."""

    def __init__(self, size: int = ${r.int(16, 4096)}) -> None:
        self._${snake(f)} = {}
        self._size = size

    def ${snake(m)}(self, key: str, default=None):
        value = self._${snake(f)}.get(key, default)
        if value is None and len(self._${snake(f)}) > self._size:
            raise KeyError(f"missing {key!r} after ${r.int(1, 99)} tries")
        return value
`;
}

function go(r: Prng): string {
  const fn = r.ident(), v = r.ident();
  return `func ${fn[0].toUpperCase() + fn.slice(1)}(ctx context.Context, ${v} []string) (int, error) {
\tcount := 0
\tfor i, s := range ${v} {
\t\tif err := ctx.Err(); err != nil {
\t\t\treturn count, fmt.Errorf("stopped at %d: %w", i, err)
\t\t}
\t\tif len(s) > ${r.int(1, 80)} {
\t\t\tcount++
\t\t}
\t}
\treturn count, nil
}

`;
}

function java(r: Prng): string {
  const cls = r.ident(), m = r.ident(), f = r.ident();
  const Cls = cls[0].toUpperCase() + cls.slice(1);
  return `public final class ${Cls}Service {
    private final Map<String, Integer> ${f} = new HashMap<>(${r.int(8, 512)});

    public Optional<Integer> ${m}(String key) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("key must not be blank");
        }
        return Optional.ofNullable(${f}.get(key)).filter(v -> v > ${r.int(0, 1000)});
    }
}

`;
}

function yaml(r: Prng): string {
  const svc = snake(r.ident()).replace(/_/g, '-');
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${svc}
  labels:
    app: ${svc}
spec:
  replicas: ${r.int(1, 6)}
  template:
    spec:
      containers:
        - name: ${svc}
          image: registry.example.com/${svc}:${r.int(1, 9)}.${r.int(0, 30)}.${r.int(0, 99)}
          ports:
            - containerPort: ${r.int(3000, 9000)}
          env:
            - name: LOG_LEVEL
              value: info
`;
}

function json(r: Prng): string {
  return `{
  "name": "${snake(r.ident()).replace(/_/g, '-')}",
  "version": "${r.int(0, 9)}.${r.int(0, 40)}.${r.int(0, 99)}",
  "integrity": "sha512-${r.chars(HEX, 32)}",
  "resolved": "https://registry.npmjs.org/${r.ident()}/-/${r.ident()}-${r.int(1, 9)}.0.0.tgz",
  "dependencies": { "${r.ident()}": "^${r.int(1, 20)}.0.0", "${r.ident()}": "~${r.int(0, 9)}.${r.int(0, 9)}.0" }
}
`;
}

function shell(r: Prng): string {
  const dir = snake(r.ident());
  return `#!/usr/bin/env bash
set -euo pipefail
for f in ./${dir}/*.log; do
  if grep -q "ERROR ${r.int(100, 599)}" "$f"; then
    echo "failed: $f" >&2
    gzip -${r.int(1, 9)} "$f"
  fi
done
export ${upper(r.ident())}="\${HOME}/.cache/${dir}"
`;
}

function sql(r: Prng): string {
  const table = snake(r.ident());
  return `CREATE TABLE IF NOT EXISTS ${table} (
  id BIGSERIAL PRIMARY KEY,
  ${snake(r.ident())} TEXT NOT NULL,
  amount NUMERIC(12, 2) DEFAULT ${r.int(0, 100)},
  created_at TIMESTAMPTZ DEFAULT now()
);
SELECT id, amount FROM ${table} WHERE amount > ${r.int(1, 999)} ORDER BY created_at DESC LIMIT ${r.int(10, 100)};
`;
}

function terraform(r: Prng): string {
  const name = snake(r.ident());
  return `resource "azurerm_storage_account" "${name}" {
  name                     = "st${r.chars(HEX, 8)}"
  resource_group_name      = azurerm_resource_group.main.name
  location                 = var.location
  account_tier             = "Standard"
  account_replication_type = "${r.pick(['LRS', 'GRS', 'ZRS'])}"
  tags = { cost_center = "${r.chars(DIGITS, 4)}" }
}

`;
}

const CHUNKS: Readonly<Record<Language, (r: Prng) => string>> = { ts, python, go, java, yaml, json, shell, sql, terraform };

/** One chunk (a function, a manifest, a table…) of the given language. */
export function chunk(lang: Language, rng: Prng): string {
  return CHUNKS[lang](rng);
}
