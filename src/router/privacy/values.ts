import { isDocumentationExample, isPlaceholder, isReference, isTemplate } from './allowlist';
import { nameWords, type CredentialStrength } from './lexicon';
import { charClasses, shannonEntropy } from './validators';

/**
 * The value half of a (name, value) pair: is this literal a credential, given how strongly its name says so?
 * One judgement for every syntax the key/value layer reads.
 */

export interface ValueContext {
  /** The value was written inside quotes (a string literal), not bare. */
  readonly quoted: boolean;
  /** A bare value on a `.env`-style line (`NAME=value`): punctuation is part of the value, not code. */
  readonly envLine?: boolean;
  /**
   * Set when the name is a provider's name alone (`cloudsmith: "…"`): the hash shapes of that provider's key format
   * (`h32`, `h40`, `h64`, `u`). Any other value of those shapes under such a name is an id, a digest or a commit.
   */
  readonly providerShapes?: readonly string[];
}

/**
 * A random run inside a dotted value (`s.ZC9Ecf4M5g9o34Q6RkzGsj0z`, `pk.lo3hb…`): a token with a prefix, not a
 * member name. Member names are words; a long part with digits whose letters read as no word is not.
 */
function hasRandomPart(value: string): boolean {
  return value.split(/[?!]?\.|::|->/).some(part => part.length >= 16 && /\d/.test(part) && !readsAsWords(part));
}

/** `a.b.c`, `A::B`, `$this->x`: member access, unless a part is a random run. */
function isMemberAccess(value: string): boolean {
  return /^[A-Za-z_$@][\w$]*(?:(?:[?!]?\.|::|->)[A-Za-z_$][\w$]*)+[;,]?$/.test(value) && !hasRandomPart(value);
}

/** Bare text that is code, not a literal: member access, calls, operators, keywords, type names. */
export function isCodeExpression(value: string): boolean {
  return isMemberAccess(value)
    || /[()[\]<>{}]/.test(value)                                                           // calls, generics, literals
    || /^[A-Za-z_]+$/.test(value)                                                          // a bare word
    || /^(?:[A-Z][a-z]+){2,}[A-Z]?\d{0,2}$/.test(value)                                    // a type name
    || /^(?:!|&&|\|\||\?\?|new\b|await\b|typeof\b|this\.|self\.|@|\$[A-Za-z_{(])/.test(value)
    || /^(?:true|false|null|nil|none|undefined|yes|no|on|off)$/i.test(value);
}

/**
 * A name, not a secret: words joined by `_ . : - /` or camelCase, each a plain word or a short version tag
 * (`acquireTokenByCodeAsync`, `msal:acquireTokenFailure`, `gen_ai.usage.input_tokens`, `RESET_PASSWORD_V2`).
 */
export function isIdentifierLike(value: string): boolean {
  if (!/^[_$]{0,2}[A-Za-z][A-Za-z0-9_.:/$-]{2,}$/.test(value)) {
    return false;
  }
  const parts = value.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2').split(/[\s_.:/$-]+/).filter(p => p !== '');
  const short = parts.filter(p => /^[A-Za-z]$/.test(p)).length;
  const letters = parts.join('').replace(/\d/g, '').length;
  // Words average three letters or more, and read as words: vowels, no run of four consonants. Random letters split
  // at their capitals (`XAUxavjnsWZZAsqg`) do not.
  // Identifiers rarely hold capitalised one- or two-letter parts (`Fn`, `Ks`), and camelCase keeps most letters low.
  const tiny = parts.filter(p => /^[A-Z][a-z]?\d*$/.test(p)).length;
  const caps = (value.match(/[A-Z]/g) ?? []).length;
  const separated = /[_.:/$-]/.test(value);
  return parts.length >= 2 && short * 3 <= parts.length && letters >= parts.length * 3 && tiny * 4 <= parts.length
    && (separated || caps <= letters * 0.35)
    && parts.every(p => /^[A-Za-z]{1,}\d{0,3}$|^[A-Za-z]{1,5}\d{1,6}$|^\d{1,2}$/.test(p))
    && parts.every(isWordPart);
}

/** A word or an acronym, as identifiers are made of: short, or with vowels and no run of four consonants. */
export function isWordPart(part: string): boolean {
  const letters = part.replace(/\d+$/, '');
  if (letters.length <= 3 || /^[A-Z]+$/.test(letters) && letters.length <= 6) {
    return true;
  }
  const lower = letters.toLowerCase();
  return /[aeiouy]/.test(lower) && !/[^aeiouy]{4,}/.test(lower) && (lower.match(/[aeiouy]/g) ?? []).length >= lower.length * 0.2;
}

/** Each camelCase or snake_case part, digits aside, is a word or an acronym (`authToken2Value`, not `ujd9ileldwl5byp`). */
function readsAsWords(value: string): boolean {
  return value.replace(/([a-z])([A-Z])/g, '$1 $2').split(/[\s_$]+/).every(part => isWordPart(part.replace(/\d+/g, '')));
}

/** One lower-case word with at most two digits after it (`signature1`, `default`): a name or a sample. */
function isWordValue(value: string): boolean {
  return /^[a-z]{3,12}\d{0,2}$/.test(value);
}

/** A value made of a short unit repeated, or of ascending runs (`abcdefgh`, `12345678`, `abc123abc123`). */
export function isFiller(value: string): boolean {
  const v = value.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (v.length < 6) {
    return false;
  }
  if (/^(.{1,4})\1{2,}.{0,3}$/.test(v) || /^(.{5,12})\1{2,}.{0,12}$/.test(value)) {
    return true;
  }
  return inCountingRuns(v) / v.length >= 0.6;
}

/** How many letters and digits are left once the ascending runs of three or more (`1234`, `abc`) are taken out. */
export function beyondCountingRuns(value: string): number {
  const v = value.toLowerCase().replace(/[^a-z0-9]/g, '');
  return v.length - inCountingRuns(v);
}

/** How many characters of `v` stand in ascending runs of three or more (`1234`, `abc`). */
function inCountingRuns(v: string): number {
  let inRun = 0;
  let run = 1;
  for (let i = 1; i <= v.length; i++) {
    if (i < v.length && v.charCodeAt(i) === v.charCodeAt(i - 1) + 1) {
      run++;
      continue;
    }
    if (run >= 3) {
      inRun += run;
    }
    run = 1;
  }
  return inRun;
}

/** Words that mark a value as an example wherever they stand as a word of their own (`test-secret-1234`). */
const EXAMPLE_WORD = /(?:^|[^a-z0-9])(?:test|testing|fake|mock|dummy|sample|example|demo|foo|bar|baz|qux|abc|xyz|todo|tbd|none|null|here|xxx+|your|my|some|random|secret|password|token|key|value|string|anything|whatever|insert|replace|put|enter|change|set)(?:[^a-z0-9]|$)/i;
/** Whole values that are examples: `user:pass`, `test:test`, `RANDOMSTRINGHERE`, `anything`, `s3cr3t`. */
const EXAMPLE_VALUE = /^(?:(?:test|demo|sample|example|dummy|fake|mock|foo|bar|pass|secret|password|admin|user|guest|changeme|token|key|abc|xyz)[-_]?\d{0,6}|user(?:name)?:pass(?:word)?|test:test|admin:admin|root:root|guest:guest|randomstring(?:here)?|anything|whatever|something|nothing|secret\d*|password\d*|passw0rd|p@ssw0rd|p@ssword|pa\$\$word|s3cr3t|letmein|qwerty\d*|asdf\w{0,4}|hunter2|admin\d*|root|toor|default|unknown|notset|not[-_]?set|tbd|n\/a)$/i;

/** Any sign that a value is a placeholder, an example or filler rather than a real credential. */
export function isExampleValue(value: string): boolean {
  const v = value.trim();
  // Hashes are not excused here: under a credential's name, 40 or 64 hex digits are a token or a wallet key.
  return isPlaceholder(v) || isReference(v) || isDocumentationExample(v) || isTemplate(v) || isFiller(v) || EXAMPLE_VALUE.test(v)
    || /^<|>$/.test(v) || /(?:[-_]|^)here$|^(?:enter|insert|put|add|paste)[-_ ]|^\.{3}|…|\.\.\.$|^\*+|#{4,}|x{5,}|X{5,}/i.test(v)
    || (v.length < 24 && EXAMPLE_WORD.test(v) && !hasGeneratedRemainder(v));
}

/**
 * A word such as `secret` or `key` is also a provider's prefix (`secret_H9ZGTfAERfN5W0AX`): what follows the words is
 * then a generated run of 12+ characters mixing both cases and digits, which no example holds.
 */
function hasGeneratedRemainder(value: string): boolean {
  return value.split(/[^A-Za-z0-9]+/).some(run => run.length >= 12 && /[a-z]/.test(run) && /[A-Z]/.test(run) && /\d/.test(run) && !readsAsWords(run));
}

/** Paths, URLs without a password, plain numbers, CONSTANT names and identifiers: values, but not credentials. */
function isOrdinaryValue(value: string): boolean {
  return /^(?:https?|file|wss?):\/\//i.test(value) || /^[./~]{0,2}\/[\w./-]+$/.test(value) || /^[A-Za-z]:\\/.test(value)
    || (/^-?\d+(?:\.\d+)?$/.test(value) && value.length < 16) || /^0x[0-9a-f]{1,12}$/i.test(value)
    || (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(value) && !/\d/.test(value))
    || (/^[A-Za-z]+$/.test(value) && /^[a-z]*(?:[A-Z][a-z]{2,})+$/.test(value))
    || /^[\w.-]+@[\w-]+\.[\w.-]+$/.test(value)                                   // an e-mail address
    || /^\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?$/.test(value)                          // an IP address
    || (/^(?:[a-z0-9-]+\.)+[a-z]{2,}(?::\d+)?$/i.test(value) && !isKeyBeforeHost(value))   // a host name
    || /^[\w-]+\.(?:js|ts|json|ya?ml|pem|key|crt|txt|env|cfg|conf|ini|xml|p12|pfx|jks)$/i.test(value) // a file name
    || /^\d{4}-\d{2}-\d{2}/.test(value)                                           // a date
    || /^urn:/i.test(value) || /^[a-z][a-z0-9+.-]{1,30}:\/\//i.test(value)            // URNs and URLs (URLs with a password: url-with-password)
    || /^[~^<>=v]{0,3}\d+\.\d+(?:\.[\w.-]+)?$/.test(value)                          // a version or range
    || /^[\w.-]+:[\w.-]+:\d[\w.-]*$/.test(value)                                    // Maven coordinates
    || /^[a-z][\w.-]*-\d+(?:\.\d+)+(?:[-.][\w]+)?$/.test(value)                         // an artifact with its version
    || /^(?:\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|.))+$/.test(value) // escape sequences
    || /^(?:[0-9a-f]{2}:){7,}[0-9a-f]{2}$/i.test(value);                          // a fingerprint
}

/**
 * `ACTp3nuf…Jogbxo1pbql.aha.io`: a key joined to its account's host, not a host. Host names are written in one case;
 * a first label of 20+ characters mixing both cases and digits is a generated key.
 */
function isKeyBeforeHost(value: string): boolean {
  const label = value.slice(0, value.indexOf('.'));
  return label.length >= 20 && /[a-z]/.test(label) && /[A-Z]/.test(label) && /\d/.test(label) && !isIdentifierLike(label);
}

/** Looks generated: long enough, varied characters, letters and digits or high entropy. */
function looksGenerated(value: string, minLength: number): boolean {
  if (value.length < minLength) {
    return false;
  }
  const classes = charClasses(value);
  const entropy = shannonEntropy(value);
  if (/^\d+$/.test(value)) {
    return value.length >= 16 && entropy >= 3;                                   // long numeric secrets (ids as tokens)
  }
  return (classes >= 3 && entropy >= 3) || (classes >= 2 && /\d/.test(value) && /[A-Za-z]/.test(value) && entropy >= 3)
    || (value.length >= 16 && entropy >= 3.5);
}

/** Is `value` a credential, given the name's strength and how it was written? */
export function isCredentialValue(value: string, strength: CredentialStrength, ctx: ValueContext): boolean {
  const v = value.trim();
  if (v.length < 4 || v.length > 4096 || /\s/.test(v) || isOrdinaryValue(v) || isExampleValue(v)) {
    return false;
  }
  if (isIdentifierLike(v) || (!ctx.quoted && !ctx.envLine && isCodeExpression(v))) {
    return false;
  }
  if (ctx.envLine && (/^[{[]|^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*\(|^\$|^%[A-Za-z_]|^[A-Za-z_]+$/.test(v) || isMemberAccess(v))) {
    return false;
  }
  switch (strength) {
    case 'password':
      // People choose passwords: a short value counts when it mixes classes (`hunter22`, `Summer2024!`).
      return (v.length >= 6 && charClasses(v) >= 2 && !/^[A-Za-z]+$/.test(v) && !/^[a-z]+[-_.][a-z]+$/.test(v))
        || (v.length >= 12 && shannonEntropy(v) >= 3.2 && !/^[a-z]+$/.test(v));
    case 'secret':
      // Unquoted, a short identifier (`type1msg`) is a variable; generated tokens are longer.
      // From 12 characters, letters that do not read as words (`ujd9ileldwl5byp`) are generated, not a name.
      // A counting run is typed, not generated: what is left without it must still be a token's length (`spu-1234`,
      // a prefix and `1234`, is a truncated sample).
      return !isWordValue(v) && looksGenerated(v, 8) && beyondCountingRuns(v) >= 6 && (ctx.quoted || ctx.envLine === true || v.length >= 16 || !/^[A-Za-z_$][\w$]*$/.test(v)
        || (v.length >= 12 && /\d[A-Za-z]/.test(v) && !readsAsWords(v)));
    case 'weak': {
      // 40 hex digits under a bare `key` is a fingerprint or a commit, not a credential; under a provider's name, any
      // hex digest or UUID is, unless that provider's keys have the shape.
      const shape = hashShape(v);
      if (ctx.providerShapes !== undefined && shape !== undefined) {
        return ctx.providerShapes.includes(shape) && looksGenerated(v, 20) && /\d/.test(v) && /[A-Za-z]/.test(v);
      }
      return looksGenerated(v, 20) && shannonEntropy(v) >= 3.7 && /\d/.test(v) && /[A-Za-z]/.test(v) && shape !== 'h40';
    }
  }
}

/** `h32`, `h40`, `h64` for a run of that many hex digits (digests, ids), `u` for a UUID, else undefined. */
function hashShape(value: string): string | undefined {
  if (/^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/.test(value)) {
    return 'u';
  }
  return /^(?:[0-9A-Fa-f]{32}|[0-9A-Fa-f]{40}|[0-9A-Fa-f]{64})$/.test(value) ? `h${value.length}` : undefined;
}

/**
 * Names that stand for one provider's credential, with the longest value it can have. AWS secret access keys (and
 * the S3-compatible servers that read the same variables) are at most 40 characters: a longer value under that
 * name is something else, such as the encrypted form a CI system stores.
 */
const NAMED_FORMAT_LIMITS: ReadonlyArray<{ readonly name: RegExp; readonly maxLength: number }> = [
  { name: /(?:^|_)secret_access_key$/, maxLength: 40 },
];

/** True when the name stands for a credential of a known format and the value is too long to be one. */
export function exceedsNamedFormat(name: string, value: string): boolean {
  const words = nameWords(name).join('_');
  return NAMED_FORMAT_LIMITS.some(f => f.name.test(words) && value.trim().length > f.maxLength);
}
