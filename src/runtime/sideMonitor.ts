/**
 * What is known about each side, from what happened: a probe, and every real call. A failed call marks its side
 * unavailable (with the failure's message) until a probe or a call succeeds; a model missing from the server's list
 * is a warning, not "unavailable", while requests succeed. The status bar renders this state.
 */
import { Emitter } from '../router/event';
import type { EventSink, ModelProvider, RouteEvent, Target } from '../router/types';

/** What the status bar knows about one side. `available` undefined = not known yet (probing). */
export interface SideState {
  readonly configured: boolean;
  readonly available?: boolean;
  readonly isDemo: boolean;
  readonly label: string;
  /** Why unavailable, with what to do. */
  readonly detail?: string;
  /** Available, but something looks off (the model is not in the server's list …). */
  readonly warning?: string;
}

export interface Sides {
  readonly local: ModelProvider;
  readonly cloud?: ModelProvider;
  /** Whether the cloud may be used at all (configured, and the mode is not local-only). */
  readonly cloudUsable: boolean;
}

const PROBE_TIMEOUT_MS = 10_000;

export class SideMonitor implements EventSink {
  private states: Record<Target, SideState>;
  private sides: Sides;
  private generation = 0;
  private readonly _onDidChange = new Emitter<void>();
  readonly onDidChange = this._onDidChange.event;

  constructor(sides: Sides) {
    this.sides = sides;
    this.states = initial(sides);
  }

  state(): Readonly<Record<Target, SideState>> {
    return this.states;
  }

  /** New providers (settings changed): forget what was known and probe again. */
  reset(sides: Sides): Promise<void> {
    this.sides = sides;
    this.states = initial(sides);
    this._onDidChange.fire();
    return this.probe();
  }

  /** Probes both sides. Probes never throw by contract. A newer reset or probe wins over a slower older one. */
  async probe(): Promise<void> {
    const generation = ++this.generation;
    const { local, cloud } = this.sides;
    const [l, c] = await Promise.all([local.probe(AbortSignal.timeout(PROBE_TIMEOUT_MS)), cloud?.probe(AbortSignal.timeout(PROBE_TIMEOUT_MS))]);
    if (generation !== this.generation) { return; }
    this.patch('local', { available: l.available, detail: l.available ? undefined : l.detail, warning: l.available ? l.warning : undefined });
    if (c && this.states.cloud.configured) {
      this.patch('cloud', { available: c.available, detail: c.available ? undefined : c.detail, warning: c.available ? c.warning : undefined });
    }
  }

  /** Follows real calls: the route events of every request (chat, commands, language model). */
  emit(event: RouteEvent): void {
    if (event.type !== 'provider-result') { return; }
    const providerId = event.data?.provider;
    const side = (['local', 'cloud'] as const).find(t => this.sides[t]?.id === providerId);
    if (!side || !this.states[side].configured) { return; }
    const ok = event.data?.ok !== false;
    this.generation++; // what a real call showed beats a probe that started before it
    this.patch(side, ok ? { available: true, detail: undefined } : { available: false, detail: event.message });
  }

  dispose(): void {
    this._onDidChange.dispose();
  }

  private patch(side: Target, patch: Partial<SideState>): void {
    this.states = { ...this.states, [side]: { ...this.states[side], ...patch } };
    this._onDidChange.fire();
  }
}

function initial(sides: Sides): Record<Target, SideState> {
  return {
    local: { configured: true, isDemo: sides.local.isDemo, label: sides.local.label },
    cloud: { configured: sides.cloudUsable && sides.cloud !== undefined, isDemo: sides.cloud?.isDemo ?? false, label: sides.cloud?.label ?? 'off' },
  };
}
