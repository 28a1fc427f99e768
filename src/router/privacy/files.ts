import { credentialStrength } from './lexicon';
import { isExampleValue } from './values';

/**
 * Sensitive files by name (a reference's path or display name). Some names are sensitive only when the content
 * really holds credentials (.npmrc with _authToken, .netrc with a password, docker config with auths).
 */

interface FileRule {
  readonly id: string;
  /** Tested against the lower-cased base name. */
  readonly name: RegExp;
  /** Tested against the lower-cased, slash-normalised path, when the base name alone does not decide. */
  readonly path?: RegExp;
  /** When set, the file is sensitive only if its content matches (and content is present). */
  readonly content?: RegExp;
  /**
   * When the content is present and this says it holds no secret, the finding is advisory: the file is named, but
   * the request is `internal`, not restricted (a `.env` of placeholders, a `.pem` of certificates).
   */
  readonly harmless?: (content: string) => boolean;
}

/**
 * A `.env` whose every value is empty, a placeholder or a reference (`${X}`, `<token>`, `changeme`); settings whose
 * name is no credential may also hold plain values (`PORT=3000`, `DEBUG=true`, a localhost URL).
 */
function onlyPlaceholders(content: string): boolean {
  const lines = content.split(/\r?\n/).map(l => l.trim()).filter(l => l !== '' && !l.startsWith('#'));
  return lines.length <= 2000 && lines.every(line => {
    const m = /^(?:export\s+)?([A-Za-z_][\w.-]*)\s*[=:]\s*(.*)$/.exec(line);
    if (!m) {
      return false;
    }
    const value = m[2].replace(/\s+#.*$/, '').replace(/^(["'])(.*)\1$/, '$2').trim();
    return value === '' || isExampleValue(value)
      || (credentialStrength(m[1]) === undefined && /^(?:true|false|\d{1,6}|[a-z]{2,12}|https?:\/\/(?:localhost|127\.0\.0\.1)[\w:/.-]*)$/i.test(value));
  });
}

/** Key material files holding only public parts: certificates, public keys, parameters. */
function onlyPublicMaterial(content: string): boolean {
  return !/PRIVATE KEY|PuTTY|ENCRYPTED|PGP PRIVATE|SSH2/.test(content)
    && (content.trim() === '' || /-----BEGIN (?:CERTIFICATE|TRUSTED CERTIFICATE|PUBLIC KEY|RSA PUBLIC KEY|X509 CRL|DH PARAMETERS|EC PARAMETERS|CERTIFICATE REQUEST|NEW CERTIFICATE REQUEST|PGP PUBLIC KEY BLOCK)-----/.test(content));
}

const FILE_RULES: readonly FileRule[] = [
  { id: 'env-file', name: /^\.env(?:$|\.(?!(?:example|sample|template|dist|defaults?|schema|tpl)$)[\w.-]{1,60}$)|^[\w.-]{1,60}\.env$/, harmless: onlyPlaceholders },
  { id: 'ssh-private-key-file', name: /^id_(?:rsa|dsa|ecdsa|ed25519|ecdsa_sk|ed25519_sk|xmss)$/ },
  // Text key formats can be read: a file of certificates only is named but does not restrict. Binary keystores can't.
  { id: 'key-file', name: /\.(?:pem|key|asc|crt|cer)$/, harmless: onlyPublicMaterial },
  { id: 'key-file', name: /\.(?:pfx|p12|jks|keystore|ppk|gpg|pgp|kdbx)$/ },
  { id: 'terraform-vars', name: /\.tfvars(?:\.json)?$|^terraform\.tfstate(?:\.backup)?$/ },
  { id: 'credentials-file', name: /^credentials[\w.-]{0,40}\.json$|^client_secrets?[\w.-]{0,40}\.json$/ },
  { id: 'service-account-file', name: /^service[-_]?account[\w.-]{0,60}\.json$/ },
  { id: 'secrets-file', name: /^secrets?\.(?:ya?ml|json|toml|ini|env|properties|xml|txt|conf|cfg)$|^\.secrets?$/ },
  { id: 'kubeconfig', name: /^kubeconfig(?:[\w.-]{0,40})?$/, path: /(?:^|\/)\.kube\/config$/ },
  { id: 'aws-credentials-file', name: /^$/, path: /(?:^|\/)\.aws\/credentials$/ },
  { id: 'htpasswd-file', name: /^\.htpasswd$|^\.pgpass$|^\.my\.cnf$/ },
  { id: 'git-credentials', name: /^\.git-credentials$/, content: /:\/\/[^\s:@/]{1,256}:[^\s@/]{1,256}@/ },
  { id: 'npmrc-credentials', name: /^\.npmrc$|^\.yarnrc(?:\.yml)?$/, content: /_authtoken\s*[=:]\s*[^\s$]|_password\s*=\s*\S|_auth\s*=\s*\S|npmauthtoken\s*:\s*["']?[^\s$"']/i },
  { id: 'pypirc-credentials', name: /^\.pypirc$/, content: /^\s*password\s*[=:]\s*\S/im },
  { id: 'netrc-credentials', name: /^[._]netrc$/, content: /\bpassword\s+\S/ },
  { id: 'docker-config-credentials', name: /^config\.json$/, path: /(?:^|\/)\.docker\/config\.json$/, content: /"auths"\s*:\s*\{[\s\S]{0,2000}?"(?:auth|identitytoken)"\s*:\s*"[^"]{4}/ },
];

/** A file-name rule that fired, and whether the content showed it holds no secret. */
export interface FileVerdict {
  readonly id: string;
  readonly advisory: boolean;
}

/** Rules whose name test passes for this path (content-conditional rules need matching content). */
export function sensitiveFileRules(path: string, content: string | undefined): FileVerdict[] {
  const normalized = path.replace(/\\/g, '/').toLowerCase();
  const base = normalized.slice(normalized.lastIndexOf('/') + 1);
  const ids: FileVerdict[] = [];
  for (const rule of FILE_RULES) {
    const named = rule.name.test(base) || (rule.path !== undefined && rule.path.test(normalized));
    if (!named || (rule.path && rule.id === 'docker-config-credentials' && !rule.path.test(normalized))) {
      continue;
    }
    if (rule.content && (content === undefined || !rule.content.test(content.slice(0, 1_000_000)))) {
      continue;
    }
    const sample = content?.slice(0, 1_000_000);
    ids.push({ id: rule.id, advisory: rule.harmless !== undefined && sample !== undefined && !sample.includes('\u0000') && rule.harmless(sample) });
  }
  return ids;
}

/** Number of built-in file-name rules (reported with the rule count). */
export const FILE_RULE_COUNT = FILE_RULES.length;
