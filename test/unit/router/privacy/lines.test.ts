import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { LineIndex, lineStartIn } from '../../../../src/router/privacy/lines';

/** What a validator did before: walk back from `index` in its window to a newline, at most `limit` characters. */
function walkBack(window: string, index: number, limit: number): number {
  const floor = Math.max(0, index - limit);
  for (let i = index - 1; i >= floor; i--) {
    if (window[i] === '\n') {
      return i + 1;
    }
  }
  return floor;
}

describe('privacy gate: line starts inside a window', () => {
  it('finds the same line start as walking back through the window, for any window of any text and any limit', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', ' ', '\n', '\r', '=', 'é'), maxLength: 200 });
    fc.assert(fc.property(text, fc.nat(), fc.nat(), fc.nat(), fc.integer({ min: 1, max: 40 }), (t, a, b, i, limit) => {
      const start = t.length === 0 ? 0 : a % (t.length + 1);
      const end = start + (t.length - start === 0 ? 0 : b % (t.length - start + 1));
      const window = t.slice(start, end);
      const index = window.length === 0 ? 0 : i % (window.length + 1);
      const ctx = { lines: new LineIndex(t), windowStart: start };
      assert.equal(lineStartIn(ctx, index, limit), walkBack(window, index, limit));
    }), { numRuns: 2000 });
  });

  it('stops at the window\'s start when the line began before it, and at the limit on a long line', () => {
    const text = `first line\n${'x'.repeat(1000)}`;
    const lines = new LineIndex(text);
    assert.equal(lineStartIn({ lines, windowStart: 20 }, 100), 0);
    assert.equal(lineStartIn({ lines, windowStart: 0 }, 900), 388);
    assert.equal(lineStartIn({ lines, windowStart: 0 }, 300), 11);
  });
});
