import type { Rule } from '../types';
import { decodeBase64Text } from './helpers';

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

export const ENCODED_RULES: readonly Rule[] = [
  {
    // Percent-encoded text (query strings, form bodies, encoded URLs) is decoded once and rescanned.
    id: 'url-encoded-secret',
    kind: 'secret',
    anchors: ['%'],
    pattern: /(?<![A-Za-z0-9._~+=&:/@%-])(?<value>(?:[A-Za-z0-9._~+=&:/@!*-]|%[0-9A-Fa-f]{2}){8,4000})/g,
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
    anchors: ['secret', 'password', 'passwd', 'token', 'credential', 'auth'],
    caseInsensitive: true,
    pattern: BASE64_RUN,
    valueGroups: ['value'],
    before: 200,
    after: 16400,
    validate: (value, ctx) => decodesToSecret(value, ctx.rescan),
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
