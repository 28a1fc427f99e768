import * as assert from 'node:assert/strict';
import { RouteLog } from '../../../src/router/routeLog';
import { RouterService, type AskOutcome } from '../../../src/router/service';
import type { AskRequest, ChatTurn, RouterConfig, ToolCall, ToolSpec } from '../../../src/router/types';
import { aConfig, MemoryEventSink } from '../../fakes';
import { AgentModel, type AgentStep } from '../../fakes/agentModel';
import { Rng } from './privacy/fixtures';

const rng = new Rng(0xa6e7);
const githubToken = (): string => ['gh', 'p_', rng.str(36)].join('');
const TASK = 'Refactor the whole authentication architecture across all 14 modules: migrate the session store, redesign the token flow, and plan the rollout with a threat model.';
const TOOLS: ToolSpec[] = [
  { name: 'read_file', description: 'Read a file', parameters: { type: 'object', properties: { path: { type: 'string' } } } },
  { name: 'grep_search', description: 'Search text' },
];

function setup(script: (side: 'local' | 'cloud') => (req: Parameters<ConstructorParameters<typeof AgentModel>[1]>[0], i: number) => AgentStep, config: Partial<RouterConfig> = {}) {
  const local = new AgentModel('local', script('local'));
  const cloud = new AgentModel('cloud', script('cloud'));
  const log = new RouteLog();
  const sink = new MemoryEventSink();
  const cfg = aConfig(config);
  const service = new RouterService({ config: () => cfg, local, cloud, log, events: sink });
  const ask = async (req: AskRequest): Promise<AskOutcome> => service.ask(req, new AbortController().signal, () => undefined);
  return { local, cloud, log, sink, service, ask };
}

const readCall = (n: number, path: string): ToolCall => ({ id: `call_${n}`, name: 'read_file', arguments: { path } });

describe('RouterService: agent turns', () => {
  it('sends the tools and the tool mode, and the history structurally: assistant tool calls, tool messages, no flattening', async () => {
    const { local, ask } = setup(() => () => ({ kind: 'text', text: 'The bug is on line 3.' }));
    const history: ChatTurn[] = [
      { role: 'user', content: 'Why does add() fail?' },
      { role: 'assistant', content: 'Let me look.', toolCalls: [readCall(1, 'src/add.ts')] },
      { role: 'tool', content: 'export const add = (a, b) => a - b;\n', toolCallId: 'call_1' },
    ];
    const outcome = await ask({ prompt: '', history, tools: TOOLS, toolMode: 'required', force: 'local' });
    assert.equal(outcome.kind, 'answered', JSON.stringify(outcome));
    const sent = local.answerCalls[0];
    assert.deepEqual(sent.tools, TOOLS);
    assert.equal(sent.toolMode, 'required');
    assert.deepEqual(sent.messages.slice(1), [
      { role: 'user', content: 'Why does add() fail?' },
      { role: 'assistant', content: 'Let me look.', toolCalls: [readCall(1, 'src/add.ts')] },
      { role: 'tool', content: 'export const add = (a, b) => a - b;\n', toolCallId: 'call_1' },
    ], 'ends with the tool result: no invented user message');
  });

  it('a model that only calls tools has answered: toolCalls in the response, an empty answer is not a failure', async () => {
    const { ask, log } = setup(() => () => ({ kind: 'calls', calls: [readCall(1, 'a.ts'), readCall(2, 'b.ts')] }));
    const outcome = await ask({ prompt: 'Compare the two modules', tools: TOOLS, agentTurn: { sessionId: 's1', turn: 1 } });
    assert.equal(outcome.kind, 'answered');
    if (outcome.kind !== 'answered') { return; }
    assert.equal(outcome.response.answer, '');
    assert.deepEqual(outcome.response.toolCalls, [readCall(1, 'a.ts'), readCall(2, 'b.ts')]);
    const record = log.recent()[0];
    assert.deepEqual(record.agent, { sessionId: 's1', turn: 1, toolsOffered: 2, toolCalls: ['read_file', 'read_file'], toolResults: [] });
    assert.ok(!JSON.stringify(record).includes('a.ts'), 'the record keeps tool names, never arguments');
  });

  it('an empty prompt with no tool results is still refused as empty', async () => {
    const { ask, local } = setup(() => () => ({ kind: 'text', text: 'x' }));
    const outcome = await ask({ prompt: '  ', tools: TOOLS, history: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'hello' }] });
    assert.equal(outcome.kind === 'failed' && outcome.error.code, 'empty_prompt');
    assert.equal(local.calls.length, 0);
  });

  it('a whole agent loop: once a tool result holds a secret, that turn and every later one stay local, and the cloud records nothing more', async () => {
    const token = githubToken();
    const files = ['src/auth/session.ts', 'src/auth/flow.ts', '.github/deploy.env', 'src/auth/store.ts', 'src/auth/rollout.ts'];
    // Both models read the next file until none is left, then answer.
    const script = () => (req: { messages: readonly { role: string }[] }): AgentStep => {
      const done = req.messages.filter(m => m.role === 'tool').length;
      return done < files.length ? { kind: 'calls', calls: [readCall(done + 1, files[done])] } : { kind: 'text', text: 'Plan ready.' };
    };
    const { ask, local, cloud, log, sink } = setup(script);
    const history: ChatTurn[] = [{ role: 'user', content: TASK }];
    const cloudCallsPerTurn: number[] = [];
    const outcomes: AskOutcome[] = [];
    for (let turn = 1; turn <= files.length + 1; turn++) {
      const before = cloud.calls.length;
      const outcome = await ask({ prompt: turn === 1 ? TASK : '', history: turn === 1 ? [] : history, tools: TOOLS, agentTurn: { sessionId: 'loop', turn } });
      outcomes.push(outcome);
      cloudCallsPerTurn.push(cloud.calls.length - before);
      assert.equal(outcome.kind, 'answered', `turn ${turn}: ${JSON.stringify(outcome).slice(0, 300)}`);
      if (outcome.kind !== 'answered' || !outcome.response.toolCalls) { break; }
      const [call] = outcome.response.toolCalls;
      const path = String(call.arguments.path);
      history.push({ role: 'assistant', content: '', toolCalls: [call] });
      history.push({ role: 'tool', content: path.endsWith('.env') ? `GITHUB_TOKEN=${token}\nREGION=eu\n` : `export const x = 1; // ${path}\n`, toolCallId: call.id });
    }
    // Turns 1-3 go to the cloud (the task is very complex); the result of turn 3 holds the token.
    assert.deepEqual(cloudCallsPerTurn, [1, 1, 1, 0, 0, 0]);
    const paths = outcomes.map(o => (o.kind === 'answered' ? `${o.response.path}/${o.response.privacy}` : o.kind));
    assert.deepEqual(paths, ['cloud/public', 'cloud/internal', 'cloud/internal', 'local/restricted', 'local/restricted', 'local/restricted']);
    const fourth = outcomes[3];
    assert.ok(fourth.kind === 'answered');
    assert.match(fourth.response.reason, /^Kept on this device: a GitHub token in the result of `read_file` \(line 1\)\.$/);
    assert.equal(local.answerCalls.length, 3);
    const everywhere = JSON.stringify(cloud.calls) + sink.dump() + JSON.stringify(log.recent());
    assert.ok(!everywhere.includes(token.slice(4, 12)), 'no piece of the token in any cloud request, event or record');
    // The route log groups the turns of the loop, with tool names only.
    const records = log.recent().slice().reverse();
    assert.deepEqual(records.map(r => [r.agent?.sessionId, r.agent?.turn, r.agent?.toolResults.length]), [['loop', 1, 0], ['loop', 2, 1], ['loop', 3, 2], ['loop', 4, 3], ['loop', 5, 4], ['loop', 6, 5]]);
    const events = sink.dump();
    assert.ok(events.includes('asked for tools: read_file'));
    assert.ok(!events.includes('deploy.env') && !events.includes('export const x'), 'events name tools, never arguments or results');
  });

  describe('a local model that cannot call tools', () => {
    const unsupported = 'The local model phi-4-mini cannot call tools (hybridAgent.local.model): pick a model with tool calling, such as qwen2.5-7b';

    it('a clean request falls back to the cloud, labelled cloud_fallback with the reason', async () => {
      const { ask, cloud } = setup(side => () => (side === 'local' ? { kind: 'fail', code: 'tools-unsupported', message: unsupported } : { kind: 'calls', calls: [readCall(1, 'a.ts')] }));
      const outcome = await ask({ prompt: 'What does a.ts export?', tools: TOOLS });
      assert.equal(outcome.kind, 'answered', JSON.stringify(outcome));
      if (outcome.kind !== 'answered') { return; }
      assert.equal(outcome.response.path, 'cloud_fallback');
      assert.match(String(outcome.response.fallbackReason), /cannot call tools/);
      assert.equal(cloud.answerCalls.length, 1);
    });

    it('a restricted request fails with tools_unsupported naming the model, the setting and what to pick; nothing reaches the cloud', async () => {
      const token = githubToken();
      const { ask, cloud } = setup(side => () => (side === 'local' ? { kind: 'fail', code: 'tools-unsupported', message: unsupported } : { kind: 'text', text: 'x' }));
      const outcome = await ask({ prompt: '', tools: TOOLS, history: [{ role: 'user', content: 'check deploy' }, { role: 'assistant', content: '', toolCalls: [readCall(1, '.env')] }, { role: 'tool', content: `TOKEN=${token}`, toolCallId: 'call_1' }] });
      assert.equal(outcome.kind, 'failed');
      if (outcome.kind !== 'failed') { return; }
      assert.equal(outcome.error.code, 'tools_unsupported');
      assert.equal(outcome.error.privacy, 'restricted');
      assert.match(outcome.error.message, /phi-4-mini.*hybridAgent\.local\.model.*qwen2\.5-7b/);
      assert.match(outcome.error.message, /not sent to the cloud/);
      assert.equal(cloud.calls.length, 0);
      assert.ok(!outcome.error.message.includes(token.slice(4, 12)));
    });

    it('local-only mode: tools_unsupported, no fallback', async () => {
      const { ask, cloud } = setup(side => () => (side === 'local' ? { kind: 'fail', code: 'tools-unsupported', message: unsupported } : { kind: 'text', text: 'x' }), { mode: 'localOnly' });
      const outcome = await ask({ prompt: 'list the files', tools: TOOLS });
      assert.equal(outcome.kind === 'failed' && outcome.error.code, 'tools_unsupported');
      assert.equal(cloud.calls.length, 0);
    });
  });

  it('redaction mode: the cloud gets the tool result redacted, and placeholders in the arguments it returns are put back', async () => {
    const token = githubToken();
    let seen = '';
    const { ask, cloud, local } = setup(side => req => {
      if (side === 'local') { return { kind: 'text', text: 'local' }; }
      seen = JSON.stringify(req.messages);
      const placeholder = /\u27e6SECRET_\d+\u27e7/.exec(seen)?.[0] ?? 'none';
      return { kind: 'calls', calls: [{ id: 'call_2', name: 'run_in_terminal', arguments: { command: `gh auth login --with-token ${placeholder}` } }] };
    }, { onSecret: 'redactForCloud' });
    const history: ChatTurn[] = [
      { role: 'user', content: TASK },
      { role: 'assistant', content: '', toolCalls: [readCall(1, '.github/token.txt')] },
      { role: 'tool', content: `token: ${token}\n`, toolCallId: 'call_1' },
    ];
    const outcome = await ask({ prompt: '', history, tools: TOOLS });
    assert.equal(outcome.kind, 'answered', JSON.stringify(outcome));
    if (outcome.kind !== 'answered') { return; }
    assert.equal(outcome.response.path, 'cloud');
    assert.equal(outcome.response.decision.stage, 'redaction');
    assert.equal(local.answerCalls.length, 0);
    assert.equal(cloud.answerCalls.length, 1);
    assert.ok(!seen.includes(token.slice(4, 12)) && seen.includes('\u27e6SECRET_1\u27e7'), 'the cloud saw a placeholder, not the token');
    assert.deepEqual(outcome.response.toolCalls, [{ id: 'call_2', name: 'run_in_terminal', arguments: { command: `gh auth login --with-token ${token}` } }]);
  });
});
