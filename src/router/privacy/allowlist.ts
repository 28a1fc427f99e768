/**
 * Look-alikes that must not fire: placeholders, environment lookups, secret-manager references, hashes, ids and
 * documentation examples. Applied to a candidate value (and, for references, to the text right after the `=`).
 */

const PLACEHOLDER_PATTERNS: readonly RegExp[] = [
  /^<[^<>]{1,80}>$/,                                  // <your-api-key>
  /^\[[^[\]]{1,80}\]$/,                               // [YOUR TOKEN]
  /^\$\{[^}]{1,80}\}$/, /^\{\{[^}]{1,80}\}\}$/, /^\{[A-Za-z_][\w.]{0,60}\}$/, // ${VAR}  {{ var }}  {var}
  /^\$[A-Za-z_][\w]{0,60}$/, /^%[A-Za-z_]{1,40}%$/, /^\$\([^)]{1,80}\)$/,      // $VAR  %VAR%  $(cmd)
  /^.{0,40}$(?<=%[sdv].*|\{\d?\}.*)/,                  // format strings (short: long tokens hold `%v` by chance)
  /^(.)\1{3,}$/,                                      // xxxx, ****, 0000
  /^[x*•.#_-]{4,}$/i,
  /(?:your|my)[\s_-]?(?:api[\s_-]?)?(?:key|token|secret|password|pass|pwd)/i,
  /changeme|change[_-]me|placeholder|redacted|dummy|example|sample|^test$|^secret$|^password$|replace[_-]?(?:me|with)|insert[_-]|^fixme|^todo|not[_-]?a[_-]?(?:real|secret)|^fake|^lorem/i,
  /^(?:null|none|nil|undefined|true|false|empty|string|str|required|optional|hidden|masked|\*+)$/i,
];

/** Placeholder or template value, not a literal credential. */
export function isPlaceholder(value: string): boolean {
  const v = value.trim().replace(/^["'`]|["'`]$/g, '');
  if (v.length === 0) {
    return true;
  }
  return PLACEHOLDER_PATTERNS.some(p => p.test(v));
}

const REFERENCE_PATTERNS: readonly RegExp[] = [
  /process\.env\b/, /import\.meta\.env\b/, /os\.environ\b/, /os\.getenv\b/, /\bgetenv\s*\(/i, /System\.getenv\b/,
  /Environment\.GetEnvironmentVariable\b/, /\$env:/i, /\bENV\s*\[/, /\benv\s*\(/, /\$\{\{\s*secrets\./,
  /@Microsoft\.KeyVault\s*\(/, /arn:aws:secretsmanager:/, /^vault:/, /secretKeyRef/, /valueFrom\b/, /keyvault:\/\//i,
  /\bsecrets?\.get\s*\(/i, /getSecret\s*\(/, /\bconfig\s*[.[]/, /^\$\{?[A-Z_][A-Z0-9_]*\}?$/,
];

/**
 * A value built by interpolation (`${HOME}/x`, `$(cmd)`, `%APPDATA%\\x`, `{{ var }}`): not a literal. A `%NAME%`
 * stands apart from letters and digits; inside a percent-encoded run (`G%PHGkqp%Ybm`) it is there by chance.
 */
export function isTemplate(value: string): boolean {
  return /\$\{[^}]{1,80}\}|\$\([^)]{1,80}\)|(?<![A-Za-z0-9])%[A-Za-z_]{1,40}%(?![A-Za-z0-9])|\{\{[^}]{1,80}\}\}/.test(value);
}

/** An environment lookup or secret-manager reference rather than a value. */
export function isReference(text: string): boolean {
  return REFERENCE_PATTERNS.some(p => p.test(text));
}

/** Hashes and identifiers that look random but are not credentials. */
export function isHashOrId(value: string): boolean {
  return /^sha(?:1|256|384|512)-[A-Za-z0-9+/]{20,}={0,2}$/.test(value)                 // lockfile integrity
    || /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)   // UUID
    || /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/.test(value);                                   // git SHA-1 / SHA-256
}

/** Documentation examples that every provider publishes. */
const DOC_EXAMPLES = new Set([
  'AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'AKIAI44QH8DHBEXAMPLE',
  'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY',
  // Azurite (local Azure Storage emulator) account key, published in Microsoft's documentation.
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
]);

export function isDocumentationExample(value: string): boolean {
  return DOC_EXAMPLES.has(value) || /EXAMPLE(?:KEY)?$/.test(value);
}

/** Any reason to treat a candidate value as harmless. */
export function isAllowlisted(value: string): boolean {
  return isPlaceholder(value) || isReference(value) || isHashOrId(value) || isDocumentationExample(value);
}
