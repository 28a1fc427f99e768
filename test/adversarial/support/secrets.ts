/**
 * Secret-shaped values built at run time (so the repository never holds one), each with the part that must never
 * leave the device (`value`: the random body a leak check searches for). Generators take a random source so the
 * property tests can drive them from fast-check and the load test from a seed.
 */
import { withLuhn } from '../../unit/router/privacy/fixtures';

export type Rand = () => number;

/** Deterministic PRNG (mulberry32) for seeded tests. */
export function seeded(seed: number): Rand {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const ALNUM = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
const UPPER_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const HEX = '0123456789abcdef';

export function chars(rand: Rand, length: number, alphabet = ALNUM): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    out += alphabet[Math.floor(rand() * alphabet.length)];
  }
  return out;
}

/** Random body with at least one digit, one upper and one lower letter (the shapes validators expect). */
export function mixed(rand: Rand, length: number): string {
  const body = chars(rand, Math.max(3, length) - 3);
  return body + chars(rand, 1, 'ABCDEFGHJKLMNPQRSTUVWXYZ') + chars(rand, 1, 'abcdefghijkmnopqrstuvwxyz') + chars(rand, 1, '23456789');
}

/** A secret as it appears in text (`text`) and its sensitive part (`value`). */
export interface SecretSample {
  readonly kind: string;
  /** The rule ids that may report it (any one of them is a catch). */
  readonly rules: readonly string[];
  readonly text: string;
  readonly value: string;
}

const P = (...parts: string[]): string => parts.join('');

/** One generator per main secret format the gate knows. */
export const SECRET_GENERATORS: Readonly<Record<string, (rand: Rand) => SecretSample>> = {
  github(rand) {
    const value = mixed(rand, 36);
    return { kind: 'github', rules: ['github-token'], text: P('gh', 'p_', value), value };
  },
  githubFineGrained(rand) {
    const value = mixed(rand, 82);
    return { kind: 'githubFineGrained', rules: ['github-fine-grained-token'], text: P('github', '_pat_', value), value };
  },
  aws(rand) {
    const value = chars(rand, 16, UPPER_DIGITS);
    return { kind: 'aws', rules: ['aws-access-key-id'], text: P('AK', 'IA', value), value };
  },
  openai(rand) {
    // OpenAI's project-key format: two random halves around the fixed `T3BlbkFJ` ("OpenAI" in base64).
    const value = mixed(rand, 74) + 'T3Blbk' + 'FJ' + mixed(rand, 74);
    return { kind: 'openai', rules: ['openai-key'], text: P('s', 'k-proj-', value), value };
  },
  slack(rand) {
    const value = chars(rand, 24);
    return { kind: 'slack', rules: ['slack-token'], text: P('xo', 'xb-', chars(rand, 12, '0123456789'), '-', chars(rand, 12, '0123456789'), '-', value), value };
  },
  stripe(rand) {
    const value = mixed(rand, 24);
    return { kind: 'stripe', rules: ['stripe-key'], text: P('sk', '_live_', value), value };
  },
  gcp(rand) {
    const value = mixed(rand, 35);
    return { kind: 'gcp', rules: ['gcp-api-key'], text: P('AI', 'za', value), value };
  },
  npm(rand) {
    const value = mixed(rand, 36);
    return { kind: 'npm', rules: ['npm-token'], text: P('np', 'm_', value), value };
  },
  jwt(rand) {
    const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ sub: chars(rand, 10), iat: 1700000000 })).toString('base64url');
    const value = chars(rand, 43, ALNUM + '-_');
    return { kind: 'jwt', rules: ['jwt', 'bearer-token'], text: `${header}.${payload}.${value}`, value };
  },
  privateKey(rand) {
    const lines = Array.from({ length: 6 }, () => chars(rand, 64, ALNUM + '+/'));
    const value = lines[2];
    return { kind: 'privateKey', rules: ['private-key'], text: P('-----BEGIN ', 'RSA PRIVATE KEY-----\n', lines.join('\n'), '\n-----END RSA ', 'PRIVATE KEY-----'), value };
  },
  connectionString(rand) {
    const value = mixed(rand, 20);
    return { kind: 'connectionString', rules: ['connection-string-password'], text: P('Server=tcp:db.internal.example,1433;Database=orders;User ID=app;', 'Pass', 'word=', value, ';Encrypt=true;'), value };
  },
  postgresUrl(rand) {
    const value = mixed(rand, 18);
    return { kind: 'postgresUrl', rules: ['url-with-password'], text: P('postgres://app:', value, '@db.internal.example:5432/orders'), value };
  },
  azureStorage(rand) {
    const value = chars(rand, 86, ALNUM + '+/') + '==';
    return { kind: 'azureStorage', rules: ['azure-storage-key'], text: P('DefaultEndpointsProtocol=https;AccountName=acct;Account', 'Key=', value, ';EndpointSuffix=core.windows.net'), value };
  },
  genericAssignment(rand) {
    const value = mixed(rand, 24);
    return { kind: 'genericAssignment', rules: ['generic-credential-assignment'], text: P('db_pass', 'word = "', value, '"'), value };
  },
  apiKeyAssignment(rand) {
    const value = mixed(rand, 32);
    return { kind: 'apiKeyAssignment', rules: ['generic-credential-assignment'], text: P('API', '_KEY=', value), value };
  },
  card(rand) {
    const value = withLuhn('4' + chars(rand, 14, '0123456789'));
    return { kind: 'card', rules: ['payment-card'], text: `card ${value.slice(0, 4)} ${value.slice(4, 8)} ${value.slice(8, 12)} ${value.slice(12)}`, value: value.slice(4) };
  },
  iban(rand) {
    const value = ibanComplete('GB', 'WEST' + chars(rand, 14, '0123456789'));
    return { kind: 'iban', rules: ['iban'], text: `IBAN ${value}`, value: value.slice(4) };
  },
  ssn(rand) {
    const area = String(100 + Math.floor(rand() * 500)).padStart(3, '0');
    const group = String(10 + Math.floor(rand() * 89));
    const serial = String(1000 + Math.floor(rand() * 8999));
    const value = `${area}-${group}-${serial}`;
    return { kind: 'ssn', rules: ['us-ssn'], text: `SSN: ${value}`, value: `${group}-${serial}` };
  },
};

export const SECRET_KINDS = Object.keys(SECRET_GENERATORS);

/** A valid IBAN (ISO 7064 mod 97) for a country and BBAN. */
export function ibanComplete(country: string, bban: string): string {
  const digits = (bban + country + '00').split('').map(c => (/[A-Z]/.test(c) ? String(c.charCodeAt(0) - 55) : c)).join('');
  let rem = 0;
  for (const d of digits) {
    rem = (rem * 10 + Number(d)) % 97;
  }
  return country + String(98 - rem).padStart(2, '0') + bban;
}

/** Look-alikes: text that resembles a secret and must NOT be reported. */
export const LOOKALIKE_GENERATORS: Readonly<Record<string, (rand: Rand) => string>> = {
  placeholder: () => 'api_key = "<your-api-key>"',
  envLookup: rand => `const ${chars(rand, 1, 'abcdefgh')}Token = process.env.${chars(rand, 6, 'ABCDEFGHIJ')}_TOKEN;`,
  pythonEnv: () => 'password = os.environ["DB_PASSWORD"]',
  templated: () => 'password: ${{ secrets.DB_PASSWORD }}',
  sha256: rand => `checksum = "${chars(rand, 64, HEX)}"`,
  gitSha: rand => `commit ${chars(rand, 40, HEX)}`,
  uuid: rand => `id: "${chars(rand, 8, HEX)}-${chars(rand, 4, HEX)}-4${chars(rand, 3, HEX)}-a${chars(rand, 3, HEX)}-${chars(rand, 12, HEX)}"`,
  integrity: rand => `"integrity": "sha512-${chars(rand, 86, ALNUM + '+/')}=="`,
  publicKey: rand => `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${chars(rand, 43, ALNUM + '+/')} dev@laptop`,
  exampleKey: () => 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE',
  filler: () => `token = "${'x'.repeat(40)}"`,
  maxTokens: rand => `max_tokens = ${1 + Math.floor(rand() * 8000)}`,
  passwordField: () => 'if (!user.passwordHash) { throw new Error("password required"); }',
};

export const LOOKALIKE_KINDS = Object.keys(LOOKALIKE_GENERATORS);
