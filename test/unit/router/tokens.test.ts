import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { estimateTokens, formatTokens, textStats } from '../../../src/router/tokens';

describe('tokens', () => {
  describe('estimateTokens', () => {
    it('is 0 for the empty string', () => {
      assert.equal(estimateTokens(''), 0);
    });

    it('counts a short English sentence at about one token per word and punctuation mark', () => {
      // "Hello, how are you today?" is 7 tokens in common BPE vocabularies.
      const tokens = estimateTokens('Hello, how are you today?');
      assert.ok(tokens >= 6 && tokens <= 9, `got ${tokens}`);
    });

    it('lands near chars/4 for prose and below chars/2 for code', () => {
      const prose = 'The service reads the configuration once and passes plain values down to every module that needs them. '.repeat(50);
      const code = 'export function add(a: number, b: number): number {\n  return a + b;\n}\n'.repeat(50);
      const proseRatio = prose.length / estimateTokens(prose);
      const codeRatio = code.length / estimateTokens(code);
      assert.ok(proseRatio > 3.5 && proseRatio < 6.5, `prose chars/token ${proseRatio}`);
      assert.ok(codeRatio > 2 && codeRatio < proseRatio, `code chars/token ${codeRatio}`);
    });

    it('grows linearly: twice the text is twice the tokens', () => {
      const chunk = 'const total = items.reduce((sum, item) => sum + item.price, 0);\n';
      const one = estimateTokens(chunk.repeat(100));
      const two = estimateTokens(chunk.repeat(200));
      assert.ok(Math.abs(two - 2 * one) <= 2, `${one} vs ${two}`);
    });

    it('counts each non-ASCII character, including lone surrogates and NUL', () => {
      assert.equal(estimateTokens('日本語'), 3);
      assert.ok(estimateTokens('\ud800\u0000\udfff') >= 3);
    });

    it('never throws and is non-negative on arbitrary strings', () => {
      // Any UTF-16 code unit, so lone surrogates and NUL appear too.
      const anyUnits = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map(c => String.fromCharCode(c)) });
      fc.assert(fc.property(anyUnits, text => {
        const stats = textStats(text);
        return stats.tokens >= 0 && stats.codeRatio >= 0 && stats.codeRatio <= 1 && stats.chars === text.length;
      }));
    });
  });

  describe('textStats', () => {
    it('tells code from prose by the share of symbols', () => {
      const prose = textStats('Please explain how the cache decides which entries to evict first.');
      const code = textStats('if (cache.size() > max) { cache.evict(lru.pop()); } else { return; }');
      assert.ok(prose.codeRatio < 0.05, `prose ${prose.codeRatio}`);
      assert.ok(code.codeRatio > 0.15, `code ${code.codeRatio}`);
    });

    it('counts lines and words', () => {
      const stats = textStats('one two\nthree\n');
      assert.equal(stats.lines, 3);
      assert.equal(stats.words, 3);
    });
  });

  describe('formatTokens', () => {
    it('rounds to k and M', () => {
      assert.equal(formatTokens(850), '850');
      assert.equal(formatTokens(12_400), '~12k');
      assert.equal(formatTokens(1_250_000), '~1.3M');
    });
  });
});
