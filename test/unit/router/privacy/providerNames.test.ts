import * as assert from 'node:assert/strict';
import { credentialStrength } from '../../../../src/router/privacy/lexicon';
import { scanText } from '../../../../src/router/privacyGate';
import { itFindsAndStaysQuiet, type FoundCase, type QuietCase } from './shapeCases';
import { ALNUM, HEX, Rng } from './fixtures';

/**
 * A provider's name (the name of a service whose API takes a key, from public secret scanners' keyword lists) in the
 * name of a key/value pair: before `key` it names the provider's API key; alone it is a weak credential name, so only
 * a long random value counts. A bare provider name is judged where a credential word brings the key/value layer to
 * the line, before a single-quoted literal, and before a double-quoted one after `= ` (the quote is its anchor).
 * Config files name services all the time: those stay quiet.
 */
const r = new Rng(9091);
const OPTIONS = { sensitiveFileGlobs: [], extraPatterns: [] };
const rules = (text: string): string[] => scanText(text, 'prompt', OPTIONS).map(f => f.rule);
const uuid = (): string => `${r.str(8, HEX)}-${r.str(4, HEX)}-4${r.str(3, HEX)}-a${r.str(3, HEX)}-${r.str(12, HEX)}`;

const FOUND: readonly FoundCase[] = [
  ['a short key under a provider name with `key` (the provider\'s API key)', `trelloKey = '${r.str(16, ALNUM)}'`, 'generic-credential-assignment'],
  ['a provider name and `key` in snake case', `cloudflare_key: "${r.str(14, ALNUM)}"`, 'generic-credential-assignment'],
  // A bare provider name is judged where a credential word brings the key/value layer to its line (a `.env` comment).
  ['a random key under a bare provider name on a `.env` line', `HUBSPOT=${r.str(32, ALNUM)} # token for the CRM`, 'env-style-credential'],
  ['32 hex digits under a provider whose keys are 32 hex digits', `websitepulse=${r.str(32, HEX)} # api token`, 'env-style-credential'],
];

const QUIET: readonly QuietCase[] = [
  ['a version range under a provider name', '"hubspot": "^4.0.2",'],
  ['a URL under a provider name', 'bugsnag: "https://notify.bugsnag.com/v2"'],
  ['an object under a provider name', 'hubspot: { portalId: 4411, region: "eu1" }'],
  ['an identifier under a provider name', 'mapbox: "streets-v12-satellite-hybrid"'],
  ['a UUID under a provider whose keys are not UUIDs', `zulip: "${uuid()}"`],
  ['a UUID under a bare provider name on a `.env` line, where its keys are not UUIDs', `zulip=${uuid()} # api token`],
  ['40 hex digits (a commit) under a provider whose keys are not hex', `hubspot: "${r.str(40, HEX)}"`],
  ['a random value under a name that only begins with a provider name', `bugsnagRelease: "${r.str(32, ALNUM)}"`],
  ['a random value under a longer word that contains a provider name', `hubspotter: "${r.str(32, ALNUM)}"`],
  ['a short value under a provider name', 'mapbox: "a1b2c3"'],
  ['a switch about a provider', `useHubspot = "${r.str(32, ALNUM)}"`],
  ['a reference under a provider name', 'BUGSNAG=${BUGSNAG_API_KEY}'],
  ['a data key named after a data store', `redis_key: "${r.str(14, ALNUM)}"`],
];

/** A provider's name alone before a single-quoted literal, in the forms notes, Ruby and Python write it. */
const q = new Rng(3131);
const QUOTED_FOUND: readonly FoundCase[] = [
  ['a key after a provider name and a space', `loggly '${q.str(32, ALNUM)}'`, 'provider-credential-assignment'],
  ['a key assigned to a provider name in Python', `    vouchery = '${q.str(36, ALNUM)}'`, 'provider-credential-assignment'],
  ['a keyword argument named after a provider', `client.top(textmagic='${q.str(40, ALNUM)}')`, 'provider-credential-assignment'],
  ['32 hex digits after a provider whose keys are 32 hex digits', `websitepulse: '${q.str(32, HEX)}'`, 'provider-credential-assignment'],
  ['a Go-style short declaration named after a provider', `\tapiMetrics := '${q.str(32, ALNUM)}'`, 'provider-credential-assignment'],
  // The name is matched in any case, and its last dotted part run together (`scraping_bee`, `ScrapingBee`).
  ['a Python constant named after a provider', `LOGGLY = '${q.str(32, ALNUM)}'`, 'provider-credential-assignment'],
  ['a setting whose last part is a provider name in snake case', `settings.scraping_bee = '${q.str(32, ALNUM)}'`, 'provider-credential-assignment'],
  ['a setting whose last part is a provider name in capitals and a dash', `conf.SCRAPING-BEE: '${q.str(32, ALNUM)}'`, 'provider-credential-assignment'],
  ['a double quote inside a single-quoted key', `loggly '${q.str(20, ALNUM)}"${q.str(19, ALNUM)}'`, 'provider-credential-assignment'],
];
const QUOTED_QUIET: readonly QuietCase[] = [
  ['a word after a provider name', "loggly 'production'"],
  ['a host after a provider name', "liveagent 'https://support.example.test'"],
  ['a short value after a provider name', `vouchery '${q.str(10, ALNUM)}'`],
  ['a commit id after a provider whose keys are not hex', `loggly '${q.str(40, HEX)}'`],
  ['a random value after a word that is no provider', `release '${q.str(32, ALNUM)}'`],
  ['a random value after a provider name with another word', `loggly_region '${q.str(32, ALNUM)}'`],
  ['a reference after a provider name', "textmagic = '${TEXTMAGIC_KEY}'"],
  ['a region in double quotes under a provider name', 'loggly: "production-eu-west"'],
];

/** The same pairs in double quotes after `= ` or `:= ` (TOML, Python, shell, Go). */
const d = new Rng(4242);
const DOUBLE_FOUND: readonly FoundCase[] = [
  ['a key assigned to a provider name in JavaScript', `const cloudsmith = "${d.str(40, ALNUM)}";`, 'provider-credential-assignment'],
  ['a key assigned to a provider name in TOML or Python', `cloudflare = "${d.str(40, ALNUM)}"`, 'provider-credential-assignment'],
  ['a Go short declaration in double quotes', `\tapiTemplate := "${d.str(39, ALNUM)}"`, 'provider-credential-assignment'],
  ['a UUID under a provider whose keys are UUIDs', `interseller = "${uuid()}"`, 'provider-credential-assignment'],
  ['a single quote inside a double-quoted key', `cloudflare = "${d.str(20, ALNUM)}'${d.str(19, ALNUM)}"`, 'provider-credential-assignment'],
  ['a provider name written in two words with a joiner, in capitals', `SCRAPING_BEE = "${d.str(40, ALNUM)}"`, 'provider-credential-assignment'],
];
const DOUBLE_QUIET: readonly QuietCase[] = [
  ['an identifier assigned to a provider name', 'mapbox = "streets-v12-satellite-hybrid"'],
  ['a URL assigned to a provider name', 'bugsnag = "https://notify.bugsnag.com/v2"'],
  ['a UUID under a provider whose keys are not UUIDs, in double quotes', `zulip = "${uuid()}"`],
  ['a random value under a word that is no provider', `release = "${d.str(32, ALNUM)}"`],
  ['a random value under a provider name and another word', `loggly_region = "${d.str(32, ALNUM)}"`],
  ['a reference under a provider name in double quotes', 'textmagic = "${TEXTMAGIC_KEY}"'],
  ['a template call under a provider name', 'cloudsmith = "{{ lookup(\'env\', \'CLOUDSMITH\') }}"'],
];

describe('privacy gate: provider names as credential names', () => {
  itFindsAndStaysQuiet(FOUND, QUIET, rules);
  itFindsAndStaysQuiet(QUOTED_FOUND, QUOTED_QUIET, rules);
  itFindsAndStaysQuiet(DOUBLE_FOUND, DOUBLE_QUIET, rules);

  it('weighs a provider name as weak alone, as an API key before `key`, and not at all with other words after it', () => {
    assert.equal(credentialStrength('cloudsmith'), 'weak');
    assert.equal(credentialStrength('config.cloudsmith'), 'weak');
    assert.equal(credentialStrength('mailgun_key'), 'secret');
    assert.equal(credentialStrength('mailgunKey'), 'secret');
    assert.equal(credentialStrength('mailgun_url'), undefined);
    assert.equal(credentialStrength('mailgun_domain'), undefined);
    assert.equal(credentialStrength('hasMailgun'), undefined);
  });

  it('leaves out keywords that are English words, which name other things in code', () => {
    // `stripe` and `segment` are providers too, but a `stripe:` or `segment:` key is far more often something else.
    assert.equal(credentialStrength('stripe'), undefined);
    assert.equal(credentialStrength('segment'), undefined);
    assert.equal(credentialStrength('stripe_key'), 'weak');
  });
});
