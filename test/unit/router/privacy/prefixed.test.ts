import * as assert from 'node:assert/strict';
import { checkPrivacy } from '../../../../src/router/privacyGate';
import { RULES_WITH_PREFIXED_TOKEN } from '../../../../src/router/privacy/rules';
import { RuleSet } from '../../../../src/router/privacy/scanner';
import { scanSource } from '../../../../src/router/privacy/sources';
import { isGeneratedBody, isPrefixedToken, PREFIXED_BODY_RUN, separatorRuns, splitPrefixed, tokenStarts } from '../../../../src/router/privacy/rules/prefixed';
import { ALNUM, B64URL, DIGITS, HEX, LOWER, Rng, UPALNUM, b64url } from './fixtures';

// The rule is measured but not shipped (rules/index.ts): these tests scan with the set that holds it.
const WITH_SHAPE = new RuleSet(RULES_WITH_PREFIXED_TOKEN);
const scanned = (text: string) => scanSource(WITH_SHAPE, text, 'prompt');
const rng = new Rng(0x9f1e12);
const rules = (text: string): string[] => scanned(text).findings.map(f => f.rule);
const uuid = (): string => [8, 4, 4, 4, 12].map(n => rng.str(n, HEX)).join('-');

// Prefixes no named rule lists: the shape must carry them alone.
const unlisted = {
  mixed: () => 'acme_live_' + rng.str(40),
  dashed: () => 'zorb-' + rng.str(36),
  versioned: () => 'qxt_v2_' + rng.str(48),
  upper: () => 'KWTK_' + rng.str(40),
  hex: () => 'vexo_' + rng.str(48, HEX),
  base36: () => 'plmr_' + rng.str(40, LOWER + DIGITS),
  base32upper: () => 'QRZ-' + rng.str(40, UPALNUM),
  base64url: () => {
    // A base64url body holds `-` and `_` now and then; keep one inside, away from the ends.
    const body = rng.str(20) + '-' + rng.str(22, B64URL.replace(/[-_]/g, '')) + '_' + rng.str(12);
    return 'mtk_' + body;
  },
};

describe('prefixed-token: the declared shape', () => {
  for (const [name, make] of Object.entries(unlisted)) {
    it(`finds an unlisted token with a ${name} body, in code and prose`, () => {
      const token = make();
      assert.deepEqual(rules(`const client = new Client("${token}");`), ['prefixed-token']);
      assert.deepEqual(rules(`the client fails with ${token} since yesterday`), ['prefixed-token']);
    });
  }

  it('takes the whole leading run of short one-case parts as the prefix', () => {
    const body = rng.str(40);
    assert.deepEqual(splitPrefixed(`lin_api_${body}`), { prefix: 'lin_api', body });
    assert.deepEqual(splitPrefixed(`dop_v1_${body}`), { prefix: 'dop_v1', body });
    assert.equal(splitPrefixed(`a_${body}`), undefined, 'a one-letter prefix');
    assert.equal(splitPrefixed(`thirteenchars_${body}`), undefined, 'a prefix of 13');
    assert.equal(splitPrefixed(`acme_${rng.str(29)}`), undefined, 'a body of 29');
    assert.equal(splitPrefixed(`NODE_SEA_FUSE_${rng.str(40, HEX)}`), undefined, 'a run of parts 13 long is a name');
    assert.deepEqual(splitPrefixed(`zz-${body}`), { prefix: 'zz', body });
  });

  it('a mixed-case part is body, not prefix', () => {
    const tail = rng.str(34);
    assert.deepEqual(splitPrefixed(`tok_aB3x_${tail}`), { prefix: 'tok', body: `aB3x_${tail}` });
  });

  it('a name that says nothing of the value does not hide it', () => {
    assert.deepEqual(rules(`mockServerUrl := "zq_live_${rng.str(40)}"`), ['prefixed-token']);
  });

  it('reports the whole token as one span, so redaction leaves nothing of it', () => {
    const token = unlisted.mixed();
    const prompt = `export ACME=${token}\nwhy 401?`;
    const { spans } = scanned(prompt);
    assert.deepEqual(spans.map(s => prompt.slice(s.start, s.end)), [token]);
  });

  it('never echoes the token in its findings', () => {
    const token = unlisted.hex();
    const json = JSON.stringify(scanned(`key: ${token}`).findings);
    assert.ok(!json.includes(token.slice(5, 17)));
  });

  it('a token a named rule finds is reported under the named rule only', () => {
    assert.deepEqual(rules(`token = ${'gh' + 'p_' + rng.str(36)}`), ['github-token']);
    assert.deepEqual(rules(`npm ${'np' + 'm_' + rng.str(36)}`), ['npm-token']);
    assert.deepEqual(rules(`api ${'lin_' + 'api_' + rng.str(40)}`), ['linear-key']);
  });

  it('finds a token whose first run of 16 comes late in a long body', () => {
    const sparse = rng.str(10) + '-' + rng.str(10) + '_' + rng.str(30) + '-' + rng.str(20);
    assert.deepEqual(rules(`x = "wq_${sparse}"`), ['prefixed-token']);
  });
});

describe('prefixed-token: look-alikes stay quiet', () => {
  const negatives: Record<string, () => string> = {
    'an integrity hash': () => `"integrity": "sha512-${rng.str(86, ALNUM)}=="`,
    'a sha256 integrity without padding': () => `integrity="sha256-${rng.str(43)}"`,
    'a digest named by its algorithm': () => `md5_${rng.str(32, HEX)} and sha1_${rng.str(40, HEX)}`,
    'a UUID body': () => `request-${uuid()} and req_${uuid()}`,
    'a content hash in a file name': () => `import "./chunk-${rng.str(32, HEX)}.js"; url(assets/logo-${rng.str(40)}.png)`,
    'a webpack chunk name': () => `__webpack_require__.e("vendors-node_modules_${rng.str(20, LOWER)}_index_js")`,
    'a CSS class hash': () => `<div class="css-${rng.str(7, LOWER + DIGITS)} sc-${rng.str(6)}">`,
    'an npm package name': () => '"@typescript-eslint/eslint-plugin-experimental-type-aware-rules": "^8.0.0"',
    'snake_case and kebab-case names': () => 'SOME_VERY_LONG_ENVIRONMENT_VARIABLE_NAME_FOR_TESTS=1 the-quick-brown-fox-jumps-over-the-lazy-dog-again',
    'a long camelCase member after a prefix': () => 'get_SomeVeryLongCamelCaseMethodNameForDecoding2()',
    'base64 of ordinary text': () => `note_${b64url('this is a perfectly ordinary sentence, not a key')}`,
    'filler': () => `acme_${'x'.repeat(40)} acme_${'abcdefghij'.repeat(4)} acme_${'0123456789'.repeat(4)}`,
    'a placeholder': () => 'acme_live_YOUR_API_KEY_GOES_HERE_REPLACE_ME_12345',
    'a token inside a path or a dotted name': () => `https://example.com/v1/tok_${rng.str(40)}/x and pkg.acme_${rng.str(40)}`,
    'letters only': () => `acme_${rng.str(40, LOWER)} ACME_${rng.str(40, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')}`,
    'digits only': () => `build_${rng.str(40, DIGITS)}`,
    'low-entropy base32': () => `acme_${'ab2'.repeat(3)}${rng.str(31, 'ab23')}`,
    'a Stripe publishable key': () => `pk_live_${rng.str(99)}`,
    'an id of 32 hex digits (a UUID without dashes, a trace id)': () => `"id": "resp_${rng.str(32, HEX)}", trace-${rng.str(32, HEX)}`,
    'a message key of words with a number': () => '"true_when_moduleResolution_is_node16_nodenext_or_bundler_otherwise_false_6411": "x"',
    'a widget name of camelCase words and acronyms': () => 'div[data-widget="desktop-rhf_SponsoredProductsRemoteRHFSearchEXPSubsK2ClickPagination"]',
    'a placeholder word as the prefix': () => `foo_${rng.str(36)} example-${rng.str(40)}`,
    'a base36 body under 32': () => `task_test_${rng.str(30, LOWER + DIGITS)}`,
    'a token assigned to a name that says it is made up': () => `nonMatchingToken := "zq_live_${rng.str(40)}"\nconfig.invalid_ref: 'zq_${rng.str(40)}'`,
    'a body too short': () => `acme_${rng.str(29)}`,
  };
  for (const [name, make] of Object.entries(negatives)) {
    it(name, () => {
      assert.deepEqual(rules(make()).filter(r => r === 'prefixed-token'), []);
    });
  }

  it('a body cut by separators more often than one in 8 characters is words, not a generated body', () => {
    const dense = Array.from({ length: 12 }, () => rng.str(4)).join('-') + rng.str(16);
    assert.equal(isGeneratedBody(dense), false);
    assert.equal(isGeneratedBody(dense.replace(/-/g, '')), true);
  });

  it('judges a token alone the same way the rule does', () => {
    assert.equal(isPrefixedToken(unlisted.mixed()), true);
    assert.equal(isPrefixedToken(`sha384-${rng.str(64)}`), false);
    assert.equal(isPrefixedToken(`phc_${rng.str(43)}`), false);
  });
});

describe('prefixed-token: the prefilter and the token starts', () => {
  const sample = (): string => {
    // Words, separators and runs of every length, so that hits sit at the ends, in the middle and side by side.
    const pieces = ['_', '-', ' ', '.', '/', '\n', 'a_b', '__', '--'];
    let text = '';
    while (text.length < 4000) {
      text += rng.next() < 0.5 ? pieces[Math.floor(rng.next() * pieces.length)] : rng.str(1 + Math.floor(rng.next() * 40));
    }
    return text;
  };

  it('the indexOf scan finds exactly the regex hits, in order', () => {
    for (let i = 0; i < 20; i++) {
      const text = sample();
      const expected = [...text.matchAll(new RegExp(PREFIXED_BODY_RUN.source, 'g'))].map(m => m.index);
      const found: number[] = [];
      separatorRuns(text, offset => found.push(offset));
      assert.deepEqual(found, expected);
    }
  });

  it('moves each hit to the start of its run, once per run, and drops runs after a dot, a slash or a digit', () => {
    const token = 'zq_' + rng.str(12) + '-' + rng.str(30);
    const text = `x ${token} a.${token} /${token} 9${token}`;
    const hits: number[] = [];
    separatorRuns(text, offset => hits.push(offset));
    assert.ok(hits.length >= 4);
    assert.deepEqual([...tokenStarts(text, Int32Array.from(hits))], [2]);
  });
});

describe('prefixed-token behind privacy.unknownTokenFormats', () => {
  // Through the gate's options, as the service calls it: off by default, on when the person (or a workspace) asks.
  const request = (token: string) => ({ prompt: `why does the client reject ${token} since the update?` });

  it('is off by default: an unlisted token alone leaves the request public', () => {
    const result = checkPrivacy(request(unlisted.mixed()), { sensitiveFileGlobs: [], extraPatterns: [] });
    assert.equal(result.privacy, 'public');
  });

  it('on, the same request is restricted by prefixed-token, and the option is not remembered for the next call', () => {
    const token = unlisted.dashed();
    const on = checkPrivacy(request(token), { sensitiveFileGlobs: [], extraPatterns: [], unknownTokenFormats: true });
    assert.equal(on.privacy, 'restricted');
    assert.deepEqual(on.findings.map(f => f.rule), ['prefixed-token']);
    assert.ok(!JSON.stringify(on).includes(token.slice(8)), 'findings carry a masked preview only');
    assert.equal(checkPrivacy(request(token), { sensitiveFileGlobs: [], extraPatterns: [] }).privacy, 'public');
  });

  it('on, together with the person\'s own patterns: both apply', () => {
    const opts = { sensitiveFileGlobs: [], extraPatterns: ['ACME-[0-9]{6}'], unknownTokenFormats: true };
    assert.equal(checkPrivacy({ prompt: 'ticket ACME-123456 is open' }, opts).privacy, 'restricted');
    assert.equal(checkPrivacy(request(unlisted.versioned()), opts).privacy, 'restricted');
  });
});
