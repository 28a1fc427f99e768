import * as assert from 'node:assert/strict';
import { assessComplexity } from '../../../src/router/complexity';
import type { RouterModelResult } from '../../../src/router/routerModel';
import type { AskRequest, ChatTurn } from '../../../src/router/types';
import { conversationKey, VerdictCache } from '../../../src/router/verdictCache';

const OPTS = { localContextTokens: 8192 };
const FIRST = 'Is this queue thread-safe, or is there a race condition?';
const CLOUD: RouterModelResult = {
  verdict: { used: true, target: 'cloud', confidence: 0.9, latencyMs: 1800 },
  parsed: { target: 'cloud', confidence: 0.9, complexity: 'very_high', reason: '' },
  applicable: true,
};
const history = (first: string): ChatTurn[] => [{ role: 'user', content: first }, { role: 'assistant', content: 'answer' }];
const turn = (prompt: string, first?: string): AskRequest => ({ prompt, ...(first ? { history: history(first) } : {}) });
const stage1 = (req: AskRequest) => assessComplexity(req, OPTS);

describe('VerdictCache', () => {
  it('keys a conversation by its first user turn, the same for the first turn and its follow-ups', () => {
    assert.equal(conversationKey(turn(FIRST)), conversationKey(turn('and the other one?', FIRST)));
    assert.notEqual(conversationKey(turn(FIRST)), conversationKey(turn('and the other one?', 'something else')));
    assert.equal(conversationKey(turn('')), undefined);
    assert.ok(!(conversationKey(turn(FIRST)) ?? '').includes('queue'), 'a hash, not the text');
  });

  it('reuses a verdict for a follow-up of the same or a smaller scope, with no latency', () => {
    const cache = new VerdictCache();
    cache.remember(turn(FIRST), stage1(turn(FIRST)), CLOUD);
    const follow = turn('Is the other queue thread-safe, or is there a race condition too?', FIRST);
    const reused = cache.lookup(follow, stage1(follow));
    assert.equal(reused?.verdict.target, 'cloud');
    assert.equal(reused?.verdict.latencyMs, 0);
    assert.equal(reused?.reused, true);
    assert.equal(CLOUD.verdict.latencyMs, 1800, 'the stored verdict is not modified');
  });

  it('never reuses for a first turn, and not when the scope or kind of work grew', () => {
    const cache = new VerdictCache();
    cache.remember(turn(FIRST), stage1(turn(FIRST)), CLOUD);
    assert.equal(cache.lookup(turn(FIRST), stage1(turn(FIRST))), undefined, 'a first turn is always judged afresh');
    const wider = turn('Now migrate the whole app from Redux to Zustand', FIRST);
    assert.equal(stage1(wider).scope, 'system');
    assert.equal(cache.lookup(wider, stage1(wider)), undefined);
    const heavier = turn('Redesign the notification module and explain the trade-offs', FIRST);
    assert.equal(cache.lookup(heavier, stage1(heavier)), undefined);
  });

  it('keeps only applicable verdicts, the first of a conversation, within its capacity', () => {
    const cache = new VerdictCache(2);
    cache.remember(turn(FIRST), stage1(turn(FIRST)), { ...CLOUD, applicable: false });
    assert.equal(cache.size, 0);
    cache.remember(turn('a'), stage1(turn('a')), CLOUD);
    cache.remember(turn('a'), stage1(turn('a')), { ...CLOUD, verdict: { ...CLOUD.verdict, target: 'local' } });
    assert.equal(cache.lookup(turn('and b?', 'a'), stage1(turn('and b?', 'a')))?.verdict.target, 'cloud');
    cache.remember(turn('b'), stage1(turn('b')), CLOUD);
    cache.remember(turn('c'), stage1(turn('c')), CLOUD);
    assert.equal(cache.size, 2);
    assert.equal(cache.lookup(turn('and b?', 'a'), stage1(turn('and b?', 'a'))), undefined, 'the oldest conversation was evicted');
  });
});
