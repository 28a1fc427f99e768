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

    it('agrees with a run-by-run reference count on arbitrary text (the table-driven loop changes no figure)', () => {
      const units = fc.constantFrom(' ', ' ', '\t', '\n', 'a', 'b', 'Z', '_', '7', '=', '(', '.', 'é', '日', '\ud800');
      fc.assert(fc.property(fc.array(units, { maxLength: 400 }), chars => {
        const text = chars.join('');
        const expected = referenceStats(text);
        const actual = textStats(text);
        assert.deepEqual({ tokens: actual.tokens, lines: actual.lines, words: actual.words, codeRatio: actual.codeRatio }, expected);
      }), { numRuns: 300 });
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

/** The documented rules applied run by run: ⌈word run/5⌉, ⌈symbol run/2⌉, 1 per space run longer than 1, 1 per newline or non-ASCII unit. */
function referenceStats(text: string): { tokens: number; lines: number; words: number; codeRatio: number } {
  const classOf = (c: string): string => (c === '\n' ? 'n' : /[ \t\v\f\r]/.test(c) ? 's' : /\w/.test(c) ? 'w' : c.charCodeAt(0) < 128 ? 'y' : 'o');
  const runs = text.match(/\n|[ \t\v\f\r]+|\w+|[\x00-\x08\x0e-\x1f!-/:-@[-^`{-\x7f]+|[^\x00-\x7f]/g) ?? [];
  let tokens = 0;
  for (const run of runs) {
    const cls = classOf(run[0]);
    tokens += cls === 'w' ? Math.ceil(run.length / 5) : cls === 'y' ? Math.ceil(run.length / 2) : cls === 's' ? (run.length > 1 ? 1 : 0) : run.length;
  }
  const chars = [...text].flatMap(c => c.split(''));
  const symbols = chars.filter(c => classOf(c) === 'y').length;
  const nonSpace = chars.filter(c => !'sn'.includes(classOf(c))).length;
  return {
    tokens,
    lines: text.length > 0 ? text.split('\n').length : 0,
    words: runs.filter(r => classOf(r[0]) === 'w').length,
    codeRatio: nonSpace === 0 ? 0 : symbols / nonSpace,
  };
}
