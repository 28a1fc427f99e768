import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { assessComplexity, CONTEXT_TOO_LONG, exceedsLocalContext, type ComplexityResult } from '../../../src/router/complexity';
import type { AskRequest, Complexity } from '../../../src/router/types';
import { aFile, aSelection } from '../../fakes';

const OPTS = { localContextTokens: 32_000 };
const assess = (prompt: string, extra: Partial<AskRequest> = {}): ComplexityResult => assessComplexity({ prompt, ...extra }, OPTS);
const ids = (r: ComplexityResult): string[] => r.signals.map(s => s.id);

/** Prompts across every band. `trivial` marks the ones that must skip the router model. */
const CASES: readonly { prompt: string; band: Complexity; trivial?: boolean }[] = [
  // Trivial: greetings, thanks, acknowledgements, renames, docstrings, typos, formatting.
  { prompt: 'hi', band: 'low', trivial: true },
  { prompt: 'Hello there!', band: 'low', trivial: true },
  { prompt: 'good morning', band: 'low', trivial: true },
  { prompt: 'thanks!', band: 'low', trivial: true },
  { prompt: 'Thank you, that worked.', band: 'low', trivial: true },
  { prompt: 'ok', band: 'low', trivial: true },
  { prompt: 'LGTM', band: 'low', trivial: true },
  { prompt: 'rename `cnt` to `count`', band: 'low', trivial: true },
  { prompt: "don't refactor, just rename x", band: 'low', trivial: true },
  { prompt: 'Please do not restructure anything; rename the variable tmp to buffer.', band: 'low', trivial: true },
  { prompt: 'add a docstring to this function', band: 'low', trivial: true },
  { prompt: 'Add comments explaining each branch', band: 'low', trivial: true },
  { prompt: 'fix the typo in this error message', band: 'low', trivial: true },
  { prompt: 'format this file', band: 'low', trivial: true },
  { prompt: 'sort the imports', band: 'low', trivial: true },
  // Low, not trivial: ordinary short questions.
  { prompt: 'Why does this loop never terminate?', band: 'low' },
  { prompt: 'What is a closure in JavaScript?', band: 'low' },
  { prompt: 'How do I read a file line by line in Python?', band: 'low' },
  { prompt: 'Write a unit test for parseDate', band: 'low' },
  { prompt: 'What does the `?.` operator do?', band: 'low' },
  // Medium: one heavy signal.
  { prompt: 'Refactor this function to use async/await', band: 'medium' },
  { prompt: 'Explain step by step how this parser handles operator precedence', band: 'medium' },
  { prompt: 'Is this queue thread-safe, or is there a race condition?', band: 'medium' },
  { prompt: 'Do a security review of this login handler', band: 'medium' },
  { prompt: 'Optimise this query; it has become the bottleneck', band: 'medium' },
  { prompt: 'What are the trade-offs between these two caching approaches?', band: 'medium' },
  // High: two heavy signals, or a refactor with cross-module scope.
  { prompt: 'Refactor the auth module across the codebase to use dependency injection', band: 'high' },
  { prompt: 'Redesign the notification module and explain the trade-offs', band: 'high' },
  { prompt: 'Threat model our payment service and analyse the attack surface in depth', band: 'high' },
  { prompt: 'Find the deadlock in our distributed lock service and prove the fix is correct', band: 'high' },
  // Very high: many heavy signals.
  { prompt: 'Redesign the architecture of the notification system and explain the trade-offs', band: 'very_high' },
  { prompt: 'Migrate all services from REST to gRPC, redesign the architecture around events, and explain the trade-offs', band: 'very_high' },
  { prompt: 'Re-architect the monolith into microservices across the whole codebase and analyse the performance at scale', band: 'very_high' },
  { prompt: 'Refactor the data layer in a.ts, b.ts, c.ts and d.ts across every module to remove the race condition', band: 'very_high' },
];

describe('complexity', () => {
  describe('bands (table)', () => {
    for (const c of CASES) {
      it(`${JSON.stringify(c.prompt)} → ${c.band}${c.trivial ? ' (trivial)' : ''}`, () => {
        const result = assess(c.prompt);
        assert.equal(result.band, c.band, `signals: ${JSON.stringify(result.signals)}`);
        assert.equal(result.isTrivial, c.trivial === true);
        assert.ok(result.confidence > 0 && result.confidence <= 1);
      });
    }
  });

  describe('look-alikes', () => {
    it('a negated refactor does not count as one', () => {
      assert.ok(!ids(assess("don't refactor, just rename x")).includes('refactor'));
      assert.ok(ids(assess('refactor, then rename x')).includes('refactor'));
    });

    it('a trivial verb next to heavy scope is not trivial', () => {
      const result = assess('rename the User class across the codebase and every service');
      assert.equal(result.isTrivial, false);
      assert.notEqual(result.band, 'low');
    });

    it('a greeting followed by a real request is not trivial', () => {
      const result = assess('Hi! Can you migrate our billing service to the new event-driven architecture and explain the trade-offs?');
      assert.equal(result.isTrivial, false);
      assert.ok(result.band === 'high' || result.band === 'very_high', result.band);
    });

    it('matches keywords case-insensitively on word boundaries only', () => {
      assert.ok(ids(assess('REFACTOR THIS')).includes('refactor'));
      assert.ok(!ids(assess('call prefactored() and rewriter.run()')).includes('refactor'));
      assert.ok(!ids(assess('open the performances.csv')).includes('performance'));
      assert.ok(!ids(assess('add an avatar to the user profile page')).includes('performance'));
      assert.ok(!ids(assess('how do I improve this variable name?')).includes('reasoning'));
    });

    it('a trivial prompt with a large attachment is not trivial', () => {
      const big = 'function step(state) { return state.next(); }\n'.repeat(600);
      assert.equal(assess('add a docstring', { references: [aSelection(big)] }).isTrivial, false);
    });
  });

  describe('signals', () => {
    it('counts distinct files from references and names in the prompt', () => {
      const result = assess('Update api.ts and models/user.ts to match', {
        references: [aFile('src/db.ts', 'export const db = 1;'), aFile('src/api.ts', 'export {}')],
      });
      assert.equal(result.fileCount, 3);
      const multi = result.signals.find(s => s.id === 'multi-file');
      assert.equal(multi?.detail, '3 files');
    });

    it('weights size: a 20 KB selection adds a context-size signal with a token count', () => {
      const selection = 'const value = compute(input, options);\n'.repeat(520);
      const result = assess('Why does this fail?', { references: [aSelection(selection)] });
      const size = result.signals.find(s => s.id === 'context-size');
      assert.ok(size, JSON.stringify(result.signals));
      assert.match(size.detail ?? '', /^~\d+k tokens$/);
    });

    it('counts history tokens in the estimate', () => {
      const alone = assess('And now?');
      const withHistory = assess('And now?', { history: [{ role: 'user', content: 'word '.repeat(400) }, { role: 'assistant', content: 'reply '.repeat(400) }] });
      assert.ok(withHistory.estimatedTokens > alone.estimatedTokens + 700);
    });

    it('several questions in one prompt raise the score', () => {
      const result = assess('Why is this slow? Where is the leak? What should I change? How do I test it?');
      assert.ok(ids(result).includes('multiple-questions'));
    });

    it('a numbered list of asks counts as multiple asks', () => {
      const result = assess('Please:\n1. add logging\n2. add retries\n3. add metrics\n4. update the docs');
      assert.ok(ids(result).includes('multiple-questions'));
    });

    it('flags context-too-long beyond the usable share of the local window', () => {
      const selection = 'x = compute(a, b)\n'.repeat(3000);
      const small = assessComplexity({ prompt: 'explain', references: [aSelection(selection)] }, { localContextTokens: 4096 });
      assert.equal(small.contextTooLong, true);
      assert.ok(small.signals.some(s => s.id === CONTEXT_TOO_LONG));
      assert.ok(small.band === 'high' || small.band === 'very_high');
      assert.match(small.summary, /tokens/);
      const roomy = assessComplexity({ prompt: 'explain', references: [aSelection(selection)] }, { localContextTokens: 128_000 });
      assert.equal(roomy.contextTooLong, false);
    });

    it('leaves room for the answer: a request filling 95% of the window is too long', () => {
      assert.equal(exceedsLocalContext(7800, 8192), true);
      assert.equal(exceedsLocalContext(4000, 8192), false);
      assert.equal(exceedsLocalContext(1_000_000, 0), false, 'unknown window: no gate');
    });

    it('signal details never contain prompt text', () => {
      const marker = 'zqxwvplm';
      const prompt = `Refactor ${marker}.ts across the codebase; ${marker} is slow? ${marker}? ${marker}? explain in depth`;
      const result = assess(prompt);
      assert.ok(result.signals.length >= 3);
      assert.ok(!JSON.stringify(result.signals).includes(marker));
      assert.ok(!result.summary.includes(marker));
    });
  });

  describe('summary phrase', () => {
    it('names a cross-module refactor and its file count', () => {
      const result = assess('Refactor the session handling across the codebase: a.ts, b.ts, c.ts, d.ts');
      assert.equal(result.summary, 'a cross-module refactor across 4 files');
    });

    it('calls a plain short question a short question', () => {
      assert.equal(assess('Why does this loop never terminate?').summary, 'a short question');
    });

    it('names trivial kinds', () => {
      assert.equal(assess('hello').summary, 'a greeting');
      assert.equal(assess('rename foo to bar').summary, 'a simple rename');
    });
  });

  describe('totality', () => {
    const anyUnits = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map(c => String.fromCharCode(c)), maxLength: 400 });

    it('never throws on arbitrary strings in any part of the request', () => {
      fc.assert(fc.property(anyUnits, anyUnits, anyUnits, (prompt, content, name) => {
        const result = assessComplexity({ prompt, references: [{ kind: 'file', name, content }], history: [{ role: 'user', content }] }, OPTS);
        return result.confidence >= 0 && result.confidence <= 1 && result.estimatedTokens >= 0;
      }));
    });

    it('handles lone surrogates, NUL and a 1 MB line', () => {
      for (const prompt of ['\ud800', '\udfff refactor', '\u0000'.repeat(1000), 'a-'.repeat(512 * 1024), '{'.repeat(1 << 20)]) {
        const result = assess(prompt);
        assert.ok(['low', 'medium', 'high', 'very_high'].includes(result.band));
      }
    });

    it('tolerates missing optional parts and a non-string prompt from JavaScript callers', () => {
      const result = assessComplexity({ prompt: undefined as unknown as string, references: [{ kind: 'file', name: 'a.ts' }] }, OPTS);
      assert.equal(result.band, 'low');
    });
  });
});
