import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { checkPrivacyWithSpans } from '../../../src/router/privacyGate';
import { ScanCache } from '../../../src/router/privacy/scanCache';
import type { AskRequest, ChatTurn } from '../../../src/router/types';
import { Rng } from './privacy/fixtures';

const OPTIONS = { sensitiveFileGlobs: [], extraPatterns: [] };
const rng = new Rng(0xcac4e);
const token = ['gh', 'p_', rng.str(36)].join('');
const pw = rng.str(14) + 'x9Q';

/** Parts with and without secrets, some cut so a secret straddles two neighbouring parts. */
const TEXTS = [
  'export function add(a, b) { return a + b; }\n',
  `const auth = "${token}";\n`,
  `DB_PASSWORD=${pw}\nDB_HOST=localhost\n`,
  'line one\nline two\nline three\n',
  `password = "${pw.slice(0, 8)}`,
  `${pw.slice(8)}";\n`,
  `postgres://app:${pw}@db.internal:5432/orders`,
  '',
  `auth: ${token.slice(0, 20)}`,
  `${token.slice(20)} is what I used`,
];

const turn = fc.oneof(
  fc.record({ role: fc.constantFrom('user' as const, 'assistant' as const), content: fc.constantFrom(...TEXTS) }),
  fc.record({ role: fc.constant('tool' as const), content: fc.constantFrom(...TEXTS), toolCallId: fc.constant('c1'), toolName: fc.constantFrom('read_file', 'grep_search') }),
  fc.record({
    role: fc.constant('assistant' as const), content: fc.constantFrom(...TEXTS),
    toolCalls: fc.array(fc.record({ id: fc.constant('c1'), name: fc.constantFrom('run', 'write'), arguments: fc.record({ text: fc.constantFrom(...TEXTS), n: fc.nat(9) }) }), { minLength: 1, maxLength: 2 }),
  }),
);
const request = fc.record({
  prompt: fc.constantFrom(...TEXTS),
  references: fc.array(fc.record({ kind: fc.constant('file' as const), name: fc.constantFrom('a.ts', 'b.env.txt'), content: fc.constantFrom(...TEXTS), startLine: fc.integer({ min: 1, max: 40 }) }), { maxLength: 3 }),
  history: fc.array(turn, { maxLength: 8 }) as fc.Arbitrary<ChatTurn[]>,
});

describe('scan cache: per-part results by content hash', () => {
  it('gives exactly the uncached result, on first sight and on every later hit, whatever the order of parts', () => {
    const cache = new ScanCache(64);
    fc.assert(fc.property(request, (req: AskRequest) => {
      const uncached = checkPrivacyWithSpans(req, OPTIONS);
      assert.deepStrictEqual(checkPrivacyWithSpans(req, OPTIONS, cache), uncached);
      assert.deepStrictEqual(checkPrivacyWithSpans(req, OPTIONS, cache), uncached);
      // The same parts in another position: findings are relabelled, never reused with an old source.
      const moved: AskRequest = { ...req, history: [{ role: 'user', content: 'first' }, ...(req.history ?? [])] };
      assert.deepStrictEqual(checkPrivacyWithSpans(moved, OPTIONS, cache), checkPrivacyWithSpans(moved, OPTIONS));
    }), { numRuns: 150 });
    assert.ok(cache.hits > 0, 'the cache was used');
  });

  it('a growing agent history scans each part once: later turns only scan what is new', () => {
    const cache = new ScanCache();
    const history: ChatTurn[] = [{ role: 'user', content: 'Find the bug' }];
    for (let turn = 1; turn <= 10; turn++) {
      history.push({ role: 'assistant', content: '', toolCalls: [{ id: `c${turn}`, name: 'read_file', arguments: { path: `src/f${turn}.ts` } }] });
      history.push({ role: 'tool', content: `export const v${turn} = ${turn};\n`, toolCallId: `c${turn}` });
      const before = cache.misses;
      checkPrivacyWithSpans({ prompt: '', history }, OPTIONS, cache);
      // New this turn: the call's arguments, its name and id, and its result. Turn 1 also scans the person's request.
      // Empty texts (the prompt, the assistant's content) are scanned once per rule set and never looked up.
      assert.equal(cache.misses - before, turn === 1 ? 4 : 3, `turn ${turn}`);
    }
  });

  it('finds a part again by its content when it arrives as a new string, and tells a one-character change apart', () => {
    const cache = new ScanCache();
    const text = `DB_PASSWORD=${pw}\n${'const a = 1;\n'.repeat(50)}`;
    checkPrivacyWithSpans({ prompt: text }, OPTIONS, cache);
    const rebuilt = [...text].join('');
    const before = cache.misses;
    assert.deepStrictEqual(checkPrivacyWithSpans({ prompt: rebuilt }, OPTIONS, cache), checkPrivacyWithSpans({ prompt: text }, OPTIONS));
    assert.equal(cache.misses, before, 'same content, new string: a hit');
    const changed = `${text.slice(0, -2)}2\n`;
    checkPrivacyWithSpans({ prompt: changed }, OPTIONS, cache);
    assert.equal(cache.misses, before + 1, 'one character changed: scanned again');
  });

  it('holds no text of any part, only findings and offsets', () => {
    const cache = new ScanCache();
    checkPrivacyWithSpans({ prompt: `why? ${token}`, history: [{ role: 'tool', content: `DB_PASSWORD=${pw}\n`, toolCallId: 'x' }] }, OPTIONS, cache);
    const held = JSON.stringify([...(cache as unknown as { parts: Map<string, unknown> }).parts]);
    assert.ok(!held.includes(token.slice(5, 13)) && !held.includes(pw.slice(2, 10)));
    assert.ok(!held.includes('why?'));
  });

  it('is bounded: the least recently used entries go first', () => {
    const cache = new ScanCache(4);
    for (let i = 0; i < 10; i++) {
      checkPrivacyWithSpans({ prompt: `question ${i}` }, OPTIONS, cache);
    }
    assert.ok(cache.size <= 8, `${cache.size} entries`);
    const misses = cache.misses;
    checkPrivacyWithSpans({ prompt: 'question 9' }, OPTIONS, cache);
    assert.equal(cache.misses, misses, 'the newest part is still cached');
    checkPrivacyWithSpans({ prompt: 'question 0' }, OPTIONS, cache);
    assert.equal(cache.misses, misses + 1, 'the oldest was evicted');
  });
});
