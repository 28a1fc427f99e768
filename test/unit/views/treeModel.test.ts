import { strict as assert } from 'node:assert';
import type { RouteRecord } from '../../../src/router/routeLog';
import { RouteLog } from '../../../src/router/routeLog';
import type { AgentResponse, RoutingDecision, ServedPath } from '../../../src/router/types';
import { decisionJson, detailsOf, iconFor, otherSide, recordView, sessionStats, summaryView, type DetailView } from '../../../src/views/treeModel';

function aDecision(overrides: Partial<RoutingDecision> = {}): RoutingDecision {
  return {
    target: 'local', privacy: 'public', complexity: 'low', confidence: 0.9, reason: 'Stays on this device: a short question is simple enough for the local model.',
    deterministic: true, stage: 'heuristic', findings: [], signals: [{ id: 'short-prompt', weight: -2, detail: '6 words' }],
    routerModel: { used: false, error: 'skipped: trivial prompt' }, correlationId: 'hr-tree00000001', ...overrides,
  };
}

function answered(path: ServedPath, overrides: Partial<Omit<AgentResponse, 'answer'>> = {}, isDemo = false): RouteRecord {
  const decision = aDecision(overrides.decision ? {} : { target: path.startsWith('cloud') ? 'cloud' : 'local' });
  return {
    kind: 'answered', at: 1, summary: 'why does this loop never end', isDemo,
    response: {
      path, model: path.startsWith('cloud') ? 'gpt-4.1' : 'phi-4-mini', provider: 'openai-local', reason: decision.reason, confidence: 0.9,
      latencyMs: 1234, correlationId: decision.correlationId, privacy: 'public', complexity: 'low', promptTokens: 100, completionTokens: 50,
      costUsd: path.startsWith('cloud') ? 0.0012 : 0, fallback: path.endsWith('fallback'), fallbackReason: path.endsWith('fallback') ? 'cloud: 401 — sign in again' : null,
      decision, ...overrides,
    },
  };
}

const flatten = (views: readonly DetailView[]): DetailView[] => views.flatMap(v => [v, ...flatten(v.children ?? [])]);

describe('views/treeModel', () => {
  it('icon and colour by path: local shield green, cloud blue, fallbacks orange warning, failed red, cancelled slash', () => {
    assert.deepEqual(iconFor(answered('local')), { id: 'shield', color: 'charts.green' });
    assert.deepEqual(iconFor(answered('cloud')), { id: 'cloud', color: 'charts.blue' });
    assert.deepEqual(iconFor(answered('local_fallback')), { id: 'warning', color: 'charts.orange' });
    assert.deepEqual(iconFor(answered('cloud_fallback')), { id: 'warning', color: 'charts.orange' });
    assert.deepEqual(iconFor({ kind: 'failed', at: 1, summary: 's', error: { code: 'internal', message: 'm', correlationId: 'hr-x1', privacy: 'public' } }), { id: 'error', color: 'charts.red' });
    assert.deepEqual(iconFor({ kind: 'cancelled', at: 1, summary: 's', correlationId: 'hr-x1' }), { id: 'circle-slash' });
  });

  it('row: a short label from the summary, description side · model · latency, the rest in the tooltip; contextValue route.<kind>', () => {
    const view = recordView(answered('cloud'));
    assert.equal(view.label, 'why does this loop never end');
    assert.equal(view.description, 'cloud · gpt-4.1 · 1.2 s');
    assert.match(view.tooltip, /~\$0\.0012 \(estimate\)/);
    const long = recordView({ ...answered('cloud'), summary: 'explain how the retry policy of the payment gateway client interacts with timeouts' });
    assert.equal(long.label, 'explain how the retry…');
    assert.match(long.tooltip, /interacts with timeouts/);
    assert.equal(view.contextValue, 'route.answered');
    assert.match(view.tooltip, /hr-tree00000001/);
    assert.equal(recordView(answered('local', {}, true)).description, 'local · phi-4-mini (demo) · 1.2 s');
  });

  it('children: reason, privacy with findings (rule @ source:line:col + masked preview), complexity with signals, router model, fallback, correlation id', () => {
    const decision = aDecision({
      privacy: 'restricted', stage: 'privacy-gate',
      findings: [{ rule: 'github-token', kind: 'secret', source: 'reference:selection', line: 3, column: 7, preview: 'ghp_****…(40 chars)' }],
    });
    const record = answered('local_fallback', { decision });
    const details = detailsOf(record);
    const labels = details.map(d => d.label);
    assert.deepEqual(labels, ['Served', 'Usage', 'Fallback', 'Reason', 'Privacy: restricted', 'Complexity: low', 'Router model', 'Correlation id']);
    const privacy = details.find(d => d.label === 'Privacy: restricted');
    assert.equal(privacy?.children?.[0].label, 'github-token');
    assert.equal(privacy?.children?.[0].description, 'secret · reference:selection:3:7 ghp_****…(40 chars)');
    assert.ok(labels.every(l => l.length <= 28), 'labels fit the default sidebar width');
    assert.equal(details.find(d => d.label === 'Fallback')?.description, 'cloud: 401 — sign in again');
    assert.equal(details.find(d => d.label === 'Complexity: low')?.children?.[0].label, 'short-prompt');
    assert.equal(details.at(-1)?.description, 'hr-tree00000001');
    const ids = flatten(details).map(d => d.id);
    assert.equal(new Set(ids).size, ids.length, 'ids are unique');
  });

  it('demo answers carry a (demo) child; failures an Error child', () => {
    assert.equal(detailsOf(answered('local', {}, true))[0].label, '(demo)');
    const failed: RouteRecord = { kind: 'failed', at: 1, summary: 's', error: { code: 'restricted_local_unavailable', message: 'start the local model', correlationId: 'hr-f1', privacy: 'restricted' } };
    assert.equal(detailsOf(failed)[0].label, 'Error');
    assert.equal(detailsOf(failed)[0].description, 'Kept on this device, but the local model is unavailable: start the local model');
  });

  it('session summary from the log totals', () => {
    const log = new RouteLog();
    log.append(answered('local', {}, true));
    log.append(answered('cloud'));
    log.append({ kind: 'classified', at: 1, summary: 's', decision: aDecision({ privacy: 'restricted' }) });
    const view = summaryView(sessionStats(log.stats(), log.recent()));
    assert.equal(view.label, 'Session: 3 requests');
    assert.equal(view.description, '1 local · 1 cloud · 1 classified');
    assert.equal(view.children.find(c => c.label === 'Kept local for privacy')?.description, '1 request');
    assert.equal(view.children.find(c => c.label === 'Tokens')?.description, '200 in · 100 out');
    assert.match(view.children.find(c => c.label === 'Estimated cloud spend')?.description ?? '', /^~\$0\.0012 \(estimate\)$/);
    assert.ok(view.children.some(c => c.label === '(demo)'));
  });

  it('re-run goes to the other side; copy JSON is the decision contract (or the error object)', () => {
    assert.equal(otherSide(answered('local')), 'cloud');
    assert.equal(otherSide(answered('local_fallback')), 'cloud');
    assert.equal(otherSide(answered('cloud_fallback')), 'local');
    assert.equal(otherSide({ kind: 'cancelled', at: 1, summary: 's', correlationId: 'hr-c1' }), undefined);
    const parsed = JSON.parse(decisionJson(answered('cloud')));
    assert.deepEqual(Object.keys(parsed).sort(), ['complexity', 'confidence', 'correlationId', 'deterministic', 'findings', 'privacy', 'reason', 'routerModel', 'signals', 'stage', 'target']);
    const err = JSON.parse(decisionJson({ kind: 'failed', at: 1, summary: 's', error: { code: 'internal', message: 'm', correlationId: 'hr-e1', privacy: 'public' } }));
    assert.deepEqual(Object.keys(err.error).sort(), ['code', 'correlationId', 'message', 'privacy']);
  });
});
