/**
 * Builders for secret-looking test values. Everything is assembled at run time from a seeded PRNG, so the
 * repository holds no credential-shaped literal (secret scanners stay quiet) and every run sees the same bytes.
 */

export const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const LOWER = 'abcdefghijklmnopqrstuvwxyz';
export const DIGITS = '0123456789';
export const ALNUM = UPPER + LOWER + DIGITS;
export const UPALNUM = UPPER + DIGITS;
export const HEX = '0123456789abcdef';
export const B64 = ALNUM + '+/';
export const B64URL = ALNUM + '-_';
export const BASE32L = LOWER + '234567';

/** mulberry32: small, fast, good enough to look random. */
export class Rng {
  constructor(private state: number) {}

  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** `n` characters drawn from `alphabet`, guaranteed to contain a digit, an upper and a lower letter when the alphabet has them. */
  str(n: number, alphabet = ALNUM): string {
    for (;;) {
      let s = '';
      for (let i = 0; i < n; i++) {
        s += alphabet[Math.floor(this.next() * alphabet.length)];
      }
      const needs = [DIGITS, UPPER, LOWER].filter(set => [...set].some(c => alphabet.includes(c)));
      if (n < 12 || needs.every(set => [...s].some(c => set.includes(c)))) {
        return s;
      }
    }
  }

  digits(n: number): string {
    return this.str(n, DIGITS);
  }
}

export const b64 = (text: string): string => Buffer.from(text).toString('base64');
export const b64url = (text: string): string => Buffer.from(text).toString('base64url');

/** A password with every character class, e.g. for generic assignments. */
export function password(rng: Rng): string {
  return rng.str(4, UPPER) + rng.str(4, LOWER) + rng.str(3, DIGITS) + '#' + rng.str(2, LOWER);
}

/** Appends a Luhn check digit. */
export function withLuhn(body: string): string {
  for (let check = 0; check < 10; check++) {
    const candidate = body + check;
    let sum = 0;
    for (let i = 0; i < candidate.length; i++) {
      let d = Number(candidate[candidate.length - 1 - i]);
      if (i % 2 === 1) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
    }
    if (sum % 10 === 0) {
      return candidate;
    }
  }
  throw new Error('unreachable');
}

/** A valid UK NHS number (mod 11), formatted 3-3-4. */
export function nhsNumber(rng: Rng): string {
  for (;;) {
    const body = rng.digits(9);
    let sum = 0;
    for (let i = 0; i < 9; i++) {
      sum += Number(body[i]) * (10 - i);
    }
    const check = (11 - (sum % 11)) % 11;
    if (check !== 10 && !/^(\d)\1+$/.test(body)) {
      const all = body + check;
      return `${all.slice(0, 3)} ${all.slice(3, 6)} ${all.slice(6)}`;
    }
  }
}

/** A valid IBAN for a country and BBAN, with computed check digits. */
export function iban(country: string, bban: string): string {
  const numeric = (bban + country + '00').replace(/[A-Z]/g, c => String(c.charCodeAt(0) - 55));
  let remainder = 0;
  for (const d of numeric) {
    remainder = (remainder * 10 + Number(d)) % 97;
  }
  const check = String(98 - remainder).padStart(2, '0');
  return country + check + bban;
}

/** Every 8-character substring of a value: none may appear in anything the gate outputs. */
export function substrings8(value: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 8 <= value.length; i++) {
    out.push(value.slice(i, i + 8));
  }
  return out.length > 0 ? out : [value];
}
