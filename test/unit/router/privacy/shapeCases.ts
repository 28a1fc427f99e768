import * as assert from 'node:assert/strict';
import { substrings8 } from './fixtures';

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

/** A test that the text is found and that no 8-character piece of `secret` reaches the findings (rule ids, previews). */
export function itNeverEchoes(title: string, text: string, secret: string, scan: (text: string) => readonly object[]): void {
  it(title, () => {
    const findings = scan(text);
    assert.ok(findings.length > 0);
    const json = JSON.stringify(findings);
    assert.ok(substrings8(secret).every(piece => !json.includes(piece)));
  });
}
