import { scanText } from '../../../../src/router/privacyGate';
import { itFindsAndStaysQuiet, itNeverEchoes, type FoundCase, type QuietCase } from './shapeCases';
import { ALNUM, B64, B64URL, HEX, LOWER, Rng } from './fixtures';

/**
 * Credentials written apart from the usual `name = "value"`, learnt from the trufflehog peer's tune split and written
 * here in our own words: a quoted literal after a name and a space (Gradle and Ruby DSLs, notes), a literal holding
 * the other quote characters, a quoted label before the key, a private key pasted on one line or escaped twice,
 * URL user info on a percent-encoded socket path, base64url SAS signatures (Power Automate workflow URLs) and
 * Tableau personal access token secrets.
 */
const r = new Rng(9107);
const OPTIONS = { sensitiveFileGlobs: [], extraPatterns: [] };
const rules = (text: string): string[] => scanText(text, 'prompt', OPTIONS).map(f => f.rule);
const LOWNUM = LOWER + '0123456789';
const keyLine = (n: number): string => r.str(n, B64);

const FOUND: readonly FoundCase[] = [
  ['a Gradle repository password after a space', `credentials {\n    username 'deployer'\n    password '${r.str(6, LOWER)}7${r.str(5, ALNUM)}'\n}`, 'generic-credential-assignment'],
  ['a Ruby DSL api_key with a double-quoted value', `  api_key "${r.str(32, ALNUM)}"`, 'generic-credential-assignment'],
  ['a pass written after its service in a note', `mail relay 'smtp-eu' pass '${r.str(32, HEX)}-${r.str(8, HEX)}'`, 'generic-credential-assignment'],
  ['a double-quoted password holding a single quote', `smtp_password: "Qw${r.str(4, LOWNUM)}'9z(${r.str(5, ALNUM)}"`, 'generic-credential-assignment'],
  ['a single-quoted secret holding a double quote', `client_secret = 'k"${r.str(24, ALNUM)}'`, 'generic-credential-assignment'],
  ['a quoted header label before the key', `billing_auth_token: "X-Authorization pk_${r.str(40, LOWNUM)}"`, 'generic-credential-assignment'],
  ['a quoted version label before the key', `webhook_secret = "v1 ${r.str(36, ALNUM)}"`, 'generic-credential-assignment'],
  ['an RSA key pasted on one line, its line breaks turned into spaces',
    `"app_secret": "-----BEGIN RSA PRIVATE KEY----- Mx9${keyLine(12)} ${keyLine(40)} ${keyLine(8)} -----END RSA PRIVATE KEY-----"`, 'private-key'],
  ['a key file escaped twice (JSON inside a JSON string)',
    `{"config":"{\\n  \\"private_key\\": \\"-----BEGIN PRIVATE KEY-----\\\\nMIIE${keyLine(60)}\\\\n-----END PRIVATE KEY-----\\\\n\\"}"}`, 'private-key'],
  ['user info before a percent-encoded socket path', `postgres://report%2Duser:${r.str(6, LOWER)}%21${r.str(6, ALNUM)}@%2Fvar%2Frun%2Fpostgresql/billing`, 'url-with-password'],
  ['a Power Automate workflow URL signed in base64url',
    `https://prod-12.westeurope.logic.azure.com:443/workflows/${r.str(32, HEX)}/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=${r.str(20, B64URL)}-_${r.str(21, B64URL)}`, 'azure-sas-token'],
  ['a Tableau personal access token secret', `TABLEAU_PAT=${r.str(22, B64)}==:${r.str(32, ALNUM)}`, 'tableau-pat-secret'],
  ['a percent-encoded token whose run happens to read `%Name%`', `token = '${r.str(20, ALNUM)}%5P${r.str(6, ALNUM)}G%PHGkqp%Ybm%2Y${r.str(40, ALNUM)}'`, 'generic-credential-assignment'],
  ['a token whose quoted value is an env line naming it again', `ci token = 'REPORTS_TOKEN=${r.str(20, HEX)}A${r.str(40, HEX)}'`, 'generic-credential-assignment'],
  ['an api_key query parameter followed by more of the URL', `uri = URI("https://api.example.org/v1/?api_key=${r.str(60, ALNUM)}&url=#{url}&render=true")`, 'generic-credential-assignment'],
  ['a markdown settings row naming its token in the first cell',
    `| Variable | Description | Example |\n| --- | --- | --- |\n| GraphRefreshToken | Refresh token of the app | 0.${r.str(40, B64URL)}.${r.str(60, B64URL)} |\n| Tenant | the tenant | contoso |`, 'credential-table'],
  ['a credential compared with a literal in code', `if accessKey != "${r.str(8, LOWER)}7${r.str(11, ALNUM)}" {`, 'generic-credential-assignment'],
  ['a short lower-case password for a named user on a real cluster', `mongodb://reports:${'kqwzvt'}@shard1.ab3cd.mongodb.net:27017,shard2.ab3cd.mongodb.net:27017/app`, 'url-with-password'],
  ['a provider key whose prefix is the word `secret`', `converter_key: "secret_${r.str(4, LOWER)}7${r.str(4, LOWER.toUpperCase())}2${r.str(6, ALNUM)}"`, 'generic-credential-assignment'],
];

const QUIET: readonly QuietCase[] = [
  ['`pass` as a verb before a code span', 'To override this, pass `--no-yarn` on the command line.'],
  ['`pass` as a verb before a quoted flag', "Then pass '--locale' to launchArgs instead."],
  ['a token named in a parser message', "throw new Error(`Unexpected token '${text.substring(from, from + 4)}' found`);"],
  ['a cache key built from a template', 'const key = `${useExternal ? 0 : 1}|${location ? nodeId(location) : 0}|${meaning}`;'],
  ['a retry key joining a word and a call', 'const key = `stainless-node-retry-${(0, uuid_1.uuid4)()}`;'],
  ['a quoted message with spaces under a token name', 'tokenError = "the token you entered has expired, sign in again"'],
  ['a quoted word after a password name and a space', "password 'hunter'"],
  ['a private-key header followed by prose', '-----BEGIN RSA PRIVATE KEY----- header followed by base64 data and more words'],
  ['a percent-encoded socket path without a password', 'postgres://report@%2Fvar%2Frun%2Fpostgresql/billing'],
  ['a short signature parameter', 'https://example.org/page?sig=abc-def'],
  ['a base64 pair that is not a Tableau secret (short second half)', `value = "${r.str(22, B64)}==:${r.str(12, ALNUM)}"`],
  ['a Windows variable in a path under a token name', 'tokenPath = "%APPDATA%\\tool\\token.json"'],
  ['a constant that spells its own name with a suffix', 'API_TOKEN_HEADER = "x-api-token-header"'],
  ['a short badge token before more of the URL', '[![coverage](https://codecov.io/gh/acme/tool/graph/badge.svg?token=37tZMQE0Sy)](https://codecov.io/gh/acme/tool)'],
  ['a query parameter holding a template', 'fetch(`/api/items?token=${session.token}&page=2`)'],
  ['alternatives in code that hold credential names', 'const creds = clientCredentials || DEFAULT_CLIENT_CREDENTIALS || fallbackCredentials;'],
  ['a union type of credential classes', 'type Auth = ApiKeyCredentials | EntraIdCredentials | AgenticIdentityCredentials | BaseCredentials;'],
  ['a markdown row that describes a token without a value', '| apiToken | string | Token for the `Authorization` header. |\n| timeout | number | seconds |'],
  ['a key compared with a key name', 'if (key === "ArrowUp") {'],
  ['a token kind compared with a constant', 'if token.type == "IDENTIFIER":'],
  ['a short password on a sample host', 'postgres://app:abcd@db.example.com/x'],
  ['a short password for a generic user', 'amqp://admin:rabbit@mq.prod.company.com:5672'],
  ['a short password on a cluster-local service', 'redis://worker:hunter@cache.default.svc.cluster.local:6379'],
  ['an example secret with a short number', 'token = "test-secret-1234"'],
];

describe('privacy gate: credentials written apart from the usual assignment', () => {
  itFindsAndStaysQuiet(FOUND, QUIET, rules);

  const secret = `Zr8${r.str(20, ALNUM)}`;
  itNeverEchoes('a password written after a space is never echoed in the findings', `password '${secret}'`, secret, text => scanText(text, 'prompt', OPTIONS));
});
