import * as assert from 'node:assert/strict';
import { BudgetLedger, DEFAULT_PRICES, estimateCostUsd, localDay, priceOf } from '../../../src/router/budget';
import { ManualClock } from '../../fakes';

describe('budget', () => {
  describe('priceOf / estimateCostUsd', () => {
    const cases: [string, string][] = [
      ['gpt-4o', 'gpt-4o'],
      ['GPT-4o', 'gpt-4o'],
      ['gpt-4o-mini', 'gpt-4o-mini'],
      ['gpt-4o-2024-08-06', 'gpt-4o'],
      ['gpt-4o-mini-2024-07-18', 'gpt-4o-mini'],
      ['gpt-5.1', 'gpt-5'],
      ['gpt-5-mini', 'gpt-5-mini'],
      ['gpt-4.1-mini', 'gpt-4.1-mini'],
      ['o4-mini', 'o4-mini'],
      ['model-router', 'model-router'],
      ['some-unknown-model', 'default'],
    ];
    for (const [model, expected] of cases) {
      it(`${model} is priced as ${expected}`, () => {
        assert.deepEqual(priceOf(model), DEFAULT_PRICES[expected]);
      });
    }

    it('computes input and output separately per million tokens', () => {
      const prices = { 'm': { inputPerMTok: 2, outputPerMTok: 8 } };
      assert.equal(estimateCostUsd('m', { promptTokens: 1_000_000, completionTokens: 0 }, prices), 2);
      assert.equal(estimateCostUsd('m', { promptTokens: 500_000, completionTokens: 250_000 }, prices), 3);
      assert.equal(estimateCostUsd('m', { promptTokens: 0, completionTokens: 0 }, prices), 0);
    });

    it('the person\'s prices override the defaults and unknown models fall back to the defaults table', () => {
      const prices = { 'gpt-4o': { inputPerMTok: 100, outputPerMTok: 100 } };
      assert.equal(estimateCostUsd('gpt-4o', { promptTokens: 10_000, completionTokens: 0 }, prices), 1);
      assert.deepEqual(priceOf('gpt-4o-mini', prices), DEFAULT_PRICES['gpt-4o-mini']);
    });

    it('a hostile key in the price table does not reach the object prototype', () => {
      const prices = JSON.parse('{"__proto__": {"inputPerMTok": 1, "outputPerMTok": 1}}') as Record<string, { inputPerMTok: number; outputPerMTok: number }>;
      assert.deepEqual(priceOf('__proto__', prices), { inputPerMTok: 1, outputPerMTok: 1 });
      assert.deepEqual(priceOf('other', prices), DEFAULT_PRICES.default);
    });
  });

  describe('BudgetLedger', () => {
    it('accumulates spend for the local day and starts fresh the next day', () => {
      const clock = new ManualClock(new Date(2026, 2, 10, 23, 0).getTime());
      const ledger = new BudgetLedger(clock);
      ledger.record(0.25);
      ledger.record(0.5);
      assert.equal(ledger.spentToday(), 0.75);
      clock.advance(2 * 3600 * 1000); // past local midnight
      assert.equal(ledger.spentToday(), 0);
      ledger.record(0.1);
      assert.deepEqual(ledger.snapshot(), { '2026-03-10': 0.75, '2026-03-11': 0.1 });
    });

    it('ignores zero, negative and non-finite amounts', () => {
      const ledger = new BudgetLedger(new ManualClock());
      for (const amount of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
        ledger.record(amount);
      }
      assert.equal(ledger.spentToday(), 0);
    });

    it('is over budget at the cap, and a cap of 0 means no cap', () => {
      const ledger = new BudgetLedger(new ManualClock());
      ledger.record(2);
      assert.equal(ledger.isOverBudget(2), true);
      assert.equal(ledger.isOverBudget(2.01), false);
      assert.equal(ledger.isOverBudget(0), false);
    });

    it('restores a snapshot, dropping malformed entries, and keeps only recent days', () => {
      const clock = new ManualClock(new Date(2026, 0, 31, 12).getTime());
      const ledger = new BudgetLedger(clock, 2);
      ledger.restore({ '2026-01-29': 1, '2026-01-30': 2, '2026-01-31': 3, 'yesterday': 4, '2026-01-28': 'x', '2026-01-27': -5 });
      assert.deepEqual(ledger.snapshot(), { '2026-01-30': 2, '2026-01-31': 3 });
      assert.equal(ledger.spentToday(), 3);
      ledger.restore(null);
      assert.deepEqual(ledger.snapshot(), {});
    });

    it('localDay formats the local calendar date', () => {
      assert.equal(localDay(new Date(2026, 11, 5, 0, 30).getTime()), '2026-12-05');
    });
  });
});
