import { ProviderError, type ProviderErrorCode } from '../../src/router/errors';
import type { ChatEvent, ModelProvider, ProbeResult, ProviderId, ProviderRequest, Target, Usage } from '../../src/router/types';

/** Options of FakeProvider: what it answers, and how and when it fails. */
export interface FakeProviderOptions {
  readonly target: Target;
  readonly id?: ProviderId;
  readonly model?: string;
  readonly label?: string;
  readonly isDemo?: boolean;
  /** Chunks streamed for an `answer` call; default: one chunk echoing the last user message. */
  readonly reply?: (req: ProviderRequest) => string | readonly string[];
  /** Text returned for a `route` call (the router model); default: a low-confidence JSON verdict. */
  readonly routeReply?: (req: ProviderRequest) => string;
  /** Throw a ProviderError with this code... */
  readonly fail?: ProviderErrorCode;
  /** ...after streaming this many chunks (default 0: before any text). */
  readonly failAfterChunks?: number;
  /** Throw this instead of a ProviderError (an unexpected failure). */
  readonly throwValue?: unknown;
  /** Usage in the `done` event; `null` leaves it out so the service must estimate. */
  readonly usage?: Usage | null;
  /** Model named in the `done` event (default: `model`). */
  readonly doneModel?: string;
  /** Called before each chunk; tests use it to pause a stream or abort part-way. */
  readonly beforeChunk?: (index: number, signal: AbortSignal) => Promise<void> | void;
  /** Whether probe() reports available (default true). */
  readonly available?: boolean;
}

/** An abort error the way fetch and the SDKs raise one. */
export function abortError(): Error {
  const error = new Error('The operation was aborted.');
  error.name = 'AbortError';
  return error;
}

/** Records every request it receives; implements the real ModelProvider port. */
export class FakeProvider implements ModelProvider {
  readonly id: ProviderId;
  readonly target: Target;
  readonly label: string;
  readonly model: string;
  readonly isDemo: boolean;
  /** Every chat request, in order, including router (`route`) calls. */
  readonly calls: ProviderRequest[] = [];

  constructor(private readonly options: FakeProviderOptions) {
    this.target = options.target;
    this.id = options.id ?? (options.target === 'local' ? 'openai-local' : 'openai-cloud');
    this.model = options.model ?? `fake-${options.target}`;
    this.label = options.label ?? `Fake ${options.target} model`;
    this.isDemo = options.isDemo ?? false;
  }

  /** Answer calls only (excludes router-model calls). */
  get answerCalls(): ProviderRequest[] {
    return this.calls.filter(c => c.purpose === 'answer');
  }

  async probe(_signal: AbortSignal): Promise<ProbeResult> {
    const available = this.options.available ?? true;
    return available ? { available, model: this.model } : { available, detail: 'fake provider is down' };
  }

  async *chat(req: ProviderRequest, signal: AbortSignal): AsyncIterable<ChatEvent> {
    this.calls.push(req);
    if (signal.aborted) {
      throw abortError();
    }
    const chunks = this.chunksFor(req);
    const failing = this.options.fail !== undefined || this.options.throwValue !== undefined;
    const failAt = failing ? Math.min(this.options.failAfterChunks ?? 0, chunks.length) : -1;
    for (let i = 0; i <= chunks.length; i++) {
      await this.options.beforeChunk?.(i, signal);
      if (signal.aborted) {
        throw abortError();
      }
      if (i === failAt) {
        throw this.failure();
      }
      if (i < chunks.length) {
        yield { kind: 'text', text: chunks[i] };
      }
    }
    const usage = this.options.usage === null ? undefined : (this.options.usage ?? { promptTokens: 11, completionTokens: 7 });
    yield usage ? { kind: 'done', model: this.options.doneModel ?? this.model, usage } : { kind: 'done', model: this.options.doneModel ?? this.model };
  }

  private chunksFor(req: ProviderRequest): readonly string[] {
    if (req.purpose === 'route') {
      return [this.options.routeReply?.(req) ?? '{"target":"local","confidence":0.1,"complexity":"medium","reason":"fake router"}'];
    }
    if (this.options.reply) {
      const reply = this.options.reply(req);
      return typeof reply === 'string' ? [reply] : reply;
    }
    const lastUser = [...req.messages].reverse().find(m => m.role === 'user');
    return [`${this.target} answer to: `, lastUser?.content ?? ''];
  }

  private failure(): unknown {
    if (this.options.throwValue !== undefined) {
      return this.options.throwValue;
    }
    const code = this.options.fail ?? 'server';
    return new ProviderError(code, this.id, `fake ${this.target} failure (${code})`, code === 'auth' ? { status: 401 } : {});
  }
}
