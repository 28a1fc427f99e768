/**
 * Where a secret can hide in a request, as builders: each takes the secret as it appears in text and a nonce, and
 * returns the AskRequest (for the service) and, where the command line can express it, the prompt and files (for
 * `hybrid-agent ask --file …`). Every builder also says which pieces must never leave the device.
 */
import type { AskRequest, ContextReference } from '../../../src/router/types';
import { aFile, aSelection } from '../../fakes';
import type { SecretSample } from './secrets';

export interface PlacedRequest {
  readonly request: AskRequest;
  /** Present when the CLI can send the same thing: prompt plus files written to disk. */
  readonly cli?: { readonly prompt: string; readonly files: ReadonlyArray<{ readonly name: string; readonly content: string }> };
  /** The sensitive pieces (usually one). */
  readonly secrets: readonly string[];
}

export interface Placement {
  readonly name: string;
  build(sample: SecretSample, nonce: string): PlacedRequest;
}

function file(name: string, content: string, prompt: string, sample: SecretSample, extra: Partial<ContextReference> = {}): PlacedRequest {
  return { request: { prompt, references: [aFile(name, content, extra)] }, cli: { prompt, files: [{ name, content }] }, secrets: [sample.value] };
}

/** About 1.1 MB of ordinary code, so what follows sits past the first megabyte. */
export function largeCode(): string {
  const line = 'export function add(a: number, b: number): number { return a + b; } // arithmetic helper\n';
  return line.repeat(Math.ceil((1.1 * 1024 * 1024) / line.length));
}

function notebook(code: string): string {
  const source = code.split('\n').map((l, i, all) => (i < all.length - 1 ? l + '\n' : l));
  return JSON.stringify({
    cells: [
      { cell_type: 'markdown', metadata: {}, source: ['# Load the data\n'] },
      { cell_type: 'code', execution_count: 1, metadata: {}, outputs: [], source },
    ],
    metadata: { kernelspec: { name: 'python3', display_name: 'Python 3' } }, nbformat: 4, nbformat_minor: 5,
  }, null, 1);
}

/** Where a secret of any format can be put. */
export const PLACEMENTS: readonly Placement[] = [
  {
    name: 'in the prompt',
    build: (s, n) => ({ request: { prompt: `Why does login fail? ${n}\nconfig: ${s.text}` }, cli: { prompt: `Why does login fail? ${n}\nconfig: ${s.text}`, files: [] }, secrets: [s.value] }),
  },
  {
    name: 'in a selection',
    build: (s, n) => ({ request: { prompt: `Explain this ${n}`, references: [aSelection(`settings = load()\nvalue = ${s.text}\n`, { startLine: 40 })] }, secrets: [s.value] }),
  },
  { name: 'in an attached file', build: (s, n) => file('src/settings.py', `# settings\nDEBUG = False\nVALUE = ${s.text}\nPORT = 8080\n`, `Review this file ${n}`, s) },
  {
    name: 'in an implicit reference',
    build: (s, n) => ({
      request: { prompt: `What does this do? ${n}`, references: [{ kind: 'implicit', name: 'src/app.ts', path: 'src/app.ts', content: `const x = 1;\n${s.text}\n`, id: 'vscode.implicit.viewport' }] },
      secrets: [s.value],
    }),
  },
  {
    name: 'only in an earlier history turn',
    build: (s, n) => ({
      request: { prompt: `And the other service? ${n}`, history: [{ role: 'user', content: `my setting is ${s.text}` }, { role: 'assistant', content: 'That setting looks fine.' }] },
      secrets: [s.value],
    }),
  },
  { name: 'past the first megabyte of a large file', build: (s, n) => file('src/big.ts', `${largeCode()}// VALUE ${s.text}\n`, `Refactor this module ${n}`, s) },
  { name: 'in a comment', build: (s, n) => file('src/db.js', `function connect() {\n  /* old value, remove:\n  ${s.text}\n  */\n  return pool();\n}\n`, `Tidy this ${n}`, s) },
  { name: 'in a notebook cell', build: (s, n) => file('analysis.ipynb', notebook(`import pandas as pd\nVALUE = """${s.text}"""\ndf = pd.read_csv("x.csv")`), `Speed up this notebook ${n}`, s) },
  {
    name: 'inside a markdown code fence',
    build: (s, n) => {
      const prompt = `Here is my setup ${n}\n\n\`\`\`env\n${s.text}\n\`\`\`\nwhy does it fail?`;
      return { request: { prompt }, cli: { prompt, files: [] }, secrets: [s.value] };
    },
  },
  {
    name: 'base64-wrapped next to a credential word',
    build: (s, n) => file('k8s/patch.yaml', `apiVersion: v1\nauth: ${Buffer.from(s.text).toString('base64')}\n`, `Explain ${n}`, s),
  },
  {
    name: 'base64-wrapped with no credential word nearby',
    build: (s, n) => file('src/fixture.ts', `export const blob = "${Buffer.from(s.text).toString('base64')}";\n`, `Explain ${n}`, s),
  },
  {
    name: 'URL-encoded in a query string',
    build: (s, n) => file('src/redirect.ts', `const next = "https://app.example.com/cb?state=${encodeURIComponent(s.text)}";\n`, `Explain ${n}`, s),
  },
  {
    name: 'fully percent-encoded',
    build: (s, n) => file('logs/request.txt', `GET /login?payload=${[...Buffer.from(s.text)].map(b => '%' + b.toString(16).toUpperCase().padStart(2, '0')).join('')}\n`, `Explain ${n}`, s),
  },
];

/** A credential literal in languages the rules do not name; `value` is the literal. */
export const LANGUAGE_SNIPPETS: ReadonlyArray<{ readonly name: string; readonly file: string; readonly code: (value: string) => string }> = [
  { name: 'Terraform provider block', file: 'main.tf', code: v => `provider "azurerm" {\n  features {}\n  client_secret = "${v}"\n}\n` },
  { name: 'Terraform variable default', file: 'variables.tf', code: v => `variable "db_password" {\n  type    = string\n  default = "${v}"\n}\n` },
  { name: 'Dockerfile ENV', file: 'Dockerfile', code: v => `FROM node:20\nENV DB_PASSWORD=${v}\nRUN npm ci\n` },
  { name: 'Dockerfile ARG', file: 'Dockerfile', code: v => `FROM python:3.12\nARG API_TOKEN=${v}\nRUN pip install -r requirements.txt\n` },
  { name: 'PowerShell SecureString', file: 'deploy.ps1', code: v => `$secure = ConvertTo-SecureString "${v}" -AsPlainText -Force\n$pass = "${v}"\n` },
  { name: 'PowerShell SetEnvironmentVariable', file: 'setup.ps1', code: v => `[Environment]::SetEnvironmentVariable("API_KEY", "${v}", "User")\n` },
  { name: 'Rust typed const', file: 'src/main.rs', code: v => `const API_KEY: &str = "${v}";\nfn main() {}\n` },
  { name: 'Rust String::from', file: 'src/lib.rs', code: v => `let password: String = String::from("${v}");\n` },
  { name: 'Kotlin typed val', file: 'App.kt', code: v => `val apiKey: String = "${v}"\n` },
  { name: 'Kotlin const val', file: 'Config.kt', code: v => `const val API_SECRET = "${v}"\n` },
  { name: 'Kotlin mapOf pair', file: 'Creds.kt', code: v => `val creds = mapOf("password" to "${v}")\n` },
  { name: 'TypeScript typed const', file: 'src/config.ts', code: v => `export const apiKey: string = "${v}";\n` },
  { name: 'Go typed var', file: 'main.go', code: v => `var apiKey string = "${v}"\n` },
  { name: 'Swift typed let', file: 'Config.swift', code: v => `let apiKey: String = "${v}"\n` },
  { name: 'web.config appSettings', file: 'web.config', code: v => `<appSettings>\n  <add key="ApiKey" value="${v}" />\n</appSettings>\n` },
  { name: 'Ruby config attribute', file: 'config/initializers/app.rb', code: v => `config.secret_key = '${v}'\n` },
];
