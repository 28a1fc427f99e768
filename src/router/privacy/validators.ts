/** Value checks shared by the rules: entropy, checksums and the allowlist of look-alikes. */

/** Counts of ASCII codes and the order they first appeared in, reused by every call (entropy runs per candidate). */
const asciiCounts = new Int32Array(128);
const asciiOrder = new Int32Array(128);

/** Shannon entropy in bits per character. */
export function shannonEntropy(value: string): number {
  if (value.length === 0) {
    return 0;
  }
  let distinct = 0;
  let i = 0;
  for (; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 128) {
      break;
    }
    if (asciiCounts[c]++ === 0) {
      asciiOrder[distinct++] = c;
    }
  }
  if (i < value.length) {
    for (let k = 0; k < distinct; k++) {
      asciiCounts[asciiOrder[k]] = 0;
    }
    return entropyByCodePoint(value);
  }
  // Summed in first-appearance order, as the general path does, so both give the same bits to the last digit.
  let bits = 0;
  for (let k = 0; k < distinct; k++) {
    const p = asciiCounts[asciiOrder[k]] / value.length;
    asciiCounts[asciiOrder[k]] = 0;
    bits -= p * Math.log2(p);
  }
  return bits;
}

function entropyByCodePoint(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) {
    counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** Number of character classes present: lower, upper, digit, other. */
export function charClasses(value: string): number {
  return (/[a-z]/.test(value) ? 1 : 0) + (/[A-Z]/.test(value) ? 1 : 0) + (/[0-9]/.test(value) ? 1 : 0)
    + (/[^A-Za-z0-9]/.test(value) ? 1 : 0);
}

/** Luhn checksum over a string of digits. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) {
      return false;
    }
    if (double) {
      d *= 2;
      if (d > 9) {
        d -= 9;
      }
    }
    sum += d;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** IBAN lengths by country (ISO 13616 registry). */
const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BR: 29, BY: 28, CH: 21, CR: 22, CY: 28,
  CZ: 24, DE: 22, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18,
  GR: 27, GT: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32,
  LI: 21, LT: 20, LU: 20, LV: 21, MC: 27, MD: 24, ME: 22, MK: 19, MR: 27, MT: 31, MU: 30, NL: 18, NO: 15, PK: 24,
  PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, SA: 24, SC: 31, SE: 24, SI: 19, SK: 24, SM: 27, ST: 25, SV: 28,
  TL: 23, TN: 24, TR: 26, UA: 29, VA: 22, VG: 24, XK: 20,
};

/** IBAN: country length table and ISO 7064 mod-97 = 1. */
export function ibanValid(raw: string): boolean {
  const iban = raw.replace(/[ -]/g, '').toUpperCase();
  if (IBAN_LENGTHS[iban.slice(0, 2)] !== iban.length) {
    return false;
  }
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    const chunk = code >= 65 ? String(code - 55) : ch;
    for (const digit of chunk) {
      remainder = (remainder * 10 + (digit.charCodeAt(0) - 48)) % 97;
    }
  }
  return remainder === 1;
}

/** UK NHS number: ten digits, weights 10..2, mod 11 check digit (10 is invalid). */
export function nhsValid(raw: string): boolean {
  const digits = raw.replace(/[ -]/g, '');
  if (!/^\d{10}$/.test(digits) || /^(\d)\1{9}$/.test(digits)) {
    return false;
  }
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    sum += (digits.charCodeAt(i) - 48) * (10 - i);
  }
  const check = 11 - (sum % 11);
  const expected = check === 11 ? 0 : check;
  return expected !== 10 && expected === digits.charCodeAt(9) - 48;
}

/** Well-known example SSNs that appear in documentation and ads. */
const FAKE_SSNS = new Set(['078-05-1120', '123-45-6789', '219-09-9999']);

/** US SSN: area not 000/666/9xx, group not 00, serial not 0000, and not a famous example. */
export function ssnValid(raw: string): boolean {
  const m = /^(\d{3})[- ]?(\d{2})[- ]?(\d{4})$/.exec(raw);
  if (!m) {
    return false;
  }
  const [, area, group, serial] = m;
  if (area === '000' || area === '666' || area[0] === '9' || group === '00' || serial === '0000') {
    return false;
  }
  return !FAKE_SSNS.has(`${area}-${group}-${serial}`);
}

/** Publicly documented test card numbers (Stripe, Adyen, PayPal docs): we let them pass, by choice. */
const TEST_CARDS = new Set([
  '4242424242424242', '4111111111111111', '4000056655665556', '5555555555554444', '5200828282828210',
  '5105105105105100', '378282246310005', '371449635398431', '6011111111111117', '6011000990139424',
  '3056930009020004', '36227206271667', '3566002020360505', '6200000000000005', '4012888888881881',
]);

const CARD_ISSUER = /^(?:4|5[1-5]|2(?:2[2-9]|[3-6]\d|7[01]|720)|3[47]|3(?:0[0-5]|[68])|6(?:011|5|4[4-9]|2)|35(?:2[89]|[3-8]\d)|5[06-9]|6\d)/;
const ONE_DIGIT_REPEATED = /^(\d)\1+$/;
const CARD_SEPARATORS = /[ -]/g;

/** Card number: 13–19 digits, a known issuer prefix, Luhn, not a documented test number. */
export function cardValid(raw: string): boolean {
  const digits = raw.replace(CARD_SEPARATORS, '');
  if (digits.length < 13 || digits.length > 19 || TEST_CARDS.has(digits) || ONE_DIGIT_REPEATED.test(digits)) {
    return false;
  }
  return CARD_ISSUER.test(digits) && luhnValid(digits);
}
