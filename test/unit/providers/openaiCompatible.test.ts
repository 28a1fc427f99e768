import assert from 'node:assert/strict';
import { OpenAICompatibleProvider } from '../../../src/providers/openaiCompatible';
import { isAbortError } from '../../../src/providers/abort';
import { ProviderError } from '../../../src/router/errors';
import { ManualTimers } from './manualTimers';

/** A fetch that records calls and holds every response until the request's signal fires (a server that never answers). */
function silentFetch() {
  const calls: { url: string; signal?: AbortSignal | null }[] = [];
  let notify: (() => void) | undefined;
  const started = new Promise<void>(resolve => { notify = resolve; });
  const fetchFn: typeof fetch = (input, init) => {
    calls.push({ url: String(input instanceof Request ? input.url : input), signal: init?.signal });
    notify?.();
    return new Promise<Response>((_resolve, reject) => {
      init?.signal?.addEventListener('abort', () => reject(init.signal?.reason ?? new DOMException('aborted', 'AbortError')), { once: true });
    });
  };
  return { fetchFn, calls, started };
}

/** A fetch answering with an SSE body built from these events, then hanging (no finish) when `hang` is set. */
function sseFetch(events: unknown[], hang: boolean) {
  const fetchFn: typeof fetch = async (_input, init) => {
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const event of events) {
          controller.enqueue(encoder.encode(`data: ${JSON.stringify(event)}\n\n`));
        }
        init?.signal?.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError')), { once: true });
        if (!hang) {
          controller.close();
        }
      },
    });
    return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  };
  return { fetchFn };
}

const chunk = (content: string) => ({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'llama3.2', choices: [{ index: 0, delta: { content }, finish_reason: null }] });
const request = { messages: [{ role: 'user' as const, content: 'hello' }], purpose: 'answer' as const };

async function drain(stream: AsyncIterable<unknown>): Promise<unknown> {
  try {
    for await (const _event of stream) { /* drain */ }
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('OpenAICompatibleProvider (injected fetch and timers)', () => {
  it('times out before the first token when its timer fires, aborting the request it made', async () => {
    const timers = new ManualTimers();
    const { fetchFn, calls, started } = silentFetch();
    const local = new OpenAICompatibleProvider({ id: 'openai-local', target: 'local', baseUrl: 'http://127.0.0.1:11434/v1', model: 'llama3.2', fetch: fetchFn, timers, timeoutMs: 5000 });
    const pending = drain(local.chat(request, new AbortController().signal));
    await started;
    assert.deepEqual(timers.fireAll(), [5000]);
    const error = await pending;
    assert.ok(error instanceof ProviderError, String(error));
    assert.equal(error.code, 'timeout');
    assert.match(error.message, /sent no answer for 5000 ms/);
    assert.equal(calls[0].url, 'http://127.0.0.1:11434/v1/chat/completions');
    assert.equal(calls[0].signal?.aborted, true, 'the request itself was aborted');
  });

  it('times out mid-stream on the idle timer, naming the phase', async () => {
    const timers = new ManualTimers();
    const { fetchFn } = sseFetch([chunk('par'), chunk('tial')], true);
    const local = new OpenAICompatibleProvider({ id: 'openai-local', target: 'local', baseUrl: 'http://127.0.0.1:11434/v1', model: 'llama3.2', fetch: fetchFn, timers, timeoutMs: 5000, idleTimeoutMs: 700 });
    const texts: string[] = [];
    const stream = local.chat(request, new AbortController().signal)[Symbol.asyncIterator]();
    texts.push(((await stream.next()).value as { text: string }).text);
    texts.push(((await stream.next()).value as { text: string }).text);
    const next = stream.next();
    assert.deepEqual(timers.fireAll(), [700]);
    await assert.rejects(next, (e: unknown) => e instanceof ProviderError && e.code === 'timeout' && /stalled mid-stream for 700 ms/.test(e.message));
    assert.deepEqual(texts, ['par', 'tial']);
  });

  it('a caller abort is an abort, not a timeout', async () => {
    const { fetchFn, started } = silentFetch();
    const controller = new AbortController();
    const local = new OpenAICompatibleProvider({ id: 'openai-local', target: 'local', baseUrl: 'http://127.0.0.1:11434/v1', model: 'llama3.2', fetch: fetchFn, timers: new ManualTimers() });
    const pending = drain(local.chat(request, controller.signal));
    await started;
    controller.abort();
    const error = await pending;
    assert.ok(isAbortError(error), String(error));
  });

  it('sends the key it reads only as a bearer header and a placeholder when there is none', async () => {
    const seen: (string | null)[] = [];
    const fetchFn: typeof fetch = async (_input, init) => {
      seen.push(new Headers(init?.headers).get('authorization'));
      return new Response(JSON.stringify({ object: 'list', data: [{ id: 'llama3.2:latest', object: 'model' }] }), { headers: { 'content-type': 'application/json' } });
    };
    const withKey = new OpenAICompatibleProvider({ id: 'openai-cloud', target: 'cloud', baseUrl: 'https://x.test/v1', model: 'm', apiKey: async () => 'k-123', fetch: fetchFn });
    const withoutKey = new OpenAICompatibleProvider({ id: 'openai-local', target: 'local', baseUrl: 'http://127.0.0.1:1/v1', model: 'llama3.2', fetch: fetchFn });
    assert.equal((await withKey.probe(new AbortController().signal)).available, true);
    assert.deepEqual(await withoutKey.probe(new AbortController().signal), { available: true, model: 'llama3.2', models: ['llama3.2:latest'] }, 'llama3.2 matches llama3.2:latest: no warning');
    assert.deepEqual(seen, ['Bearer k-123', 'Bearer no-key']);
  });
});
