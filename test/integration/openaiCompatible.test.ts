import assert from 'node:assert/strict';
import { ProviderError } from '../../src/router/errors';
import { OpenAICompatibleProvider, type OpenAICompatibleOptions } from '../../src/providers/openaiCompatible';
import { isAbortError } from '../../src/providers/abort';
import { ReplayServer } from './replayServer';
import { answerRequest, collect, ROUTE_SCHEMA } from './collect';

// The real `openai` client (inside OpenAICompatibleProvider) against recorded responses on 127.0.0.1.
describe('OpenAICompatibleProvider over the real openai client (replay)', () => {
  let server: ReplayServer;
  const key = 'sk-' + 'replay' + 'Q7x2Lm9Vb4Nc8Rt1'.repeat(2);

  beforeEach(async () => { server = await ReplayServer.start(); });
  afterEach(async () => { await server.stop(); });

  function provider(overrides: Partial<OpenAICompatibleOptions> = {}): OpenAICompatibleProvider {
    return new OpenAICompatibleProvider({ id: 'openai-cloud', target: 'cloud', baseUrl: server.baseUrl, model: 'model-router', apiKey: async () => key, ...overrides });
  }

  function providerError(result: { error?: unknown }): ProviderError {
    assert.ok(result.error instanceof ProviderError, `expected a ProviderError, got ${String(result.error)}`);
    return result.error;
  }

  it('streams Chat Completions text, reports the model that answered and usage from the final chunk', async () => {
    server.enqueue('chat-stream');
    const result = await collect(provider().chat(answerRequest('why does this loop overrun?'), new AbortController().signal));
    assert.equal(result.error, undefined);
    assert.equal(result.text, 'The loop reads past the end.');
    assert.ok(result.pieces.length >= 3, 'text arrives in pieces, as streamed');
    assert.deepEqual(result.done, { kind: 'done', model: 'gpt-5.4-mini-2026-03-17', usage: { promptTokens: 42, completionTokens: 9 } });
    const [request] = server.requests;
    const body = request.body as Record<string, unknown>;
    assert.equal(body.model, 'model-router');
    assert.equal(body.stream, true);
    assert.deepEqual(body.stream_options, { include_usage: true });
    assert.equal(body.max_completion_tokens, 256, 'cloud sends max_completion_tokens');
    assert.equal(body.max_tokens, undefined);
    assert.equal(request.headers.authorization, `Bearer <redacted:${key.length}>`);
  });

  it('does not send a custom temperature to cloud deployments unless told they support it', async () => {
    server.enqueue('chat-stream', 'chat-stream');
    await collect(provider().chat(answerRequest('q', { temperature: 0.2 }), new AbortController().signal));
    await collect(provider({ supportsTemperature: true }).chat(answerRequest('q', { temperature: 0.2 }), new AbortController().signal));
    assert.equal((server.requests[0].body as Record<string, unknown>).temperature, undefined);
    assert.equal((server.requests[1].body as Record<string, unknown>).temperature, 0.2);
  });

  it('streams the Responses API: deltas, then model and usage from response.completed', async () => {
    server.enqueue('responses-stream');
    const result = await collect(provider({ apiStyle: 'responses' }).chat(answerRequest('split this module'), new AbortController().signal));
    assert.equal(result.error, undefined);
    assert.equal(result.text, 'Split the module by feature.');
    assert.deepEqual(result.done, { kind: 'done', model: 'gpt-5.4-2026-03-05', usage: { promptTokens: 57, completionTokens: 11 } });
    const body = server.requests[0].body as Record<string, unknown>;
    assert.equal(server.requests[0].path, '/v1/responses');
    assert.equal(body.max_output_tokens, 256);
    assert.deepEqual((body.input as { role: string }[]).map(i => i.role), ['system', 'user']);
  });

  it('reports a Responses stream that fails after starting as a server error', async () => {
    server.enqueue('responses-failed');
    const result = await collect(provider({ apiStyle: 'responses' }).chat(answerRequest('q'), new AbortController().signal));
    assert.equal(providerError(result).code, 'server');
    assert.match(providerError(result).message, /server_error/);
  });

  const errorTable: { fixture: string; code: ProviderError['code']; status: number; says: RegExp }[] = [
    { fixture: 'error-401', code: 'auth', status: 401, says: /HYBRID_CLOUD_API_KEY/ },
    { fixture: 'error-404', code: 'not-found', status: 404, says: /"model-router".*hybridAgent\.cloud\.deployment/ },
    { fixture: 'error-500', code: 'server', status: 500, says: /HTTP 500/ },
    { fixture: 'error-400-context-length', code: 'bad-request', status: 400, says: /context_length_exceeded/ },
  ];
  for (const row of errorTable) {
    it(`maps ${row.fixture} to '${row.code}' with guidance and without the key or prompt`, async () => {
      server.enqueue(row.fixture);
      const prompt = 'explain the PaymentsLedger reconciliation';
      const result = await collect(provider().chat(answerRequest(prompt), new AbortController().signal));
      const error = providerError(result);
      assert.equal(error.code, row.code);
      assert.equal(error.details.status, row.status);
      assert.match(error.message, row.says);
      assert.ok(!error.message.includes(key) && !error.message.includes('PaymentsLedger'));
      assert.equal(server.requests.length, 1, 'no retry for this error with maxRetries 0');
    });
  }

  it('maps 429 to rate-limit with the retry-after the server sent', async () => {
    server.enqueue('error-429');
    const error = providerError(await collect(provider().chat(answerRequest('q'), new AbortController().signal)));
    assert.equal(error.code, 'rate-limit');
    assert.equal(error.details.retryAfterMs, 7000);
    assert.match(error.message, /wait 7 s/);
  });

  it('retries once on a 500 when maxRetries is 1, then answers', async () => {
    server.enqueue('error-500', 'chat-stream');
    const result = await collect(provider({ maxRetries: 1 }).chat(answerRequest('q'), new AbortController().signal));
    assert.equal(result.error, undefined);
    assert.equal(server.requests.length, 2);
  });

  it('retries once with max_tokens when the deployment rejects max_completion_tokens, and remembers', async () => {
    server.enqueue('error-400-max-completion-tokens', 'chat-stream', 'chat-stream');
    const cloud = provider();
    const first = await collect(cloud.chat(answerRequest('q'), new AbortController().signal));
    assert.equal(first.error, undefined);
    assert.equal(first.text, 'The loop reads past the end.');
    const [rejected, retried] = server.requests.map(r => r.body as Record<string, unknown>);
    assert.equal(rejected.max_completion_tokens, 256);
    assert.equal(retried.max_tokens, 256);
    assert.equal(retried.max_completion_tokens, undefined);
    await collect(cloud.chat(answerRequest('again'), new AbortController().signal));
    assert.equal((server.requests[2].body as Record<string, unknown>).max_tokens, 256, 'second call goes straight to max_tokens');
    assert.equal(server.requests.length, 3);
  });

  it('retries with max_completion_tokens when a local server configured for max_tokens rejects it', async () => {
    server.enqueue('error-400-max-tokens', 'chat-stream');
    const result = await collect(provider({ target: 'local', id: 'openai-local' }).chat(answerRequest('q'), new AbortController().signal));
    assert.equal(result.error, undefined);
    assert.equal((server.requests[1].body as Record<string, unknown>).max_completion_tokens, 256);
  });

  it('sends the JSON-schema response format, and falls back to a plain JSON prompt when the server rejects it', async () => {
    server.enqueue('error-400-response-format', 'chat-stream-router-verdict', 'chat-stream-router-verdict');
    const local = provider({ target: 'local', id: 'openai-local', model: 'phi-4-mini' });
    const req = { ...answerRequest('classify'), purpose: 'route' as const, jsonSchema: ROUTE_SCHEMA };
    const result = await collect(local.chat(req, new AbortController().signal));
    assert.equal(result.error, undefined);
    assert.deepEqual(JSON.parse(result.text), { target: 'local', confidence: 0.9, complexity: 'low', reason: 'small question' });
    const [first, second] = server.requests.map(r => r.body as { response_format?: { type: string; json_schema: { strict: boolean } }; messages: { role: string; content: string }[] });
    assert.equal(first.response_format?.type, 'json_schema');
    assert.equal(first.response_format?.json_schema.strict, true);
    assert.equal(second.response_format, undefined);
    assert.match(second.messages[0].content, /JSON schema/);
    await collect(local.chat(req, new AbortController().signal));
    assert.equal((server.requests[2].body as { response_format?: unknown }).response_format, undefined, 'remembered per instance');
  });

  it('reports a stream cut mid-way as bad-response, after the text that did arrive', async () => {
    server.enqueue('chat-stream-cut');
    const result = await collect(provider().chat(answerRequest('q'), new AbortController().signal));
    assert.equal(providerError(result).code, 'bad-response');
    assert.equal(result.done, undefined);
  });

  it('reports a completion with no text as empty', async () => {
    server.enqueue('chat-stream-empty');
    assert.equal(providerError(await collect(provider().chat(answerRequest('q'), new AbortController().signal))).code, 'empty');
  });

  it('times out before the first token, closes the connection, and says so', async () => {
    server.enqueue('chat-stream-first-token-slow');
    const result = await collect(provider({ timeoutMs: 150 }).chat(answerRequest('q'), new AbortController().signal));
    const error = providerError(result);
    assert.equal(error.code, 'timeout');
    assert.match(error.message, /sent no answer for 150 ms/);
    await server.nextEarlyClose();
  });

  it('times out when the stream stalls mid-way (idle timeout)', async () => {
    server.enqueue('chat-stream-stalls');
    const result = await collect(provider({ timeoutMs: 5000, idleTimeoutMs: 150 }).chat(answerRequest('q'), new AbortController().signal));
    assert.equal(providerError(result).code, 'timeout');
    assert.match(providerError(result).message, /stalled mid-stream/);
    assert.equal(result.text, 'first ');
  });

  it('cancels mid-stream: throws an abort error and the server sees the connection close', async () => {
    server.enqueue('chat-stream-stalls');
    const controller = new AbortController();
    const result = await collect(provider().chat(answerRequest('q'), controller.signal), () => controller.abort());
    assert.ok(isAbortError(result.error), `expected an abort, got ${String(result.error)}`);
    assert.ok(!(result.error instanceof ProviderError));
    const closed = await server.nextEarlyClose();
    assert.equal(closed.fixture, 'chat-stream-stalls');
  });

  it('names the URL it tried when nothing listens there', async () => {
    const url = server.baseUrl;
    await server.stop();
    const error = providerError(await collect(provider({ target: 'local', id: 'openai-local' }).chat(answerRequest('q'), new AbortController().signal)));
    assert.equal(error.code, 'unreachable');
    assert.ok(error.message.includes(url));
    assert.match(error.message, /foundry service start|hybridAgent\.local\.endpoint/);
  });

  describe('probe', () => {
    it('is available when the model is listed (ignoring case)', async () => {
      server.enqueue('models-list');
      const result = await provider({ target: 'local', id: 'openai-local', model: 'phi-4-mini-instruct-generic-cpu' }).probe(new AbortController().signal);
      assert.deepEqual({ ...result, models: undefined }, { available: true, model: 'phi-4-mini-instruct-generic-cpu', models: undefined });
      assert.ok(result.models?.includes('Phi-4-mini-instruct-generic-cpu') || (result.models?.length ?? 0) > 0);
    });

    it('warns, listing what is served, when a local model name is not in the list (servers answer for unlisted aliases)', async () => {
      server.enqueue('models-list');
      const result = await provider({ target: 'local', id: 'openai-local', model: 'llama3.2' }).probe(new AbortController().signal);
      assert.equal(result.available, true);
      assert.match(result.warning ?? '', /Phi-4-mini-instruct-generic-cpu/);
      assert.match(result.warning ?? '', /foundry model run/);
    });

    it('never throws: unreachable and 401 become details', async () => {
      server.enqueue({ name: 'models-401', request: { method: 'GET', path: '/v1/models' }, response: { status: 401, body: { error: { message: 'bad key' } } } });
      const denied = await provider().probe(new AbortController().signal);
      assert.equal(denied.available, false);
      assert.match(denied.detail ?? '', /HTTP 401/);
      await server.stop();
      const down = await provider().probe(new AbortController().signal);
      assert.equal(down.available, false);
      assert.match(down.detail ?? '', /Could not connect/);
    });
  });
});
