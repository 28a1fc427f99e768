import { scanText } from '../../../../src/router/privacyGate';
import { itFindsAndStaysQuiet, itNeverEchoes, type FoundCase, type QuietCase } from './shapeCases';
import { ALNUM, HEX, LOWER, Rng } from './fixtures';

/**
 * Credentials written with a label around them, learnt from the trufflehog peer's tune split and written here in
 * our own words: a credential element whose text wraps the key in a label or an envelope (`{label AQAAABAAA key}`,
 * `production key`), notes that put a dash between the name and a quoted value (`API token - '…'`), a qualifier
 * and `key` run together (`functionkey`) or numbered (`key1`), two-word names, and bearer tokens of letters only.
 */
const r = new Rng(4711);
const OPTIONS = { sensitiveFileGlobs: [], extraPatterns: [] };
const rules = (text: string): string[] => scanText(text, 'prompt', OPTIONS).map(f => f.rule);
const LOWNUM = LOWER + '0123456789';

const FOUND: readonly FoundCase[] = [
  ['a stored-credential element with a label and an envelope marker before the key',
    `<credentials>\n  <id>{billing}</id>\n  <secret>{billing AQAAABAAA ${r.str(32, ALNUM)}}</secret>\n</credentials>`, 'xml-credential-element'],
  ['a lower-case key with digits behind a label', `<apiToken>{reports ${r.str(24, LOWNUM)}}</apiToken>`, 'xml-credential-element'],
  ['a key after a scope label in a token element', `<token>production ${r.str(40, ALNUM)}</token>`, 'xml-credential-element'],
  ['a hex key behind a label in a password element', `<password>{db ${r.str(32, HEX)}}</password>`, 'xml-credential-element'],
  ['a quoted token after a dash, as notes write it', `reporting service token - '${r.str(32, ALNUM)}'`, 'generic-credential-assignment'],
  ['a quoted secret after an en dash', `payments secret \u2013 "${r.str(28, ALNUM)}"`, 'generic-credential-assignment'],
  ['a password after a dash in a checklist', `- staging password - 'Qx7${r.str(9, ALNUM)}!'`, 'generic-credential-assignment'],
  ['a qualifier and `key` run together (`functionkey`, as `functionKey` reads)', `azureFunctionkey: ${r.str(30, ALNUM)}-=`, 'generic-credential-assignment'],
  ['a numbered key name (`sumoKey1`)', `sumoKey1 = '${r.str(64, ALNUM)}'`, 'generic-credential-assignment'],
  ['a two-word name before a dash (`reportsapikey token - …`)', `reportsapikey token - '${r.str(40, ALNUM)}'`, 'generic-credential-assignment'],
  ['a bearer token of mixed-case letters only', `Authorization: Bearer ${r.str(24, LOWER)}Xq${r.str(6, LOWER.toUpperCase())}`, 'bearer-token'],
];

const QUIET: readonly QuietCase[] = [
  ['prose in a password element', '<password>ask the platform team for it</password>'],
  ['a label with only the envelope marker', '<secret>{billing AQAAABAAA}</secret>'],
  ['a labelled random value under a name that names no credential', `<description>{billing ${r.str(32, ALNUM)}}</description>`],
  ['a placeholder after a dash', "api token - 'your-api-token-here'"],
  ['a word after a dash', "refresh token - 'rotate'"],
  ['a subtraction in code', "const rest = tokenCount - '1'.length;"],
  ['a reference inside an element', '<secret>{vault ${DEPLOY_SECRET}}</secret>'],
  ['a run-together key name whose first part is a data qualifier', 'partitionkey: customerRegionAndYear'],
  ['a bearer scheme before a name', 'Authorization: Bearer AuthenticationRequiredForThisEndpoint'],
  ['a numbered key holding a word', "lookupKey2 = 'customer'"],
];

describe('privacy gate: credentials written with a label around them', () => {
  itFindsAndStaysQuiet(FOUND, QUIET, rules);

  const key = r.str(40, ALNUM);
  itNeverEchoes('a labelled element key is never echoed in the findings', `<secret>{deploy AQAAABAAA ${key}}</secret>`, key, text => scanText(text, 'prompt', OPTIONS));
});
