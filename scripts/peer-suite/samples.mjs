// The syntaxes gitleaks places its generated samples in (configuration files, languages, Makefiles), written
// here as templates: `i` is an identifier (lower case as given), `I` its upper case, `s` the secret.
const SYNTAXES = [
  ['ini-quoted', (i, s) => `${i}Token="${s}"`],
  ['ini-quoted-spaced', (i, s) => `${i}Token = "${s}"`],
  ['ini-unquoted', (i, s) => `${i}Token=${s}`],
  ['ini-unquoted-spaced', (i, s) => `${i}Token = ${s}`],
  ['json-string', (i, s) => `{\n    "${i}_token": "${s}"\n}`],
  ['json-escaped-newline', (i, s, I) => `{"config.ini": "${I}_TOKEN=${s}\\nBACKUP_ENABLED=true"}`],
  ['xml-element-multiline', (i, s) => `<${i}Token>\n    ${s}\n</${i}Token>`],
  ['yaml-unquoted', (i, s) => `${i}_token: ${s}`],
  ['yaml-single-quoted', (i, s) => `${i}_token: '${s}'`],
  ['yaml-double-quoted', (i, s) => `${i}_token: "${s}"`],
  ['csharp', (i, s) => `string ${i}Token = "${s}";`],
  ['go-var', (i, s) => `var ${i}Token string = "${s}"`],
  ['go-short', (i, s) => `${i}Token := "${s}"`],
  ['go-backticks', (i, s) => `${i}Token := \`${s}\``],
  ['java', (i, s) => `String ${i}Token = "${s}";`],
  ['kotlin', (i, s) => `var ${i}Token = "${s}"`],
  ['php-concat', (i, s) => `$${i}Token .= "${s}"`],
  ['python-single', (i, s) => `${i}Token = '${s}'`],
  ['python-double', (i, s) => `${i}Token = "${s}"`],
  ['java-set-property', (i, s, I) => `System.setProperty("${I}_TOKEN", "${s}")`],
  ['logstash', (i, s) => `  "${i}Token" => "${s}"`],
  ['make-recursive', (i, s, I) => `${I}_TOKEN = "${s}"`],
  ['make-simple', (i, s, I) => `${I}_TOKEN := "${s}"`],
  ['make-shell', (i, s, I) => `${I}_TOKEN ::= "${s}"`],
  ['make-evaluated-shell', (i, s, I) => `${I}_TOKEN :::= "${s}"`],
  ['make-conditional', (i, s, I) => `${I}_TOKEN ?= "${s}"`],
];

/** Every syntax, each with the same secret: [{syntax, text}]. */
export function sampleSecrets(identifier, secret) {
  return SYNTAXES.map(([syntax, fill]) => ({ syntax, text: fill(identifier, secret, identifier.toUpperCase()) }));
}

/** The single-sample form gitleaks uses for one-off examples. */
export function sampleSecret(identifier, secret) {
  return `${identifier}_api_token = "${secret}"`;
}

export const SYNTAX_NAMES = SYNTAXES.map(([name]) => name);
