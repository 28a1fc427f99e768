import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { AnchorIndex } from '../../../../src/router/privacy/anchors';
import { BUILTIN_RULES } from '../../../../src/router/privacy/rules/index';

interface Anchor {
  readonly anchor: string;
  readonly rule: number;
  readonly caseInsensitive: boolean;
}

/**
 * Every start offset of every distinct anchor of a rule, found the slow obvious way: compare at each position.
 * Two different anchors of one rule at one offset ('mysql', 'mysql_pwd=') are two hits, as in the index.
 */
function reference(text: string, anchors: readonly Anchor[], ruleCount: number): number[][] {
  const hits: number[][] = Array.from({ length: ruleCount }, () => []);
  const lower = text.replace(/[A-Z]/g, c => c.toLowerCase());
  const distinct = new Map(anchors.map(a => [`${a.rule}:${a.caseInsensitive}:${a.anchor}`, a]));
  for (const { anchor, rule, caseInsensitive } of distinct.values()) {
    for (let i = 0; i + anchor.length <= text.length; i++) {
      if ((caseInsensitive ? lower : text).startsWith(anchor, i)) {
        hits[rule].push(i);
      }
    }
  }
  return hits.map(h => h.sort((a, b) => a - b));
}

function collected(index: AnchorIndex, text: string, ruleCount: number): number[][] {
  const hits: number[][] = Array.from({ length: ruleCount }, () => []);
  index.collect(text, { add: (rule, offset) => hits[rule].push(offset) });
  return hits.map(h => [...h].sort((a, b) => a - b));
}

function indexOf(anchors: readonly Anchor[]): AnchorIndex {
  const index = new AnchorIndex();
  anchors.forEach(a => index.add(a.anchor, a.rule, a.caseInsensitive));
  return index;
}

const BUILTIN_ANCHORS: Anchor[] = BUILTIN_RULES.flatMap((rule, index) =>
  rule.anchors.map(a => ({ anchor: rule.caseInsensitive ? a.toLowerCase() : a, rule: index, caseInsensitive: rule.caseInsensitive === true })));

describe('AnchorIndex', () => {
  it('finds anchors at the very start and very end of the text, where a neighbouring character is missing', () => {
    const anchors: Anchor[] = [
      { anchor: 'key>', rule: 0, caseInsensitive: true },
      { anchor: 'ghp_', rule: 1, caseInsensitive: false },
      { anchor: '%', rule: 2, caseInsensitive: false },
      { anchor: 'sig=', rule: 3, caseInsensitive: true },
    ];
    for (const text of ['KEY>', 'ghp_', '%', 'x sig=', 'SIG= x', 'ghp_%key>sig=']) {
      assert.deepEqual(collected(indexOf(anchors), text, 4), reference(text, anchors, 4), text);
    }
  });

  it('tells apart anchors with a common start by their far end, in any case, up to the edges of the text', () => {
    const anchors: Anchor[] = [
      { anchor: 'key', rule: 0, caseInsensitive: true },
      { anchor: 'keyring', rule: 1, caseInsensitive: true },
      { anchor: 'keypass', rule: 2, caseInsensitive: true },
      { anchor: 'ab', rule: 3, caseInsensitive: false },
    ];
    for (const text of ['keyring', 'KEYPASS', 'keyrin', 'x KeyRing keypas KEY keypasS ab', 'keypassKEYRINGab']) {
      assert.deepEqual(collected(indexOf(anchors), text, 4), reference(text, anchors, 4), text);
    }
  });

  it('compares characters beyond ASCII beside the pivot instead of trusting their low seven bits', () => {
    // 'ä' (0xE4) & 127 is 'd', and U+0170 & 127 is 'p': the bucket may be the same, the anchor still must not match.
    const anchors: Anchor[] = [{ anchor: 'dapi', rule: 0, caseInsensitive: false }, { anchor: 'pwd', rule: 1, caseInsensitive: true }];
    const text = '\u00e4api \u0170wd dapi PWD';
    assert.deepEqual(collected(indexOf(anchors), text, 2), [[9], [14]]);
    assert.deepEqual(collected(indexOf(anchors), text, 2), reference(text, anchors, 2));
  });

  it('finds anchors that pivot on a character beyond ASCII (a user pattern in another script) beside ASCII ones', () => {
    // A character absent from the frequency table is the rarest pivot, so these pivot beyond ASCII.
    const anchors: Anchor[] = [
      { anchor: '\u043a\u043b\u044e\u0447', rule: 0, caseInsensitive: false },
      { anchor: 'pass\u00e9', rule: 1, caseInsensitive: true },
      { anchor: '\u20ac', rule: 2, caseInsensitive: false },
      { anchor: 'ghp_', rule: 3, caseInsensitive: false },
    ];
    const text = '\u20ac \u043a\u043b\u044e\u0447=ghp_ PASS\u00e9 pass\u00e9 \u043a\u043b\u044e\u20ac';
    const found = collected(indexOf(anchors), text, 4);
    assert.deepEqual(found, reference(text, anchors, 4));
    assert.deepEqual(found.map(h => h.length), [1, 2, 2, 1]);
  });

  it('finds every built-in anchor occurrence (all cases, overlaps, any neighbours) exactly like a position-by-position search', () => {
    const index = indexOf(BUILTIN_ANCHORS);
    const pieces = [...new Set(BUILTIN_ANCHORS.map(a => a.anchor))];
    const piece = fc.oneof(
      fc.constantFrom(...pieces),
      fc.constantFrom(...pieces).map(p => p.toUpperCase()),
      fc.constantFrom(...pieces).map(p => [...p].map((c, i) => (i % 2 ? c.toUpperCase() : c)).join('')),
      fc.string({ maxLength: 3 }),
      fc.constantFrom(' ', '\n', '_', '-', '=', '\u00e4', '\u0170', '\u00ff'),
    );
    fc.assert(fc.property(fc.array(piece, { maxLength: 30 }), parts => {
      const text = parts.join('');
      assert.deepEqual(collected(index, text, BUILTIN_RULES.length), reference(text, BUILTIN_ANCHORS, BUILTIN_RULES.length));
    }), { numRuns: 300 });
  });
});
