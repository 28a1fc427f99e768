import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { assessComplexity, CONTEXT_TOO_LONG, exceedsLocalContext, type ComplexityResult } from '../../../src/router/complexity';
import { HAND_WEIGHTS } from '../../../src/router/routingModel';
import type { AskRequest } from '../../../src/router/types';
import { aFile, aSelection } from '../../fakes';

const OPTS = { localContextTokens: 32_000 };
const assess = (prompt: string, extra: Partial<AskRequest> = {}): ComplexityResult => assessComplexity({ prompt, ...extra }, OPTS);
const ids = (r: ComplexityResult): string[] => r.signals.map(s => s.id);

/**
 * Hand-written prompts on either side of eval/routing/RUBRIC.md (none of them is in the evaluation set). `trivial`
 * marks the ones that must skip the router model. Stage 1 must send each to `target`.
 */
const CASES: readonly { prompt: string; target: 'local' | 'cloud'; trivial?: boolean }[] = [
  // Trivial: greetings, thanks, acknowledgements, renames, docstrings, typos, formatting.
  { prompt: 'hi', target: 'local', trivial: true },
  { prompt: 'Hello there!', target: 'local', trivial: true },
  { prompt: 'good morning', target: 'local', trivial: true },
  { prompt: 'thanks!', target: 'local', trivial: true },
  { prompt: 'Thank you, that worked.', target: 'local', trivial: true },
  { prompt: 'ok', target: 'local', trivial: true },
  { prompt: 'LGTM', target: 'local', trivial: true },
  { prompt: 'rename `cnt` to `count`', target: 'local', trivial: true },
  { prompt: "don't refactor, just rename x", target: 'local', trivial: true },
  { prompt: 'Please do not restructure anything; rename the variable tmp to buffer.', target: 'local', trivial: true },
  { prompt: 'add a docstring to this function', target: 'local', trivial: true },
  { prompt: 'Add comments explaining each branch', target: 'local', trivial: true },
  { prompt: 'fix the typo in this error message', target: 'local', trivial: true },
  { prompt: 'format this file', target: 'local', trivial: true },
  { prompt: 'sort the imports', target: 'local', trivial: true },
  // Local, not trivial: one question about one thing, one error, one small piece of code.
  { prompt: 'Why does this loop never terminate?', target: 'local' },
  { prompt: 'What is a closure in JavaScript?', target: 'local' },
  { prompt: 'How do I read a file line by line in Python?', target: 'local' },
  { prompt: 'Write a unit test for parseDate', target: 'local' },
  { prompt: 'What does the `?.` operator do?', target: 'local' },
  { prompt: 'Refactor this function to use async/await', target: 'local' },
  { prompt: "I get TypeError: Cannot read properties of undefined (reading 'length') in this component. How do I fix it?", target: 'local' },
  { prompt: 'How do I set an environment variable in docker-compose.yml?', target: 'local' },
  // Cloud: migrations and ports, redesigns, system design, security reviews, problems across components.
  { prompt: 'Migrate all services from REST to gRPC, redesign the architecture around events, and explain the trade-offs', target: 'cloud' },
  { prompt: 'Re-architect the monolith into microservices across the whole codebase and analyse the performance at scale', target: 'cloud' },
  { prompt: 'Port our Postgres schema and queries to MySQL', target: 'cloud' },
  { prompt: 'Move the whole app off Angular 1 to React', target: 'cloud' },
  { prompt: 'Our Go service hangs in production after a few hours under load', target: 'cloud' },
  { prompt: "Design end-to-end encryption for messages synced across a user's devices", target: 'cloud' },
  { prompt: 'Add multi-tenant access control to every endpoint', target: 'cloud' },
  { prompt: 'Threat model our payment service and analyse the attack surface in depth', target: 'cloud' },
  { prompt: 'Refactor the auth module across the codebase to use dependency injection', target: 'cloud' },
];

describe('complexity', () => {
  describe('targets (table)', () => {
    for (const c of CASES) {
      it(`${JSON.stringify(c.prompt)} → ${c.target}${c.trivial ? ' (trivial)' : ''}`, () => {
        const result = assess(c.prompt);
        assert.equal(result.suggestedTarget, c.target, `p=${result.cloudProbability} signals: ${JSON.stringify(result.signals)}`);
        assert.equal(result.isTrivial, c.trivial === true);
        assert.ok(result.confidence >= 0.5 && result.confidence <= 1);
        // The band agrees with the target: a cloud suggestion is never left in a local band.
        assert.equal(result.band === 'high' || result.band === 'very_high', c.target === 'cloud', result.band);
      });
    }
  });

  describe('scope, not keywords', () => {
    it('judges a long prompt that is mostly pasted code by its instruction', () => {
      const pasted = 'function computeTotals(items) {\n  let sum = 0;\n  for (const item of items) { sum += item.price * item.qty; }\n  return sum;\n}\n'.repeat(40);
      const result = assess(`Rename computeTotals to sumLineItems in this function, nothing else.\n\n${pasted}`);
      assert.equal(result.suggestedTarget, 'local');
      assert.ok(result.estimatedTokens > 1500, 'the prompt is long');
    });

    it('sends a short request that names system-scale work to the cloud', () => {
      for (const prompt of ['Rewrite everything in Rust', 'Split the monolith into services', 'Migrate the app from Vue 2 to Vue 3']) {
        const result = assess(prompt);
        assert.equal(result.suggestedTarget, 'cloud', prompt);
        assert.ok(result.summary.length > 0);
      }
    });

    it('names what it judged: kind of work and scope', () => {
      const result = assess('Move the whole app off Angular 1 to React');
      assert.equal(result.kind, 'migrate');
      assert.equal(result.scope, 'system');
      assert.equal(result.summary, 'a migration across the whole system');
      assert.match(result.evidence ?? '', /a migration/);
    });

    it('a larger scope raises the probability of the same kind of work', () => {
      const one = assess('Refactor this function to use dependency injection');
      const all = assess('Refactor every module across the codebase to use dependency injection');
      assert.ok((all.cloudProbability ?? 0) > (one.cloudProbability ?? 1), `${one.cloudProbability} vs ${all.cloudProbability}`);
    });

    it('other weights change the decision: stage 1 reads the weights it is given', () => {
      const prompt = 'Port our Postgres schema and queries to MySQL';
      const flipped = { bias: -5, weights: {} };
      assert.equal(assess(prompt).suggestedTarget, 'cloud');
      assert.equal(assessComplexity({ prompt }, { ...OPTS, weights: flipped }).suggestedTarget, 'local');
      assert.equal(assessComplexity({ prompt }, { ...OPTS, weights: HAND_WEIGHTS }).suggestedTarget, 'cloud');
    });
  });

  describe('look-alikes', () => {
    it('a negated redesign does not count as one', () => {
      assert.ok(!ids(assess("don't restructure anything, just rename x")).includes('kind:refactor'));
      assert.ok(ids(assess('restructure the module, then rename x')).includes('kind:refactor'));
      assert.ok(!ids(assess('do not migrate to Postgres yet, just fix this query')).includes('kind:migrate'));
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

    it('matches case-insensitively on word boundaries only', () => {
      assert.ok(ids(assess('REDESIGN THE NOTIFICATION MODULE')).includes('kind:redesign'));
      assert.ok(!ids(assess('call redesigner.run() and prefactored()')).includes('kind:redesign'));
      assert.ok(!ids(assess('open the reshardings.csv export')).includes('kind:system-feature'));
      assert.ok(ids(assess('How should we approach sharding the orders table?')).includes('kind:system-feature'));
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

    it('a list of deliverables counts as one signal', () => {
      const result = assess('Please:\n1. add logging\n2. add retries\n3. add metrics\n4. update the docs');
      assert.ok(ids(result).includes('cue:task-list'));
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

    it('signal details, summary and evidence never contain prompt text outside the model vocabulary', () => {
      const marker = 'zqxwvplm';
      const prompt = `Migrate ${marker}.ts across the codebase from ${marker} to Postgres; ${marker} is slow? ${marker}? explain in depth`;
      const result = assess(prompt);
      assert.ok(result.signals.length >= 3);
      assert.ok(!JSON.stringify(result.signals).includes(marker));
      assert.ok(!result.summary.includes(marker));
      assert.ok(!(result.evidence ?? '').includes(marker));
    });
  });

  describe('summary phrase', () => {
    it('names a refactor across the codebase and its file count', () => {
      const result = assess('Refactor the session handling across the codebase: a.ts, b.ts, c.ts, d.ts');
      assert.equal(result.summary, 'a refactor across the whole system across 4 files');
    });

    it('calls a question about one piece of code just that', () => {
      assert.equal(assess('Why does this loop never terminate?').summary, 'a question about one piece of code');
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
