import { throwIfAborted } from './abort';
import { ProviderError, type ProviderErrorCode } from '../router/errors';
import { estimateTokens } from '../router/tokens';
import type { ChatEvent, ModelProvider, ProbeResult, ProviderId, ProviderMessage, ProviderRequest, Target } from '../router/types';
import { demoAgentReply } from './demoAgent';

/** Below the default router threshold (0.6) on purpose: the demo router's verdict is recorded, not applied. */
export const DEMO_ROUTER_CONFIDENCE = 0.5;

/** Options of the built-in demo models. */
export interface DemoProviderOptions {
  readonly target: Target;
  /** Fail every call with this code (scenarios such as "the cloud is down"). */
  readonly fail?: ProviderErrorCode;
}

const FAILURE_MESSAGES: Readonly<Record<ProviderErrorCode, string>> = {
  'unreachable': 'is down for this scenario (connection refused)',
  'auth': 'rejected the credentials for this scenario (401): sign in again',
  'not-found': 'does not know the requested model for this scenario (404)',
  'rate-limit': 'is rate limited for this scenario (429): try again later',
  'timeout': 'timed out for this scenario',
  'server': 'returned a server error for this scenario (500)',
  'bad-request': 'rejected the request for this scenario (400)',
  'bad-response': 'sent a malformed response for this scenario',
  'empty': 'returned an empty answer for this scenario',
  'runtime-missing': 'has no runtime installed for this scenario',
  'model-missing': 'has no model downloaded for this scenario',
  'tools-unsupported': 'cannot call tools in this scenario',
};

/**
 * Deterministic stand-ins for real models, so everything runs with no model installed. Every answer says it is a
 * demo; model names carry "demo". For `route` calls (stage 2) the demo router mirrors the stage-1 band it is
 * given at a confidence below the default threshold (0.6): the router-model path (call, JSON parse, threshold) runs
 * end to end, the verdict is recorded, and the decision stays the heuristic's — a demo never poses as a judge.
 */
export class DemoProvider implements ModelProvider {
  readonly id: ProviderId;
  readonly target: Target;
  readonly label: string;
  readonly model: string;
  readonly isDemo = true;
  private calls = 0;

  constructor(private readonly options: DemoProviderOptions) {
    this.target = options.target;
    this.id = options.target === 'local' ? 'demo-local' : 'demo-cloud';
    this.label = options.target === 'local' ? 'Demo local model (demo)' : 'Demo cloud model (demo)';
    this.model = options.target === 'local' ? 'demo-local' : 'demo-cloud';
  }

  /** How many chat calls this provider received (the demo counts cloud calls of the secret scenario). */
  get callCount(): number {
    return this.calls;
  }

  async probe(_signal: AbortSignal): Promise<ProbeResult> {
    return this.options.fail
      ? { available: false, detail: `Demo ${this.target} model ${FAILURE_MESSAGES[this.options.fail]}` }
      : { available: true, model: this.model };
  }

  async *chat(req: ProviderRequest, signal: AbortSignal): AsyncIterable<ChatEvent> {
    this.calls++;
    throwIfAborted(signal);
    if (this.options.fail) {
      throw new ProviderError(this.options.fail, this.id, `Demo ${this.target} model ${FAILURE_MESSAGES[this.options.fail]}.`);
    }
    const promptTokens = req.messages.reduce((sum, m) => sum + estimateTokens(m.content), 0);
    const agent = req.purpose === 'answer' ? demoAgentReply(this.target, req) : undefined;
    if (agent?.kind === 'tool_call') {
      await new Promise<void>(resolve => setImmediate(resolve));
      throwIfAborted(signal);
      yield agent;
      yield { kind: 'done', model: this.model, usage: { promptTokens, completionTokens: estimateTokens(JSON.stringify(agent.call)) } };
      return;
    }
    const text = agent?.text ?? (req.purpose === 'route' ? demoRouterVerdict(req.messages) : demoAnswer(this.target, req.messages));
    for (const chunk of chunksOf(text)) {
      // Yield to the event loop between chunks, like a real stream, so a cancel can land part-way.
      await new Promise<void>(resolve => setImmediate(resolve));
      throwIfAborted(signal);
      yield { kind: 'text', text: chunk };
    }
    yield { kind: 'done', model: this.model, usage: { promptTokens, completionTokens: estimateTokens(text) } };
  }
}

/** A labelled, generic answer: it describes the shape of the request, never pretends to answer it. */
export function demoAnswer(target: Target, messages: readonly ProviderMessage[]): string {
  const user = [...messages].reverse().find(m => m.role === 'user')?.content ?? '';
  const words = user.split(/\s+/).filter(Boolean).length;
  const blocks = Math.floor((user.match(/^`{3,}\s*$/gm) ?? []).length / 2);
  const turns = messages.filter(m => m.role !== 'system').length - 1;
  const attached = blocks > 0 ? ` with ${blocks} attached block${blocks === 1 ? '' : 's'}` : '';
  const history = turns > 0 ? ` after ${turns} earlier turn${turns === 1 ? '' : 's'}` : '';
  return [
    `[demo] This answer comes from the built-in demo ${target} model; no real model is configured.`,
    ` Your request had about ${words} word${words === 1 ? '' : 's'}${attached}${history}.`,
    ` A real ${target} model would answer it here.`,
    target === 'local'
      ? ' To get real answers on this device, start Foundry Local (`foundry service start`) or point the local endpoint setting at an OpenAI-compatible server.'
      : ' To get real cloud answers, configure a Microsoft Foundry project endpoint and deployment, or an OpenAI-compatible cloud endpoint.',
  ].join('');
}

/** The demo router's JSON: the stage-1 band it was shown, high and above to the cloud, below the default threshold. */
export function demoRouterVerdict(messages: readonly ProviderMessage[]): string {
  const text = messages.map(m => m.content).join('\n');
  const band = /heuristic complexity:\s*(low|medium|high|very_high)/.exec(text)?.[1] ?? 'medium';
  const target = band === 'high' || band === 'very_high' ? 'cloud' : 'local';
  return JSON.stringify({ target, confidence: DEMO_ROUTER_CONFIDENCE, complexity: band, reason: `demo router: mirrors the stage-1 band (${band})` });
}

function chunksOf(text: string): string[] {
  // Split after sentence ends so the stream arrives in a few readable pieces.
  return text.split(/(?<=[.;:])(?=\s)/).filter(Boolean);
}
