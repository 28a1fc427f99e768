/**
 * @hybrid's tool loop on the real RouterService (real gate, policy, fallback table) with scripted tool-calling
 * models: the loop's turns, what each turn sends, the privacy gate over tool results, the cap, cancellation.
 */
import { strict as assert } from 'node:assert';
import { runAgentLoop, type AgentToolbox } from '../../../src/chat/agentLoop';
import { RouteLog } from '../../../src/router/routeLog';
import { RouterService } from '../../../src/router/service';
import type { ProviderRequest, ToolCall } from '../../../src/router/types';
import { aConfig, aConnectionString, aFile } from '../../fakes';
import { AgentModel, type AgentStep } from '../../fakes/agentModel';

const READ = 'hybridAgent_readFile';

function toolbox(files: Record<string, string>, onInvoke: (call: ToolCall) => void = () => undefined): AgentToolbox & { calls: ToolCall[] } {
  const calls: ToolCall[] = [];
  return {
    calls,
    specs: [{ name: READ, description: 'Read a workspace file', parameters: { type: 'object', properties: { path: { type: 'string' } } } }],
    invoke: async call => { calls.push(call); onInvoke(call); return files[String(call.arguments.path)] ?? 'no such file'; },
  };
}

/** Reads `path` once, then answers from whatever the last tool message says. */
const readThenAnswer = (path: string) => (req: ProviderRequest): AgentStep => {
  const last = req.messages[req.messages.length - 1];
  return last.role === 'tool' ? { kind: 'text', text: `The file has ${last.content.length} characters.` } : { kind: 'calls', calls: [{ id: `c-${path}`, name: READ, arguments: { path } }] };
};

function rig(local: AgentModel, cloud: AgentModel) {
  const log = new RouteLog();
  const service = new RouterService({ config: () => aConfig({ routerModelEnabled: false }), local, cloud, log });
  return { log, service: () => service };
}

describe('chat/agentLoop: @hybrid\'s tool loop over the real router', () => {
  it('runs the tool the model calls and sends its result back structurally; every turn is one session, turn by turn', async () => {
    const local = new AgentModel('local', readThenAnswer('src/app.ts'));
    const cloud = new AgentModel('cloud', readThenAnswer('src/app.ts'));
    const { log, service } = rig(local, cloud);
    const tools = toolbox({ 'src/app.ts': 'export const a = 1;\n' });
    const uses: string[] = [];
    let text = '';
    const result = await runAgentLoop({ prompt: 'What does src/app.ts export?', references: [aFile('notes.md', 'see app')], force: 'cloud' },
      { service, toolbox: tools, maxTurns: 8, newSessionId: () => 'sess-1' },
      { onText: t => { text += t; }, onToolUse: (call, path, turn) => uses.push(`${call.name}@${path}#${turn}`) }, new AbortController().signal);
    assert.equal(result.outcome.kind, 'answered');
    assert.equal(result.turns, 2);
    assert.equal(result.toolUses, 1);
    assert.deepEqual(uses, [`${READ}@cloud#1`]);
    assert.deepEqual(tools.calls.map(c => c.arguments), [{ path: 'src/app.ts' }]);
    assert.match(text, /The file has 20 characters/);
    const [first, second] = cloud.answerCalls;
    assert.deepEqual(first.tools?.map(t => t.name), [READ]);
    assert.equal(first.toolMode, 'auto');
    assert.deepEqual(second.messages.slice(-3).map(m => m.role), ['user', 'assistant', 'tool'], 'request, call, result: never flattened');
    assert.match(second.messages[second.messages.length - 3].content, /notes\.md[\s\S]*see app[\s\S]*What does src\/app\.ts export\?/, 'the request keeps its references');
    assert.deepEqual(second.messages[second.messages.length - 2].toolCalls, [{ id: 'c-src/app.ts', name: READ, arguments: { path: 'src/app.ts' } }]);
    assert.equal(second.messages[second.messages.length - 1].toolCallId, 'c-src/app.ts');
    const turns = [...log.recent()].reverse().map(r => r.agent);
    assert.deepEqual(turns.map(a => [a?.sessionId, a?.turn, a?.toolCalls.join(','), a?.toolResults.join(',')]), [['sess-1', 1, READ, ''], ['sess-1', 2, '', READ]]);
  });

  it('a tool result holding a secret makes that turn and every later one local and restricted: the cloud gets only the first turn', async () => {
    let reads = 0;
    const script = (req: ProviderRequest): AgentStep => (reads < 2 || req.messages[req.messages.length - 1].role !== 'tool'
      ? { kind: 'calls', calls: [{ id: `c${reads}`, name: READ, arguments: { path: reads === 0 ? 'config.ts' : 'other.ts' } }] }
      : { kind: 'text', text: 'done' });
    const local = new AgentModel('local', script);
    const cloud = new AgentModel('cloud', script);
    const { log, service } = rig(local, cloud);
    const secret = aConnectionString();
    const tools = toolbox({ 'config.ts': `export const db = "${secret}";`, 'other.ts': 'export {};' }, () => { reads++; });
    const result = await runAgentLoop({ prompt: 'Refactor the database access across every module of this service.', force: 'cloud' },
      { service, toolbox: tools, maxTurns: 8 }, { onText: () => undefined }, new AbortController().signal);
    assert.equal(result.outcome.kind, 'answered');
    assert.equal(result.restricted, true);
    assert.equal(cloud.answerCalls.length, 1, 'only the turn before the secret reached the cloud');
    assert.ok(!JSON.stringify(cloud.calls).includes(secret), 'the cloud never saw the secret');
    const paths = [...log.recent()].reverse().map(r => (r.kind === 'answered' ? `${r.response.path}/${r.response.privacy}` : r.kind));
    assert.deepEqual(paths, ['cloud/public', 'local/restricted', 'local/restricted']);
    const second = log.recent()[1];
    assert.match(second.kind === 'answered' ? second.response.reason : '', new RegExp(`result of \`${READ}\``));
  });

  it('stops at the turn cap while the model keeps calling tools', async () => {
    const always = (): AgentStep => ({ kind: 'calls', calls: [{ id: `c${Math.random()}`, name: READ, arguments: { path: 'a.ts' } }] });
    const { log, service } = rig(new AgentModel('local', always), new AgentModel('cloud', always));
    const tools = toolbox({ 'a.ts': 'x' });
    const result = await runAgentLoop({ prompt: 'hi', force: 'local' }, { service, toolbox: tools, maxTurns: 3 }, { onText: () => undefined }, new AbortController().signal);
    assert.equal(result.stoppedAtCap, true);
    assert.equal(result.turns, 3);
    assert.equal(tools.calls.length, 2, 'the calls of the last turn are not run');
    assert.equal(log.recent().length, 3);
  });

  it('cancelled while a tool runs: no further turn is routed', async () => {
    const controller = new AbortController();
    const local = new AgentModel('local', readThenAnswer('a.ts'));
    const { log, service } = rig(local, new AgentModel('cloud', readThenAnswer('a.ts')));
    const tools = toolbox({ 'a.ts': 'x' }, () => controller.abort());
    const result = await runAgentLoop({ prompt: 'read a.ts', force: 'local' }, { service, toolbox: tools, maxTurns: 8 }, { onText: () => undefined }, controller.signal);
    assert.equal(result.outcome.kind, 'cancelled');
    assert.equal(local.answerCalls.length, 1);
    assert.equal(log.recent().length, 1);
  });

  it('a local model that cannot call tools answers without them (once), and says so', async () => {
    const local = new AgentModel('local', req => (req.tools?.length ? { kind: 'fail', code: 'tools-unsupported', message: 'phi-4-mini cannot call tools' } : { kind: 'text', text: 'plain answer' }));
    const { service } = rig(local, new AgentModel('cloud', () => ({ kind: 'text', text: 'cloud' })));
    let text = '';
    const result = await runAgentLoop({ prompt: 'hi there', force: 'local' }, { service, toolbox: toolbox({}), maxTurns: 8 }, { onText: t => { text += t; } }, new AbortController().signal);
    assert.equal(result.toolsDropped, true);
    assert.equal(result.outcome.kind, 'answered');
    assert.equal(text, 'plain answer');
    assert.deepEqual(local.answerCalls.map(c => c.tools?.length ?? 0), [1, 0]);
  });
});
