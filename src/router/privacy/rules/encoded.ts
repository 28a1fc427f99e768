import type { ExtractedValue, MatchContext, Rule } from '../types';
import { lineStartIn } from '../lines';
import { charClasses, shannonEntropy } from '../validators';
import { decodeBase64Text, remembered } from './helpers';
import { keptHits } from '../hitLists';

/**
 * Credentials hidden by an encoding: base64 (next to a credential word, or recognised by the base64 image of a
 * credential keyword or provider prefix), and percent-encoding. The decoded text is rescanned once.
 */

/** Words and prefixes whose base64 image marks a base64 run worth decoding, even with no keyword nearby. */
const ENCODED_MARKERS = [
  'password', 'Password', 'PASSWORD', 'passwd', 'secret', 'Secret', 'SECRET', 'token', 'Token', 'TOKEN', 'api_key', 'apiKey',
  'API_KEY', 'ApiKey', 'AccountKey=', 'SharedAccessKey=', 'PRIVATE KEY', 'ghp_', 'gho_', 'ghs_', 'github_pat_', 'glpat-',
  'xoxb-', 'xoxp-', 'sk_live_', 'sk-proj-', 'sk-ant-', 'AKIA', 'AIza', 'npm_', 'hvs.', '://', 'Pwd=', 'client_secret',
  'private_key', 'GOCSPX-', 'BEGIN OPENSSH', 'credential', 'Credential',
];

/**
 * The base64 characters that encode `word` whatever its alignment in the encoded bytes: for each of the three
 * byte offsets, the characters determined by the word alone (standard and URL-safe alphabets).
 */
export function base64Signatures(word: string): string[] {
  const bytes = Buffer.from(word);
  const out = new Set<string>();
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64').replace(/=+$/, '');
    const start = Math.ceil((offset * 8) / 6);
    const end = Math.floor(((offset + bytes.length) * 8) / 6);
    const signature = encoded.slice(start, end);
    if (signature.length >= 5) {
      out.add(signature);
      out.add(signature.replace(/\+/g, '-').replace(/\//g, '_'));
    }
  }
  return [...out];
}

const BASE64_RUN = /(?<![A-Za-z0-9+/_-])(?<value>[A-Za-z0-9+/_-]{16,16384}={0,2})(?![A-Za-z0-9+/=_-])/g;

function decodesToSecret(value: string, rescan: (decoded: string) => boolean): boolean {
  if (/dummy|example|sample|fake|placeholder/i.test(value)) {
    return false;                                       // `ops_DUMMY…`: a sample, whatever it decodes to
  }
  const decoded = decodeBase64Text(value);
  return decoded !== undefined && rescan(decoded);
}

/** The hex image of a word, plain and `\x`-escaped, lower case (anchors are case-insensitive). */
function hexSignatures(word: string): string[] {
  const hex = Buffer.from(word.slice(0, 6)).toString('hex');
  return hex.length >= 8 ? [hex, hex.replace(/(..)/g, '\\x$1')] : [];
}

/** Hex (`67687...`, `\\x67\\x68`) → text when every byte is printable ASCII, else undefined. */
export function decodeHexText(value: string): string | undefined {
  const hex = value.replace(/\\x/gi, '');
  if (hex.length < 16 || hex.length > 16384 || hex.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(hex)) {
    return undefined;
  }
  const text = Buffer.from(hex, 'hex').toString('latin1');
  return /^[\x20-\x7e\t\r\n]+$/.test(text) ? text : undefined;
}

/** A string literal in any common quoting (bounded, one line). */
const LITERAL = String.raw`(?:"(?:[^"\\\n]|\\.){0,200}"|'(?:[^'\\\n]|\\.){0,200}'|\x60[^\x60\n]{0,200}\x60)`;
/** Literals joined by `+` (JS, Java, C#, Python), `.` (PHP), `..` (Lua), `&` (VB), or only white space (C, Python). */
const CHAIN = new RegExp(String.raw`${LITERAL}(?:\s{0,3}(?:\+|\.\.?|&|\|\|)?\s{0,3}${LITERAL}){1,20}`, 'y');
/** Where two literals meet: a closing quote, an operator, an opening quote (the anchors below spell the usual forms). */
const JUNCTION = /["'\x60][ \t]{0,3}(?:\+|\.{1,2}|&)[ \t]{0,3}["'\x60]/g;
const JUNCTION_ANCHORS = ['"+"', "'+'", '" + "', "' + '", '" +"', "' +'", '"+ "', "'+ '", '`+`', '` + `', '"."', "'.'", '" . "', "' . '",
  '"..', "'..", '" .. "', "' .. '", '"&"', '" & "'];

/**
 * The chain of literals through the junction at the match: back to the opening quote of the literal before it,
 * then forward over every literal joined to it. Tried only at junctions, never at every quote of a file.
 */
function extractChain(ctx: MatchContext): readonly ExtractedValue[] {
  const { window, match } = ctx;
  const close = match.index;
  const quote = window[close];
  let open = close - 1;
  while (open >= 0 && close - open <= 201 && window[open] !== quote && window[open] !== '\n') {
    open--;
  }
  if (open < 0 || window[open] !== quote) {
    return [];
  }
  CHAIN.lastIndex = open;
  const chain = CHAIN.exec(window);
  return chain && foldsToSecret(chain[0], { ...ctx, match: Object.assign([chain[0]], { index: open, input: window }) as RegExpExecArray })
    ? [{ index: open, value: chain[0] }] : [];
}
/** `["gh", "p_…"].join("")` and `"".join(["gh", "p_…"])`. */
const JOIN = new RegExp(String.raw`\[\s{0,3}${LITERAL}(?:\s{0,3},\s{0,3}${LITERAL}){1,40}\s{0,3},?\s{0,3}\]\s{0,3}\.join\(\s{0,3}(?:""|''|\x60\x60)?\s{0,3}\)|(?:""|'')\s{0,3}\.join\(\s{0,3}[[(]\s{0,3}${LITERAL}(?:\s{0,3},\s{0,3}${LITERAL}){1,40}\s{0,3},?\s{0,3}[\])]\s{0,3}\)`, 'g');

/** Provider prefixes a split token starts with once folded (`"gh" + "p_…"`). */
const FOLDED_PREFIX = /^(?:gh[pousr]_|github_pat_|gl[a-z]{1,4}-|xox[a-z]-|xapp-|[sr]k[-_]|AKIA|ASIA|AIza|hf_|npm_|pypi-|SG\.|-----BEGIN|eyJ|dapi|sntry|glc_|AccountKey=)/;

const LITERALS = new RegExp(LITERAL, 'g');

/** The literals of a chain or join, unquoted and joined. */
function fold(text: string): string {
  return [...text.matchAll(LITERALS)].map(m => m[0].slice(1, -1).replace(/\\(.)/g, '$1')).join('');
}

/**
 * A credential split into pieces is folded back and scanned again, with the start of its line, so that
 * `password = "Pz8#" + "kLm2"` is judged as the assignment it is. Only folds that could hold a secret are rescanned.
 */
function foldsToSecret(value: string, ctx: MatchContext): boolean {
  const lineStart = lineStartIn(ctx, ctx.match.index, 120);
  const lead = ctx.window.slice(lineStart, ctx.match.index);
  // Every junction of a chain folds the rest of it again, and repeated code repeats whole chains: the verdict on the
  // same chain after the same line start is remembered for this scan (a megabyte of `"+"` junctions otherwise folds
  // and rescans for many seconds).
  return remembered(ctx.memo, `fold\u0000${lead}\u0000${value}`, () => foldedIsSecret(fold(value), lead, ctx));
}

function foldedIsSecret(folded: string, lead: string, ctx: MatchContext): boolean {
  if (folded.length < 8 || folded.length > 4096) {
    return false;
  }
  const quote = /[A-Za-z0-9_$\]]\s{0,3}(?:[:=]|=>)\s{0,3}$/.test(lead) ? '"' : '';
  const worthIt = /pass|pwd|secret|token|key|auth|cred/i.test(lead) || FOLDED_PREFIX.test(folded)
    || (charClasses(folded) >= 3 && shannonEntropy(folded) >= 3.8);
  return worthIt && ctx.rescan(`${lead}${quote}${folded}${quote}`);
}

/** Words a base64-wrapped credential is named by (`API_TOKEN_B64=…`, `password: cGFz…`, `"auth": "…"`). */
const WRAPPED_WORDS = ['secret', 'password', 'passwd', 'token', 'credential', 'auth'];
const LONGEST_WRAPPED_WORD = Math.max(...WRAPPED_WORDS.map(word => word.length));
/** How far from its word a wrapped value may start, either side; the run itself may then be up to 16 KB long. */
const WRAPPED_REACH = 200;
const MIN_RUN = 16;
const MAX_RUN = 16384;

/** Character codes of BASE64_RUN's run (standard and URL-safe alphabets). */
const IN_RUN = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-') {
  IN_RUN[c.charCodeAt(0)] = 1;
}
const inRun = (code: number): boolean => code < 128 && IN_RUN[code] === 1;

/** Where a run of at least 16 run characters starts; base64RunEndAt checks the rest of BASE64_RUN there. */
const RUN_START = /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{16}/g;

/**
 * Per scan (keyed by its memo), the rule's place in the text: every run start before `lookedAt` (a text offset) has
 * been judged, and in the window at `windowStart` the first run start at or after `from` is `next` (Infinity: none).
 * Hits come in text order, so each stretch of a window is searched once, however dense the hits.
 */
interface RunSearch {
  lookedAt: number;
  windowStart: number;
  from: number;
  next: number;
}
const runSearches = new WeakMap<Map<string, boolean>, RunSearch>();

/**
 * Keeps the hits with a run starting within reach of their word (a superset: the longest word, and a window that
 * may begin inside a run), searching the text once: on a line of `password=` repeated, no hit is tried at all.
 */
function hitsNearRuns(text: string, hits: Int32Array): Int32Array {
  let from = -1;
  let next = -1;    // the first run start at or after `from` (Infinity: none)
  return keptHits(hits, hit => {
    const low = Math.max(0, hit - WRAPPED_REACH);
    if (low > 0 && inRun(text.charCodeAt(low - 1)) && runsOn(text, low, MIN_RUN)) {
      return true;  // a window starting here would read the rest of that run as one
    }
    if (from < 0 || low > next) {
      RUN_START.lastIndex = low;
      const run = RUN_START.exec(text);
      from = low;
      next = run === null ? Infinity : run.index;
    }
    return next <= hit + LONGEST_WRAPPED_WORD + WRAPPED_REACH;
  });
}

/** `count` run characters from `at` on. */
function runsOn(text: string, at: number, count: number): boolean {
  for (let i = at; i < at + count; i++) {
    if (!inRun(text.charCodeAt(i))) {
      return false;
    }
  }
  return true;
}

function nextRunStart(search: RunSearch, window: string, windowStart: number, p: number): number {
  if (search.windowStart !== windowStart || p < search.from || p > search.next) {
    RUN_START.lastIndex = p;
    const run = RUN_START.exec(window);
    search.windowStart = windowStart;
    search.from = p;
    search.next = run === null ? Infinity : run.index;
  }
  return search.next;
}

/**
 * Where the base64 run that BASE64_RUN would match at `p` ends (after its padding), else -1: 16 to 16,384 run
 * characters with none just before `p`, then at most two `=` and no run character or `=` after them.
 */
export function base64RunEndAt(text: string, p: number): number {
  if (!inRun(text.charCodeAt(p)) || (p > 0 && inRun(text.charCodeAt(p - 1)))) {
    return -1;
  }
  let end = p + 1;
  while (end < text.length && end - p <= MAX_RUN && inRun(text.charCodeAt(end))) {
    end++;
  }
  let padded = end;
  while (padded < text.length && padded - end <= 2 && text.charCodeAt(padded) === 61 /* = */) {
    padded++;
  }
  const fits = end - p >= MIN_RUN && end - p <= MAX_RUN && padded - end <= 2 && !inRun(text.charCodeAt(padded));
  return fits ? padded : -1;
}

/**
 * The base64 runs that start near the credential word at the match, each taken whole. Only runs near the word: a
 * window reaching 16 KB past every `token` on a minified line would decode every identifier of 16 letters or more on
 * that line. Hits come in text order and the search resumes where the previous word's ended, so each run is judged
 * once, however many words are near it.
 */
function extractWrappedRuns(ctx: MatchContext): readonly ExtractedValue[] {
  const { window, match, memo, windowStart } = ctx;
  const search = runSearches.get(memo) ?? runSearches.set(memo, { lookedAt: 0, windowStart: -1, from: 0, next: 0 }).get(memo)!;
  const found: ExtractedValue[] = [];
  const lastStart = match.index + match[0].length + WRAPPED_REACH;
  let p = Math.max(0, match.index - WRAPPED_REACH, search.lookedAt - windowStart);
  while (p < window.length) {
    const start = nextRunStart(search, window, windowStart, p);
    if (start > lastStart) {
      p = Math.min(start, window.length);   // no run starts before it: the next word's search may begin there
      break;
    }
    const end = base64RunEndAt(window, start);
    const value = end >= 0 ? window.slice(start, end) : '';
    if (value !== '' && decodesToSecret(value, ctx.rescan)) {
      found.push({ index: start, value });
    }
    // No run starts inside a run: skip over it (past its first character when it is no BASE64_RUN match).
    p = end >= 0 ? end : start + 1;
  }
  search.lookedAt = windowStart + p;
  return found;
}

export const ENCODED_RULES: readonly Rule[] = [
  {
    // Hex of printable text (eight or more bytes in 0x20–0x7e), plain or `\x`-escaped, decoded once and rescanned.
    id: 'hex-encoded-secret',
    kind: 'secret',
    // Anchored on the hex image of the words and prefixes worth decoding (plain and `\x`-escaped).
    anchors: [...new Set(ENCODED_MARKERS.flatMap(hexSignatures))],
    caseInsensitive: true,
    pattern: /(?<![0-9a-fA-Fx\\])(?<value>(?:(?:\\x)?[0-9a-fA-F]{2}){8,4096})(?![0-9a-fA-F])/g,
    valueGroups: ['value'],
    before: 8200,
    after: 8200,
    validate: (value, ctx) => {
      const decoded = decodeHexText(value);
      return decoded !== undefined && ctx.rescan(decoded);
    },
  },
  {
    id: 'concatenated-secret',
    kind: 'secret',
    // A literal ending in a token character joined to one starting with one: `"ghp_" + "a1…"`, not `"Hello, " + name`.
    anchors: JUNCTION_ANCHORS,
    pattern: JUNCTION,
    startsAtAnchor: true,
    before: 400,
    after: 1200,
    extract: extractChain,
  },
  {
    id: 'joined-secret',
    kind: 'secret',
    anchors: ['.join('],
    pattern: JOIN,
    before: 3000,
    after: 200,
    validate: foldsToSecret,
  },
  {
    // Percent-encoded text (query strings, form bodies, encoded URLs) is decoded once and rescanned.
    id: 'url-encoded-secret',
    kind: 'secret',
    anchors: ['%'],
    // A run is taken only when it holds an escape (before its first '%', only run characters): around a '%' in
    // ordinary code, every word would otherwise be a match and a call of validate.
    pattern: /(?<![A-Za-z0-9._~+=&:/@%-])(?=[A-Za-z0-9._~+=&:/@!*-]{0,4000}%[0-9A-Fa-f]{2})(?<value>(?:[A-Za-z0-9._~+=&:/@!*-]|%[0-9A-Fa-f]{2}){8,4000})/g,
    valueGroups: ['value'],
    before: 4000,
    after: 4000,
    validate: (value, ctx) => {
      if (!/%[0-9A-Fa-f]{2}/.test(value)) {
        return false;
      }
      try {
        const decoded = decodeURIComponent(value.replace(/\+/g, ' '));
        return decoded !== value && ctx.rescan(decoded.replace(/&/g, '\n'));
      } catch {
        return false;
      }
    },
  },
  {
    id: 'base64-wrapped-secret',
    kind: 'secret',
    anchors: WRAPPED_WORDS,
    caseInsensitive: true,
    pattern: new RegExp(WRAPPED_WORDS.join('|'), 'iy'),
    startsAtAnchor: true,
    keepHits: hitsNearRuns,
    before: WRAPPED_REACH,
    // The last run may start this far after the hit and run to its full length, its padding and the character after.
    after: LONGEST_WRAPPED_WORD + WRAPPED_REACH + MAX_RUN + 3,
    extract: extractWrappedRuns,
  },
  {
    id: 'base64-encoded-credential',
    kind: 'secret',
    anchors: [...new Set(ENCODED_MARKERS.flatMap(base64Signatures))],
    pattern: BASE64_RUN,
    valueGroups: ['value'],
    before: 16400,
    after: 16400,
    validate: (value, ctx) => decodesToSecret(value, ctx.rescan),
  },
];
