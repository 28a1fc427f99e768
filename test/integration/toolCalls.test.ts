import assert from 'node:assert/strict';
import { ProviderError } from '../../src/router/errors';
import { OpenAICompatibleProvider, type OpenAICompatibleOptions } from '../../src/providers/openaiCompatible';
import { ReplayServer } from './replayServer';
import { answerRequest, collect } from './collect';
import { agentTurnRequest, assertChatToolBody, assertResponsesToolBody, STREAMED_CALLS } from './agentTurn';

/** Text inside the malformed arguments of the fixtures: an error message must never quote it. */
const ARGUMENT_TEXT = 'ARGUMENT-TEXT-x9Qw';

// Agent turns through the real `openai` client against recorded shapes on 127.0.0.1.
describe('Tool calls over the real openai client (replay)', () => {
  let server: ReplayServer;
  beforeEach(async () => { server = await ReplayServer.start(); });
  afterEach(async () => { await server.stop(); });

  function provider(overrides: Partial<OpenAICompatibleOptions> = {}): OpenAICompatibleProvider {
    return new OpenAICompatibleProvider({ id: 'openai-local', target: 'local', baseUrl: server.baseUrl, model: 'qwen2.5-coder:7b', ...overrides });
  }

  function providerError(result: { error?: unknown }): ProviderError {
    assert.ok(result.error instanceof ProviderError, `expected a ProviderError, got ${String(result.error)}`);
    return result.error;
  }

  it('Chat Completions: assembles two parallel calls from interleaved, split deltas; reports them before done', async () => {
    server.enqueue('chat-stream-tool-calls');
    const result = await collect(provider().chat(agentTurnRequest(), new AbortController().signal));
    assert.equal(result.error, undefined);
    assert.deepEqual(result.toolCalls, STREAMED_CALLS);
    assert.equal(result.text, '', 'tool calls and no text is a complete answer, not an empty one');
    assert.deepEqual(result.kinds, ['tool_call', 'tool_call', 'done']);
    assert.deepEqual(result.done?.usage, { promptTokens: 88, completionTokens: 31 });
    assertChatToolBody(server.requests[0].body as Record<string, unknown>);
  });

  it('Chat Completions: text then a call whose arguments are empty (= {}), tool_choice required when asked', async () => {
    server.enqueue('chat-stream-text-and-tool-call');
    const result = await collect(provider().chat(agentTurnRequest({ toolMode: 'required' }), new AbortController().signal));
    assert.equal(result.error, undefined);
    assert.equal(result.text, 'Let me list the folder.');
    assert.deepEqual(result.toolCalls, [{ id: 'call_replay_list', name: 'list_dir', arguments: {} }]);
    assert.deepEqual(result.kinds, ['text', 'text', 'tool_call', 'done']);
    assertChatToolBody(server.requests[0].body as Record<string, unknown>, 'required');
  });

  it('Responses API: assembles function_call items from their argument deltas, sends function_call(_output) items', async () => {
    server.enqueue('responses-stream-tool-calls');
    const result = await collect(provider({ apiStyle: 'responses' }).chat(agentTurnRequest(), new AbortController().signal));
    assert.equal(result.error, undefined);
    assert.deepEqual(result.toolCalls, STREAMED_CALLS);
    assert.deepEqual(result.kinds, ['tool_call', 'tool_call', 'done']);
    assert.deepEqual(result.done, { kind: 'done', model: 'gpt-5.4-2026-03-05', usage: { promptTokens: 120, completionTokens: 38 } });
    assert.equal(server.requests[0].path, '/v1/responses');
    assertResponsesToolBody(server.requests[0].body as Record<string, unknown>);
  });

  for (const [fixture, apiStyle] of [['chat-stream-tool-call-malformed', 'chat'], ['responses-stream-tool-call-malformed', 'responses']] as const) {
    it(`${apiStyle}: malformed tool-call arguments are a bad-response naming the tool, never quoting the arguments`, async () => {
      server.enqueue(fixture);
      const result = await collect(provider({ apiStyle }).chat(agentTurnRequest(), new AbortController().signal));
      const error = providerError(result);
      assert.equal(error.code, 'bad-response');
      assert.match(error.message, /malformed arguments .*tool "run_in_terminal"/);
      assert.match(error.message, /"qwen2\.5-coder:7b"|"gpt-5\.4/);
      assert.ok(!error.message.includes(ARGUMENT_TEXT) && !error.message.includes('deploy --password'), 'no argument text in the message');
      assert.deepEqual(result.toolCalls, []);
      assert.equal(result.done, undefined);
    });
  }

  const refusals: { fixture: string; status: number; says: RegExp }[] = [
    { fixture: 'error-400-ollama-no-tools', status: 400, says: /^Model "qwen2\.5-coder:7b" at http:\/\/127\.0\.0\.1:\d+\/v1 cannot call tools/ },
    { fixture: 'error-500-llamacpp-no-jinja', status: 500, says: /started with `--jinja`/ },
    { fixture: 'error-400-vllm-no-auto-tool-choice', status: 400, says: /`--enable-auto-tool-choice` and a `--tool-call-parser`/ },
  ];
  for (const row of refusals) {
    it(`${row.fixture}: a server refusing the tools is 'tools-unsupported', naming the model and the setting`, async () => {
      server.enqueue(row.fixture);
      const result = await collect(provider().chat(agentTurnRequest(), new AbortController().signal));
      const error = providerError(result);
      assert.equal(error.code, 'tools-unsupported');
      assert.equal(error.details.status, row.status);
      assert.match(error.message, row.says);
      assert.match(error.message, /supports tool calling \(`hybridAgent\.local\.model`/);
      assert.ok(!error.message.includes('TODOs') && !error.message.includes('Hybrid Agent\n'), 'no prompt or tool text');
      assert.equal(server.requests.length, 1, 'not retried');
    });
  }

  it('the same refusals without tools offered keep their usual codes', async () => {
    server.enqueue('error-400-ollama-no-tools', 'error-500-llamacpp-no-jinja');
    const ollama = providerError(await collect(provider().chat(answerRequest('q'), new AbortController().signal)));
    const llama = providerError(await collect(provider().chat(answerRequest('q'), new AbortController().signal)));
    assert.deepEqual([ollama.code, llama.code], ['bad-request', 'server']);
  });

  it('a request without tools sends neither tools nor tool_choice', async () => {
    server.enqueue('chat-stream');
    await collect(provider().chat(answerRequest('q'), new AbortController().signal));
    const body = server.requests[0].body as Record<string, unknown>;
    assert.equal('tools' in body, false);
    assert.equal('tool_choice' in body, false);
  });
});
