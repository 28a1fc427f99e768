import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LEARNED_WEIGHTS, modelFeatures, scoreRequest, type RoutingWeights } from '../../../src/router/routingModel';
import { scopeFeatures, type ScopeFeatures } from '../../../src/router/scope';

/** The score by its definition, computed afresh: bias plus the extra log-odds plus each weighted feature, in order. */
function definition(scope: ScopeFeatures, model: RoutingWeights, extra: number): { probability: number; ids: string[] } {
  let logit = model.bias + extra;
  const weighted: { id: string; weight: number }[] = [];
  for (const id of modelFeatures(scope)) {
    const weight = model.weights[id];
    if (typeof weight === 'number' && Number.isFinite(weight) && weight !== 0) {
      logit += weight;
      weighted.push({ id, weight });
    }
  }
  const toward = logit >= 0 ? 1 : -1;
  // Which contributions point the score's way (the naming filter is the scorer's own; the side is what may go stale).
  return { probability: 1 / (1 + Math.exp(-logit)), ids: weighted.filter(c => c.weight * toward > 0).map(c => c.id) };
}

const REQUESTS = readFileSync(join(__dirname, '../../../../eval/routing/requests.jsonl'), 'utf8')
  .split('\n').filter(Boolean).slice(0, 60).map(line => (JSON.parse(line) as { text: string }).text);

describe('stage-1 score: remembered per request, equal to its definition', () => {
  it('the same request judged again, with other size facts in any order, scores as if judged afresh', () => {
    fc.assert(fc.property(
      fc.constantFrom(...REQUESTS),
      fc.array(fc.constantFrom(-6, -2, 0, 0.4, 1.5, 3, 6), { minLength: 1, maxLength: 6 }),
      (text, extras) => {
        for (const extra of extras) {
          const score = scoreRequest(scopeFeatures(text), LEARNED_WEIGHTS, extra);
          const expected = definition(scopeFeatures(text), LEARNED_WEIGHTS, extra);
          assert.equal(score.probability, expected.probability);
          // The strongest contributions named are on the side the score lands on, whichever side was asked first.
          for (const s of score.strongest) {
            assert.ok(expected.ids.includes(s.id), `${s.id} does not point the score's way at extra ${extra}`);
          }
        }
      }), { numRuns: 200 });
  });

  it('one scope scored under two models keeps the weights of each model apart', () => {
    const scope = scopeFeatures('Migrate the whole backend from Express to Fastify');
    const toCloud: RoutingWeights = { bias: 0, weights: { 'w:fastify': 4 } };
    const toLocal: RoutingWeights = { bias: 0, weights: { 'w:fastify': -4 } };
    assert.ok(scoreRequest(scope, toCloud).probability > 0.9);
    assert.ok(scoreRequest(scope, toLocal).probability < 0.1);
    assert.deepEqual(scoreRequest(scope, toLocal).strongest.map(s => s.id), ['w:fastify']);
  });

  it('a remembered judgement is shared read-only: callers cannot change what the next turn sees', () => {
    const first = scopeFeatures('Port the billing service from Python to Go');
    assert.equal(scopeFeatures('Port the billing service from Python to Go'), first);
    assert.throws(() => { (first.features as string[]).push('kind:migrate'); });
    assert.throws(() => { (first.words as string[]).length = 0; });
    assert.deepEqual(scopeFeatures('Port the billing service from Python to Go').features, first.features);
  });
});
