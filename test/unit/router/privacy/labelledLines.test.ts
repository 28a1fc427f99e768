import { scanText } from '../../../../src/router/privacyGate';
import { itFindsAndStaysQuiet, itNeverEchoes, type FoundCase, type QuietCase } from './shapeCases';
import { ALNUM, HEX, LOWER, Rng, UPALNUM } from './fixtures';

/**
 * A label, a credential word and a value alone on a line (`acme SECRET ab12…`, `acmeSECRET "ab12…"`), as notes and pasted
 * settings pages write them, values and operators aligned in a column (`fbApiKey:            "…"`, `api_key          = "…"`), and curl's
 * `-u` opening the line after a `\` continuation.
 * Learnt from the kingfisher peer's tune split and written here in our own words.
 */
const r = new Rng(8123);
const OPTIONS = { sensitiveFileGlobs: [], extraPatterns: [] };
const rules = (text: string): string[] => scanText(text, 'prompt', OPTIONS).map(f => f.rule);
const LOWNUM = LOWER + '0123456789';
const RULE = 'generic-credential-assignment';

const FOUND: readonly FoundCase[] = [
  ['a provider, a credential word and a generated value on one line', `acmecloud SECRET ${r.str(30, ALNUM)}`, RULE],
  ['a provider and a credential word run together', `acmecloudTOKEN ${r.str(32, HEX)}`, RULE],
  ['a provider before a qualified key', `acmecloud ACCESS KEY ${r.str(32, UPALNUM)}`, RULE],
  ['a label line in a pasted list, indented', `  reports api token ${r.str(40, LOWNUM)}`, RULE],
  ['a value aligned in a column after its operator', `  reportsApiKey:            "${r.str(32, HEX)}",`, RULE],
  ['a quoted value after a run-together label', `acmecloudSECRET "${r.str(32, HEX)}"`, RULE],
  ['curl -u opening the line after a continuation', `curl -X POST https://auth.example.test/token \\\n-u client-${r.str(8, LOWNUM)}:${r.str(32, ALNUM)}`, 'cli-password'],
  ['an operator aligned in a column (terraform fmt)', `  api_key          = "${r.str(24, ALNUM)}"`, RULE],
  ['a password with its operator aligned', `db_password            = "Qx7#${r.str(8, ALNUM)}"`, RULE],
  ['a value aligned with tabs', `DEPLOY_TOKEN =\t\t\t\t\t\t'${r.str(36, ALNUM)}'`, RULE],
];

const QUIET: readonly QuietCase[] = [
  ['prose that goes on after the value', `the secret ${r.str(30, ALNUM)} is rotated weekly`],
  ['three words before the credential word', `we keep the token ${r.str(30, ALNUM)}`],
  ['a value of letters only (a name)', 'acmecloud SECRET RotateEveryNinetyDaysPlease'],
  ['a short value', `acmecloud SECRET ${r.str(10, ALNUM)}`],
  ['a placeholder value', 'acmecloud SECRET 0123456789abcdef0123456789abcdef'],
  ['a code line: a call after the credential word', `const token = await vault.read(${JSON.stringify(r.str(24, ALNUM))})`],
  ['a quoted word after a label', 'acmecloud token "RotateEveryNinetyDaysPlease"'],
  ['a quoted value in a template', `acmecloud token \`${r.str(32, ALNUM)}\``],
  ['-u opening a line that continues no curl command', `ls -la \n-u client:${r.str(32, ALNUM)}`],
  ['an aligned operator before a reference', '  api_key          = var.api_key'],
  ['an aligned operator before an empty string', '  db_password            = ""'],
  ['an aligned operator before a number', '  token_limit          = 4096'],
  ['an aligned placeholder', 'reportsApiKey:            "your-api-key-here",'],
  ['an aligned reference', 'reportsApiKey:            "${REPORTS_API_KEY}",'],
];

describe('privacy gate: labelled lines and aligned values', () => {
  itFindsAndStaysQuiet(FOUND, QUIET, rules);

  const key = r.str(32, ALNUM);
  itNeverEchoes('a labelled line value is never echoed in the findings', `acmecloud SECRET ${key}`, key, text => scanText(text, 'prompt', OPTIONS));
});
