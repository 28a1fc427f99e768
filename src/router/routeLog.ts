// SCAFFOLD: shape agreed between modules; the service work completes it.
import { Emitter } from './event';
import type { AgentResponse, HybridError, RoutingDecision } from './types';

/** One finished request, as the tree view, log channel and status bar see it. Never holds prompt text. */
export type RouteRecord =
  | { readonly kind: 'answered'; readonly at: number; readonly summary: string; readonly response: Omit<AgentResponse, 'answer'>; readonly isDemo: boolean }
  | { readonly kind: 'classified'; readonly at: number; readonly summary: string; readonly decision: RoutingDecision }
  | { readonly kind: 'failed'; readonly at: number; readonly summary: string; readonly error: HybridError; readonly decision?: RoutingDecision }
  | { readonly kind: 'cancelled'; readonly at: number; readonly summary: string; readonly correlationId: string; readonly decision?: RoutingDecision };

/** Bounded ring buffer of RouteRecords, newest first from `recent()`. */
export class RouteLog {
  private readonly records: RouteRecord[] = [];
  private readonly _onDidAppend = new Emitter<RouteRecord>();
  private readonly _onDidClear = new Emitter<void>();
  readonly onDidAppend = this._onDidAppend.event;
  readonly onDidClear = this._onDidClear.event;

  constructor(private readonly capacity = 200) {}

  append(record: RouteRecord): void {
    this.records.push(record);
    if (this.records.length > this.capacity) {
      this.records.splice(0, this.records.length - this.capacity);
    }
    this._onDidAppend.fire(record);
  }

  recent(): readonly RouteRecord[] {
    return [...this.records].reverse();
  }

  clear(): void {
    this.records.length = 0;
    this._onDidClear.fire();
  }

  dispose(): void {
    this._onDidAppend.dispose();
    this._onDidClear.dispose();
  }
}
