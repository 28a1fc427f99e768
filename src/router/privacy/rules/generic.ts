import type { Rule } from '../types';
import { isAllowlisted, isReference } from '../allowlist';
import { charClasses } from '../validators';
import { decodeBase64Text, isLiteralCredential } from './helpers';

/**
 * Generic credentials: `password = "…"`, `api_key: …`, `.env` lines, and a person writing a password in prose.
 * These fire only on literal values with real entropy or clearly credential-shaped values, never on lookups.
 */

export const KEY_WORDS = 'password|passwd|passphrase|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|signing[_-]?key|encryption[_-]?key|master[_-]?key|client[_-]?secret|auth|credentials?';

/** Key names that contain a keyword but name something else (a type, a limit, a file, a reference). */
const NOT_A_CREDENTIAL_KEY = new RegExp([
  'author(?!i[sz]ation)', 'authority', 'authori[sz]e', 'authenticat(?:ed|or|ion_?(?:method|type|mode|scheme|provider|url|uri|endpoint))',
  'oauth_?(?:url|uri|endpoint|provider|scope)', 'tokeni[sz]', 'tokens?_?(?:count|limit|len|length|type|url|uri|endpoint|expir\\w*|ttl|path|file|name|id|usage|budget|max|min|index|kind|header|field)$',
  '(?:max|min|num|total|input|output|completion|prompt)_?tokens?', 'next_?token', 'page_?token', 'continuation_?token', 'csrf',
  '(?:key|secret|token|password|credentials?)_?(?:name|ref|path|file|id|arn|url|uri|provider|manager|store|vault|env|var|variable|field|label|hint|policy|length|size|min|max|reset|input|prompt|regex|pattern|hash(?:ed)?|confirm(?:ation)?|changed|expir\\w*|type|strength|rules?|id|version|source|location|kind|format|header|prefix|query|param)$',
  '(?:is|has|use|uses|enable|disable|allow|skip|require|show|hide|with|no|needs?|should|can|automatic)_?(?:password|secret|token|auth)',
  '(?:key|secret|token|password|credentials?|auth)_?(?:response|request|handler|factory|service|client|options|config|cache|helper|parser|validator|generator|result|error|exception|callback|listener|info|model|schema|status|state|headers?|method|flow|context|scheme|policy|params)$', 'keyboard', 'keyword', 'keycode', 'keyframe',
].join('|'), 'i');

export function credentialKey(key: string): boolean {
  return !NOT_A_CREDENTIAL_KEY.test(key.replace(/([a-z0-9])([A-Z])/g, '$1_$2'));
}

/** Optional escaping before quotes, as in JSON strings and notebook cells (`\"password\": \"…\"`). */
const ESC = String.raw`\\{0,2}`;
/** An optional type annotation between the name and `=`: `: &str`, `: String`, ` string` (Go). */
const TYPE = String.raw`(?:[ \t]{0,3}:[ \t]{0,3}&?'?[A-Za-z_][\w:<>&[\]' ]{0,40}|[ \t]{1,3}[A-Za-z_][\w.[\]*]{0,30})?`;
/** `=`, `:`, `=>`, `:=` (after an optional type), or `"key", "value"` / `"key" to "value"` pairs, or `key "value"`. */
const SEPARATOR = String.raw`(?:(?:${ESC}["'\]]|${TYPE})\s{0,5}(?::=|=>|=|:)|${ESC}["']\s{0,3}(?:,|to\b)\s{0,3}(?=${ESC}["'])|\s(?=${ESC}["']))(?!=)\s{0,5}`;
/** A quoted literal (optionally b"…", @"…", String::from("…") and similar wrappers), or a bare token. */
const VALUE = String.raw`(?:(?:[A-Za-z@$]{0,3}|(?:String::from|String|Some|SecretString|SecretStr|Secret|SecureString|Buffer\.from|bytes)\(\s{0,3})`
  + String.raw`${ESC}(?<q>["'\`])(?<quoted>[^"'\`\n]{1,300}?)${ESC}\k<q>|(?<bare>[^\s"'\`,;)}\]\\]{1,300}))`;

/** Up to 40 key-name characters right before `index` (the part of the key that precedes the keyword). */
function keyPrefix(window: string, index: number): string {
  let start = index;
  while (start > 0 && index - start < 40 && /[A-Za-z0-9_.$-]/.test(window[start - 1])) {
    start--;
  }
  return window.slice(start, index);
}

export const GENERIC_RULES: readonly Rule[] = [
  {
    id: 'generic-credential-assignment',
    kind: 'secret',
    anchors: ['password', 'passwd', 'passphrase', 'pwd', 'secret', 'token', 'apikey', 'api_key', 'api-key', 'accesskey', 'access_key', 'access-key',
      'private_key', 'privatekey', 'signing_key', 'signingkey', 'encryption_key', 'master_key', 'auth', 'credential'],
    caseInsensitive: true,
    // The match starts at the keyword (the rest of the key name is read back in the validator), so the engine
    // never backtracks through a key prefix at every position of a long identifier.
    pattern: new RegExp(String.raw`(?<kw>${KEY_WORDS})(?<suffix>[A-Za-z0-9_.-]{0,40})` + SEPARATOR + VALUE, 'gi'),
    valueGroups: ['quoted', 'bare'],
    before: 120,
    after: 400,
    generic: true,
    validate: (value, ctx) => {
      const key = keyPrefix(ctx.window, ctx.match.index) + (ctx.match.groups?.kw ?? '') + (ctx.match.groups?.suffix ?? '');
      const rest = ctx.window.slice(ctx.match.index + ctx.match[0].length, ctx.match.index + ctx.match[0].length + 40);
      const quoted = ctx.match.groups?.quoted !== undefined;
      if (!credentialKey(key) || isReference(ctx.match[0] + rest) || (!quoted && /^[([{]/.test(rest.trimStart()))) {
        return false;
      }
      // A base64 value is judged by what it decodes to: a credential inside, or a user:password pair.
      const decoded = /^[A-Za-z0-9+/]{8,}={0,2}$/.test(value) && value.length % 4 === 0 ? decodeBase64Text(value) : undefined;
      if (decoded !== undefined) {
        return ctx.rescan(decoded) || /^[^:\s]{1,200}:\S{3,}$/.test(decoded) || isLiteralCredential(decoded, true);
      }
      return isLiteralCredential(value, quoted);
    },
  },
  {
    id: 'password-in-prose',
    kind: 'secret',
    anchors: ['password', 'passphrase', 'pwd', 'api key', 'api-key', 'token', 'secret', 'access key'],
    caseInsensitive: true,
    pattern: /\b(?:password|passphrase|passcode|pwd|pin|api[ _-]?key|token|secret|access key)\s{1,3}(?:is|was|would be|will be|is set to|is now)\s{1,5}["'`“‘]?(?<value>[^\s"'`”’]{6,100})/gi,
    valueGroups: ['value'],
    before: 40,
    generic: true,
    validate: value => {
      const v = value.replace(/[.,;:!?)\]]+$/, '');
      return v.length >= 6 && /[A-Za-z]/.test(v) && /[\d\W_]/.test(v) && charClasses(v) >= 2 && !isAllowlisted(v)
        && !/^(?:https?:|\/|\.\/)/.test(v) && !/[()[\]{}]/.test(v) && !/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(v);
    },
  },
];
