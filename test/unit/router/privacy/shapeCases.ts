import * as assert from 'node:assert/strict';

/** [shape, text, rule]: the text holds a credential the named rule must find. */
export type FoundCase = readonly [string, string, string];
/** [shape, text]: the text holds none, and the gate must stay quiet. */
export type QuietCase = readonly [string, string];

/** One `it` per shape: each found case names its rule, each quiet case gives no finding at all. */
export function itFindsAndStaysQuiet(found: readonly FoundCase[], quiet: readonly QuietCase[], rules: (text: string) => string[]): void {
  for (const [shape, text, rule] of found) {
    it(`finds ${shape}`, () => {
      const hits = rules(text);
      assert.ok(hits.includes(rule), `${rule} not in [${hits.join(', ')}]`);
    });
  }
  for (const [shape, text] of quiet) {
    it(`stays quiet on ${shape}`, () => {
      assert.deepEqual(rules(text), []);
    });
  }
}
