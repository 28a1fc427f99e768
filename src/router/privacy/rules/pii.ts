import type { Rule } from '../types';
import { cardValid, ibanValid, nhsValid, ssnValid } from '../validators';
import { aroundMatch } from './helpers';

/**
 * PII with checksums: US SSN, UK NHS numbers, payment cards, IBANs. SSNs, NHS numbers and cards all hold at least
 * nine digits, the first three in a row, with at most one separator between two of them (`123-45-6789`,
 * `943 476 5919`, `4539 1488 …`), so they share one prefilter for exactly that: the text is walked once for the
 * three, and four-digit years, ports and line numbers no longer open a window. Stating the three leading digits
 * lets the engine reject most single digits at once. An IBAN starts with its country code and check digits.
 */
const NINE_DIGITS = /\d{3}(?:[ -]?\d){6}/g;
const IBAN_START = /[A-Z]{2}\d{2}/g;
const CARD_CONTEXT = /card|visa|master|amex|american express|discover|\bcc\b|\bpan\b|payment|credit|debit|carte|tarjeta|karte/i;

/** How far from a card number its context is read (the rule's window around each hit). */
const CARD_NEAR = 50;

function digitCount(text: string): number {
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    digits += c >= 48 && c <= 57 ? 1 : 0;
  }
  return digits;
}

export const PII_RULES: readonly Rule[] = [
  {
    id: 'us-ssn',
    kind: 'pii',
    anchors: [],
    prefilter: NINE_DIGITS,
    pattern: /(?<![\w-])(?<value>\d{3}-\d{2}-\d{4}|\d{3} \d{2} \d{4})(?![\w-])|\b(?:ssn|social security(?: number)?)\D{0,20}(?<bare>\d{9})(?!\d)/gi,
    valueGroups: ['value', 'bare'],
    before: 50,
    after: 50,
    validate: ssnValid,
  },
  {
    id: 'uk-nhs-number',
    kind: 'pii',
    anchors: [],
    prefilter: NINE_DIGITS,
    pattern: /(?<![\w-])(?<value>\d{3}[ -]\d{3}[ -]\d{4})(?![\w-])|\bnhs\b\D{0,30}(?<bare>\d{10})(?!\d)/gi,
    valueGroups: ['value', 'bare'],
    before: 50,
    after: 50,
    validate: nhsValid,
  },
  {
    id: 'payment-card',
    kind: 'pii',
    anchors: [],
    prefilter: NINE_DIGITS,
    pattern: /(?<![\w.-])(?<value>\d{4}[ -]?\d{6}[ -]?\d{4,5}|\d{4}(?:[ -]?\d{4}){2,3}(?:[ -]?\d{1,3})?)(?![\w.-])/g,
    valueGroups: ['value'],
    before: CARD_NEAR,
    after: CARD_NEAR,
    // A digit run alone is a card only where the text near it speaks of cards, or where it is grouped the way cards
    // are printed (`4539 1488 …`) outside a table of numbers (test data, SVG paths).
    validate: (value, ctx) => {
      if (!cardValid(value)) {
        return false;
      }
      const near = aroundMatch(ctx, CARD_NEAR, CARD_NEAR);
      return CARD_CONTEXT.test(near) || (/[ -]/.test(value) && digitCount(near) < near.length * 0.5);
    },
  },
  {
    id: 'iban',
    kind: 'pii',
    anchors: [],
    prefilter: IBAN_START,
    pattern: /(?<![A-Za-z0-9])(?<value>[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?)(?![A-Za-z0-9])/g,
    valueGroups: ['value'],
    before: 50,
    after: 50,
    validate: ibanValid,
  },
];
