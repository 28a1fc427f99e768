import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { TokenRuns } from '../../../../src/router/privacy/sources';

/** The definition: forwards over letters, digits and `+/_-.~%=`; backwards the same without `=`. */
const FORWARD = /[A-Za-z0-9+/_\-.~%=]/;
const BACKWARD = /[A-Za-z0-9+/_\-.~%]/;
function naiveEnd(text: string, from: number): number {
  let end = from;
  while (end < text.length && FORWARD.test(text[end])) end++;
  return end;
}
function naiveStart(text: string, from: number): number {
  let start = from;
  while (start > 0 && BACKWARD.test(text[start - 1])) start--;
  return start;
}

describe('privacy sources: token runs around a value', () => {
  it('remembering the last run gives what walking each time gives, for offsets in text order', () => {
    const chars = fc.constantFrom(...'ab=Z9 _-\n"%.');
    fc.assert(fc.property(fc.array(chars, { minLength: 1, maxLength: 80 }).map(a => a.join('')), fc.array(fc.nat(), { maxLength: 30 }), (text, raw) => {
      const offsets = raw.map(n => n % (text.length + 1)).sort((a, b) => a - b);
      const runs = new TokenRuns(text);
      for (const at of offsets) {
        assert.equal(runs.start(at), naiveStart(text, at), `start ${at} in ${JSON.stringify(text)}`);
        assert.equal(runs.end(at), naiveEnd(text, at), `end ${at} in ${JSON.stringify(text)}`);
      }
    }), { numRuns: 2000, seed: 20261204 });
  });
});
