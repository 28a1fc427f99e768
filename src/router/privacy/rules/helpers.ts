import type { FindingKind } from '../../types';
import { isDocumentationExample, isHashOrId, isPlaceholder, isTemplate } from '../allowlist';
import { shannonEntropy } from '../validators';
import { isFiller, isIdentifierLike } from '../values';
import type { MatchContext, Rule } from '../types';

const PLACEHOLDER_KEY = /(?:your|my)[-_]?(?:api[-_]?)?(?:key|token|secret)|(?:YOUR|MY)[-_]?(?:API[-_]?)?(?:KEY|TOKEN|SECRET)|(?:Your|My)[-_]?(?:Api[-_]?)?(?:Key|Token|Secret)/;

/**
 * `judge()`, remembered under `key` in the scan's memo: repeated code and hostile input repeat the same pair, chain or
 * cell many times, and each repeat then costs one look-up. The memo lives as long as one scan of one text.
 */
export function remembered(memo: Map<string, boolean>, key: string, judge: () => boolean): boolean {
  let verdict = memo.get(key);
  if (verdict === undefined) {
    verdict = judge();
    memo.set(key, verdict);
  }
  return verdict;
}

/**
 * The text a validator may read around its match: at most `before` characters before its start and `after` after it,
 * within the window. Windows of neighbouring hits merge (a one-line megabyte is one window): a validator that read the
 * whole window at every match would take time in the square of the line's length.
 */
export function aroundMatch(ctx: MatchContext, before: number, after: number): string {
  const start = ctx.match.index;
  return ctx.window.slice(Math.max(0, start - before), Math.min(ctx.window.length, start + after));
}

/** Token bodies made of one repeated character or obvious filler are samples, not secrets. */
export function looksRandom(body: string, minEntropy = 3): boolean {
  // Only long words: a short one (`fake`, `your`) turns up in random tokens by chance, and that would fail open.
  // `my key` is short too, so it counts only written in one case (`mykey`, `MY_KEY`, `MyKey`), never `MYkEy`.
  return shannonEntropy(body) >= minEntropy && !/(?:x{6,}|X{6,}|0{8,}|\*{4,}|\.{4,})/.test(body)
    && !/example|placeholder|redacted|dummy|sample|changeme/i.test(body) && !PLACEHOLDER_KEY.test(body);
}

interface TokenOptions {
  readonly kind?: FindingKind;
  readonly caseInsensitive?: boolean;
  readonly valueGroups?: readonly string[];
  readonly minEntropy?: number;
  readonly before?: number;
  readonly after?: number;
  readonly validate?: (value: string, ctx: MatchContext) => boolean;
  /** The generated part of the token, when a fixed structure follows it (zeroed fields are no filler). */
  readonly randomPart?: (value: string) => string;
}

/**
 * A rule for a token with a distinctive prefix. The validator drops filler (`ghp_xxxx…`) and documentation
 * examples; `validate` may add format checks.
 */
export function tokenRule(id: string, anchors: readonly string[], pattern: RegExp, options: TokenOptions = {}): Rule {
  const extra = options.validate;
  return {
    id,
    kind: options.kind ?? 'secret',
    anchors,
    caseInsensitive: options.caseInsensitive,
    pattern,
    valueGroups: options.valueGroups,
    before: options.before,
    after: options.after,
    validate: (value, ctx) => {
      const random = options.randomPart ? options.randomPart(value) : value;
      return looksRandom(random, options.minEntropy) && !isTemplate(value) && !isHashOrId(value)
        && !isDocumentationExample(value) && !isFillerBody(random) && (!extra || extra(value, ctx));
    },
  };
}

/**
 * The random part of a token (after its prefix) is filler: sequential or repeated characters (`abcdef…123456`),
 * `…HERE` or a run of one character covering most of it.
 */
export function isFillerBody(value: string): boolean {
  // The prefix is public and fixed (`ghp_`, `xoxb-123-`, Twitter's run of `A`s): only what follows is judged.
  const body = value.replace(/^[A-Za-z]{1,12}[_.-](?:[A-Za-z0-9]{1,10}[_.-]){0,3}/, '').replace(/^(.)\1{15,}(?=.{30})/, '');
  return isFiller(body) || /here$|randomstring|dummy|your[_-]?(?:token|key)/i.test(body) || /(.)\1{11,}/.test(body)
    || /abcdefgh|bcdefghi|12345678|23456789/i.test(body)           // an alphabet or digit run: typed, not generated
    || (body.length >= 12 && isIdentifierLike(body))               // words joined up (`hello_world_testing_long`): typed
    || repeatsRun(value);
}

/**
 * A generated body never holds the same run of 10 characters twice (for 200 random characters the chance is far below
 * one in a million even in hex); a typed sample does (`…checking_Length-Is-checking_Length-Is-`). The run must hold a
 * letter (numeric ids may repeat: `xoxb-…-…`) and five different characters (filler, `XXXX…`, is judged elsewhere). Bodies that encode data (`eyJ…` JSON, long base64) are left alone, since
 * structured text repeats.
 */
export function repeatsRun(value: string, size = 10): boolean {
  if (value.length < size * 2 || value.length > 256 || value.includes('eyJ')) {
    return false;
  }
  const seen = new Set<string>();
  for (let i = 0; i + size <= value.length; i++) {
    const run = value.slice(i, i + size);
    if (seen.has(run) && /[A-Za-z]/.test(run) && new Set(run).size >= 5) {
      return true;
    }
    seen.add(run);
  }
  return false;
}

/** Base64 → text when it decodes to mostly printable characters, else undefined. */
export function decodeBase64Text(value: string): string | undefined {
  if (value.length < 8 || value.length > 16384) {
    return undefined;
  }
  const text = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
  let printable = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 32 && c < 127) || c === 9 || c === 10 || c === 13) {
      printable++;
    }
  }
  return text.length > 0 && printable / text.length > 0.95 ? text : undefined;
}

export { isPlaceholder };
