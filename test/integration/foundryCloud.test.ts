import assert from 'node:assert/strict';
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import { CredentialUnavailableError } from '@azure/identity';
import { ProviderError } from '../../src/router/errors';
import { FOUNDRY_SCOPE, FoundryCloudProvider } from '../../src/providers/foundryCloud';
import { isAbortError } from '../../src/providers/abort';
import { ReplayServer } from './replayServer';
import { answerRequest, collect } from './collect';
import { agentTurnRequest, assertChatToolBody, assertResponsesToolBody, STREAMED_CALLS } from './agentTurn';

/** A TokenCredential that hands out a fixed token, or throws what it is given; records the scopes asked for. */
class FakeCredential implements TokenCredential {
  readonly scopes: string[] = [];
  constructor(private readonly token: string, private readonly failure?: Error) {}
  async getToken(scopes: string | string[], _options?: GetTokenOptions): Promise<AccessToken | null> {
    this.scopes.push(...(Array.isArray(scopes) ? scopes : [scopes]));
    if (this.failure) {
      throw this.failure;
    }
    return { token: this.token, expiresOnTimestamp: Date.now() + 3_600_000 };
  }
}

// The real AIProjectClient(...).getOpenAIClient() inside FoundryCloudProvider, over plain http to 127.0.0.1.
describe('FoundryCloudProvider over the real @azure/ai-projects client (replay)', () => {
  let server: ReplayServer;
  const token = 'eyJ0eXAiOiJKV1Qi' + 'fake'.repeat(8);

  beforeEach(async () => { server = await ReplayServer.start(); });
  afterEach(async () => { await server.stop(); });

  function provider(credential: TokenCredential, overrides: Partial<ConstructorParameters<typeof FoundryCloudProvider>[0]> = {}): FoundryCloudProvider {
    return new FoundryCloudProvider({ projectEndpoint: `${server.origin}/api/projects/hybrid`, deployment: 'model-router', credential, maxRetries: 0, ...overrides });
  }

  it('streams Chat Completions on the project /openai/v1 route with a bearer token, reporting the real model', async () => {
    server.enqueue('chat-stream');
    const credential = new FakeCredential(token);
    const result = await collect(provider(credential).chat(answerRequest('plan the migration'), new AbortController().signal));
    assert.equal(result.error, undefined);
    assert.equal(result.text, 'The loop reads past the end.');
    assert.equal(result.done?.model, 'gpt-5.4-mini-2026-03-17', 'model-router names the model that answered');
    const [request] = server.requests;
    assert.equal(request.path.split('?')[0], '/api/projects/hybrid/openai/v1/chat/completions');
    assert.equal(request.headers.authorization, `Bearer <redacted:${token.length}>`);
    assert.deepEqual([...new Set(credential.scopes)], [FOUNDRY_SCOPE]);
    const body = request.body as Record<string, unknown>;
    assert.equal(body.model, 'model-router');
    assert.equal(body.max_completion_tokens, 256);
    assert.equal(body.max_tokens, undefined);
  });

  it('uses the Responses API when configured', async () => {
    server.enqueue('responses-stream');
    const result = await collect(provider(new FakeCredential(token), { apiStyle: 'responses', deployment: 'gpt-5.4' }).chat(answerRequest('q'), new AbortController().signal));
    assert.equal(result.text, 'Split the module by feature.');
    assert.deepEqual(result.done?.usage, { promptTokens: 57, completionTokens: 11 });
    assert.equal(server.requests[0].path.split('?')[0], '/api/projects/hybrid/openai/v1/responses');
  });

  it('maps a credential that cannot sign in to auth with sign-in guidance, sending nothing', async () => {
    const failing = new FakeCredential(token, new CredentialUnavailableError('no account'));
    const result = await collect(provider(failing).chat(answerRequest('q'), new AbortController().signal));
    assert.ok(result.error instanceof ProviderError);
    assert.equal(result.error.code, 'auth');
    assert.match(result.error.message, /Sign in to Azure/);
    assert.equal(server.requests.length, 0);
  });

  it('maps 401 and 404 with Foundry guidance naming the deployment', async () => {
    server.enqueue('error-401', 'error-404');
    const cloud = provider(new FakeCredential(token), { deployment: 'gpt-5.4' });
    const denied = await collect(cloud.chat(answerRequest('q'), new AbortController().signal));
    const missing = await collect(cloud.chat(answerRequest('q'), new AbortController().signal));
    assert.ok(denied.error instanceof ProviderError && missing.error instanceof ProviderError);
    assert.equal(denied.error.code, 'auth');
    assert.match(denied.error.message, /Sign in to Azure/);
    assert.equal(missing.error.code, 'not-found');
    assert.match(missing.error.message, /"gpt-5\.4".*hybridAgent\.cloud\.deployment/);
  });

  it('retries with max_tokens on the unsupported_parameter 400 from an older deployment', async () => {
    server.enqueue('error-400-max-completion-tokens', 'chat-stream');
    const result = await collect(provider(new FakeCredential(token)).chat(answerRequest('q'), new AbortController().signal));
    assert.equal(result.error, undefined);
    assert.equal((server.requests[1].body as Record<string, unknown>).max_tokens, 256);
  });

  it('cancels mid-stream and the server sees the connection close', async () => {
    server.enqueue('chat-stream-stalls');
    const controller = new AbortController();
    const result = await collect(provider(new FakeCredential(token)).chat(answerRequest('q'), controller.signal), () => controller.abort());
    assert.ok(isAbortError(result.error));
    await server.nextEarlyClose();
  });

  for (const [apiStyle, fixture] of [['chat', 'chat-stream-tool-calls'], ['responses', 'responses-stream-tool-calls']] as const) {
    it(`agent turn over ${apiStyle}: tools and tool history go structurally, streamed calls come back assembled`, async () => {
      server.enqueue(fixture);
      const result = await collect(provider(new FakeCredential(token), { apiStyle }).chat(agentTurnRequest(), new AbortController().signal));
      assert.equal(result.error, undefined);
      assert.deepEqual(result.toolCalls, STREAMED_CALLS);
      assert.deepEqual(result.kinds, ['tool_call', 'tool_call', 'done']);
      const body = server.requests[0].body as Record<string, unknown>;
      if (apiStyle === 'chat') {
        assertChatToolBody(body);
      } else {
        assertResponsesToolBody(body);
      }
    });
  }

  it('a deployment refusing function tools is tools-unsupported, naming the deployment setting', async () => {
    server.enqueue('error-400-cloud-function-tools');
    const result = await collect(provider(new FakeCredential(token), { deployment: 'gpt-5.4' }).chat(agentTurnRequest(), new AbortController().signal));
    assert.ok(result.error instanceof ProviderError);
    assert.equal(result.error.code, 'tools-unsupported');
    assert.match(result.error.message, /^Model "gpt-5\.4" at .* cannot call tools .*`hybridAgent\.cloud\.deployment`.*supports tool calling/);
    assert.ok(!result.error.message.includes('reasoning_effort'), 'the server text is not quoted');
  });

  it('probe reports sign-in problems and bad endpoints without throwing', async () => {
    const notSignedIn = await provider(new FakeCredential(token, new CredentialUnavailableError('no account'))).probe(new AbortController().signal);
    assert.equal(notSignedIn.available, false);
    assert.match(notSignedIn.detail ?? '', /Sign in to Azure/);
    const insecure = await new FoundryCloudProvider({ projectEndpoint: 'http://example.com/api/projects/p', deployment: 'x', credential: new FakeCredential(token) }).probe(new AbortController().signal);
    assert.equal(insecure.available, false);
    assert.match(insecure.detail ?? '', /https/);
    server.enqueue('models-list');
    const { models, ...probe } = await provider(new FakeCredential(token)).probe(new AbortController().signal);
    assert.deepEqual(probe, { available: true, model: 'model-router' });
    assert.ok((models ?? []).length > 0, 'the served list comes back for the model picker');
  });
});
