import { strict as assert } from 'node:assert';
import type { AgentTurnInfo, RouteRecord } from '../../../src/router/routeLog';
import type { RoutingDecision, ServedPath } from '../../../src/router/types';
import { groupAgentTurns, sessionView, turnView } from '../../../src/views/agentSessions';
import { formatAgentLine } from '../../../src/views/logChannel';
import { detailsOf } from '../../../src/views/treeModel';

let seq = 0;

function decision(target: 'local' | 'cloud', privacy: RoutingDecision['privacy'] = 'public'): RoutingDecision {
  return {
    target, privacy, complexity: 'low', confidence: 0.9, reason: privacy === 'restricted' ? 'Kept on this device: a secret in the result of `read_file`.' : `Served ${target}.`,
    deterministic: true, stage: 'heuristic', findings: [], signals: [], routerModel: { used: false }, correlationId: `hr-t${++seq}`,
  };
}

function turn(sessionId: string, n: number, path: ServedPath, agent: Partial<AgentTurnInfo> = {}, privacy: RoutingDecision['privacy'] = 'public'): RouteRecord {
  const d = decision(path.startsWith('cloud') ? 'cloud' : 'local', privacy);
  return {
    kind: 'answered', at: seq, summary: 'read src/app.ts and explain it', isDemo: false,
    response: {
      path, model: path.startsWith('cloud') ? 'gpt-4.1' : 'phi-4-mini', provider: 'openai-local', reason: d.reason, confidence: 0.9, latencyMs: 900,
      correlationId: d.correlationId, privacy, complexity: 'low', promptTokens: 10, completionTokens: 5, costUsd: 0, fallback: false, fallbackReason: null, decision: d,
    },
    agent: { sessionId, turn: n, toolsOffered: 39, toolCalls: [], toolResults: [], ...agent },
  };
}

const plain = (): RouteRecord => ({ kind: 'classified', at: ++seq, summary: 'plain question', decision: decision('local') });

describe('views/agentSessions: agent turns in the Routing Decisions tree', () => {
  it('groups the turns of one session under one row placed at its newest turn; other records stay rows of their own', () => {
    const a1 = turn('s-a', 1, 'cloud', { toolCalls: ['read_file'] });
    const other = plain();
    const a2 = turn('s-a', 2, 'local', { toolResults: ['read_file'] }, 'restricted');
    const lone = turn('s-b', 1, 'local');
    const newestFirst = [lone, a2, other, a1];
    const rows = groupAgentTurns(newestFirst);
    assert.deepEqual(rows.map(r => r.kind), ['record', 'session', 'record']);
    assert.equal(rows[0].kind === 'record' && rows[0].record, lone, 'a one-turn session is a plain row');
    assert.deepEqual(rows[1].kind === 'session' && rows[1].session.turns, [a1, a2], 'turns oldest first');
    assert.equal(rows[2].kind === 'record' && rows[2].record, other);
  });

  it('the same opening asked again (a new first turn after an answer) is a new session; a retried failed first turn is not', () => {
    const first = [turn('s', 1, 'local', { toolCalls: ['read_file'] }), turn('s', 2, 'local')];
    const again = [turn('s', 1, 'cloud', { toolCalls: ['read_file'] }), turn('s', 2, 'cloud')];
    const rows = groupAgentTurns([...first, ...again].reverse());
    assert.deepEqual(rows.map(r => r.kind === 'session' ? r.session.turns.length : 0), [2, 2]);
    const failed: RouteRecord = { kind: 'failed', at: ++seq, summary: 's', error: { code: 'tools_unsupported', message: 'm', correlationId: 'hr-f1', privacy: 'public' }, agent: { sessionId: 'r', turn: 1, toolsOffered: 3, toolCalls: [], toolResults: [] } };
    const retried = turn('r', 1, 'local');
    const grouped = groupAgentTurns([retried, failed]);
    assert.equal(grouped.length, 1);
    assert.equal(grouped[0].kind === 'session' && grouped[0].session.turns.length, 2);
  });

  it('the session row says how many turns went where and which tools were called, by name; each turn shows its own side and tools', () => {
    const turns = [turn('s', 1, 'cloud', { toolCalls: ['read_file'] }), turn('s', 2, 'local', { toolCalls: ['read_file', 'grep_search'], toolResults: ['read_file'] }, 'restricted'), turn('s', 3, 'local', { toolResults: ['read_file', 'grep_search'] }, 'restricted')];
    const view = sessionView({ sessionId: 's', turns });
    assert.equal(view.label, 'Agent: read src/app.ts and…');
    assert.equal(view.description, '3 turns · 1 cloud · 2 local · tools: read_file ×2, grep_search');
    assert.equal(view.contextValue, 'route.session');
    assert.deepEqual(view.icon, { id: 'arrow-both' });
    assert.match(view.tooltip, /- Turn 1: cloud · gpt-4\.1 · 900 ms · called read\\_file/);
    assert.match(view.tooltip, /every later turn stayed on this device/);
    const second = turnView(turns[1]);
    assert.equal(second.label, 'Turn 2');
    assert.equal(second.description, 'local · phi-4-mini · 900 ms · called read_file, grep_search');
    const agent = detailsOf(turns[1]).find(d => d.label === 'Agent turn');
    assert.equal(agent?.description, 'turn 2 · 39 tools offered');
    assert.deepEqual(agent?.children?.map(c => [c.label, c.description]), [['Tools called', 'read_file, grep_search'], ['Tool results sent', 'read_file']]);
    assert.ok(!detailsOf(plain()).some(d => d.label === 'Agent turn'), 'no agent row for a plain request');
  });

  it('the log line names the session, turn, side and tools, never arguments or results', () => {
    const line = formatAgentLine(turn('lm-1a2b', 2, 'local', { toolCalls: ['read_file'], toolResults: ['read_file'] }, 'restricted'));
    assert.match(line ?? '', /^\[agent\] session lm-1a2b turn 2: local \(restricted\); called read_file; results sent: read_file \{correlationId=hr-t\d+, toolsOffered=39\}$/);
    assert.match(formatAgentLine(turn('s', 1, 'cloud')) ?? '', /turn 1: cloud; no tool called \{/);
    assert.equal(formatAgentLine(plain()), undefined);
  });
});
