import assert from 'node:assert/strict';
import { FoundryLocalProvider } from '../../src/providers/foundryLocal';
import { fakeFoundryLocalSdk } from '../fakes/foundryLocalSdkFake';
import { ReplayServer } from './replayServer';
import { answerRequest, collect } from './collect';

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
});
