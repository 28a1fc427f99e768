/**
 * A ModelProvider over any OpenAI-compatible endpoint (Foundry Local's web service, Ollama, LM Studio, llama.cpp,
 * Azure OpenAI, a Foundry project) using the real `openai` client, loaded on first use. Foundry Local and Foundry
 * cloud compose this class and only change how the endpoint and the client are found.
 */
import type OpenAI from 'openai';
import { ProviderError, withoutUserInfo } from '../router/errors';
import type { ChatEvent, ModelProvider, ProbeResult, ProviderId, ProviderRequest, Target } from '../router/types';
import { abortError, isAbortError, throwIfAborted } from './abort';
import { defaultGuidance, type ErrorContext, type ProviderGuidance, toProviderError } from './openaiErrors';
import { buildChatBody, buildResponsesBody, type MaxTokensParam, type RequestShape } from './openaiRequests';
import { chatPieces, responsePieces, type StreamState } from './openaiStreams';
import { ToolCallAssembler } from './toolCallAssembly';
import { isRejectionOf, shapeAfterRejection } from './rejections';
import { StreamWatchdog, type Timers, realTimers } from './streamWatchdog';

/** The openai client type (type-only: the module itself is imported lazily). */
export type OpenAIClient = OpenAI;

export interface OpenAICompatibleOptions {
  readonly id: ProviderId;
  readonly target: Target;
  /** Base URL including `/v1`, e.g. `http://127.0.0.1:5273/v1`. Also named in error messages. */
  readonly baseUrl: string;
  /** Model (or deployment) for answers. */
  readonly model: string;
  /** Model for the router (requests with purpose `route`), when different. */
  readonly routerModel?: string;
  /** Human label; defaults to `<target> · <model>`. */
  readonly label?: string;
  /** Reads the API key when a request is made; never stored, logged or put in a message. */
  readonly apiKey?: () => Promise<string | undefined>;
  /** Chat Completions (default) or the Responses API. */
  readonly apiStyle?: 'chat' | 'responses';
  /** Time allowed until the first chunk, in ms (default 30000). */
  readonly timeoutMs?: number;
  /** Time allowed between chunks, in ms (default: timeoutMs). */
  readonly idleTimeoutMs?: number;
  /** Time allowed for probe(), in ms (default 3000). */
  readonly probeTimeoutMs?: number;
  /** Retries by the openai client on connection errors, 408/429/5xx. Kept low so a fallback is quick (default 0). */
  readonly maxRetries?: number;
  /** Injectable fetch (tests, proxies). */
  readonly fetch?: typeof globalThis.fetch;
  /** Extra headers on every request. Do not put secrets here: use apiKey. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Output-cap parameter: cloud reasoning deployments need `max_completion_tokens` (default for cloud); local servers take `max_tokens`. */
  readonly maxTokensParam?: MaxTokensParam;
  /** Send `temperature`? Reasoning deployments reject custom values (default: true local, false cloud). */
  readonly supportsTemperature?: boolean;
  /** Ask for `stream_options.include_usage` (default true). */
  readonly includeUsage?: boolean;
  /** probe() requires the model to be listed by GET /models (default: true local, false cloud). */
  readonly requireListedModel?: boolean;
  /** What error messages tell the person to do. */
  readonly guidance?: Partial<ProviderGuidance>;
  /** Timer functions for the stream timeouts (tests). */
  readonly timers?: Timers;
  /** Supplies the client instead of building one from baseUrl/apiKey (Foundry cloud passes AIProjectClient's). */
  readonly createClient?: () => Promise<OpenAIClient>;
}

const DEFAULT_TIMEOUT_MS = 30_000;

export class OpenAICompatibleProvider implements ModelProvider {
  readonly id: ProviderId;
  readonly target: Target;
  readonly label: string;
  readonly model: string;
  readonly isDemo = false;
  private clientPromise: Promise<OpenAIClient> | undefined;
  /** Learned from the server's 400s, so later calls skip the rejected form. */
  private learned: RequestShape;
  private jsonSchemaRejected = false;

  constructor(private readonly options: OpenAICompatibleOptions) {
    this.id = options.id;
    this.target = options.target;
    this.model = options.model;
    this.label = options.label ?? `${options.target === 'local' ? 'Local' : 'Cloud'} · ${options.model}`;
    this.learned = {
      maxTokensParam: options.maxTokensParam ?? (options.target === 'cloud' ? 'max_completion_tokens' : 'max_tokens'),
      jsonMode: 'schema',
    };
  }

  get baseUrl(): string {
    return this.options.baseUrl;
  }

  async probe(signal: AbortSignal): Promise<ProbeResult> {
    const limited = AbortSignal.any([signal, AbortSignal.timeout(this.options.probeTimeoutMs ?? 3000)]);
    try {
      const client = await this.client();
      const page = await client.models.list({ signal: limited, maxRetries: 0 });
      const ids = page.data.map(m => m.id);
      const requireListed = this.options.requireListedModel ?? this.target === 'local';
      if (requireListed && !ids.some(id => sameModel(id, this.model))) {
        // Reachable, and servers answer for names they do not list (aliases, tags): a warning, not "unavailable".
        const served = ids.length ? ids.slice(0, 10).join(', ') : 'no models';
        return { available: true, model: this.model, models: ids, warning: withoutUserInfo(`Model "${this.model}" is not in the list of ${this.baseUrl} (it lists: ${served}). ${this.guidance().notFound}`) };
      }
      return { available: true, model: this.model, models: ids };
    } catch (e) {
      if (signal.aborted) {
        return { available: false, detail: 'Check cancelled.' };
      }
      if (limited.aborted) {
        return { available: false, detail: withoutUserInfo(`${this.baseUrl} did not answer within ${this.options.probeTimeoutMs ?? 3000} ms. ${this.guidance().unreachable}`) };
      }
      return { available: false, detail: toProviderError(e, this.errorContext(this.model)).message };
    }
  }

  async *chat(req: ProviderRequest, signal: AbortSignal): AsyncIterable<ChatEvent> {
    throwIfAborted(signal);
    const model = req.purpose === 'route' ? (this.options.routerModel ?? this.model) : this.model;
    const ctx: ErrorContext = { ...this.errorContext(model), offeredTools: (req.tools?.length ?? 0) > 0 };
    let client: OpenAIClient;
    try {
      client = await this.client();
    } catch (e) {
      throw toProviderError(e, ctx);
    }
    let shape: RequestShape = { ...this.learned, jsonMode: req.jsonSchema ? (this.jsonSchemaRejected ? 'prompt' : 'schema') : 'none' };
    for (let attempt = 0; ; attempt++) {
      let yielded = false;
      try {
        for await (const event of this.attempt(client, req, model, shape, signal, ctx)) {
          yielded = true;
          yield event;
        }
        return;
      } catch (e) {
        const next = !yielded && attempt < 2 ? shapeAfterRejection(e, shape) : undefined;
        if (!next) {
          throw e instanceof ProviderError || isAbortError(e) ? e : toProviderError(e, ctx);
        }
        this.remember(shape, next);
        shape = next;
      }
    }
  }

  /** One request and its stream. Rejections (400s) are rethrown raw so chat() can adjust the shape and retry. */
  private async *attempt(client: OpenAIClient, req: ProviderRequest, model: string, shape: RequestShape, signal: AbortSignal, ctx: ErrorContext): AsyncGenerator<ChatEvent> {
    const firstTokenMs = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const watchdog = new StreamWatchdog(signal, firstTokenMs, this.options.idleTimeoutMs ?? firstTokenMs, this.options.timers ?? realTimers);
    const state: StreamState = { model, finished: false };
    const requestOptions = { signal: watchdog.signal, maxRetries: this.options.maxRetries ?? 0, timeout: firstTokenMs + 1000 };
    const bodyOptions = { model, supportsTemperature: this.options.supportsTemperature ?? this.target === 'local', includeUsage: this.options.includeUsage ?? true };
    const calls = new ToolCallAssembler({ provider: this.id, url: this.baseUrl, model: () => state.model });
    let started = false;
    let answered = false;
    try {
      const onChunk = () => watchdog.progress();
      const pieces = this.options.apiStyle === 'responses'
        ? responsePieces(await client.responses.create(buildResponsesBody(req, shape, bodyOptions), requestOptions), state, calls, onChunk)
        : chatPieces(await client.chat.completions.create(buildChatBody(req, shape, bodyOptions), requestOptions), state, calls, onChunk);
      started = true;
      for await (const piece of pieces) {
        if (signal.aborted || watchdog.expired) {
          break;
        }
        // Tool calls and no text is a complete answer: the agent runs the tools and sends the next turn.
        answered = true;
        yield piece;
      }
    } catch (e) {
      if (signal.aborted) {
        throw abortError();
      }
      if (watchdog.expired) {
        throw this.timeoutError(watchdog, ctx);
      }
      if (!started && isRejectionOf(e)) {
        throw e;
      }
      if (isAbortError(e)) {
        throw abortError();
      }
      throw toProviderError(e, ctx, started);
    } finally {
      watchdog.dispose();
    }
    // The openai client ends the loop quietly when its signal fires: decide here whether it was the caller or a timer.
    if (signal.aborted) {
      throw abortError();
    }
    if (watchdog.expired) {
      throw this.timeoutError(watchdog, ctx);
    }
    if (state.failure) {
      throw new ProviderError('server', this.id, `${this.baseUrl} reported a failure while answering (${state.failure.code}). Try again later.`, { url: this.baseUrl });
    }
    if (!state.finished) {
      throw new ProviderError('bad-response', this.id, `The stream from ${this.baseUrl} ended before the answer was complete. Try again.`, { url: this.baseUrl });
    }
    if (!answered) {
      throw new ProviderError('empty', this.id, `Model "${state.model}" at ${this.baseUrl} returned an empty answer.`, { url: this.baseUrl });
    }
    yield { kind: 'done', model: state.model, ...(state.usage ? { usage: state.usage } : {}) };
  }

  private remember(from: RequestShape, to: RequestShape): void {
    if (to.jsonMode !== from.jsonMode) {
      this.jsonSchemaRejected = true;
    }
    if (to.maxTokensParam !== from.maxTokensParam) {
      this.learned = { ...this.learned, maxTokensParam: to.maxTokensParam };
    }
  }

  private timeoutError(watchdog: StreamWatchdog, ctx: ErrorContext): ProviderError {
    const when = watchdog.expired === 'mid-stream' ? 'stalled mid-stream' : 'sent no answer';
    return new ProviderError('timeout', this.id, `Model "${ctx.model}" at ${this.baseUrl} ${when} for ${watchdog.expiredAfterMs} ms. ${this.guidance().unreachable}`, { url: this.baseUrl });
  }

  private guidance(): ProviderGuidance {
    return { ...defaultGuidance(this.target), ...this.options.guidance };
  }

  private errorContext(model: string): ErrorContext {
    return { provider: this.id, url: this.baseUrl, model, guidance: this.guidance() };
  }

  private client(): Promise<OpenAIClient> {
    this.clientPromise ??= (this.options.createClient ?? (() => this.buildClient()))();
    this.clientPromise.catch(() => { this.clientPromise = undefined; });
    return this.clientPromise;
  }

  private async buildClient(): Promise<OpenAIClient> {
    // The named export: the bundled SDK chunk (dist/sdk/openai.js) re-exports names only, not `default`.
    const { OpenAI: OpenAIClass } = await import('openai');
    const readKey = this.options.apiKey;
    const client = new OpenAIClass({
      baseURL: this.options.baseUrl,
      // Local servers need no key, but the client insists on one: send a placeholder, never a real secret by default.
      apiKey: async () => (await readKey?.()) || 'no-key',
      organization: null,
      project: null,
      maxRetries: this.options.maxRetries ?? 0,
      timeout: (this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS) + 1000,
      ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
      ...(this.options.headers ? { defaultHeaders: { ...this.options.headers } } : {}),
      logLevel: 'off',
    });
    // The dynamic import resolves the ESM typings; the class is the same API as the CJS-typed one we use.
    return client as unknown as OpenAIClient;
  }
}

/** `llama3.2` matches `llama3.2:latest`; comparison ignores case (servers differ in how they spell ids). */
export function sameModel(listed: string, wanted: string): boolean {
  const a = listed.toLowerCase();
  const b = wanted.toLowerCase();
  return a === b || a.split(':')[0] === b || b.split(':')[0] === a;
}
