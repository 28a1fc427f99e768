/**
 * The credential lexicon: does a name (a variable, key, column, flag, XML element or header) name a credential?
 * Names are judged on their word parts (camelCase, snake_case, kebab-case, dotted paths), so one lexicon serves
 * every language and syntax: `DB_PASSWORD`, `dbPassword`, `db-password`, `spring.datasource.password`,
 * `X-Api-Key`, `smtp_pass`, `pw`.
 */

import providerNames from './providerNames.json';

/** How strongly a name says "credential": it decides how random the value must look. */
export type CredentialStrength =
  /** A password: people choose these, so a short, human-looking value still counts. */
  | 'password'
  /** A token, secret, API key or credential: the value must look generated. */
  | 'secret'
  /** A bare `key`, `auth` or `sas`: only a long, clearly random value counts. */
  | 'weak';

/** Word parts that name a password. */
const PASSWORD_WORDS = new Set(['password', 'passwd', 'passwrd', 'pass', 'pwd', 'pw', 'passphrase', 'passcode', 'pword', 'pswd', 'psw', 'passwort', 'contrasena', 'senha', 'motdepasse']);
/** Word parts that name a generated secret on their own. */
const SECRET_WORDS = new Set(['secret', 'token', 'apikey', 'credential', 'credentials', 'creds', 'cred', 'privatekey',
  'secretkey', 'accesskey', 'accesstoken', 'authtoken', 'apitoken', 'apisecret', 'clientsecret', 'masterkey', 'signingkey',
  'encryptionkey', 'accountkey', 'sharedaccesskey', 'subscriptionkey', 'webhooksecret', 'pat', 'bearer', 'refreshtoken', 'idtoken',
  'sessiontoken', 'hmac', 'jwtsecret', 'sessionsecret', 'cookiesecret', 'appsecret', 'consumersecret', 'licensekey', 'mnemonic',
  'seedphrase', 'privkey', 'secretaccesskey', 'adminkey', 'primarykey', 'secondarykey', 'appkey', 'connstr', 'connectionstring',
  'authorization', 'cookie', 'session']);
/** Qualifiers that make a following `key` a credential (`api key`, `access key`, `private key`, …). */
const KEY_QUALIFIERS = new Set(['api', 'access', 'secret', 'private', 'account', 'master', 'signing', 'encryption', 'client', 'subscription',
  'shared', 'secondary', 'admin', 'service', 'auth', 'app', 'application', 'consumer', 'license', 'webhook',
  'cosmos', 'hmac', 'jwt', 'sas', 'ocp', 'apim', 'openai', 'azure', 'search', 'functions', 'function', 'host', 'write', 'read', 'ingest',
  'rest', 'server', 'deploy', 'deployment', 'mgmt', 'management', 'decryption', 'cipher', 'wallet', 'aes', 'crypto', 'sk', 'x']);
/** Qualifiers that make `key` a database or data-structure key, never a credential. */
const DATA_KEY_QUALIFIERS = new Set(['foreign', 'sort', 'partition', 'cache', 'row', 'unique', 'composite', 'hash', 'range', 'lookup', 'map',
  'dict', 'idempotency', 'i18n', 'translation', 'message', 'react', 'list', 'object', 'registry', 'redis', 's3', 'index', 'group', 'primary',
  'local', 'query', 'route', 'cursor', 'dedupe', 'dedup', 'routing', 'shard', 'bucket', 'column', 'field', 'property',
  'attribute', 'item', 'record', 'entry', 'node', 'tree', 'table', 'schema', 'config', 'setting', 'label', 'env', 'menu', 'option', 'mesh', 'meshing']);
/** Weak words: credentials only with a long random value. */
const WEAK_WORDS = new Set(['key', 'auth', 'sas', 'sig', 'signature', 'salt', 'pin']);
/**
 * Names of services whose API takes a key (`cloudsmith`, `airtable`, `mailgun`), as public secret scanners list them
 * (providerNames.json, built by scripts/provider-names/generate.mjs), each with the hash shapes of its key format
 * (`h32`, `h40`, `h64` hex digits, `u` a UUID). Alone, a provider's name is a weak credential name (config files name
 * services all the time); before `key` it qualifies it (`mailgun_key` is Mailgun's API key).
 */
const PROVIDERS: ReadonlyMap<string, readonly string[]> = new Map(providerNames.names.map(entry => {
  const [name, shapes] = entry.split(':');
  return [name, shapes ? shapes.split(',') : []];
}));
/** A public half never is a secret. */
const PUBLIC_WORDS = new Set(['public', 'pub', 'publishable', 'publicly']);

/**
 * Last words that make the name about a credential rather than the credential: its name, length, file, URL,
 * type, expiry, a UI field, a reference to where it is stored.
 */
const METADATA_WORDS = new Set(['name', 'names', 'count', 'length', 'len', 'size', 'url', 'uri', 'urls', 'endpoint', 'path', 'paths', 'file', 'files',
  'filename', 'dir', 'type', 'types', 'id', 'ids', 'ref', 'refs', 'env', 'var', 'variable', 'field', 'fields', 'label', 'labels', 'hint', 'policy',
  'min', 'max', 'minimum', 'maximum', 'reset', 'prompt', 'regex', 'regexp', 'pattern', 'hash', 'hashed', 'hasher', 'hashing', 'digest', 'confirm', 'confirmation',
  'changed', 'expiry', 'expires', 'expiration', 'expired', 'expire', 'expiresat', 'expiresin', 'ttl', 'lifetime', 'strength', 'rule', 'rules', 'version',
  'source', 'location', 'kind', 'format', 'header', 'headers', 'prefix', 'suffix', 'query', 'param', 'params', 'parameter', 'provider',
  'providers', 'manager', 'store', 'storage', 'vault', 'limit', 'limits', 'index', 'usage', 'budget', 'response', 'request', 'handler',
  'factory', 'service', 'options', 'option', 'opts', 'config', 'configuration', 'settings', 'cache', 'helper', 'helpers', 'parser', 'validator',
  'validation', 'generator', 'result', 'results', 'error', 'errors', 'exception', 'callback', 'listener', 'info', 'model', 'schema', 'status',
  'state', 'method', 'methods', 'flow', 'context', 'scheme', 'input', 'inputs', 'placeholder', 'visible', 'visibility', 'toggle', 'form',
  'dialog', 'icon', 'button', 'enabled', 'disabled', 'required', 'mode', 'timeout', 'attempts', 'retries', 'mask', 'masked', 'length',
  'chars', 'characters', 'separator', 'delimiter', 'encoding', 'algorithm', 'algo', 'alg', 'bits', 'usages', 'spec', 'specs', 'test',
  'tests', 'mock', 'fixture', 'example', 'sample', 'template', 'dto', 'entity', 'class', 'interface', 'struct', 'enum', 'module', 'component',
  'view', 'page', 'route', 'router', 'controller', 'action', 'actions', 'event', 'events', 'type', 'description', 'desc', 'doc', 'docs',
  'text', 'message', 'msg', 'title', 'tooltip', 'help', 'error', 'selector', 'element', 'el', 'ref', 'keys', 'list', 'map', 'set', 'len',
  'pos', 'position', 'offset', 'start', 'end', 'line', 'column', 'col', 'row', 'uses', 'usage', 'scope', 'scopes', 'audience', 'issuer',
  'claims', 'claim', 'payload', 'kid', 'thumbprint', 'fingerprint', 'store', 'stores', 'keychain', 'length', 'width', 'height', 'color',
  'style', 'class', 'classname', 'regex', 'case', 'cases', 'tokens', 'parts', 'part', 'stream', 'buffer', 'bytes', 'char', 'script',
  'command', 'cmd', 'flag', 'flags', 'arg', 'args', 'argument', 'arguments', 'user', 'username', 'login', 'email', 'owner', 'account', 'principal']);
/**
 * First words that make the name a question or a switch about a credential (`hasToken`, `usePassword`, `show_secret`),
 * or say that it holds none (`invalidToken`, `fakePassword`, `nonMatchingKey`: test inputs, not credentials). Not
 * `non`, `not` or `mock` alone: `NON_PROD_PASSWORD` and `MOCK_SERVER_PASSWORD` hold real passwords.
 */
const SWITCH_WORDS = new Set(['is', 'has', 'have', 'use', 'uses', 'using', 'enable', 'enabled', 'disable', 'allow', 'skip', 'require', 'requires',
  'show', 'hide', 'with', 'without', 'no', 'need', 'needs', 'should', 'can', 'must', 'get', 'set', 'fetch', 'load', 'read', 'parse', 'validate',
  'check', 'verify', 'generate', 'create', 'make', 'build', 'compute', 'hash', 'encode', 'decode', 'encrypt', 'decrypt', 'on', 'handle',
  'forgot', 'forget', 'reset', 'change', 'update', 'remove', 'delete', 'clear', 'toggle', 'num', 'max', 'min', 'total', 'count', 'input',
  'output', 'prompt', 'completion', 'authenticity', 'next', 'prev', 'previous', 'page', 'continuation', 'csrf', 'xsrf', 'invalid', 'valid',
  'missing', 'empty', 'wrong', 'bad', 'expired', 'revoke', 'revoked', 'to', 'from', 'as', 'by', 'of', 'for', 'tokenize', 'split',
  'nonmatching', 'fake', 'dummy', 'bogus']);
/** Whole names that contain a credential word but never hold one. */
const NOT_CREDENTIAL_NAMES = new Set(['passenger', 'passengers', 'bypass', 'compass', 'passthrough', 'passive', 'passport', 'password_reset',
  'keyboard', 'keyword', 'keywords', 'keycode', 'keyframe', 'keyframes', 'keypress', 'keydown', 'keyup', 'monkey', 'hotkey', 'turnkey',
  'tokenizer', 'tokenize', 'tokenized', 'detokenize', 'secretary', 'passage', 'passages', 'passing', 'passed', 'passes', 'sassy',
  'pinned', 'pinning', 'author', 'authors', 'authority', 'authorize', 'authorized', 'authenticate', 'authentication',
  'authenticator', 'authenticated', 'oauth', 'oauth2']);

/**
 * True when every word of the name is a credential word or a qualifier (`password`, `apiKey`, `clientSecret`):
 * the shape of a setter or builder method that takes the credential (`.password("…")`, `withToken("…")`).
 */
export function isCredentialOnlyName(name: string): boolean {
  const words = nameWords(name);
  return words.length > 0 && words.every((w, i) => PASSWORD_WORDS.has(w) || SECRET_WORDS.has(w) || WEAK_WORDS.has(w)
    || (w === 'key' && KEY_QUALIFIERS.has(words[i - 1] ?? '')) || KEY_QUALIFIERS.has(w));
}

/**
 * Word parts of a name: `dbPassword` → db, password; `X-Api-Key` → x, api, key; `SMTP_PASS` → smtp, pass;
 * `HTTPServer` → http, server. An ASCII name is split in one pass (every anchor hit inside a long random run, such as
 * base64, judges a new name); any other goes through `nameWordsByPattern`, the definition, which it equals on ASCII.
 * With `atMost`, the split stops once it has more words than that (the first `atMost + 1` are returned): a name of
 * too many words is no credential's, and a random run has dozens.
 */
export function nameWords(name: string, atMost = Infinity): string[] {
  const words: string[] = [];
  let start = -1;
  for (let i = 0; i < name.length && words.length <= atMost; i++) {
    const c = name.charCodeAt(i);
    if (c >= 128) {
      // Lower-casing may turn it into ASCII (the Kelvin sign) or into two units.
      return nameWordsByPattern(name).slice(0, atMost + 1);
    }
    const upper = c >= 65 && c <= 90;
    if (!upper && !isLowerOrDigit(c)) {
      if (start >= 0) {
        words.push(name.slice(start, i).toLowerCase());
        start = -1;
      }
      continue;
    }
    if (upper && start >= 0) {
      // A capital starts a word after a small letter or digit, and after a capital when a small letter follows it.
      const previous = name.charCodeAt(i - 1);
      const next = i + 1 < name.length ? name.charCodeAt(i + 1) : 0;
      if (isLowerOrDigit(previous) || (next >= 97 && next <= 122)) {
        words.push(name.slice(start, i).toLowerCase());
        start = i;
      }
    } else if (start < 0) {
      start = i;
    }
  }
  if (start >= 0 && words.length <= atMost) {
    words.push(name.slice(start).toLowerCase());
  }
  return words;
}

function isLowerOrDigit(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
}

/** nameWords by its definition: camelCase and acronym boundaries become spaces, then lower case, split on the rest. */
export function nameWordsByPattern(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(w => w.length > 0);
}

/** The strength of a single word part, without its neighbours. */
function wordStrength(word: string, previous: string | undefined): CredentialStrength | undefined {
  if (PASSWORD_WORDS.has(word)) {
    return 'password';
  }
  if (SECRET_WORDS.has(word)) {
    return 'secret';
  }
  // A number after the word numbers the credential (`key1`, `secret2`); it does not change what it names.
  if (/^[a-z]{2,}\d{1,3}$/.test(word)) {
    return wordStrength(word.replace(/\d+$/, ''), previous);
  }
  // Run together, a qualifier and `key` name the same credential as apart: `functionkey`, `hostkey`, `ingestkey`.
  // So do a credential word and `key` (`tokenkey`, as `tokenKey` splits into token and key).
  if (word.length > 3 && word.endsWith('key') && (isKeyQualifier(word.slice(0, -3)) || SECRET_WORDS.has(word.slice(0, -3)))) {
    return 'secret';
  }
  if (word === 'key') {
    if (previous !== undefined && DATA_KEY_QUALIFIERS.has(previous)) {
      return undefined;
    }
    return previous !== undefined && isKeyQualifier(previous) ? 'secret' : 'weak';
  }
  if (WEAK_WORDS.has(word)) {
    return 'weak';
  }
  if (NOT_CREDENTIAL_NAMES.has(word)) {
    return undefined;
  }
  // Run-together names: `dbpassword`, `mysqlpass`, `authtoken`, `apikey2`, `githubtoken`.
  if (/passw(?:or)?d|passphrase|pwd$/.test(word)) {
    return 'password';
  }
  if (/(?:secret|token|apikey|credential|accesskey|secretkey|privatekey)\d*$/.test(word) || /^(?:secret|apikey|credential)(?!s$)/.test(word)) {
    return 'secret';
  }
  if (/^(?:db|smtp|mail|ftp|sql|redis|ldap|admin|root|user|app|wifi|vnc|rdp|ssh|proxy|bind)pass$/.test(word)) {
    return 'password';
  }
  return undefined;
}

/** A word that makes a following `key` a credential: `api`, `access`, … or a provider's name. */
function isKeyQualifier(word: string): boolean {
  return KEY_QUALIFIERS.has(word) || PROVIDERS.has(word);
}

/**
 * The provider a name is the name of: its last word, or its last two words run together (`apiMetrics`), is a
 * provider's name, and no switch word opens it (`useHubspot`). The caller knows the name holds no credential word.
 */
function providerAtEnd(words: readonly string[]): string | undefined {
  const last = words[words.length - 1] ?? '';
  const provider = PROVIDERS.has(last) ? last : words.length >= 2 && PROVIDERS.has(words[words.length - 2] + last) ? words[words.length - 2] + last : undefined;
  if (provider === undefined || (SWITCH_WORDS.has(words[0]) && words.length > 1) || words.some(w => PUBLIC_WORDS.has(w))) {
    return undefined;
  }
  return provider;
}

/**
 * For a name that is a provider's name and no credential word (`cloudsmith`, `config.mailgun`, `apiMetrics`): the
 * hash shapes that provider's key format has; undefined for any other name.
 */
export function providerKeyShapes(name: string): readonly string[] | undefined {
  const words = nameWords(name.slice(name.lastIndexOf('.') + 1));
  const provider = words.some((w, i) => wordStrength(w, words[i - 1]) !== undefined) ? undefined : providerAtEnd(words);
  return provider === undefined ? undefined : PROVIDERS.get(provider);
}

/** A name of more word parts is no credential's name (a sentence, a random run). */
const MAX_NAME_WORDS = 12;

const RANK: Readonly<Record<CredentialStrength, number>> = { weak: 1, secret: 2, password: 3 };

/**
 * The credential strength a name carries, or undefined when it names something else. The last credential word
 * decides, unless metadata follows it (`password_hash`, `tokenUrl`) or a switch word opens the name (`hasToken`).
 */
export function credentialStrength(name: string): CredentialStrength | undefined {
  // `key.isBlank`, `token.value`: a member of the credential object is read, not the credential assigned.
  const dot = name.lastIndexOf('.');
  if (dot >= 0) {
    const lastWords = nameWords(name.slice(dot + 1));
    if (lastWords.every(w => wordStrength(w, undefined) === undefined)) {
      return providerAtEnd(lastWords) === undefined ? undefined : 'weak';
    }
  }
  const words = nameWords(name, MAX_NAME_WORDS);
  if (words.length === 0 || words.length > MAX_NAME_WORDS || NOT_CREDENTIAL_NAMES.has(words.join('_'))) {
    return undefined;
  }
  let best: CredentialStrength | undefined;
  let bestAt = -1;
  words.forEach((word, i) => {
    const strength = wordStrength(word, words[i - 1]);
    if (strength && (best === undefined || RANK[strength] >= RANK[best] || i > bestAt + 1)) {
      best = strength;
      bestAt = i;
    }
  });
  if (best === undefined) {
    // A provider's name alone (`cloudsmith: "…"`): weak, so only a long random value counts.
    return providerAtEnd(words) === undefined ? undefined : 'weak';
  }
  const after = words.slice(bestAt + 1);
  if (after.some(w => METADATA_WORDS.has(w) || NOT_CREDENTIAL_NAMES.has(w))) {
    return undefined;
  }
  if ((SWITCH_WORDS.has(words[0]) || (words[0] === 'non' && words[1] === 'matching')) && bestAt > 0) {
    return undefined;
  }
  if (words.slice(0, bestAt).some(w => PUBLIC_WORDS.has(w))) {
    return undefined;
  }
  return best;
}

/** `[A-Za-z0-9_.$-]`, by character code (a regex test per character is the hot path of every key/value hit). */
export function isNameChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95 || code === 46 || code === 36 || code === 45;
}
/** Names judged so far: code repeats its names, so most hits cost one map look-up. */
const strengthCache = new Map<string, CredentialStrength | undefined>();
/** The name judged last, and its strength. */
let lastName: string | undefined;
let lastStrength: CredentialStrength | undefined;

/** Start and end of the name (identifier, key, tag or column) that contains `offset`, at most 60 characters either side. */
export function nameSpanAt(text: string, offset: number): [number, number] {
  return [nameStartAt(text, offset), nameEndAt(text, offset)];
}

/** nameSpanAt's start alone: the hit filters run at every anchor hit and allocate nothing. */
function nameStartAt(text: string, offset: number): number {
  let start = offset;
  while (start > 0 && offset - start < 60 && isNameChar(text.charCodeAt(start - 1))) {
    start--;
  }
  return start;
}

function nameEndAt(text: string, offset: number): number {
  let end = offset;
  while (end < text.length && end - offset < 60 && isNameChar(text.charCodeAt(end))) {
    end++;
  }
  return end;
}

/** A getter's name without its verb: `getApiKey` → `ApiKey`, `get_token` → `token`. */
export function withoutGetterVerb(name: string): string {
  return name.replace(/^get(?=[A-Z_])_?/, '');
}

/** A setter's or builder's name without its verb: `setApiKey` → `ApiKey`, `with_token` → `token`. */
export function withoutSetterVerb(name: string): string {
  return name.replace(/^(?:set|with|use|put|add)(?=[A-Z_])_?/, '');
}

/**
 * credentialStrength of the name `text[start, end)` (or of its setter form), cached: code repeats its names. Leading
 * `-$@.` and trailing `-.` are not part of the name.
 */
function strengthOfName(text: string, start: number, end: number): CredentialStrength | undefined {
  while (start < end && isLeadingMark(text.charCodeAt(start))) {
    start++;
  }
  while (end > start && isTrailingMark(text.charCodeAt(end - 1))) {
    end--;
  }
  // Hits come in runs of the same name (`password` on every line of a config): compare before slicing and hashing.
  if (lastName !== undefined && end - start === lastName.length && text.startsWith(lastName, start)) {
    return lastStrength;
  }
  const name = text.slice(start, end);
  lastName = name;
  if (strengthCache.has(name)) {
    lastStrength = strengthCache.get(name);
    return lastStrength;
  }
  // Cleared before it holds more than 4,096 names: a Map table for more is a large object in fresh memory (LruMap).
  if (strengthCache.size >= 4096) {
    strengthCache.clear();
  }
  // A setter takes the credential, a getter may return it as a literal (`getApiToken() { return "…" }`).
  const unset = withoutSetterVerb(withoutGetterVerb(name));
  const strength = credentialStrength(name) ?? (unset === name ? undefined : credentialStrength(unset));
  strengthCache.set(name, strength);
  lastStrength = strength;
  return strength;
}

/** Within a few characters after a name, a run of 20 token characters: the only value a weak name can have. */
const LONG_VALUE_AFTER = /^[^\n\w]{1,8}[\w@]{0,3}["'`]?[A-Za-z0-9+/_~.=-]{20}/;

/**
 * Hit filter for the key/value rules: the name around the anchor hit must name a credential, and a weak name
 * (`key`) must be followed by a long token. Most hits in code (`key`, `tokens`, `key.isBlank`) stop here.
 */
export const namesCredential = (text: string, offset: number): boolean => {
  const end = nameEndAt(text, offset);
  const start = nameStartAt(text, offset);
  const strength = strengthOfName(text, start, end);
  return strength === 'weak' ? LONG_VALUE_AFTER.test(text.slice(end, end + 40)) || qualifiedBefore(text, start, end) : strength !== undefined;
};

/**
 * `acme KEY=…`, `easyinsight key = '…'`: the name `text[start, end)` is a bare `key` after a space or tab and a word
 * that qualifies it (`api`, a provider's name), which names the credential as `acmeKey` does.
 */
export function qualifiedBefore(text: string, start: number, end: number): boolean {
  if (end - start !== 3 || start < 3 || (text.charCodeAt(start - 1) !== 32 && text.charCodeAt(start - 1) !== 9)) {
    return false;
  }
  const wordStart = nameStartAt(text, start - 2);
  return start - 1 - wordStart <= 30 && isKeyQualifier(text.slice(wordStart, start - 1).toLowerCase());
}
/**
 * Hit filter for a quoted literal after a provider's name (`loggly '…'`, `railway = '…'`, `cloudsmith = "…"`): the hit
 * is the space, `=` or `:` before the quote; the name before it must be a provider's name alone. Each hit costs a look
 * back of a few characters and, for a name, a hash of its last word and part.
 */
export const namesProviderBeforeQuote = (text: string, offset: number): boolean => {
  let end = offset + 1;
  for (let k = 0; k < 6 && end > 0; k++) {
    const c = text.charCodeAt(end - 1);
    if (c !== 32 && c !== 9 && c !== 61 && c !== 58) {
      break;
    }
    end--;
  }
  if (end === 0 || !isNameChar(text.charCodeAt(end - 1))) {
    return false;
  }
  const start = nameStartAt(text, end - 1);
  // Most names here are ordinary variables: a look-up of the name's last word (or all of it, run together) rejects
  // them before the name is judged in full.
  return mayEndInProvider(text, start, end) && strengthOfName(text, start, end) === 'weak' && providerKeyShapes(text.slice(start, end)) !== undefined;
};

/**
 * Provider names hashed as mayEndInProvider reads them, last character first (lowerHashBack): the hit filter checks a
 * hash before it slices a name, so the ordinary variable before `= "` costs no string.
 */
const PROVIDER_HASHES: ReadonlySet<number> = new Set([...PROVIDERS.keys()].map(name => lowerHashBack(name, 0, name.length, false)));

/**
 * FNV-1a of `text[start, end)` read backwards, ASCII letters lower-cased; with `skipJoiners`, `_` and `-` are left out
 * (`scraping_bee` hashes as `scrapingbee`).
 */
function lowerHashBack(text: string, start: number, end: number, skipJoiners: boolean): number {
  let h = 0x811c9dc5;
  for (let i = end - 1; i >= start; i--) {
    let c = text.charCodeAt(i);
    if (skipJoiners && (c === 95 || c === 45)) {
      continue;
    }
    if (c >= 65 && c <= 90) {
      c |= 32;
    }
    h = Math.imul(h ^ c, 0x01000193);
  }
  return h;
}

/**
 * The name `text[start, end)` may end in a provider's name: its last word (after a separator or a capital), or its
 * last part run together (`apiMetrics`, `scraping_bee`), is one. A cheap over-approximation of providerAtEnd: hashes
 * first, then the names themselves.
 */
function mayEndInProvider(text: string, start: number, end: number): boolean {
  let wordStart = end;
  while (wordStart > start) {
    const c = text.charCodeAt(wordStart - 1);
    if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57))) {
      if (c >= 65 && c <= 90) {
        wordStart--;                              // a capital opens the word (`Metrics`)
      }
      break;
    }
    wordStart--;
  }
  // The last dot inside the name, looked for in the name only: lastIndexOf would walk back through the whole text at
  // every hit of a text with no dot.
  let partStart = end;
  while (partStart > start && text.charCodeAt(partStart - 1) !== 46) {
    partStart--;
  }
  const wordMay = end - wordStart >= 4 && PROVIDER_HASHES.has(lowerHashBack(text, wordStart, end, false));
  const partMay = end - partStart >= 4 && PROVIDER_HASHES.has(lowerHashBack(text, partStart, end, true));
  return (wordMay && PROVIDERS.has(text.slice(wordStart, end).toLowerCase()))
    || (partMay && PROVIDERS.has(text.slice(partStart, end).toLowerCase().replace(/[_-]/g, '')));
}

/** Hit filter for tables: a strong credential name standing alone in a cell (`,password,`, `| token |`). */
export const namesCredentialColumn = (text: string, offset: number): boolean => {
  const start = nameStartAt(text, offset);
  const end = nameEndAt(text, offset);
  let before = start - 1;
  while (before >= 0 && isCellPadding(text.charCodeAt(before))) {
    before--;
  }
  let after = end;
  while (after < text.length && isCellPadding(text.charCodeAt(after))) {
    after++;
  }
  if (!(before < 0 || isCellSeparator(text.charCodeAt(before))) || !(after >= text.length || isCellSeparator(text.charCodeAt(after)) || text.charCodeAt(after) === 13)) {
    return false;
  }
  const strength = strengthOfName(text, start, end);
  return strength !== undefined && strength !== 'weak';
};

/** `[ "'`]` around a table cell's text. */
function isCellPadding(code: number): boolean {
  return code === 32 || code === 34 || code === 39 || code === 96;
}

/** `[,|\t;\n]` between table cells. */
function isCellSeparator(code: number): boolean {
  return code === 44 || code === 124 || code === 9 || code === 59 || code === 10;
}

/** `-$@.` before a name and `-.` after it are not part of it. */
function isLeadingMark(code: number): boolean {
  return code === 45 || code === 36 || code === 64 || code === 46;
}

function isTrailingMark(code: number): boolean {
  return code === 45 || code === 46;
}
