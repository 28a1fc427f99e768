import * as assert from 'node:assert/strict';
import { correlationIdOf, RouteLog, type RouteRecord } from '../../../src/router/routeLog';
import type { AgentResponse, RoutingDecision, ServedPath } from '../../../src/router/types';

function decision(id: string, privacy: RoutingDecision['privacy'] = 'public'): RoutingDecision {
  return {
    target: 'local', privacy, complexity: 'low', confidence: 1, reason: 'r', deterministic: true, stage: 'heuristic',
    findings: [], signals: [], routerModel: { used: false }, correlationId: id,
  };
}

function answered(id: string, path: ServedPath, extra: Partial<AgentResponse> = {}): RouteRecord {
  const response: Omit<AgentResponse, 'answer'> = {
    path, model: 'm', provider: 'openai-local', reason: 'r', confidence: 1, latencyMs: 5, correlationId: id, privacy: 'public',
    complexity: 'low', promptTokens: 10, completionTokens: 5, costUsd: 0, fallback: path.endsWith('fallback'), fallbackReason: null,
    decision: decision(id), ...extra,
  };
  return { kind: 'answered', at: 1, summary: 's', response, isDemo: false };
}

describe('RouteLog', () => {
  it('returns records newest first and drops the oldest beyond capacity', () => {
    const log = new RouteLog(3);
    for (let i = 0; i < 5; i++) {
      log.append(answered(`id-${i}`, 'local'));
    }
    assert.deepEqual(log.recent().map(correlationIdOf), ['id-4', 'id-3', 'id-2']);
    assert.equal(log.find('id-3')?.kind, 'answered');
    assert.equal(log.find('id-0'), undefined);
  });

  it('fires onDidAppend and onDidClear; a disposed listener is not called', () => {
    const log = new RouteLog();
    const seen: string[] = [];
    const sub = log.onDidAppend(r => seen.push(correlationIdOf(r)));
    let cleared = 0;
    log.onDidClear(() => { cleared++; });
    log.append(answered('a', 'local'));
    sub.dispose();
    log.append(answered('b', 'local'));
    log.clear();
    assert.deepEqual(seen, ['a']);
    assert.equal(cleared, 1);
    assert.equal(log.recent().length, 0);
  });

  it('stats() totals paths, failures, cancellations, tokens, spend and privacy keeps beyond the buffer', () => {
    const log = new RouteLog(2);
    log.append(answered('1', 'local'));
    log.append(answered('2', 'cloud', { costUsd: 0.25, promptTokens: 100, completionTokens: 50 }));
    log.append(answered('3', 'local_fallback'));
    log.append(answered('4', 'cloud_fallback', { costUsd: 0.5 }));
    log.append({ kind: 'classified', at: 1, summary: 's', decision: decision('5', 'restricted') });
    log.append({ kind: 'failed', at: 1, summary: 's', error: { code: 'restricted_local_unavailable', message: 'm', correlationId: '6', privacy: 'restricted' }, decision: decision('6', 'restricted') });
    log.append({ kind: 'cancelled', at: 1, summary: 's', correlationId: '7' });
    const s = log.stats();
    assert.deepEqual(s.byPath, { local: 1, cloud: 1, local_fallback: 1, cloud_fallback: 1 });
    assert.deepEqual([s.answered, s.classified, s.failed, s.cancelled, s.fallbacks], [4, 1, 1, 1, 2]);
    assert.deepEqual([s.promptTokens, s.completionTokens, s.estimatedCostUsd, s.keptLocalForPrivacy], [130, 65, 0.75, 2]);
    log.clear();
    assert.equal(log.stats().answered, 0);
  });
});
