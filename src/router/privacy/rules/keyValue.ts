import type { MatchContext, Rule } from '../types';
import { isReference } from '../allowlist';
import { lineStartIn } from '../lines';
import { credentialStrength, isCredentialOnlyName, isNameChar, namesCredential, namesProviderBeforeQuote, providerKeyShapes, qualifiedBefore, withoutGetterVerb, withoutSetterVerb, type CredentialStrength } from '../lexicon';
import { charClasses, shannonEntropy } from '../validators';
import { exceedsNamedFormat, isCredentialValue, isIdentifierLike, type ValueContext } from '../values';
import { decodeBase64Text, remembered } from './helpers';

/**
 * The key/value layer: a credential is a (name, value) pair in whatever syntax a file or a person uses. Each rule
 * here only finds pairs; the name is judged by the credential lexicon (word parts, any naming style) and the value
 * by its shape (values.ts). A new language costs nothing as long as it writes `name <separator> value`.
 */

/**
 * Where a name may contain a credential word. The match starts at the word and the rest of the name is read back
 * (keyPrefix), so the engine never backtracks through a long identifier at every position.
 */
export const CREDENTIAL_ANCHORS = ['pass', 'pwd', 'pw', 'psw', 'secret', 'token', 'key', 'cred', 'auth', 'mnemonic'];
const KW = String.raw`(?<kw>pass|pwd|pw|psw|secret|token|key|cred|auth|mnemonic)(?<suffix>[A-Za-z0-9_.-]{0,40})`;
/** Optional escaping before quotes, as in JSON strings and notebook cells (`\"password\": \"…\"`). */
const ESC = String.raw`\\{0,2}`;
/** An optional type annotation between the name and `=`: `: &str`, `: String`, ` string` (Go). */
// A type is followed by a space before its `=` (`: String = "…"`): without one, `name: 'ab12…=cd'` would read as a
// type `'ab12…` and a value `cd`. A quote opens it only in a lifetime (`&'static str`).
const TYPE = String.raw`(?:[ \t]{0,3}:[ \t]{0,3}(?:&'?)?[A-Za-z_][\w:<>&[\]' ]{0,40}(?<=[ \t])|[ \t]{1,3}[A-Za-z_][\w.[\]*]{0,30})?`;
/**
 * Every assignment operator people write: `=`, `:`, `:=`, `::=`, `?=`, `.=`, `||=`, `??=`, `=>`, `<-`; and the
 * comparisons that check a credential against a literal written in the code (`if apiKey != "…"`).
 */
const OPERATOR = String.raw`(?::{1,3}=|\?\?=|\|\|=|\?=|\.=|!==?|===?|=>|<-|=|:)`;
/** A dash between spaces before a quoted value, as notes and lists write it: `API token - 'ab12…'`. */
const DASH = String.raw`[ \t]{1,3}(?<dash>[-\u2013])[ \t]{1,3}(?=["'\`])`;
/**
 * A getter that returns a literal: `getApiToken() string { return "…" }`, `def get_token(): return "…"`,
 * `get token() { return '…'; }`, `fun getToken() = "…"`.
 */
const GETTER = String.raw`(?<getter>\(\s{0,3}\)[^{}\n;="'\`]{0,40}?(?:[{:][ \t]{0,3}(?:\r?\n[ \t]{0,40})?return[ \t]{1,3}|=>?[ \t]{0,3}))(?=${ESC}["'\`])`;
/**
 * After the name: a closing quote and/or subscript bracket (`env["X_PASSWORD"] =`), an optional type, then an
 * operator; or `"key", "value"` pairs; or `token - "value"`; or `key "value"`; or `--flag value`; or a setter call
 * `setToken("…")`. In aligned columns (`terraform fmt`, object literals) up to 40 spaces or tabs may stand before the
 * operator (`api_key          = "…"`) or before a quoted value after it (`fbApiKey:            "…"`). A word followed
 * by its own separator is part of a longer name (`trelloapikey token = …`), not the value of `key`.
 */
const SEPARATOR = String.raw`(?:(?:${ESC}["'\`])?\]?${TYPE}(?:\s{0,5}|[ \t]{6,40})(?<op>${OPERATOR})(?!=)|${ESC}["'\`]\]?\s{0,3}(?:,|to\b)\s{0,3}(?=${ESC}["'])|${DASH}|(?<call>\(\s{0,3})(?=${ESC}["'\`])|${GETTER}|(?<pipe>[ \t]{0,3}\|(?!\|)[ \t]{0,3})(?=[^\s|])|(?<space>[ \t]{1,3})(?=[^\s=])(?![\w.-]{1,80}[ \t]{0,3}(?:[:=]|[-\u2013][ \t])))(?:[ \t]{0,3}\r?\n[ \t]{1,40}(?=${ESC}["'\`])|[ \t]{6,40}(?=${ESC}["'\`])|\s{0,5})`;
/** A quoted literal (optionally b"…", @"…", String::from("…") and similar wrappers), or a bare token. */
const VALUE = String.raw`(?:(?:[A-Za-z@$]{0,3}|(?:String::from|String|Some|SecretString|SecretStr|Secret|SecureString|Buffer\.from|bytes)\(\s{0,3})`
  // The other two quote characters may stand inside a literal (`"N{w4'2si"`): passwords hold them too.
  + String.raw`${ESC}(?<q>["'\`])(?<quoted>(?:[^"'\`\n]|(?!\k<q>)["'\`]){1,4000}?)${ESC}\k<q>|(?<bare>[^\s"'\`,;)}\]\\]{1,4000}))`;

/** Up to 40 name characters right before `index` (the part of the name that precedes the credential word). */
function keyPrefix(window: string, index: number): string {
  let start = index;
  while (start > 0 && index - start < 40 && isNameChar(window.charCodeAt(start - 1))) {
    start--;
  }
  return window.slice(start, index);
}

/** The judgement every pair rule shares: the name names a credential and the value is a literal credential. */
function isCredentialPair(name: string | undefined, value: string, ctx: ValueContext): boolean {
  const strength = credentialStrength(name ?? '');
  return strength !== undefined && !isReference(value) && !exceedsNamedFormat(name ?? '', value)
    && isCredentialValue(value, strength, withProviderShapes(name ?? '', strength, ctx));
}

/** The value context, with the key shapes of the provider a weak name names (when it is a provider's name alone). */
function withProviderShapes(name: string, strength: CredentialStrength, ctx: ValueContext): ValueContext {
  const providerShapes = strength === 'weak' ? providerKeyShapes(name) : undefined;
  return providerShapes === undefined ? ctx : { ...ctx, providerShapes };
}

/**
 * The text of a credential-named XML element. Stores and CI systems often wrap the key in a label or an envelope
 * (`<secret>{label AQAAABAAA key}</secret>`, `<token>Bearer key</token>`): with spaces in the text, a word of 16 or
 * more characters that is a generated secret on its own counts; prose (`<password>ask the admin</password>`) does not.
 */
export function isCredentialElement(name: string, text: string): boolean {
  const bare = text.replace(/^\{([^{}]*)\}$/, '$1').trim();
  if (!/\s/.test(bare)) {
    return isCredentialPair(name, bare, { quoted: true });
  }
  return credentialStrength(name) !== undefined && !isReference(bare)
    && bare.split(/\s+/).some(word => word.length >= 16 && isCredentialPair(name, word, { quoted: true }) && isCredentialValue(word, 'secret', { quoted: true }));
}

/** Long, varied and random enough that no identifier or expression looks like it. */
function isGeneratedLooking(value: string): boolean {
  return value.length >= 20 && charClasses(value) >= 3 && shannonEntropy(value) >= 4 && !isIdentifierLike(value);
}

/** A value that spells its own name (`AcquireToken = "acquireToken"`, `X_TOKEN = "x-token"`): a constant, not a secret. */
function restatesName(name: string, value: string): boolean {
  const fold = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  const [n, v] = [fold(name), fold(value)];
  // Only a value that is little more than the name: `token = "PERCY_TOKEN=84f2…"` holds a key after the name.
  return v.length >= 6 && (n.includes(v) || (v.includes(n) && v.length <= n.length * 2 + 4));
}

/** The name's strength, with a setter's or getter's verb taken off (`setApiKey`, `getApiKey` → `ApiKey`). */
function nameStrength(name: string, setter: boolean, getter = false): CredentialStrength | undefined {
  const bare = name.replace(/^[-$@.]+/, '');
  return credentialStrength(setter ? withoutSetterVerb(bare) : getter ? withoutGetterVerb(bare) : bare);
}

/**
 * A bare `key` written apart from the word that qualifies it (`easyinsight key = '…'`, `Using acme KEY=…`, `api key:`):
 * the two words name the credential as `acmeKey` does. Only that word, right before `key` and a space.
 */
function qualifiedApart(strength: CredentialStrength | undefined, name: string, ctx: MatchContext, prefix: string): CredentialStrength | undefined {
  if (strength !== 'weak' || name.toLowerCase() !== 'key') {
    return strength;
  }
  const nameStart = ctx.match.index - prefix.length;
  return qualifiedBefore(ctx.window, nameStart, nameStart + name.length) ? 'secret' : strength;
}

/**
 * `acme SECRET ab12…`, `acmeSECRET "ab12…"`, `acme access key AB12…`: a line that is only a label of at most two words
 * before the credential word, and a value (bare or quoted), as notes and pasted settings pages write them. The value
 * ends the line and must look generated (letters and digits, 16 or more); prose goes on after its words.
 */
function isLabelledLine(value: string, ctx: MatchContext, prefix: string, name: string): boolean {
  const end = ctx.match.index + ctx.match[0].length;
  if (value.length < 16 || !/\d/.test(value) || !/[A-Za-z]/.test(value) || !/^(?:$|\r|\n)/.test(ctx.window.slice(end, end + 1))) {
    return false;
  }
  const lead = ctx.window.slice(lineStartIn(ctx, ctx.match.index), ctx.match.index - prefix.length);
  if (!/^[ \t]{0,8}(?:[A-Za-z][\w.-]{0,40}[ \t]{1,3}){0,2}$/.test(lead)) {
    return false;
  }
  const strength = qualifiedApart(nameStrength(name, false), name, ctx, prefix);
  return (strength === 'secret' || strength === 'password') && isCredentialValue(value, 'secret', { quoted: false });
}

/** A base64 value is judged by what it decodes to: a credential inside, or a user:password pair. */
function decodedCredential(value: string, ctx: MatchContext): boolean | undefined {
  if (!/^[A-Za-z0-9+/]{8,}={0,2}$/.test(value) || value.length % 4 !== 0) {
    return undefined;
  }
  const decoded = decodeBase64Text(value);
  if (decoded === undefined) {
    return undefined;
  }
  return ctx.rescan(decoded) || /^[^:\s]{1,200}:\S{3,}$/.test(decoded) || isCredentialValue(decoded, 'secret', { quoted: true });
}

function judgeAssignment(value: string, ctx: MatchContext): boolean {
  const prefix = keyPrefix(ctx.window, ctx.match.index);
  const end = ctx.match.index + ctx.match[0].length;
  const lineStart = lineStartIn(ctx, ctx.match.index);
  const lead = ctx.window.slice(Math.max(lineStart, ctx.match.index - prefix.length - 16), ctx.match.index - prefix.length);
  const key = `kv\u0000${lead}\u0000${prefix}\u0000${ctx.match[0]}\u0000${ctx.window.slice(end, end + 40)}`;
  return remembered(ctx.memo, key, () =>
    judgeAssignmentOnce(value, ctx, prefix, /^[ \t]*(?:export[ \t]+)?$/.test(lead) && lead.length === ctx.match.index - prefix.length - lineStart));
}

function judgeAssignmentOnce(value: string, ctx: MatchContext, prefix: string, atLineStart: boolean): boolean {
  const g = ctx.match.groups ?? {};
  const name = prefix + (g.kw ?? '') + (g.suffix ?? '');
  const isFlag = /^--?[A-Za-z]/.test(prefix + (g.kw ?? ''));
  // `token value` is prose; `--token value` is a pair, and so is a quoted literal after a name that is only a
  // credential word (`password 'x'` in Gradle, Groovy and Ruby DSLs, `pass '…'` in notes). `pass` is also a verb
  // (``pass `--flag` ``, `pass 'x' to`): such a literal counts only when it looks generated.
  const spaced = g.space !== undefined && !isFlag;
  // `apiKey |ab12…`: a two-column list of names and values (variables pasted from a tool's table). Only a whole line
  // of one name and one value: a pipe in code or shell (`token | base64`) is followed by more.
  if (g.pipe !== undefined) {
    const lineEnd = ctx.window.slice(ctx.match.index + ctx.match[0].length, ctx.match.index + ctx.match[0].length + 2);
    const strength = nameStrength(name, false);
    return atLineStart && g.bare !== undefined && /^(?:$|\r|\n)/.test(lineEnd) && (strength === 'secret' || strength === 'password')
      && isCredentialValue(value, 'secret', { quoted: false, envLine: true });
  }
  // A value on the next line is a wrapped literal after `=` (`const apiKey =⏎  "…"`); a bare word there is other code.
  if (g.quoted === undefined && /\n/.test(ctx.match[0].slice(0, ctx.match[0].length - (g.bare?.length ?? 0)))) {
    return false;
  }
  if (spaced && (g.quoted === undefined || g.q === '`' || !isCredentialOnlyName(name))) {
    return g.q !== '`' && isLabelledLine(value, ctx, prefix, name);
  }
  if (g.call !== undefined) {
    const after = ctx.window.slice(ctx.match.index + ctx.match[0].length, ctx.match.index + ctx.match[0].length + 8);
    const callee = withoutSetterVerb(name.replace(/^[-$@.]+/, ''));
    if (!/^\\{0,2}["'`]?\s{0,3}\)/.test(after) || !isCredentialOnlyName(callee)) {
      return false;                                     // a setter takes one argument; two are a login call (sinks.ts)
    }
  }
  const strength = qualifiedApart(nameStrength(name, g.call !== undefined, g.getter !== undefined), name, ctx, prefix);
  // A URL query parameter's value ends at the next parameter (`?api_key=…&url=#{url}`).
  const nameStart = ctx.match.index - prefix.length - 1;
  const opener = nameStart >= 0 ? ctx.window[nameStart] : '';
  const inQuery = g.bare !== undefined && g.op === '=' && (opener === '?' || opener === '&');
  if (inQuery) {
    value = value.replace(/[&#].*$/, '');
  }
  if (!strength || restatesName(name, value)) {
    return false;
  }
  if (exceedsNamedFormat(name, value)) {
    return false;
  }
  const end = ctx.match.index + ctx.match[0].length;
  const rest = ctx.window.slice(end, end + 40);
  // `"Token: ab12…"` (a header in a string): the pair is the text of one literal, so its bare value is literal too.
  const quoted = g.quoted !== undefined
    || (g.bare !== undefined && (g.op === ':' || g.op === '=') && /["'`]/.test(opener) && rest.startsWith(opener) && !/["'`]/.test(ctx.match[0]));
  if (isReference(ctx.match[0] + rest) || (!quoted && /^[([{.]/.test(rest.trimStart()))
    || (quoted && /^\\{0,2}["'`]?\s{1,3}(?:in|instanceof|===?|!==?|&&|\|\||\?\?|\?)\s/.test(rest))) {
    return false;                                       // the literal is an operand of a larger expression
  }
  // `"name", "value"` pairs are also any two strings in a list (`"tokens", "symbol2label"`): only a generated value counts.
  const listPair = g.op === undefined && g.call === undefined && g.space === undefined && g.dash === undefined;
  if (listPair && strength === 'password' && !isCredentialValue(value, 'secret', { quoted })) {
    return false;
  }
  // In code a bare value is an identifier or an expression; bare credentials stand alone at the end of a config
  // line (`password: hunter22`, `token = ab#12`), or after a command-line flag.
  // A query parameter is bounded by `&`: a long one counts where more of the URL follows (a badge's short `?token=` does not).
  if (!quoted && !isFlag && !/^[ \t]*(?:$|\r|\n|#|\/\/|\*\/|-->|\\[nr]|\\?["'`])/.test(rest) && !(inQuery ? value.length >= 20 : isGeneratedLooking(value))) {
    return false;
  }
  const decoded = decodedCredential(value, ctx);
  if (decoded !== undefined) {
    return decoded;
  }
  // A quoted value with spaces wraps the key in a label (`"X-Authorization pk_…"`, `"Bearer …"`), as element text does.
  // Code in a template (`${…}`, calls, pipes) is not a label.
  if (quoted && /\s/.test(value.trim())) {
    return !spaced && !/[$(){}[\]<>|;=+]/.test(value) && value.trim().split(/\s+/).length <= 3 && isCredentialElement(name, value);
  }
  // A bare value on a `NAME=value` line may hold punctuation (`.env`: `PASS=ab#c.d`): it is not code.
  return isCredentialValue(value, spaced ? 'secret' : strength,
    withProviderShapes(name, strength, { quoted, envLine: !quoted && g.op === '=' && atLineStart && !/\s/.test(ctx.match[0]) }));
}

export const KEY_VALUE_RULES: readonly Rule[] = [
  {
    id: 'generic-credential-assignment',
    kind: 'secret',
    anchors: CREDENTIAL_ANCHORS,
    hitFilter: namesCredential,
    caseInsensitive: true,
    pattern: new RegExp(KW + SEPARATOR + VALUE, 'gi'),
    startsAtAnchor: true,
    continuesOnNextLine: true,
    valueGroups: ['quoted', 'bare'],
    before: 120,
    after: 4200,   // the line's end bounds it: a long value (a 1,200-character key) must fit in the window
    generic: true,
    validate: judgeAssignment,
  },
  {
    // A provider's name alone before a quoted literal (`loggly '…'`, `railway = '…'`, `cloudsmith = "…"`): the key/value
    // layer's anchors are credential words, so these pairs get anchors of their own, the quote after its separator,
    // and a hit filter that reads the name before it. The value must look generated, as under any provider's name.
    // Double quotes are frequent: only after `= ` (assignments in Python, TOML, shell, Go's `:=`), where the anchor
    // pivots on `=`, which other anchors already use. `: "` (YAML) was measured and left out: as an anchor it adds `:` as
    // a pivot character and re-seats other anchors on busier slots (about 2.5 % more instructions on node_modules), and
    // as a literal prefilter it is one more pass over the text (about 1 % of the scan); `="` and `:"` cost more still.
    id: 'provider-credential-assignment',
    kind: 'secret',
    anchors: [" '", "='", ":'", '= "'],
    hitFilter: namesProviderBeforeQuote,
    // A single-quoted value may hold a double quote (passwords do), and a double-quoted one a single quote.
    pattern: /(?<![\w.$-])(?<key>[A-Za-z_$][\w.$-]{1,60})(?:[ \t]{0,3}(?::=|=>|[:=])[ \t]{0,3}|[ \t]{1,3}(?='))(?:'(?<value>[^'\n]{8,300})'|"(?<doubleQuoted>[^"\n]{8,300})")/g,
    valueGroups: ['value', 'doubleQuoted'],
    before: 80,
    after: 320,
    generic: true,
    // Remembered per (name, value): a line of `name = "` repeated makes every unit a match of the same pair.
    validate: (value, ctx) => {
      const key = ctx.match.groups?.key ?? '';
      return remembered(ctx.memo, `pq\u0000${key}\u0000${value}`, () => {
        const shapes = providerKeyShapes(key);
        return shapes !== undefined && credentialStrength(key) === 'weak' && !isReference(value)
          && isCredentialValue(value.trim(), 'weak', { quoted: true, providerShapes: shapes });
      });
    },
  },
  {
    // `.env` and shell lines take the whole run up to a space: `SECRET_KEY=h)q@2v$k!…` holds punctuation.
    id: 'env-style-credential',
    kind: 'secret',
    anchors: CREDENTIAL_ANCHORS,
    hitFilter: namesCredential,
    caseInsensitive: true,
    pattern: /^[ \t]{0,8}(?:export[ \t]{1,4})?(?<key>[A-Za-z_][A-Za-z0-9_.-]{0,80})=(?<value>[^\s"'`][^\s]{0,299})/gm,
    valueGroups: ['value'],
    before: 200,
    after: 400,
    generic: true,
    validate: (value, ctx) => isCredentialPair(ctx.match.groups?.key, value, { quoted: false, envLine: true }),
  },
  {
    id: 'xml-credential-element',
    kind: 'secret',
    anchors: CREDENTIAL_ANCHORS,
    hitFilter: namesCredential,
    caseInsensitive: true,
    pattern: /<(?<key>[\w:.-]{1,80})(?:[ \t][^<>\n]{0,200})?>\s{0,200}(?<value>[^<\s][^<\n]{0,299}?)\s{0,200}<\/\k<key>>/g,
    valueGroups: ['value'],
    multiline: true,
    before: 200,
    after: 800,
    generic: true,
    validate: (value, ctx) => isCredentialElement(ctx.match.groups?.key?.replace(/^[\w.-]{1,40}:/, '') ?? '', value.trim()),
  },
  {
    // Name and value in separate fields: web.config appSettings, Kubernetes env, JSON settings arrays, `<entry name= value=>`.
    id: 'name-value-credential',
    kind: 'secret',
    anchors: CREDENTIAL_ANCHORS,
    hitFilter: namesCredential,
    caseInsensitive: true,
    pattern: new RegExp(String.raw`\b(?:key|name)["']?\s{0,3}[=:]\s{0,3}["']?(?<key>[\w.:-]{0,80})["']?\s{0,3},?\s{0,40}["']?value["']?\s{0,3}[=:]\s{0,3}(?<q>["']?)(?<value>[^"'\s]{1,300})\k<q>`, 'gi'),
    valueGroups: ['value'],
    multiline: true,
    before: 100,
    after: 400,
    generic: true,
    validate: (value, ctx) => isCredentialPair(ctx.match.groups?.key, value, { quoted: (ctx.match.groups?.q ?? '') !== '' }),
  },
  {
    id: 'dockerfile-env-secret',
    kind: 'secret',
    anchors: ['ENV ', 'ARG '],
    pattern: /^[ \t]{0,8}(?:ENV|ARG)[ \t]{1,8}(?<key>[A-Za-z0-9_.-]{1,80})[ \t]{1,8}["']?(?<value>[^\s"']{1,300})/gm,
    valueGroups: ['value'],
    before: 16,
    generic: true,
    validate: (value, ctx) => isCredentialPair(ctx.match.groups?.key, value, { quoted: false, envLine: true }),
  },
  {
    id: 'terraform-variable-default',
    kind: 'secret',
    anchors: ['variable'],
    caseInsensitive: true,
    pattern: /variable\s{1,5}"(?<key>[\w-]{0,60})"\s{0,5}\{[^{}]{0,600}?\bdefault\s{0,5}=\s{0,5}"(?<value>[^"\n]{1,300})"/gi,
    valueGroups: ['value'],
    multiline: true,
    before: 8,
    after: 800,
    generic: true,
    validate: (value, ctx) => isCredentialPair(ctx.match.groups?.key, value, { quoted: true }),
  },
];
