import { ProviderError, type ProviderErrorCode } from '../../src/router/errors';
import type { ChatEvent, ModelProvider, ProbeResult, ProviderId, ProviderRequest, Target, ToolCall } from '../../src/router/types';

/** What a scripted agent model does with one request: call tools, answer in text, or fail. */
export type AgentStep =
  | { readonly kind: 'calls'; readonly calls: readonly ToolCall[]; readonly text?: string }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'fail'; readonly code: ProviderErrorCode; readonly message?: string };

/**
 * A model that can call tools, as a ModelProvider: `script` decides each answer from the request (so a loop can
 * stop when it sees a result). Records every request. Emits `tool_call` events as providers do after assembling
 * streamed deltas.
 */
export class AgentModel implements ModelProvider {
  readonly id: ProviderId;
  readonly label: string;
  readonly model: string;
  readonly isDemo = false;
  readonly calls: ProviderRequest[] = [];

  constructor(readonly target: Target, private readonly script: (req: ProviderRequest, index: number) => AgentStep) {
    this.id = target === 'local' ? 'openai-local' : 'openai-cloud';
    this.model = `agent-${target}`;
    this.label = `Agent ${target} model`;
  }

  get answerCalls(): ProviderRequest[] {
    return this.calls.filter(c => c.purpose === 'answer');
  }

  async probe(): Promise<ProbeResult> {
    return { available: true, model: this.model };
  }

  async *chat(req: ProviderRequest, _signal: AbortSignal): AsyncIterable<ChatEvent> {
    this.calls.push(req);
    if (req.purpose === 'route') {
      yield { kind: 'text', text: '{"target":"cloud","confidence":1.0,"complexity":"high","reason":"scripted"}' };
      yield { kind: 'done', model: this.model };
      return;
    }
    const step = this.script(req, this.answerCalls.length - 1);
    if (step.kind === 'fail') {
      throw new ProviderError(step.code, this.id, step.message ?? `scripted ${step.code}`);
    }
    if (step.text) {
      yield { kind: 'text', text: step.text };
    }
    if (step.kind === 'calls') {
      for (const call of step.calls) {
        yield { kind: 'tool_call', call };
      }
    }
    yield { kind: 'done', model: this.model, usage: { promptTokens: 10, completionTokens: 5 } };
  }
}
