// SCAFFOLD: signatures agreed between modules; the service work replaces the bodies.
import type { AgentResponse, AskRequest, Clock, EventSink, HybridError, ModelProvider, RouterConfig, RoutingDecision } from './types';
import type { RouteLog } from './routeLog';

/** Outcome of ask(): expected failures and cancellation are values, not exceptions. */
export type AskOutcome =
  | { readonly kind: 'answered'; readonly response: AgentResponse }
  | { readonly kind: 'cancelled'; readonly decision?: RoutingDecision; readonly correlationId: string }
  | { readonly kind: 'failed'; readonly decision?: RoutingDecision; readonly error: HybridError };

export type ClassifyOutcome =
  | { readonly kind: 'classified'; readonly decision: RoutingDecision }
  | { readonly kind: 'cancelled'; readonly correlationId: string }
  | { readonly kind: 'failed'; readonly error: HybridError };

export interface RouterServiceDeps {
  /** Current config, read on every request so setting changes apply live. */
  readonly config: () => RouterConfig;
  readonly local: ModelProvider;
  /** Undefined when no cloud is configured or allowed. */
  readonly cloud?: ModelProvider;
  /** The small local model for stage 2; undefined → stage 1 + policy only. */
  readonly routerModel?: ModelProvider;
  readonly log?: RouteLog;
  readonly events?: EventSink;
  readonly clock?: Clock;
}

export class RouterService {
  constructor(private readonly deps: RouterServiceDeps) {}

  /** Decide only; sends nothing to any answering model (the local router model may be consulted). */
  async classify(_req: AskRequest, _signal: AbortSignal): Promise<ClassifyOutcome> {
    void this.deps;
    throw new Error('not implemented');
  }

  /** Decide, answer (streaming through onText), apply the fallback table. Never throws for expected failures. */
  async ask(_req: AskRequest, _signal: AbortSignal, _onText: (text: string) => void): Promise<AskOutcome> {
    throw new Error('not implemented');
  }
}
