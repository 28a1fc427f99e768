import { isDocumentationExample, isPlaceholder, isTemplate } from '../allowlist';
import { nameWords } from '../lexicon';
import type { MatchContext, Rule } from '../types';
import { shannonEntropy } from '../validators';
import { isIdentifierLike, isWordPart } from '../values';
import { decodeBase64Text, isFillerBody, looksRandom, remembered } from './helpers';
import { PROVIDER_RULES } from './providerFormats';
import { TOKEN_RULES } from './tokens';

/**
 * Prefixed provider tokens that no row of tokens.ts or providerFormats.ts names. Most modern tokens share one shape:
 * a short prefix naming the provider or the kind, `_` or `-`, then a long generated body (`ghp_…`, `glpat-…`,
 * `dop_v1_…`, `lin_api_…`). This rule is that shape, declared before it was measured:
 *
 * - prefix: 2–12 characters, a letter first, then letters and digits, inner `_` allowed (`dop_v1`, `lin_api`); each
 *   part written in one case and at most 12 long (`shpat`, `NRAK`, `v1`): a prefix is typed, a mixed-case or longer
 *   part is already the body. The prefix is the whole leading run of such parts (see splitPrefixed).
 * - separator: `_` or `-`.
 * - body: at least 30 letters and digits; `_` and `-` may stand inside it (base64url bodies hold them), at most one
 *   in 8 characters, and it holds a run of 16 letters and digits (what the prefilter looks for).
 * - standing alone: never preceded by a letter, digit, `_ . + / $ \ -` (a longer word, a dotted name, a base64 run,
 *   a path, a variable), never followed by a token character, `+`, `/` or `.` and a letter or digit (`chunk-….js`).
 * - generated body (separators left out): upper and lower case and digits with entropy ≥ 3.8; or hex in one case
 *   with letters and digits, entropy ≥ 3.3, not 32 long; or one case of letters with digits (base32/base36), 32+
 *   long, entropy ≥ 4. Never words joined up (most of its letters in words), filler, a placeholder, base64 of
 *   ordinary text, a UUID.
 * - not a known non-secret: a hash or digest name before a hash (`sha512-…` integrity, `md5_…`), a prefix whose
 *   keys are public by design (Stripe and PostHog publishable keys), a prefix opening with a placeholder word.
 * - not assigned to a name that says the value is made up (`nonMatchingToken := "…"`, `fake_key: …`), as the
 *   key/value layer reads such names.
 * - not a named format's prefix: a row of tokens.ts or providerFormats.ts owns the tokens that start with its prefix
 *   (`sk-`, `lsv2_pt_`, `pypi-AgE…`), and its judgement (length, marker, signature) stands: a `sk-proj-` key without
 *   OpenAI's marker, or a PyPI token cut before its signature, is not reported again here.
 *
 * Tightened after the first measurement, from the tune splits' false positives and real code only: the prefix as the
 * whole run of short one-case parts (a 13-character constant name before a hex fuse), 32 hex digits (response and
 * trace ids, MIME boundaries), bodies of words (TypeScript's message keys, a CSS widget name), base36 bodies under 32,
 * placeholder prefixes (`foo_…`).
 *
 * Findings are generic: a token a named rule also finds is reported under the named rule only.
 */

/** Prefixes of values that are not credentials: digests named by their algorithm, and keys meant to be public. */
const NOT_SECRET_PREFIX = /^(?:sha\d{0,3}|md[45]|hash|digest|checksum|integrity|etag|commit|rev|uuid|guid|pk_(?:live|test)|phc)$/i;
/** A prefix that opens with a placeholder word (`foo_…`, `example-…`) marks a made-up value. */
const EXAMPLE_PREFIX = /^(?:foo|bar|baz|qux|fake|dummy|mock|sample|example|placeholder|your)(?:_|$)/i;
/** A part of a prefix: one case of letters, digits allowed. */
const PREFIX_PART = /^(?:[a-z0-9]+|[A-Z0-9]+)$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The named rows' prefixes: anchors that hold a separator (`ghp_`, `sk-`, `pypi-AgEIcHlwaS5vcmc`), as written and,
 * for case-insensitive rows, in lower case. Rows whose value is a group found near a context word (`gocardless`,
 * `auth_token`) own no prefix: their anchors are not the token's start.
 */
const OWNED_PREFIXES: readonly { readonly prefix: string; readonly caseInsensitive: boolean }[] = [...TOKEN_RULES, ...PROVIDER_RULES]
  .filter(rule => rule.valueGroups === undefined)
  .flatMap(rule => rule.anchors.filter(a => /^[A-Za-z0-9][^\s]*[_-]/.test(a)).map(prefix => ({ prefix, caseInsensitive: rule.caseInsensitive === true })));

/** A named row owns the token: it starts with one of the rows' prefixes. */
export function hasNamedPrefix(token: string): boolean {
  const lower = token.toLowerCase();
  return OWNED_PREFIXES.some(o => (o.caseInsensitive ? lower : token).startsWith(o.prefix));
}

const SEPARATOR = /[_-]/g;
const MIN_BODY = 30;
const MAX_PREFIX = 12;

/** What the prefilter finds: a separator and 16 letters or digits, which every token of the shape holds. */
export const PREFIXED_BODY_RUN = /[_-][A-Za-z0-9]{16}/g;
const RUN = 16;

function isAlnumCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
}

/** RUN letters or digits follow `at` (the last one first: most separators are followed by a short word). */
function runFollows(text: string, at: number): boolean {
  if (!isAlnumCode(text.charCodeAt(at + RUN))) {
    return false;
  }
  for (let k = 1; k < RUN; k++) {
    if (!isAlnumCode(text.charCodeAt(at + k))) {
      return false;
    }
  }
  return true;
}

/**
 * The hits of PREFIXED_BODY_RUN, in order, found with `indexOf` on `_` and `-` (a regex pass over every character
 * cost about 3 % of the whole scan of real code, about twice this).
 */
export function separatorRuns(text: string, found: (offset: number) => void): void {
  let under = text.indexOf('_');
  let dash = text.indexOf('-');
  while (under !== -1 || dash !== -1) {
    const at = dash === -1 || (under !== -1 && under < dash) ? under : dash;
    if (runFollows(text, at)) {
      found(at);
    }
    if (at === under) {
      under = text.indexOf('_', at + 1);
    } else {
      dash = text.indexOf('-', at + 1);
    }
  }
}

/**
 * Prefix and body of a token of the shape; undefined when none fits. The prefix is the leading run of short parts
 * written in one case, joined by `_` (`dop_v1`, `lin_api`, `NRAK`): it ends at the first separator that is a `-`, or
 * before the first part that mixes cases or is longer than 12 (generated). A run longer than 12 in all is a name
 * (`NODE_SEA_FUSE_…`), not a provider's prefix.
 */
export function splitPrefixed(token: string): { prefix: string; body: string } | undefined {
  let end = -1;                                      // index of the separator after the prefix
  for (let from = 0; ;) {
    SEPARATOR.lastIndex = from;
    const sep = SEPARATOR.exec(token)?.index;
    if (sep === undefined) {
      break;
    }
    const part = token.slice(from, sep);
    if (part.length === 0 || part.length > MAX_PREFIX || !PREFIX_PART.test(part)) {
      break;
    }
    end = sep;
    if (token[end] === '-') {
      break;                                         // inner `-` belongs to bodies only
    }
    from = end + 1;
  }
  if (end < 2 || end > MAX_PREFIX || !/^[A-Za-z]/.test(token)) {
    return undefined;
  }
  const body = token.slice(end + 1);
  return body.replace(/[_-]/g, '').length >= MIN_BODY ? { prefix: token.slice(0, end), body } : undefined;
}

/**
 * Most of the body's characters stand in words (`moduleResolution_is_node16_…`, `SponsoredProductsRemoteRHF…`): a
 * name. Split at separators, digits and case changes, a generated body falls into parts of one to three letters, and
 * its rare longer parts do not read as words. Counted against all its letters and digits: in hex, letters are few and
 * `a`–`f` often pass for a word.
 */
function isMostlyWords(body: string): boolean {
  const parts = body.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2').split(/[\s_\-\d]+/);
  let inWords = 0;
  for (const part of parts) {
    if (part.length >= 4 && isWordPart(part)) {
      inWords += part.length;
    }
  }
  return inWords >= body.replace(/[_-]/g, '').length * 0.6;
}

/** The body looks generated: see the rule's doc comment for each alphabet's bar. */
export function isGeneratedBody(body: string): boolean {
  const run = body.replace(/[_-]/g, '');
  const separators = body.length - run.length;
  if (run.length < MIN_BODY || separators * 8 > body.length || !/[A-Za-z0-9]{16}/.test(body) || /^[_-]|[_-]$|[_-]{2}/.test(body)) {
    return false;
  }
  const upper = /[A-Z]/.test(run);
  const lower = /[a-z]/.test(run);
  const digit = /\d/.test(run);
  const entropy = shannonEntropy(run);
  let generated: boolean;
  if (upper && lower && digit) {
    generated = entropy >= 3.8;
  } else if (digit && (/^[0-9a-f]+$/.test(run) || /^[0-9A-F]+$/.test(run))) {
    // 32 hex digits is a UUID without its dashes, an MD5 digest or a trace id: an id far more often than a key.
    generated = run.length !== 32 && /[A-Fa-f]/.test(run) && entropy >= 3.3;
  } else {
    // One case of letters carries fewer bits a character: a little longer for the same strength.
    generated = digit && upper !== lower && run.length >= 32 && entropy >= 4;
  }
  return generated && looksRandom(run) && !isIdentifierLike(body) && !isMostlyWords(body) && !UUID.test(body)
    && (run.length < 24 || decodeBase64Text(run) === undefined);
}

/** A token of the shape, judged alone (no context): prefix, body and the shared look-alike checks. */
export function isPrefixedToken(token: string): boolean {
  const split = splitPrefixed(token);
  return split !== undefined && !NOT_SECRET_PREFIX.test(split.prefix) && !EXAMPLE_PREFIX.test(split.prefix) && isGeneratedBody(split.body) && !hasNamedPrefix(token)
    && !isFillerBody(token) && !isTemplate(token) && !isPlaceholder(token) && !isDocumentationExample(token);
}

/** The name a value is assigned to, right before it on its line (`nonMatchingToken := "`, `fake_key: '`). */
const ASSIGNED_NAME = /([A-Za-z_$][\w$.-]{0,60})["'`\]]?\s{0,3}(?::=|=>|[:=])\s{0,3}["'`]?$/;
/** First words of a name that says its value is made up (as the key/value layer reads `nonMatchingKey`, `fakeToken`). */
const MADE_UP_WORDS = new Set(['nonmatching', 'fake', 'dummy', 'bogus', 'invalid']);

/** The token is assigned to a name that says it is made up: a test input, not a credential. */
function assignedToMadeUpName(ctx: MatchContext): boolean {
  const before = ctx.window.slice(Math.max(0, ctx.match.index - 80), ctx.match.index);
  const name = ASSIGNED_NAME.exec(before.slice(before.lastIndexOf('\n') + 1))?.[1];
  if (name === undefined) {
    return false;
  }
  const [first = '', second = ''] = nameWords(name.slice(name.lastIndexOf('.') + 1), 2);
  return MADE_UP_WORDS.has(first) || MADE_UP_WORDS.has(first + second);   // `nonMatching…` splits in two
}

/** How far back from the prefilter's hit a token may start (its first run of 16 may stand deep in its body). */
const MAX_REACH = 160;

/** `[A-Za-z0-9_-]`: the characters a token's run is made of. */
function isTokenCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45;
}

/** Characters that may not stand before a token: it would continue a dotted name, a base64 run, a path, a variable. */
function continuesLeft(c: number): boolean {
  return c === 46 || c === 43 || c === 47 || c === 36 || c === 92;
}

/**
 * Each prefilter hit moved back to the start of its run of token characters, where the pattern is then tried once:
 * runs that start with a letter after a boundary, each once however many hits they hold. A run longer than
 * MAX_REACH before its hit is dropped. Linear: a walk back stops at the previous hit.
 */
export function tokenStarts(text: string, hits: Int32Array): Int32Array {
  const out = new Int32Array(hits.length);
  let n = 0;
  let previous = -1;
  for (let h = 0; h < hits.length; h++) {
    const hit = hits[h];
    let i = hit;
    while (i > 0 && i > previous + 1 && hit - i < MAX_REACH && isTokenCode(text.charCodeAt(i - 1))) {
      i--;
    }
    const sameRun = previous >= 0 && i === previous + 1;
    const tooLong = i > 0 && isTokenCode(text.charCodeAt(i - 1));
    previous = hit;
    if (sameRun || tooLong || (i > 0 && continuesLeft(text.charCodeAt(i - 1)))) {
      continue;
    }
    const c = text.charCodeAt(i) | 32;
    if (c >= 97 && c <= 122) {
      out[n++] = i;
    }
  }
  return out.subarray(0, n);
}

export const PREFIXED_TOKEN_RULES: readonly Rule[] = [
  {
    id: 'prefixed-token',
    kind: 'secret',
    anchors: [],
    prefilter: separatorRuns,
    keepHits: tokenStarts,
    startsAtAnchor: true,
    pattern: /(?<![A-Za-z0-9_.+/$\\-])[A-Za-z][A-Za-z0-9]{0,11}[_-][A-Za-z0-9_-]{29,500}(?![A-Za-z0-9_+/-]|\.[A-Za-z0-9])/g,
    // Before: room for the name the token is assigned to (see assignedToMadeUpName).
    before: 80,
    after: 540,
    generic: true,
    validate: (value, ctx) => remembered(ctx.memo, `prefixed-token\u0000${value}`, () => isPrefixedToken(value)) && !assignedToMadeUpName(ctx),
  },
];
