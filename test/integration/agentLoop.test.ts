import assert from 'node:assert/strict';
import { OpenAICompatibleProvider } from '../../src/providers/openaiCompatible';
import { RouteLog } from '../../src/router/routeLog';
import { RouterService, type AskOutcome } from '../../src/router/service';
import type { AskRequest, ChatTurn } from '../../src/router/types';
import { aConfig, MemoryEventSink } from '../fakes';
import { ReplayServer } from './replayServer';
import { GREP_SEARCH, READ_FILE, STREAMED_CALLS } from './agentTurn';

const TASK = 'Refactor the whole authentication architecture across all 14 modules: migrate the session store, redesign the token flow, and plan the rollout with a threat model.';
const TOKEN = 'ghp_' + 'L00pR3pl4y' + 'k7Vd'.repeat(6) + 'zz';

// The router over the real openai client on both sides, each side a replay server on 127.0.0.1: what each
// server received is the proof of where every turn of an agent loop went.
describe('An agent loop through the router and the real openai client (replay)', () => {
  let localServer: ReplayServer;
  let cloudServer: ReplayServer;
  let service: RouterService;
  let sink: MemoryEventSink;

  beforeEach(async () => {
    [localServer, cloudServer] = await Promise.all([ReplayServer.start(), ReplayServer.start()]);
    const local = new OpenAICompatibleProvider({ id: 'openai-local', target: 'local', baseUrl: localServer.baseUrl, model: 'qwen2.5-coder:7b' });
    const cloud = new OpenAICompatibleProvider({ id: 'openai-cloud', target: 'cloud', baseUrl: cloudServer.baseUrl, model: 'gpt-5.4', apiStyle: 'responses', apiKey: async () => 'sk-' + 'loop'.repeat(8) });
    const config = aConfig({ routerModelEnabled: false });
    sink = new MemoryEventSink();
    service = new RouterService({ config: () => config, local, cloud, log: new RouteLog(), events: sink });
  });
  afterEach(async () => { await Promise.all([localServer.stop(), cloudServer.stop()]); });

  const ask = (req: AskRequest): Promise<AskOutcome> => service.ask(req, new AbortController().signal, () => undefined);
  const tools = [READ_FILE, GREP_SEARCH];

  it('a tool result holding a secret turns that turn and every later one local; the cloud server receives nothing more', async () => {
    cloudServer.enqueue('responses-stream-tool-calls');
    const first = await ask({ prompt: TASK, tools, agentTurn: { sessionId: 'loop', turn: 1 } });
    assert.ok(first.kind === 'answered', JSON.stringify(first).slice(0, 300));
    assert.equal(first.response.path, 'cloud');
    assert.deepEqual(first.response.toolCalls, STREAMED_CALLS);

    const history: ChatTurn[] = [
      { role: 'user', content: TASK },
      { role: 'assistant', content: '', toolCalls: STREAMED_CALLS },
      { role: 'tool', toolCallId: 'call_replay_readme', content: `# Deploy\nexport GITHUB_TOKEN=${TOKEN}\n` },
      { role: 'tool', toolCallId: 'call_replay_search', content: 'README.md:3: TODO: rotate' },
    ];
    localServer.enqueue('chat-stream', 'chat-stream');
    const second = await ask({ prompt: '', history, tools, agentTurn: { sessionId: 'loop', turn: 2 } });
    assert.ok(second.kind === 'answered', JSON.stringify(second).slice(0, 300));
    assert.deepEqual([second.response.path, second.response.privacy], ['local', 'restricted']);
    assert.match(second.response.reason, /result of `read_file`/);

    history.push({ role: 'assistant', content: second.response.answer }, { role: 'user', content: 'Now write the migration plan.' });
    const third = await ask({ prompt: 'Now write the migration plan.', history: history.slice(0, -1), tools, agentTurn: { sessionId: 'loop', turn: 3 } });
    assert.ok(third.kind === 'answered');
    assert.deepEqual([third.response.path, third.response.privacy], ['local', 'restricted']);

    assert.equal(cloudServer.requests.length, 1, 'only the first, clean turn reached the cloud');
    assert.ok(!JSON.stringify(cloudServer.requests).includes(TOKEN.slice(4, 14)));
    // The local model got the turn structurally, with the original result (it never leaves the device).
    const localBody = localServer.requests[0].body as { messages: { role: string; tool_call_id?: string; content: string | null }[]; tools: unknown[] };
    assert.equal(localBody.tools.length, 2);
    const toolMessages = localBody.messages.filter(m => m.role === 'tool');
    assert.deepEqual(toolMessages.map(m => m.tool_call_id), ['call_replay_readme', 'call_replay_search']);
    assert.ok(toolMessages[0].content?.includes(TOKEN));
    assert.ok(!sink.dump().includes(TOKEN.slice(4, 14)), 'no piece of the token in any event');
  });

  it('a local model that cannot call tools: a clean turn falls back to the cloud with the tools', async () => {
    localServer.enqueue('error-400-ollama-no-tools');
    cloudServer.enqueue('responses-stream-tool-calls');
    const outcome = await ask({ prompt: 'What does README.md say?', tools });
    assert.ok(outcome.kind === 'answered', JSON.stringify(outcome).slice(0, 300));
    assert.equal(outcome.response.path, 'cloud_fallback');
    assert.match(String(outcome.response.fallbackReason), /cannot call tools/);
    assert.equal((cloudServer.requests[0].body as { tools: unknown[] }).tools.length, 2);
  });

  it('a local model that cannot call tools: a restricted turn fails with tools_unsupported and the cloud receives nothing', async () => {
    localServer.enqueue('error-400-ollama-no-tools');
    const history: ChatTurn[] = [
      { role: 'user', content: 'Check the deploy config.' },
      { role: 'assistant', content: '', toolCalls: [{ id: 'call_1', name: 'read_file', arguments: { path: 'deploy.sh' } }] },
      { role: 'tool', toolCallId: 'call_1', content: `export GITHUB_TOKEN=${TOKEN}` },
    ];
    const outcome = await ask({ prompt: '', history, tools });
    assert.ok(outcome.kind === 'failed', JSON.stringify(outcome).slice(0, 300));
    assert.equal(outcome.error.code, 'tools_unsupported');
    assert.match(outcome.error.message, /^Model "qwen2\.5-coder:7b".*cannot call tools.*not sent to the cloud either\.$/);
    assert.equal(outcome.error.message.match(/cannot call tools/g)?.length, 1, 'said once');
    assert.ok(!outcome.error.message.includes(TOKEN.slice(4, 14)));
    assert.equal(cloudServer.requests.length, 0);
  });
});
