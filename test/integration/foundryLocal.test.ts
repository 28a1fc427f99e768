import assert from 'node:assert/strict';
import { FoundryLocalProvider } from '../../src/providers/foundryLocal';
import { ProviderError } from '../../src/router/errors';
import { fakeFoundryLocalSdk } from '../fakes/foundryLocalSdkFake';
import { ReplayServer } from './replayServer';
import { answerRequest, collect } from './collect';
import { agentTurnRequest, assertChatToolBody, STREAMED_CALLS } from './agentTurn';

// The SDK is the only stand-in (its native runtime cannot be installed here); the web service it "starts" is a
// replay server, and the answer streams through the real openai client.
describe('FoundryLocalProvider: SDK fake + its web service replayed on 127.0.0.1', () => {
  let server: ReplayServer;
  beforeEach(async () => { server = await ReplayServer.start(); });
  afterEach(async () => { await server.stop(); });

  it('loads the model, starts the web service, and streams from it using the variant id', async () => {
    const sdk = fakeFoundryLocalSdk({ serviceUrl: server.origin, models: [{ alias: 'qwen2.5-coder-1.5b', id: 'qwen2.5-coder-1.5b-instruct-generic-cpu:3', cached: true }] });
    const local = new FoundryLocalProvider({ loadSdk: async () => sdk, modelAlias: 'qwen2.5-coder-1.5b', autoDetect: false });
    server.enqueue('chat-stream');
    const result = await collect(local.chat(answerRequest('what does flat() do?'), new AbortController().signal));
    assert.equal(result.error, undefined);
    assert.equal(result.text, 'The loop reads past the end.');
    assert.equal(sdk.models[0].loads, 1);
    assert.equal(sdk.manager?.serviceStarts, 1);
    const body = server.requests[0].body as Record<string, unknown>;
    assert.equal(server.requests[0].path, '/v1/chat/completions');
    assert.equal(body.model, 'qwen2.5-coder-1.5b-instruct-generic-cpu:3');
    assert.equal(body.max_tokens, 256, 'local servers get max_tokens');
  });

  it('uses the router alias for route requests', async () => {
    const sdk = fakeFoundryLocalSdk({ serviceUrl: server.origin, models: [{ alias: 'phi-4-mini', cached: true }, { alias: 'qwen2.5-coder-7b', cached: true }] });
    const local = new FoundryLocalProvider({ loadSdk: async () => sdk, modelAlias: 'qwen2.5-coder-7b', autoDetect: false });
    server.enqueue('chat-stream-router-verdict');
    await collect(local.chat({ ...answerRequest('classify'), purpose: 'route' }, new AbortController().signal));
    assert.equal((server.requests[0].body as Record<string, unknown>).model, 'phi-4-mini-instruct-generic-cpu:1');
  });

  it('talks straight to a configured service URL without the SDK', async () => {
    const local = new FoundryLocalProvider({ endpoint: server.baseUrl, modelAlias: 'phi-4-mini', loadSdk: () => Promise.reject(new Error('must not load')) });
    server.enqueue('models-list', 'chat-stream');
    const { models, ...probe } = await local.probe(new AbortController().signal);
    assert.deepEqual(probe, { available: true, model: 'phi-4-mini' });
    assert.ok((models ?? []).includes('Phi-4-mini-instruct-generic-cpu'), 'the served list comes back for the model picker');
    const result = await collect(local.chat(answerRequest('q'), new AbortController().signal));
    assert.equal(result.error, undefined);
  });

  it('refuses tools before sending anything when the catalog says the model cannot call them, naming models that can', async () => {
    const sdk = fakeFoundryLocalSdk({ serviceUrl: server.origin, models: [
      { alias: 'phi-3.5-mini', cached: true, toolCalling: false },
      { alias: 'qwen2.5-coder-7b', cached: true, toolCalling: true },
      { alias: 'phi-4-mini', cached: false, toolCalling: true },
      { alias: 'mistral-7b', cached: true, toolCalling: null },
    ] });
    const local = new FoundryLocalProvider({ loadSdk: async () => sdk, modelAlias: 'phi-3.5-mini', autoDetect: false, guidance: { toolsUnsupported: 'Run "Hybrid Agent: Select Local Model" (`hybridAgent.local.modelAlias`).' } });
    const result = await collect(local.chat(agentTurnRequest(), new AbortController().signal));
    assert.ok(result.error instanceof ProviderError);
    assert.equal(result.error.code, 'tools-unsupported');
    assert.equal(result.error.message, 'Foundry Local model "phi-3.5-mini" cannot call tools (its catalog entry says so). '
      + 'Run "Hybrid Agent: Select Local Model" (`hybridAgent.local.modelAlias`). Models of the catalog that can: qwen2.5-coder-7b, phi-4-mini.');
    assert.equal(server.requests.length, 0, 'nothing sent');
    server.enqueue('chat-stream');
    assert.equal((await collect(local.chat(answerRequest('no tools'), new AbortController().signal))).error, undefined, 'the model still answers without tools');
  });

  for (const toolCalling of [true, null]) {
    it(`sends the tools when the catalog says ${String(toolCalling)} (unknown lets the server decide)`, async () => {
      const sdk = fakeFoundryLocalSdk({ serviceUrl: server.origin, models: [{ alias: 'qwen2.5-coder-7b', cached: true, toolCalling }] });
      const local = new FoundryLocalProvider({ loadSdk: async () => sdk, modelAlias: 'qwen2.5-coder-7b', autoDetect: false });
      server.enqueue('chat-stream-tool-calls');
      const result = await collect(local.chat(agentTurnRequest(), new AbortController().signal));
      assert.equal(result.error, undefined);
      assert.deepEqual(result.toolCalls, STREAMED_CALLS);
      assertChatToolBody(server.requests[0].body as Record<string, unknown>);
    });
  }
});
