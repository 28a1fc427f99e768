import assert from 'node:assert/strict';
import { APIError } from 'openai';
import { isToolsRefusal, LOCAL_GUIDANCE, toProviderError } from '../../../src/providers/openaiErrors';

const ctx = { provider: 'openai-local', url: 'http://127.0.0.1:11434/v1', model: 'gemma3:4b', guidance: LOCAL_GUIDANCE, offeredTools: true };

/** The error the real openai client throws for this status and parsed body (makeStatusError wraps a bare body). */
function serverError(status: number, body: unknown): APIError {
  const wrapped = typeof body === 'object' && body !== null && !('error' in body) ? { error: body } : body;
  return APIError.generate(status, wrapped as object, undefined, new Headers());
}

describe('tools refused by a server', () => {
  const refusals: [string, APIError][] = [
    ['Ollama, OpenAI shape', serverError(400, { error: { message: 'registry.ollama.ai/library/gemma3:4b does not support tools', type: 'api_error', param: null, code: null } })],
    ['Ollama, native shape', serverError(400, { error: 'registry.ollama.ai/library/gemma3:4b does not support tools' })],
    ['llama.cpp without --jinja', serverError(500, { error: { code: 500, message: 'tools param requires --jinja flag', type: 'server_error' } })],
    ['vLLM without auto tool choice', serverError(400, { object: 'error', message: '"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set', type: 'BadRequestError', param: null, code: 400 })],
    ['generic tool_choice wording', serverError(400, { error: { message: 'tool_choice is not supported for this model' } })],
    ['generic function calling wording', serverError(422, { error: { message: 'Function calling is not enabled for this deployment' } })],
    ['cloud: function tools on chat completions', serverError(400, { error: { message: 'Function tools with reasoning_effort are not supported for x in /v1/chat/completions.', param: 'tools' } })],
    ['unsupported_parameter on tools', serverError(400, { error: { message: 'Unsupported parameter', code: 'unsupported_parameter', param: 'tools' } })],
  ];
  for (const [label, error] of refusals) {
    it(`recognises ${label}, and says what to pick, without the server's words`, () => {
      assert.equal(isToolsRefusal(error), true);
      const mapped = toProviderError(error, ctx);
      assert.equal(mapped.code, 'tools-unsupported');
      assert.match(mapped.message, /^Model "gemma3:4b" at http:\/\/127\.0\.0\.1:11434\/v1 cannot call tools \(the server refused them, HTTP \d+\)\./);
      assert.match(mapped.message, /`hybridAgent\.local\.model`/);
      assert.ok(!/registry\.ollama|reasoning_effort|for this deployment/.test(mapped.message), 'server text is not quoted');
    });
  }

  const notRefusals: [string, APIError][] = [
    ['a bad tool schema', serverError(400, { error: { message: "Invalid 'tools': unsupported schema keyword 'format'", param: 'tools' } })],
    ['a schema detail inside a tool path', serverError(400, { error: { message: "tools[0].function.parameters: 'uri' format is not supported" } })],
    ['context length', serverError(400, { error: { message: 'This model maximum context length is 8192 tokens', code: 'context_length_exceeded' } })],
    ['a 401 that mentions tools', serverError(401, { error: { message: 'tools are not supported without a key' } })],
    ['an unrelated 500', serverError(500, { error: { message: 'CUDA out of memory' } })],
  ];
  for (const [label, error] of notRefusals) {
    it(`does not take ${label} for a refusal of tools`, () => {
      assert.equal(isToolsRefusal(error), false);
      assert.notEqual(toProviderError(error, ctx).code, 'tools-unsupported');
    });
  }

  it('maps a refusal only when the request offered tools', () => {
    const error = refusals[0][1];
    assert.equal(toProviderError(error, { ...ctx, offeredTools: false }).code, 'bad-request');
  });

  it('names the server-side fix for llama.cpp and vLLM', () => {
    assert.match(toProviderError(refusals[2][1], ctx).message, /started with `--jinja`/);
    assert.match(toProviderError(refusals[3][1], ctx).message, /`--enable-auto-tool-choice` and a `--tool-call-parser`/);
    assert.doesNotMatch(toProviderError(refusals[0][1], ctx).message, /--jinja|vLLM/);
  });
});
