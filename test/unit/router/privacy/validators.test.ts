import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { isAllowlisted, isHashOrId, isPlaceholder, isReference } from '../../../../src/router/privacy/allowlist';
import { maskPreview } from '../../../../src/router/privacy/mask';
import { cardValid, ibanValid, luhnValid, nhsValid, shannonEntropy, ssnValid } from '../../../../src/router/privacy/validators';
import { ALNUM, HEX, Rng, iban, nhsNumber, withLuhn } from './fixtures';

const rng = new Rng(5);

describe('privacy validators', () => {
  it('Luhn accepts computed check digits and rejects a changed digit', () => {
    for (let i = 0; i < 20; i++) {
      const number = withLuhn(rng.digits(15));
      assert.equal(luhnValid(number), true);
      assert.equal(luhnValid(number.slice(0, -1) + ((Number(number.slice(-1)) + 1) % 10)), false);
    }
  });

  it('cards need a known issuer prefix and are not documented test numbers', () => {
    assert.equal(cardValid(withLuhn('4539' + rng.digits(11))), true);
    assert.equal(cardValid(withLuhn('5425' + rng.digits(11))), true);
    assert.equal(cardValid(withLuhn('3714' + rng.digits(10))), true);
    assert.equal(cardValid(withLuhn('1234' + rng.digits(11))), false);
    assert.equal(cardValid('4242 4242 4242 4242'), false);
    assert.equal(cardValid('4111-1111-1111-1111'), false);
    assert.equal(cardValid(withLuhn('45391')), false);
  });

  it('IBAN checks mod-97 and the country length', () => {
    const valid = iban('DE', '37040044' + rng.digits(10));
    assert.equal(ibanValid(valid), true);
    assert.equal(ibanValid(valid.replace(/(\d)$/, d => String((Number(d) + 1) % 10))), false);
    assert.equal(ibanValid(iban('DE', '3704004405')), false);
    assert.equal(ibanValid(iban('ZZ', '37040044' + rng.digits(10))), false);
  });

  it('NHS numbers check mod 11', () => {
    const valid = nhsNumber(rng);
    assert.equal(nhsValid(valid), true);
    const digits = valid.replace(/ /g, '');
    assert.equal(nhsValid(digits.slice(0, 9) + ((Number(digits[9]) + 1) % 10)), false);
    assert.equal(nhsValid('0000000000'), false);
  });

  it('SSNs follow area, group and serial rules and skip famous examples', () => {
    assert.equal(ssnValid('536-22-4187'), true);
    for (const invalid of ['000-12-3456', '666-12-3456', '912-12-3456', '536-00-4187', '536-22-0000', '078-05-1120', '123-45-6789']) {
      assert.equal(ssnValid(invalid), false, invalid);
    }
  });

  it('entropy separates random tokens from filler', () => {
    assert.ok(shannonEntropy(rng.str(40, ALNUM)) > 4);
    assert.ok(shannonEntropy('x'.repeat(40)) < 0.01);
  });

  it('entropy is the bits per character of the distinct characters, the same to the last digit for any text', () => {
    // The definition, counted per code point over the UTF-16 length (as the gate has always measured it).
    const reference = (value: string): number => {
      const counts = new Map<string, number>();
      for (const ch of value) {
        counts.set(ch, (counts.get(ch) ?? 0) + 1);
      }
      return [...counts.values()].reduce((bits, n) => bits - (n / value.length) * Math.log2(n / value.length), 0);
    };
    assert.equal(shannonEntropy('abab'), 1);
    assert.equal(shannonEntropy('abcd'), 2);
    const text = fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: fc.constantFrom('a', 'b', 'Z', '9', '=', '\u00e9', '\u20ac'), maxLength: 60 }));
    fc.assert(fc.property(text, value => {
      assert.equal(shannonEntropy(value), reference(value));
      // Counts are reused between calls: a second call on the same text must not see the first one's.
      assert.equal(shannonEntropy(value), reference(value));
    }), { numRuns: 2000 });
  });

  it('recognises placeholders, references, hashes and ids', () => {
    for (const p of ['<your-api-key>', 'YOUR_API_KEY_HERE', 'xxxxxxxx', '****', 'changeme', '${API_KEY}', '{{ api_key }}', '%s', 'redacted', 'dummy']) {
      assert.equal(isPlaceholder(p), true, p);
    }
    for (const ref of ['process.env.API_KEY', "os.environ['KEY']", 'os.getenv("KEY")', 'System.getenv("KEY")', '$env:API_KEY', "ENV['KEY']",
      '@Microsoft.KeyVault(SecretUri=https://v.vault.azure.net/secrets/x)', 'arn:aws:secretsmanager:us-east-1:1:secret:x', 'vault:secret/data/x', 'secretKeyRef']) {
      assert.equal(isReference(ref), true, ref);
    }
    assert.equal(isHashOrId('sha512-' + rng.str(86, ALNUM) + '=='), true);
    assert.equal(isHashOrId('123e4567-e89b-12d3-a456-426614174000'), true);
    assert.equal(isHashOrId(rng.str(40, HEX)), true);
    assert.equal(isAllowlisted(rng.str(24, ALNUM)), false);
  });

  it('masks values: a public format prefix at most, nothing for other values and PII', () => {
    const value = 'ghp_' + rng.str(36, ALNUM);
    assert.equal(maskPreview(value, 'secret'), 'ghp_…(40 chars)');
    assert.equal(maskPreview('sk-proj-' + rng.str(40, ALNUM), 'secret'), 'sk-proj…(48 chars)');
    assert.equal(maskPreview('AKIA' + rng.str(16, ALNUM.toUpperCase()), 'secret'), 'AKIA…(20 chars)');
    assert.equal(maskPreview('hunter2-Xy9', 'secret'), '****(11 chars)');
    assert.equal(maskPreview('4539 1488 0343 6467', 'pii'), '****(19 chars)');
  });

  it('never shows the first characters of a long password or key without a public prefix', () => {
    for (let i = 0; i < 50; i++) {
      const password = rng.str(6, ALNUM) + '!' + rng.str(17 + i, ALNUM);
      const preview = maskPreview(password, 'secret');
      assert.equal(preview, `****(${password.length} chars)`);
      assert.ok(!preview.includes(password.slice(0, 4)), 'the preview shows the first characters of the password');
    }
    // A value that is a known prefix plus a few characters is not worth naming either.
    assert.equal(maskPreview('ghp_' + rng.str(5, ALNUM), 'secret'), '****(9 chars)');
  });
});
