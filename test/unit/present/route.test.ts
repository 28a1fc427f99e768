import { strict as assert } from 'node:assert';
import { decisionMarkdown } from '../../../src/present/decision';
import { errorMarkdown, errorPlain } from '../../../src/present/errors';
import { footerLine, formatCost, formatLatency, progressLine, reasonPhrase, routeLine, routeReason } from '../../../src/present/route';
import { markdownWithCode, plainText, truncate } from '../../../src/present/text';
import type { AgentResponse, RoutingDecision } from '../../../src/router/types';

const decision: RoutingDecision = {
  target: 'local', privacy: 'restricted', complexity: 'medium', confidence: 1, reason: 'Kept on this device: a GitHub token in the selection (line 3).',
  deterministic: true, stage: 'privacy-gate', findings: [{ rule: 'github-token', kind: 'secret', source: 'reference:selection', line: 3, column: 9, preview: 'ghp_****…(40 chars)' }],
  signals: [{ id: 'debug-ask', weight: 1, detail: 'asks why' }], routerModel: { used: false, error: 'skipped: restricted content is decided on the device' }, correlationId: 'hr-render000001',
};

function response(overrides: Partial<Omit<AgentResponse, 'answer'>> = {}): Omit<AgentResponse, 'answer'> {
  return {
    path: 'local', model: 'phi-4-mini', provider: 'foundry-local', reason: decision.reason, confidence: 1, latencyMs: 840, correlationId: decision.correlationId,
    privacy: 'restricted', complexity: 'medium', promptTokens: 312, completionTokens: 120, costUsd: 0, fallback: false, fallbackReason: null, decision, ...overrides,
  };
}

describe('present/route, decision, errors, text', () => {
  it('progress line: target · model · the reason without its lead', () => {
    assert.equal(progressLine({ target: 'local', model: 'phi-4-mini', isDemo: false, reason: decision.reason }), '→ local · phi-4-mini · a GitHub token in the selection (line 3)');
    assert.equal(progressLine({ target: 'cloud', model: 'demo-cloud', isDemo: true, reason: 'Goes to the cloud: a cross-module refactor is very complex.' }), '→ cloud · demo-cloud (demo) · a cross-module refactor is very complex');
  });

  it('progress line keeps the "although you asked for the cloud" wording and notes sticky conversations and fallbacks', () => {
    const refused = progressLine({ target: 'local', model: 'm', isDemo: false, reason: 'Kept on this device although you asked for the cloud, because restricted content never leaves it: a secret.' });
    assert.match(refused, /although you asked for the cloud/);
    assert.match(progressLine({ target: 'local', model: 'm', isDemo: false, reason: 'Kept on this device: an earlier turn of this conversation contained a secret.' }, true), /carried a secret earlier, so it stays local/);
    assert.equal(progressLine({ target: 'cloud', model: 'gpt-4.1', isDemo: false, isFallback: true }), '↪ fallback → cloud · gpt-4.1 · the local model failed');
  });

  it('long reasons are trimmed to one line at a word boundary', () => {
    const phrase = reasonPhrase('Stays on this device: ' + 'a short word '.repeat(30));
    assert.ok(phrase.length <= 100);
    assert.match(phrase, /word…$|short…$|a…$/);
  });

  it('truncate never cuts inside a word (unless one word is longer than the room)', () => {
    assert.equal(truncate('Could not connect to the server running OpenAI-compatible models', 40), 'Could not connect to the server running…');
    assert.equal(truncate('short', 40), 'short');
    assert.equal(truncate('x'.repeat(50), 10), 'xxxxxxxxx…');
    const text = 'Is the local server running? Start it, or set the endpoint setting.';
    for (let max = 8; max < text.length; max++) {
      const cut = truncate(text, max);
      const head = cut.replace(/…$/, '');
      assert.ok(cut.length <= max && cut.endsWith('…'), `${max}: ${cut}`);
      assert.ok(text.startsWith(head) && /[\s.,;:]/.test(text.charAt(head.length)), `${max}: mid-word cut "${cut}"`);
    }
  });

  it('footer: path · model · latency · tokens · cost; the route line adds the one-sentence reason', () => {
    assert.equal(footerLine(response(), false), 'local · phi-4-mini · 840 ms · 312→120 tokens · $0 (local)');
    assert.equal(footerLine(response({ path: 'local_fallback', fallbackReason: 'cloud: 401 — sign in again' }), true),
      'local (fallback: cloud failed) · phi-4-mini (demo) · 840 ms · 312→120 tokens · $0 (local)');
    assert.equal(routeReason(response({ path: 'local_fallback', fallbackReason: 'cloud: 401 — sign in again' })),
      'The cloud model failed (cloud: 401 — sign in again), so the local model answered. Decided: Kept on this device: a GitHub token in the selection (line 3).');
    assert.equal(routeLine(response(), false), 'local · phi-4-mini · 840 ms · 312→120 tokens · $0 (local) — Kept on this device: a GitHub token in the selection (line 3).');
    assert.equal(footerLine(response({ path: 'cloud', model: 'gpt-4.1', costUsd: 0.0234, latencyMs: 4210 }), false), 'cloud · gpt-4.1 · 4.2 s · 312→120 tokens · ~$0.02 (estimate)');
  });

  it('cost and latency formats', () => {
    assert.equal(formatCost(0.00042, 'cloud'), '~$0.0004 (estimate)');
    assert.equal(formatCost(0, 'local'), '$0 (local)');
    assert.equal(formatLatency(999), '999 ms');
    assert.equal(formatLatency(1500), '1.5 s');
  });

  it('decision markdown lists findings by rule and position with the masked preview only', () => {
    const md = decisionMarkdown(decision);
    assert.match(md, /Routing decision: \*\*local\*\*/);
    assert.match(md, /\| Privacy \| restricted \|/);
    assert.match(md, /`github-token @ reference:selection:3:9 ghp_\*\*\*\*…\(40 chars\)` \(secret\)/);
    assert.match(md, /\| Correlation id \| `hr-render000001` \|/);
    assert.match(md, /not used: skipped: restricted content/);
  });

  it('error markdown: title, message with its code spans rendered, correlation id; other markdown is neutralised', () => {
    const md = errorMarkdown({ code: 'restricted_local_unavailable', message: 'Start it: `foundry service start` <b>now</b> [x](command:evil)', correlationId: 'hr-err0001', privacy: 'restricted' });
    assert.match(md, /^\*\*Kept on this device, but the local model is unavailable\*\*/);
    assert.match(md, /Start it: `foundry service start` /, 'code spans stay code, not literal backticks');
    assert.match(md, /Correlation id: `hr-err0001` · privacy: restricted/);
    assert.ok(!md.includes('<b>') && !md.includes('[x]('));
  });

  it('plain error text: no markdown marks, the title and correlation id once', () => {
    const text = errorPlain({ code: 'provider_failed', message: 'Set `hybridAgent.local.endpoint` to a running server.', correlationId: 'hr-err0002', privacy: 'internal' });
    assert.equal(text, 'The model failed while answering. Set "hybridAgent.local.endpoint" to a running server. (correlation id hr-err0002)');
    assert.equal(text.split('hr-err0002').length, 2);
    assert.equal(plainText('**bold** and `x`'), 'bold and "x"');
    assert.equal(markdownWithCode('a `b_c` d_e'), 'a `b_c` d\\_e');
  });
});
