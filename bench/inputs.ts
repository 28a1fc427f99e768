/**
 * Benchmark inputs, generated deterministically (seeded PRNG): the same bytes on every run and machine.
 * Ordinary inputs mix nine languages with a handful of planted secrets; adversarial inputs try to make a scanner's
 * regular expressions go super-linear. Secret-looking strings are assembled at run time (see gen/secrets.ts).
 */
import { ALNUM, BASE64, DIGITS, HEX, Prng } from './gen/prng';
import { RSA_KEY, SECRET_KINDS, luhnCard, type SecretCategory } from './gen/secrets';
import { LANGUAGES, assignment, chunk } from './gen/sources';

export const MB = 1024 * 1024;

/** A secret we put in the input, so recall can be counted for each scanner. Lines are 1-based and inclusive. */
export interface Planted {
  readonly kind: string;
  readonly category: SecretCategory;
  readonly line: number;
  readonly endLine: number;
}

export interface BenchInput {
  readonly name: string;
  readonly text: string;
  readonly planted: readonly Planted[];
  /** More texts of the same kind: the scan bench takes the next one for every scan, so no scan sees a text twice. */
  readonly variants?: readonly string[];
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Mixed source of about `bytes` characters with one planted secret every `secretEvery` characters (0 = none). */
export function mixedSource(bytes: number, seed: number, secretEvery: number): BenchInput & { name: '' } {
  const rng = new Prng(seed);
  const parts: string[] = [];
  const planted: Planted[] = [];
  let length = 0;
  let line = 1;
  let nextSecretAt = secretEvery > 0 ? Math.floor(secretEvery / 2) : Infinity;
  let kindIndex = 0;
  while (length < bytes) {
    const lang = LANGUAGES[rng.int(0, LANGUAGES.length - 1)];
    let piece = chunk(lang, rng);
    if (length + piece.length >= nextSecretAt) {
      const kind = SECRET_KINDS[kindIndex++ % SECRET_KINDS.length];
      const value = kind.make(rng);
      const secretText = kind.isBlock ? value : assignment(lang, kind.name, value);
      const secretLine = line + countNewlines(piece);
      planted.push({ kind: kind.id, category: kind.category, line: secretLine, endLine: secretLine + countNewlines(secretText) });
      piece += secretText + '\n';
      nextSecretAt += secretEvery;
    }
    parts.push(piece);
    length += piece.length;
    line += countNewlines(piece);
  }
  return { name: '', text: parts.join('').slice(0, Math.max(bytes, 0)), planted: planted.filter(p => p.endLine < line) };
}

/** A person's prompt of about 1 KB with a pasted snippet holding one connection string. */
function prompt1k(): BenchInput {
  const rng = new Prng(11);
  const user = `app_${rng.chars(HEX, 4)}`;
  const password = rng.chars(ALNUM, 18);
  const lines = [
    'I am getting intermittent timeouts from the orders service when it talks to Postgres under load.',
    'Here is the pool setup; can you tell me why connections are not being released and how to fix it?',
    '',
    '```ts',
    `const pool = new Pool({ connectionString: "postgres://${user}:${password}@db-${rng.chars(HEX, 6)}.internal:5432/orders" });`,
    'export async function loadOrders(customerId: string) {',
    '  const client = await pool.connect();',
    "  const rows = await client.query('SELECT * FROM orders WHERE customer_id = $1', [customerId]);",
    '  if (rows.rowCount === 0) return [];',
    '  return rows.rows.map(toOrder);',
    '}',
    '```',
    '',
  ];
  let text = lines.join('\n');
  const filler = 'It fails after a few minutes of steady traffic, and restarting the pod fixes it for a while. ';
  while (text.length < 1000) text += filler;
  return { name: '1kb-prompt', text: text.slice(0, 1024), planted: [{ kind: 'postgres-url', category: 'provider', line: 5, endLine: 5 }] };
}

/** Thousands of near misses: too-short tokens, look-alike key ids, placeholder passwords, hashes and ids. */
function nearMiss(bytes: number): string {
  const rng = new Prng(23);
  const makers: ReadonlyArray<() => string> = [
    () => `const label = "ghp_${rng.chars(ALNUM, rng.int(8, 30))}";`,
    () => `aws_access_key_id = AKIA${rng.chars('abcdefghijklmnopqrstuvwxyz', 16)}`,
    () => `key_id = AKIA${rng.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ', rng.int(6, 14))}`,
    () => 'password=<your-password>',
    () => 'password=${DB_PASSWORD}',
    () => 'api_key = "YOUR_API_KEY_HERE"',
    () => 'secret: xxxxxxxxxxxxxxxxxxxxxxxx',
    () => 'password = os.environ["DB_PASSWORD"]',
    () => 'const apiKey = process.env.OPENAI_API_KEY;',
    () => `sk-${rng.chars(ALNUM, rng.int(4, 12))}`,
    () => `xoxb-${rng.chars(DIGITS, 5)}`,
    () => `id: ${rng.chars(HEX, 8)}-${rng.chars(HEX, 4)}-${rng.chars(HEX, 4)}-${rng.chars(HEX, 4)}-${rng.chars(HEX, 12)}`,
    () => `commit ${rng.chars(HEX, 40)}`,
    () => `"integrity": "sha512-${rng.chars(BASE64, 86)}=="`,
    () => '-----BEGIN PUBLIC KEY-----',
    () => {
      // A card-shaped number whose Luhn check digit is wrong.
      const valid = luhnCard(rng);
      const wrong = valid.slice(0, 15) + String((Number(valid[15]) + 1 + rng.int(0, 8)) % 10);
      return `card: ${wrong.replace(/(\d{4})(?=\d)/g, '$1 ')}`;
    },
  ];
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; length < bytes; i++) {
    const line = makers[i % makers.length]() + '\n';
    parts.push(line);
    length += line.length;
  }
  return parts.join('').slice(0, bytes);
}

function repeatTo(unit: string, bytes: number): string {
  return unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);
}

/** Names of every input the benchmarks know, with how they are built. Adversarial ones take a size in MB. */
/** How many texts a first-sight input cycles through: enough that a text's names are gone from any cache when it comes back. */
const FIRST_SIGHT_TEXTS = 8;

export const ADVERSARIAL: Readonly<Record<string, { readonly describe: string; readonly make: (bytes: number) => string; readonly variants?: (bytes: number) => string[] }>> = {
  'adv-long-line': { describe: 'mixed source on one line (no newline)', make: b => mixedSource(b, 31, 0).text.replace(/\n/g, ' ') },
  'adv-base64': { describe: 'one unbroken base64 run', make: b => new Prng(37).chars(BASE64, b) },
  'adv-base64-fresh': {
    describe: 'one unbroken base64 run, a new one on every scan (first sight: nothing an earlier scan learnt applies)',
    make: b => new Prng(38).chars(BASE64, b),
    variants: b => Array.from({ length: FIRST_SIGHT_TEXTS - 1 }, (_, k) => flatText(new Prng(39 + k).chars(BASE64, b))),
  },
  'adv-near-miss': { describe: 'near-miss tokens and placeholders, one per line', make: nearMiss },
  'adv-password-repeat': { describe: '"password=" repeated, one line', make: b => repeatTo('password=', b) },
  'adv-begin-repeat': { describe: '"-----BEGIN" repeated, one line, never ended', make: b => repeatTo('-----BEGIN', b) },
  'adv-begin-blocks': {
    describe: 'private-key headers with a body line, never ended',
    make: b => repeatTo(`-----BEGIN ${RSA_KEY}-----\n${new Prng(41).chars(BASE64, 64)}\n`, b),
  },
  // Units a search over the rules' own anchors and syntax found to take time in the square of their length (each is
  // linear now, with a test in test/unit/router/privacyGateLimits.test.ts); kept here to track what they still cost.
  'adv-card-groups': {
    describe: 'one Luhn-valid card number in groups of four, repeated on one line',
    make: b => repeatTo(`${luhnCard(new Prng(43)).replace(/(\d{4})(?=\d)/g, '$1 ')} x `, b),
  },
  'adv-quote-repeat': { describe: '"password=" then two quotes, repeated on one line', make: b => repeatTo('password="\'', b) },
  'adv-table-rows': { describe: 'markdown table rows naming a token, no header', make: b => repeatTo('| apiToken | desc | value |\n', b) },
  'adv-string-joins': { describe: 'string-literal junctions `"+"` after a provider prefix, repeated on one line', make: b => repeatTo('sk-"+"', b) },
  'adv-unclosed-calls': { describe: '"auth(" repeated on one line, never closed', make: b => repeatTo('auth(', b) },
  'adv-token-run': { describe: '"pgpassword==abc123" repeated on one line (one token run)', make: b => repeatTo('pgpassword==abc123', b) },
};

/**
 * Text read from a file or an editor is one flat string; generated text is built from slices and concatenations,
 * which V8 keeps as sliced or cons strings that are slower to walk character by character. Flatten by copying.
 */
export function flatText(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

function flat(input: BenchInput): BenchInput {
  return { ...input, text: flatText(input.text) };
}

/** Builds an input by name: `1kb-prompt`, `100kb-file`, `1mb-mixed`, `10mb-mixed`, or `<adversarial>:<MB>`. */
export function makeInput(name: string): BenchInput {
  return flat(buildInput(name));
}

function buildInput(name: string): BenchInput {
  switch (name) {
    case '1kb-prompt': return prompt1k();
    case '100kb-file': return { ...mixedSource(100 * 1024, 7, 50 * 1024), name };
    case '1mb-mixed': return { ...mixedSource(MB, 1, 64 * 1024), name };
    case '10mb-mixed': return { ...mixedSource(10 * MB, 1, 64 * 1024), name };
  }
  const [advName, sizeText] = name.split(':');
  const adversarial = ADVERSARIAL[advName];
  if (!adversarial) {
    throw new Error(`unknown bench input ${name}`);
  }
  const bytes = Math.round(Number(sizeText || '1') * MB);
  return { name, text: adversarial.make(bytes), planted: [], ...(adversarial.variants ? { variants: adversarial.variants(bytes) } : {}) };
}
