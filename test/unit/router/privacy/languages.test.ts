import * as assert from 'node:assert/strict';
import { scanText } from '../../../../src/router/privacyGate';
import { ALNUM, Rng, b64, password, substrings8 } from './fixtures';

/**
 * The same credential in the many shapes real files give it: languages the rules do not name, notebooks, markdown
 * fences, comments, encodings. Each must be found, and no output may hold the value.
 */
const r = new Rng(31337);
const pw = password(r);
const token = 'ghp_' + r.str(36, ALNUM);
const OPTIONS = { sensitiveFileGlobs: [], extraPatterns: [] };

const SHAPES: ReadonlyArray<[string, string]> = [
  ['Terraform', `resource "azurerm_sql_server" "db" {\n  administrator_login_password = "${pw}"\n}`],
  ['Dockerfile ENV =', `FROM alpine\nENV API_TOKEN=${pw}`],
  ['Dockerfile ENV space', `FROM alpine\nENV API_TOKEN ${pw}`],
  ['PowerShell variable', `$Password = "${pw}"`],
  ['PowerShell SecureString', `$s = ConvertTo-SecureString "${pw}" -AsPlainText -Force`],
  ['Rust', `let api_key = "${pw}";`],
  ['Kotlin', `val dbPassword = "${pw}"`],
  ['Go struct', `cfg := Config{Password: "${pw}"}`],
  ['C#', `var conn = new SqlConnection("Server=db;Database=app;User Id=sa;Password=${pw};");`],
  ['Java properties', `spring.datasource.password=${pw}`],
  ['YAML', `db:\n  password: ${pw}`],
  ['TOML', `[db]\npassword = '${pw}'`],
  ['JSON', `{"clientSecret": "${pw}"}`],
  ['PHP array', `'password' => '${pw}',`],
  ['Ruby hash', `{ secret_key: "${pw}" }`],
  ['.env', `# local\nDB_PASSWORD=${pw}\n`],
  ['shell export', `export GITHUB_TOKEN=${token}`],
  ['XML attribute', `<add key="db" password="${pw}" />`],
  ['notebook cell', JSON.stringify({ cell_type: 'code', source: [`password = "${pw}"\n`, 'connect(password)\n'] })],
  ['markdown fence', `Here is my config:\n\n\`\`\`python\nSECRET_KEY = "${pw}"\n\`\`\`\n`],
  ['comment', `// temporary: token ${token}`],
  ['base64 piped to a token file', `echo ${b64('token=' + token)} | base64 -d > token.txt`],
  ['URL-encoded', `redirect=${encodeURIComponent('https://x.test/cb?access_token=' + token)}`],
  ['string concatenation', `const t = "${token.slice(0, 4)}" + "${token.slice(4, 20)}" + '${token.slice(20)}';`],
  ['PHP concatenation', `$password = '${pw.slice(0, 5)}' . '${pw.slice(5)}';`],
  ['array join', `const t = ["${token.slice(0, 2)}", "${token.slice(2, 18)}", "${token.slice(18)}"].join("");`],
  ['Python join', `t = ''.join(['${token.slice(0, 3)}', '${token.slice(3)}'])`],
  ['hex', `t = bytes.fromhex("${Buffer.from(token).toString('hex')}")`],
  ['\\x escapes', `char t[] = "${[...Buffer.from(token)].map(b => '\\x' + b.toString(16).padStart(2, '0')).join('')}";`],
  ['subscript assignment', `os.environ["DB_PASSWORD"] = "${pw}"`],
  ['mailer auth pass', `auth: { user: "ops", pass: "${pw}" }`],
  ['compose environment map', `environment:\n  POSTGRES_PASS: ${pw}`],
  ['markdown table', `| user | password |\n|---|---|\n| ops | ${pw} |`],
  ['CSV export', `user,email,password\nops,ops@example.test,${pw}`],
  ['prose pair', `the creds are alice / ${pw}`],
  ['SMTP login', `server.login("alerts@example.test", "${pw}")`],
  ['JDBC getConnection', `DriverManager.getConnection(url, "app", "${pw}");`],
  ['XML element', `<settings>\n  <apiToken>\n    ${token}\n  </apiToken>\n</settings>`],
  ['Makefile ?=', `DEPLOY_TOKEN ?= "${token}"`],
  ['PHP .=', `$apiToken .= "${token}";`],
];

describe('privacy gate across languages and wrappings', () => {
  for (const [shape, text] of SHAPES) {
    it(`finds the credential in ${shape}`, () => {
      const findings = scanText(text, 'prompt', OPTIONS);
      assert.ok(findings.length > 0, 'nothing found');
      const json = JSON.stringify(findings);
      for (const piece of [...substrings8(pw), ...substrings8(token.slice(4))]) {
        assert.ok(!json.includes(piece), 'value leaked into findings');
      }
    });
  }

  const LOOKALIKES: ReadonlyArray<[string, string]> = [
    ['Terraform variable', 'administrator_login_password = var.db_password'],
    ['Kotlin lookup', 'val dbPassword = System.getenv("DB_PASSWORD")'],
    ['C# config lookup', 'var pw = Configuration["Db:Password"];'],
    ['GitHub Actions', 'token: ${{ secrets.GITHUB_TOKEN }}'],
    ['Key Vault reference', 'DbPassword=@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/db/)'],
    ['AWS secret ARN', 'secret_arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:db"'],
    ['Kubernetes secretKeyRef', 'valueFrom:\n  secretKeyRef:\n    name: db\n    key: password'],
    ['Python os.environ', "password = os.environ['DB_PASSWORD']"],
    ['PowerShell env', '$token = $env:GITHUB_TOKEN'],
    ['Ruby ENV', "token = ENV['GITHUB_TOKEN']"],
    ['lockfile integrity', '"integrity": "sha512-' + r.str(86, ALNUM) + '=="'],
    ['UUID id', 'client_id = "123e4567-e89b-12d3-a456-426614174000"'],
    ['git SHA', 'commit 4b825dc642cb6eb9a060e54bf8d69288fbee4904'],
    ['TypeScript types', 'interface Auth { token: string; password?: string; apiKey: ApiKey }'],
    ['function call', 'const token = await getToken(scope);'],
    ['template', 'password: "{{ db_password }}"'],
    ['format string', 'password = "%s"'],
    ['placeholder', 'OPENAI_API_KEY=<your-api-key>'],
    ['placeholder caps', 'API_KEY=YOUR_API_KEY_HERE'],
    ['masked', 'password: "********"'],
    ['interpolated path', 'export TOKEN_CACHE="${HOME}/.cache/token_store"'],
    ['hex hash with card-like digits', '"integrity": "sha512-c420c5ee6712492748268b80f6535edd",'],
    ['type annotation', 'tokenResponse: TokenResponseV2,'],
    ['string union of setting names', 'type Vars = "AZURE_TOKEN_CREDENTIALS" | "AZURE_CLIENT_ID";'],
    ['optional chaining', 'this.disableAutomaticAuthentication = options?.disableAutomaticAuthentication;'],
    ['generic type', 'export type TSToken = ts.Token<ts.SyntaxKind>;'],
    ['HTML attribute label', '<img src="/sponsors/1password-icon.svg" alt="1Password" height="32">'],
    ['error class name', 'const CredentialUnavailableErrorName = "CredentialUnavailableError";'],
  ];
  it('does not drop a random token that happens to contain a short word like "FAke" or "todo"', () => {
    const body = r.str(12, ALNUM) + 'FAke' + r.str(8, ALNUM) + 'todo';
    const findings = scanText(`// xoxb-${r.str(12, '0123456789')}-${r.str(12, '0123456789')}-${body}`, 'prompt', OPTIONS);
    assert.deepEqual(findings.map(f => f.rule), ['slack-token']);
  });

  for (const [shape, text] of LOOKALIKES) {
    it(`stays quiet on ${shape}`, () => {
      assert.deepEqual(scanText(text, 'prompt', OPTIONS).map(f => f.rule), []);
    });
  }
});
