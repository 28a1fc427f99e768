import assert from 'node:assert/strict';
import { APIConnectionError, APIConnectionTimeoutError, APIError, OpenAIError } from 'openai';
import { AuthenticationRequiredError, CredentialUnavailableError } from '@azure/identity';
import { CLOUD_KEY_GUIDANCE, FOUNDRY_CLOUD_GUIDANCE, LOCAL_GUIDANCE, retryAfterOf, toProviderError } from '../../../src/providers/openaiErrors';
import type { ProviderErrorCode } from '../../../src/router/errors';

const ctx = { provider: 'openai-cloud', url: 'https://example.test/v1', model: 'gpt-5.4', guidance: CLOUD_KEY_GUIDANCE };

/** Builds the error the real openai client throws for an HTTP status (APIError.generate is what it calls). */
function httpError(status: number, body: Record<string, unknown> = {}, headers: Record<string, string> = {}): APIError {
  return APIError.generate(status, { error: { message: 'server text with PROMPT-ECHO', ...body } }, undefined, new Headers(headers));
}

describe('toProviderError', () => {
  const table: [string, unknown, ProviderErrorCode, RegExp][] = [
    ['401', httpError(401), 'auth', /rejected the credentials.*HYBRID_CLOUD_API_KEY/],
    ['403', httpError(403), 'auth', /denied access/],
    ['404', httpError(404), 'not-found', /"gpt-5\.4".*hybridAgent\.cloud\.deployment/],
    ['408', httpError(408), 'timeout', /HTTP 408/],
    ['429', httpError(429, {}, { 'retry-after': '3' }), 'rate-limit', /wait 3 s/],
    ['500', httpError(500), 'server', /HTTP 500/],
    ['503', httpError(503), 'server', /HTTP 503/],
    ['400 with code and param', httpError(400, { code: 'invalid_value', param: 'messages' }), 'bad-request', /code invalid_value, parameter messages/],
    ['connection refused', new APIConnectionError({ message: 'Connection error.', cause: new Error('ECONNREFUSED') }), 'unreachable', /Could not connect to https:\/\/example\.test\/v1/],
    ['client timeout', new APIConnectionTimeoutError(), 'timeout', /did not answer in time/],
    ['malformed JSON', new SyntaxError('Unexpected token'), 'bad-response', /not valid JSON/],
    ['credential unavailable inside an OpenAIError', Object.assign(new OpenAIError('apiKey getter failed'), { cause: new CredentialUnavailableError('no login') }), 'auth', /sign-in token/],
    ['authentication required', new AuthenticationRequiredError({ scopes: ['s'] }), 'auth', /sign-in token/],
  ];
  for (const [label, error, code, message] of table) {
    it(`maps ${label} to ${code}`, () => {
      const mapped = toProviderError(error, ctx);
      assert.equal(mapped.code, code);
      assert.match(mapped.message, message);
      assert.ok(!mapped.message.includes('PROMPT-ECHO'), 'never quotes the server text');
    });
  }

  it('names an endpoint written with credentials without them, in the message and the details', () => {
    const password = ['s3cr', 'etPa55w0rd'].join('');
    const withUser = { ...ctx, url: `https://svc:${password}@example.test/v1` };
    for (const error of [httpError(401), httpError(500), new APIConnectionError({ message: 'Connection error.' })]) {
      const mapped = toProviderError(error, withUser);
      assert.ok(!mapped.message.includes(password) && !mapped.message.includes('svc:'), mapped.message);
      assert.match(mapped.message, /https:\/\/example\.test\/v1/);
      assert.equal(mapped.details.url, 'https://example.test/v1');
    }
  });

  it('carries status and retry-after in details', () => {
    const mapped = toProviderError(httpError(429, {}, { 'retry-after-ms': '1500' }), ctx);
    assert.deepEqual(mapped.details, { status: 429, url: ctx.url, retryAfterMs: 1500 });
  });

  it('calls an unknown failure during a stream a cut stream', () => {
    assert.equal(toProviderError(new TypeError('terminated'), ctx, true).code, 'bad-response');
    assert.match(toProviderError(new TypeError('terminated'), ctx, true).message, /was cut/);
  });

  it('maps an error event inside the stream to server', () => {
    const streamError = new APIError(undefined, { code: 'server_error', message: 'x' }, undefined, new Headers());
    assert.equal(toProviderError(streamError, ctx, true).code, 'server');
  });

  it('uses the guidance of the target: local names foundry commands, Foundry cloud names sign-in', () => {
    const refused = new APIConnectionError({ message: 'Connection error.' });
    assert.match(toProviderError(refused, { ...ctx, guidance: LOCAL_GUIDANCE }).message, /foundry service start.*hybridAgent\.local\.endpoint/);
    assert.match(toProviderError(httpError(401), { ...ctx, guidance: FOUNDRY_CLOUD_GUIDANCE }).message, /Sign in to Azure/);
  });
});

describe('retryAfterOf', () => {
  it('reads seconds, milliseconds and HTTP dates', () => {
    const now = Date.parse('2026-11-26T12:00:00Z');
    assert.equal(retryAfterOf(httpError(429, {}, { 'retry-after': '7' }), now), 7000);
    assert.equal(retryAfterOf(httpError(429, {}, { 'retry-after-ms': '250' }), now), 250);
    assert.equal(retryAfterOf(httpError(429, {}, { 'retry-after': 'Thu, 26 Nov 2026 12:00:30 GMT' }), now), 30_000);
    assert.equal(retryAfterOf(httpError(429), now), undefined);
  });
});
