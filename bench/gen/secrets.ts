/**
 * Secret-looking values for the benchmark inputs, built at run time from the seeded PRNG so the repository itself
 * holds no credential-shaped string (and trips no secret scanner). None of these is a real credential.
 */
import { ALNUM, BASE64, DIGITS, HEX, Prng, UPPER_B32 } from './prng';

/** `provider`: a format secretlint's recommended preset knows; `generic`: assignments, connection strings, JWTs; `pii`. */
export type SecretCategory = 'provider' | 'generic' | 'pii';

export interface SecretKind {
  readonly id: string;
  readonly category: SecretCategory;
  /** Variable name used when the value is written as an assignment. */
  readonly name: string;
  /** The value, or whole lines when `isBlock` (written as they are, whatever the language). */
  make(rng: Prng): string;
  readonly isBlock?: boolean;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) {
      c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    }
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(text: string): number {
  let crc = 0xffffffff;
  for (let i = 0; i < text.length; i++) {
    crc = CRC_TABLE[(crc ^ text.charCodeAt(i)) & 0xff] ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

const BASE62_DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function base62(value: number, width: number): string {
  let out = '';
  let v = value;
  while (v > 0) {
    out = BASE62_DIGITS[v % 62] + out;
    v = Math.floor(v / 62);
  }
  return out.padStart(width, '0');
}

/** GitHub-style token: prefix, 30 random base62 characters, 6-character base62 CRC32 of them (as real tokens carry). */
export function githubToken(rng: Prng, prefix: string): string {
  const body = rng.chars(ALNUM, 30);
  return prefix + body + base62(crc32(body), 6);
}

/** A Luhn-valid 16-digit card number starting with 4 (Visa-shaped, not issued). */
export function luhnCard(rng: Prng): string {
  const digits = [4, ...Array.from({ length: 14 }, () => rng.int(0, 9))];
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits[digits.length - 1 - i];
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.join('') + String((10 - (sum % 10)) % 10);
}

const b64url = ALNUM + '-_';
/** Split so this file holds no private-key header for scanners to trip on. */
export const RSA_KEY = ['RSA', 'PRIVATE', 'KEY'].join(' ');
const jwtPart = (json: string): string => Buffer.from(json).toString('base64url');

/** One of each kind; the generators cycle through them so every megabyte holds the same mix. */
export const SECRET_KINDS: readonly SecretKind[] = [
  { id: 'github-pat', category: 'provider', name: 'githubToken', make: r => githubToken(r, 'ghp_') },
  { id: 'aws-keypair', category: 'provider', name: 'awsCredentials', isBlock: true,
    make: r => `aws_access_key_id = AKIA${r.chars(UPPER_B32, 16)}\naws_secret_access_key = ${r.chars(BASE64, 40)}` },
  { id: 'slack-bot', category: 'provider', name: 'slackToken',
    make: r => `xoxb-${r.chars(DIGITS, 11)}-${r.chars(DIGITS, 13)}-${r.chars(ALNUM, 24)}` },
  { id: 'stripe-live', category: 'provider', name: 'stripeKey', make: r => `sk_live_${r.chars(ALNUM, 99)}` },
  { id: 'openai-project', category: 'provider', name: 'openaiApiKey',
    make: r => `sk-proj-${r.chars(b64url, 74)}T3BlbkFJ${r.chars(b64url, 74)}` },
  { id: 'anthropic', category: 'provider', name: 'anthropicKey', make: r => `sk-ant-api03-${r.chars(b64url, 93)}AA` },
  { id: 'sendgrid', category: 'provider', name: 'sendgridKey', make: r => `SG.${r.chars(b64url, 22)}.${r.chars(b64url, 43)}` },
  { id: 'npm', category: 'provider', name: 'npmToken', make: r => githubToken(r, 'npm_') },
  { id: 'huggingface', category: 'provider', name: 'hfToken', make: r => `hf_${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', 34)}` },
  { id: 'gcp-api-key', category: 'provider', name: 'googleApiKey', make: r => `AIza${r.chars(b64url, 35)}` },
  { id: 'private-key', category: 'provider', name: 'privateKey', isBlock: true,
    make: r => [`-----BEGIN ${RSA_KEY}-----`, 'MIIEowIBAAKCAQEA' + r.chars(BASE64, 48),
      ...Array.from({ length: 24 }, () => r.chars(BASE64, 64)), r.chars(BASE64, 40) + '==', `-----END ${RSA_KEY}-----`].join('\n') },
  { id: 'postgres-url', category: 'provider', name: 'databaseUrl',
    make: r => `postgres://app_${r.chars(HEX, 4)}:${r.chars(ALNUM, 20)}@db-${r.chars(HEX, 6)}.internal:5432/orders` },
  { id: 'azure-storage', category: 'generic', name: 'storageConnection',
    make: r => `DefaultEndpointsProtocol=https;AccountName=st${r.chars(HEX, 10)};AccountKey=${r.chars(BASE64, 86)}==;EndpointSuffix=core.windows.net` },
  { id: 'password-assignment', category: 'generic', name: 'dbPassword', make: r => `${r.chars(ALNUM, 6)}#${r.chars(ALNUM, 6)}!${r.chars(ALNUM, 6)}` },
  { id: 'jwt', category: 'generic', name: 'sessionJwt',
    make: r => `${jwtPart('{"alg":"HS256","typ":"JWT"}')}.${jwtPart(`{"sub":"${r.chars(DIGITS, 10)}","name":"${r.ident()}","iat":${r.chars(DIGITS, 10)}}`)}.${r.chars(b64url, 43)}` },
  { id: 'card-number', category: 'pii', name: 'cardNumber', make: luhnCard },
];
