/**
 * Tells a caller where its request is going BEFORE the answer streams, so the chat can print
 * "→ local · phi-4-mini · …" first. RouterService.ask() reports only at the end, but it emits a `decision` event
 * and then a `provider-call` event (with target and model) before each provider is called; this sink sits in
 * front of the log sink and hands those two facts to whoever watches that correlation id.
 */
import type { EventSink, RedactionSummary, RouteEvent, Target } from '../router/types';

/** A provider is about to be called for a watched request. */
export interface RouteAnnouncement {
  readonly target: Target;
  readonly model: string;
  readonly providerId: string;
  readonly isDemo: boolean;
  /** True for the second call of a request: the first side failed and the other side is tried. */
  readonly isFallback: boolean;
  /** The decision's reason sentence, when the decision event carried it. */
  readonly reason?: string;
  readonly privacy?: string;
  /** Comma-separated rule ids of the findings, when any. */
  readonly rules?: string;
  /** Present when the cloud gets a redacted copy: counts and rule ids. */
  readonly redaction?: RedactionSummary;
}

interface Watch {
  decision?: RouteEvent;
  calls: number;
  readonly listener: (a: RouteAnnouncement) => void;
}

export class RouteAnnouncer implements EventSink {
  private readonly watches = new Map<string, Watch>();

  /** `isDemo` answers from the providers themselves (HybridRuntime.isDemo). */
  constructor(private readonly next: EventSink, private readonly isDemo: (providerId: string) => boolean) {}

  emit(event: RouteEvent): void {
    this.next.emit(event);
    const watch = this.watches.get(event.correlationId);
    if (!watch) { return; }
    if (event.type === 'decision') {
      watch.decision = event;
    } else if (event.type === 'provider-call') {
      const announcement = announcementOf(event, watch.decision, watch.calls > 0, this.isDemo);
      watch.calls++;
      if (announcement) {
        try { watch.listener(announcement); } catch { /* a listener's failure must not break routing */ }
      }
    }
  }

  /** Watches one correlation id until the returned disposable is disposed. */
  watch(correlationId: string, listener: (a: RouteAnnouncement) => void): { dispose(): void } {
    const watch: Watch = { calls: 0, listener };
    this.watches.set(correlationId, watch);
    return { dispose: () => { if (this.watches.get(correlationId) === watch) { this.watches.delete(correlationId); } } };
  }
}

function announcementOf(call: RouteEvent, decision: RouteEvent | undefined, isFallback: boolean, isDemo: (providerId: string) => boolean): RouteAnnouncement | undefined {
  const data = call.data ?? {};
  const target = data.target;
  if (target !== 'local' && target !== 'cloud') { return undefined; }
  const providerId = typeof data.provider === 'string' ? data.provider : '';
  const d = decision?.data ?? {};
  return {
    target,
    model: typeof data.model === 'string' ? data.model : providerId,
    providerId,
    isDemo: isDemo(providerId),
    isFallback,
    reason: decision ? reasonOf(decision.message) : undefined,
    privacy: typeof d.privacy === 'string' ? d.privacy : undefined,
    rules: typeof d.rules === 'string' && d.rules ? d.rules : undefined,
    ...(typeof d.redacted === 'number' && d.redacted > 0
      ? { redaction: { count: d.redacted, rules: typeof d.redactedRules === 'string' && d.redactedRules ? d.redactedRules.split(',') : [] } } : {}),
  };
}

/** The decision event's message is "<target> (<stage>): <reason>"; the reason is what a person reads. */
function reasonOf(message: string): string {
  const at = message.indexOf('): ');
  return at >= 0 ? message.slice(at + 3) : message;
}
