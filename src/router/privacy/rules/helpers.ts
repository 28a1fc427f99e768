import type { FindingKind } from '../../types';
import { isAllowlisted, isDocumentationExample, isHashOrId, isPlaceholder, isTemplate } from '../allowlist';
import { charClasses, shannonEntropy } from '../validators';
import type { MatchContext, Rule } from '../types';

/** Token bodies made of one repeated character or obvious filler are samples, not secrets. */
export function looksRandom(body: string, minEntropy = 3): boolean {
  // Only long words: a short one (`fake`, `your`) turns up in random tokens by chance, and that would fail open.
  return shannonEntropy(body) >= minEntropy && !/(?:x{6,}|X{6,}|0{8,}|\*{4,}|\.{4,})/.test(body)
    && !/(?:your|my)[-_]?(?:api[-_]?)?(?:key|token|secret)|example|placeholder|redacted|dummy|sample|changeme/i.test(body);
}

interface TokenOptions {
  readonly kind?: FindingKind;
  readonly caseInsensitive?: boolean;
  readonly valueGroups?: readonly string[];
  readonly minEntropy?: number;
  readonly before?: number;
  readonly after?: number;
  readonly validate?: (value: string, ctx: MatchContext) => boolean;
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
    validate: (value, ctx) => looksRandom(value, options.minEntropy) && !isTemplate(value) && !isHashOrId(value)
      && !isDocumentationExample(value) && (!extra || extra(value, ctx)),
  };
}

/** A credential literal: no spaces, not a placeholder or reference, and either varied or random-looking. */
export function isLiteralCredential(value: string, quoted: boolean): boolean {
  if (value.length < 8 || value.length > 300 || /\s/.test(value) || isAllowlisted(value) || isTemplate(value)) {
    return false;
  }
  if (/^(?:https?|file):\/\//i.test(value) || /^[./~]{0,2}\/[\w./-]+$/.test(value) || /^[A-Za-z]:\\/.test(value)) {
    return false;                                       // URLs without a password and paths
  }
  if (/^-?\d+(?:\.\d+)?$/.test(value) && value.length < 12) {
    return false;                                       // plain numbers
  }
  if (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(value) && !/\d/.test(value)) {
    return false;                                       // CONSTANT_NAME: the name of a setting, not its value
  }
  if (/^[A-Za-z]+$/.test(value) && /^[a-z]*(?:[A-Z][a-z]{2,})+$/.test(value)) {
    return false;                                       // camelCase / PascalCase words: an identifier
  }
  const classes = charClasses(value);
  const entropy = shannonEntropy(value);
  if (!quoted) {
    if (/^[A-Za-z_$][\w$]*(?:[?!]?\.[A-Za-z_$][\w$]*)+[;,]?$/.test(value) || /[()[\]<>{}]/.test(value) || /^[A-Za-z_]+$/.test(value)
      || /^(?:[A-Z][a-z]+){2,}[A-Z]?\d{0,2}$/.test(value)) {
      return false;                                     // member access, calls, generics, bare words, type names: code
    }
    return classes >= 3 || (classes >= 2 && /\d/.test(value) && /[A-Za-z]/.test(value)) || (value.length >= 16 && entropy >= 3.5);
  }
  return classes >= 3 || (classes >= 2 && /\d/.test(value) && entropy >= 2.5) || (value.length >= 16 && entropy >= 3.5);
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
