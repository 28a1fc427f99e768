import * as assert from 'node:assert/strict';
import { scanText } from '../../../../src/router/privacyGate';
import { RULES_WITH_PREFIXED_TOKEN } from '../../../../src/router/privacy/rules';
import { repeatsRun } from '../../../../src/router/privacy/rules/helpers';
import { RuleSet } from '../../../../src/router/privacy/scanner';
import { scanSource } from '../../../../src/router/privacy/sources';
import { endsBeforeSignature } from '../../../../src/router/privacy/rules/tokens';
import { beyondCountingRuns } from '../../../../src/router/privacy/values';
import { itFindsAndStaysQuiet, type FoundCase, type QuietCase } from './shapeCases';
import { ALNUM, B64, B64URL, HEX, LOWER, Rng, substrings8 } from './fixtures';

/**
 * Shapes behind the gate's precision and the formats it learnt from the peer suite's tune split, each written here in
 * our own words: a name that says its value is fake, provider formats that carry a fixed marker or length, key files
 * with a sample body, and the places a credential hides in commands and headers.
 */
const r = new Rng(90210);
const OPTIONS = { sensitiveFileGlobs: [], extraPatterns: [] };
const LOWNUM = LOWER + '0123456789';
const rules = (text: string): string[] => scanText(text, 'prompt', OPTIONS).map(f => f.rule);

/** A value of `n` characters whose letters never read as words (no vowels). */
const consonants = (n: number): string => r.str(n, 'bcdfghjklmnpqrstvwxz0123456789');

const value16 = r.str(16, ALNUM);
const openAiBody = r.str(74, ALNUM + '-_');
const armour = (body: string): string => `-----BEGIN PRIVATE KEY-----\\n${body}\\n-----END PRIVATE KEY-----\\n`;

/** 20 characters of a small alphabet: generated, but not random enough for a bare `key` (a weak name). */
const lowEntropy = new Rng(515).str(20, 'bcdfghk279');
/** Too short a run for a bare `KEY=` (the hit filter wants 20 token characters after a weak name). */
const shortKey = `${new Rng(616).str(16, ALNUM)}:c*X`;

const FOUND: readonly FoundCase[] = [
  ['a non-production password (its name starts with `non`, not a word saying the value is fake)', `NON_PROD_PASSWORD = "${r.str(14, ALNUM)}"`, 'generic-credential-assignment'],
  ['the password of a mock server', `MOCK_SERVER_PASSWORD=${r.str(14, ALNUM)}`, 'generic-credential-assignment'],
  ['a camelCase non-production token', `const nonProdToken = "${r.str(20, ALNUM)}";`, 'generic-credential-assignment'],
  ['a value with `=` inside, after `name:` (not a type annotation)', `release_token: '${r.str(20, LOWNUM)}=${r.str(6, LOWNUM)}'`, 'generic-credential-assignment'],
  ['a Kotlin typed declaration', `val uploadToken: String = "${value16}"`, 'generic-credential-assignment'],
  ['a bare 14-character generated value in YAML', `deploy_token: ${consonants(7)}7${consonants(6)}`, 'generic-credential-assignment'],
  ['a dotted token with a random part', `vault_token: s.${r.str(24, ALNUM)}`, 'generic-credential-assignment'],
  ['a header inside a quoted command argument', `wget --header="X-Api-Token: ${r.str(11, ALNUM)}" https://api.example.test/v1`, 'generic-credential-assignment'],
  ['a 40-hex token in an Authorization header', `requests.get(url, headers={"Authorization": "token ${r.str(40, HEX)}"})`, 'authorization-header'],
  ['curl -u on a continued line', `curl -s https://repo.example.test/api \\\n  -H 'Accept: application/json' \\\n  -u deploy:${r.str(14, ALNUM)}`, 'cli-password'],
  ['curl -u with the user left out', `curl -u ":${r.str(12, ALNUM)}" https://search.example.test:9200`, 'cli-password'],
  ['curl -u with a token as the user', `curl https://api.example.test/charges -u ${r.str(24, ALNUM)}:`, 'cli-password'],
  ['an AWS-style secret key of 40 characters', `secretAccessKey: "${r.str(40, B64)}"`, 'aws-secret-access-key'],
  ['an S3-compatible server password under the AWS name', `AWS_SECRET_ACCESS_KEY=${r.str(10, ALNUM)}-9x`, 'generic-credential-assignment'],
  ['an OpenAI project key with its marker', `see sk-proj-${openAiBody}T3BlbkFJ${r.str(74, ALNUM + '-_')}`, 'openai-key'],
  ['a Slack workflow webhook over http', `http://hooks.slack.com/workflows/T${r.str(8, ALNUM)}/A${r.str(10, ALNUM)}/${r.str(18, '0123456789')}/${r.str(24, ALNUM)}`, 'slack-webhook'],
  ['a GitLab feature-flag client token', `unleash: glffct-${r.str(20, ALNUM)}`, 'gitlab-token'],
  ['a GitLab agent token', `agent glagent-${r.str(50, ALNUM)}`, 'gitlab-token'],
  ['a dotted token on a .env line', `MAP_TOKEN=pk.${r.str(40, LOWNUM)}.${r.str(22, LOWNUM)}`, 'generic-credential-assignment'],
  ['a New Relic ingest key with dashes', `nr NRII-${r.str(10, LOWNUM)}-${r.str(21, LOWNUM)}`, 'newrelic-key'],
  ['a New Relic browser key in lower case', `nr NRJS-${r.str(19, HEX)}`, 'newrelic-key'],
  ['a Twilio key with upper-case hex', `sid SK${r.str(16, HEX)}${r.str(16, HEX).toUpperCase()}`, 'twilio-api-key'],
  ['a JFrog reference token', `artifactory cmVmd${r.str(59, ALNUM)}`, 'jfrog-key'],
  ['a whole PyPI token', `twine upload -p ${pypiToken(r)}`, 'pypi-token'],
  ['a PyPI-prefixed body that is no macaroon (random bytes)', `pw pypi-AgEIcHlwaS5vcmc${r.str(60, B64URL)}`, 'pypi-token'],
  ['a short token with a generated body', `[DEBUG] token=rtx-${r.str(12, ALNUM)}`, 'generic-credential-assignment'],
  ['a credential word run together with `key`, in a query', `base: "https://api.example.test/v1?tokenkey=${r.str(40, LOWNUM)}"`, 'generic-credential-assignment'],
  ['a literal wrapped onto the line after `=`', `    const uploadApiKey =\n        "${r.str(48, ALNUM)}";`, 'generic-credential-assignment'],
  ['a Go getter returning a literal', `func getDeployToken() string { return "${r.str(24, ALNUM)}" }`, 'generic-credential-assignment'],
  ['a Java getter returning a literal', `    public String getApiKey() {\n        return "${r.str(24, ALNUM)}";`, 'generic-credential-assignment'],
  ['a Python getter returning a literal', `def get_secret(): return '${r.str(24, ALNUM)}'`, 'generic-credential-assignment'],
  ['a key joined to its account host in a credential element', `<secret>{label ${r.str(24, ALNUM)}-${r.str(20, ALNUM)}.acme.io}</secret>`, 'xml-credential-element'],
  ['a named markdown row with a long token, followed by a blank line', `| Name | Description | Value |\n| --- | --- | --- |\n| RefreshToken | Refresh token of the app | 0.${r.str(1200, B64URL)} |\n\n## Next`, 'credential-table'],
  ['a named markdown row that ends the text', `| AppSecret | Secret of the app | ${r.str(40, ALNUM)} |`, 'credential-table'],
  ['`key` written apart from the word that qualifies it', `deploy key = '${lowEntropy}'`, 'generic-credential-assignment'],
  ['`key` written apart from a provider name', `mailgun key = '${lowEntropy}'`, 'generic-credential-assignment'],
  ['curl --user with each half quoted apart', `curl -u "deploy":"${r.str(14, ALNUM)}" https://api.example.test`, 'cli-password'],
  ['curl --user with a password pasted between placeholder braces', `curl --user "{deploy}":"{${r.str(14, ALNUM)}}" https://api.example.test`, 'cli-password'],
  ['a GoCardless live token near the provider name', `client = GoCardless(environment="live")  # live_${r.str(40, B64URL)}`, 'gocardless-token'],
  ['a short KEY= after a provider name in a log line', `[DEBUG] Using mailgun KEY=${shortKey}`, 'generic-credential-assignment'],
  ['a two-column name | value list', `Variable | Value\napiKey |${r.str(40, HEX)}\nbaseUrl |https://api.example.test`, 'generic-credential-assignment'],
];

/**
 * A PyPI token as PyPI writes one: a version-2 macaroon (location, identifier, a caveat, then the 32-byte signature),
 * base64url. `cut` drops the signature and the end of the caveat, as a shortened log line does.
 */
function pypiToken(rng: Rng, cut = false): string {
  const field = (type: number, data: Buffer): Buffer => Buffer.concat([Buffer.from([type, data.length]), data]);
  const id = `${rng.str(8, HEX)}-${rng.str(4, HEX)}-4${rng.str(3, HEX)}-a${rng.str(3, HEX)}-${rng.str(12, HEX)}`;
  const caveat = `{"version": 1, "permissions": {"projects": ["${rng.str(10, LOWER)}"]}}`;
  const signature = Buffer.from(rng.str(64, HEX), 'hex');
  const whole = Buffer.concat([Buffer.from([2]), field(1, Buffer.from('pypi.org')), field(2, Buffer.from(id)), Buffer.from([0]),
    field(2, Buffer.from(caveat)), Buffer.from([0, 0]), field(6, signature)]);
  return 'pypi-' + (cut ? whole.subarray(0, whole.length - 50) : whole).toString('base64url');
}

/** Words joined by separators, then written out again: a typed sample, however long. */
const typedTwice = (): string => { const unit = `rotate_Every-${r.str(5, LOWER)}-Month-`; return unit + unit; };

const QUIET: readonly QuietCase[] = [
  ['a name that says the token is fake', `fakeToken = "${value16}"`],
  ['a name that says the secret does not match', `non_matching_secret: "${value16}"`],
  ['a dummy password in a test', `const dummyPassword = "${r.str(12, ALNUM)}!"`],
  ['an encrypted value under the AWS secret key name', `aws_secret_access_key: ${r.str(54, B64)}==`],
  ['an OpenAI-style project key without the marker', `see sk-proj-${r.str(150, ALNUM + '-_')}`],
  ['a service-account file with a truncated key', `{"type": "service_account", "private_key": "${armour('MIIEvQIB…truncated…')}", "client_email": "svc@p.iam.gserviceaccount.com"}`],
  ['a header name in a string, read from a prompt', 'data["token"] = getpass.getpass("Token: ")'],
  ['an object key in quotes, then a call', 'scopes: !item["token_scopes"] ? item["token_scopes"] : serializeTokenScopes(item["token_scopes"])'],
  ['a run-together identifier of words', 'session_token: refresh4session'],
  ['member access', 'token: this.settings.accessToken'],
  ['curl -u with variables', 'curl -u "$API_USER:$API_PASS" https://api.example.test'],
  ['curl -u with a short user and no password', 'curl -u admin: https://api.example.test'],
  ['a provider prefix before words joined up', 'ci uses glpat-deploy_token_for_staging_only'],
  ['a provider prefix before a run written twice', `ci uses glpat-${typedTwice()}`],
  ['a PyPI token cut before its signature', `twine upload -p ${pypiToken(r, true)}`],
  ['a token that is a short prefix and a counting run', '[DEBUG] token=rtx-4567'],
  ['a secret that is a counting run around two letters', 'api_secret: "12345qz6789"'],
  ['a key name run together with `key`, holding a word', 'const tokenKey = "auth_token";'],
  ['a bare word on the line after `=`', `token =\n    ${r.str(24, ALNUM)}`],
  ['a getter returning the name a token is stored under', 'getToken() { return "session_token"; }'],
  ['a question that returns a literal', `hasToken() { return "${r.str(24, ALNUM)}"; }`],
  ['a token piped to a command', 'token | base64 --decode'],
  ['curl --user with placeholder fields in braces', 'curl --user "{username}":"{password}" https://api.example.test'],
  ['curl --user with a placeholder made of words', 'curl --user "apikey":"{your_api_key_value}" https://api.example.test'],
  ['a GoCardless token of filler', `gocardless: live_${'x'.repeat(40)}`],
  ['a short KEY= after a word that does not qualify it', `[DEBUG] Using the KEY=${shortKey}`],
  ['a data key written apart from its qualifier', `sort key = '${lowEntropy}'`],
  ['`key` after a word that does not qualify it', `the key = '${lowEntropy}'`],
  ['a host name with words in capitals, under a token name', 'token_host: "MyCompany-Prod2024-Services.example.com"'],
  ['a two-column line with more after the value', `apiKey | ${r.str(40, HEX)} | rotated`],
  ['an or-operator after a token variable', `const t = token || "${r.str(24, ALNUM)}" + suffix;`],
];

describe('privacy gate precision and peer-derived formats', () => {
  itFindsAndStaysQuiet(FOUND, QUIET, rules);

  it('a live_ token far from any provider name is not GoCardless\'s; only prefixed-token (not shipped) reports it', () => {
    const text = `const live_${'x'.repeat(4)} = live_${new Rng(41).str(40, ALNUM)};`;
    assert.deepEqual(rules(text), []);
    assert.deepEqual(scanSource(new RuleSet(RULES_WITH_PREFIXED_TOKEN), text, 'prompt').findings.map(f => f.rule), ['prefixed-token']);
  });

  it('the same provider prefix before a random body is still found', () => {
    assert.ok(rules(`ci uses glpat-${r.str(24, ALNUM)}`).includes('gitlab-token'));
  });

  it('random bodies never repeat a 10-character run; a unit written twice does', () => {
    const rng = new Rng(4242);
    for (let i = 0; i < 200; i++) {
      assert.equal(repeatsRun(rng.str(200, i % 2 ? HEX : ALNUM)), false);
    }
    assert.equal(repeatsRun(typedTwice()), true);
    assert.equal(repeatsRun('X'.repeat(40)), false, 'one character repeated is filler, judged elsewhere');
    assert.equal(repeatsRun(`xoxb-${'1234567890'.repeat(2)}-${rng.str(24)}`), false, 'numeric ids may repeat');
  });

  it('a PyPI macaroon is cut only when it parses and ends before its signature', () => {
    const rng = new Rng(77);
    assert.equal(endsBeforeSignature(pypiToken(rng).slice(5)), false);
    assert.equal(endsBeforeSignature(pypiToken(rng, true).slice(5)), true);
    for (let i = 0; i < 100; i++) {
      assert.equal(endsBeforeSignature(`AgEIcHlwaS5vcmc${rng.str(60, B64URL)}`), false);
    }
  });

  it('counting runs are taken out of a value before its length is judged', () => {
    assert.equal(beyondCountingRuns('spu-1234'), 3);
    assert.equal(beyondCountingRuns('q9Zt-4Kx7'), 8);
    assert.equal(beyondCountingRuns('abcdef123456'), 0);
  });

  it('a service-account file with a real key body is still found, and the body never echoed', () => {
    const body = r.str(64, B64) + '\\n' + r.str(64, B64);
    const findings = scanText(`{"type": "service_account", "private_key": "${armour(body)}"}`, 'prompt', OPTIONS);
    assert.ok(findings.some(f => f.rule === 'gcp-service-account-key'));
    const json = JSON.stringify(findings);
    assert.ok(substrings8(body.slice(0, 64)).every(piece => !json.includes(piece)));
  });
});
