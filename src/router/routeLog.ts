import { Emitter } from './event';
import type { AgentResponse, AgentTurnRef, HybridError, RoutingDecision, ServedPath } from './types';

/** An agent turn's place and its tools, by name only (never arguments or results). */
export interface AgentTurnInfo extends AgentTurnRef {
  /** How many tools the model was offered. */
  readonly toolsOffered: number;
  /** Tools the model asked to call in this turn's answer. */
  readonly toolCalls: readonly string[];
  /** Tools whose results this turn carried to the model. */
  readonly toolResults: readonly string[];
}

/** One finished request, as the tree view, log channel and status bar see it. Never holds prompt text. */
export type RouteRecord = (
  | { readonly kind: 'answered'; readonly at: number; readonly summary: string; readonly response: Omit<AgentResponse, 'answer'>; readonly isDemo: boolean }
  | { readonly kind: 'classified'; readonly at: number; readonly summary: string; readonly decision: RoutingDecision }
  | { readonly kind: 'failed'; readonly at: number; readonly summary: string; readonly error: HybridError; readonly decision?: RoutingDecision }
  | { readonly kind: 'cancelled'; readonly at: number; readonly summary: string; readonly correlationId: string; readonly decision?: RoutingDecision }
) & { readonly agent?: AgentTurnInfo };

/** Totals since the log was created or last cleared (not limited by the ring buffer's capacity). */
export interface RouteStats {
  readonly answered: number;
  readonly classified: number;
  readonly failed: number;
  readonly cancelled: number;
  /** Answers per served path. */
  readonly byPath: Readonly<Record<ServedPath, number>>;
  readonly fallbacks: number;
  readonly promptTokens: number;
  readonly completionTokens: number;
  /** Estimated cloud spend in US dollars. */
  readonly estimatedCostUsd: number;
  /** Requests kept on the device because the privacy gate found something (answered, classified, failed or cancelled). */
  readonly keptLocalForPrivacy: number;
}

function emptyStats(): RouteStats {
  return {
    answered: 0, classified: 0, failed: 0, cancelled: 0,
    byPath: { local: 0, cloud: 0, local_fallback: 0, cloud_fallback: 0 },
    fallbacks: 0, promptTokens: 0, completionTokens: 0, estimatedCostUsd: 0, keptLocalForPrivacy: 0,
  };
}

/** The decision behind a record, when it has one. */
export function decisionOf(record: RouteRecord): RoutingDecision | undefined {
  return record.kind === 'answered' ? record.response.decision : record.decision;
}

/** The correlation id of a record. */
export function correlationIdOf(record: RouteRecord): string {
  switch (record.kind) {
    case 'answered': return record.response.correlationId;
    case 'classified': return record.decision.correlationId;
    case 'failed': return record.error.correlationId;
    case 'cancelled': return record.correlationId;
  }
}

/** Bounded ring buffer of RouteRecords, newest first from `recent()`, with running totals. */
export class RouteLog {
  private readonly records: RouteRecord[] = [];
  private totals: RouteStats = emptyStats();
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
    this.totals = addToStats(this.totals, record);
    this._onDidAppend.fire(record);
  }

  recent(): readonly RouteRecord[] {
    return [...this.records].reverse();
  }

  /** Finds a record still in the buffer by correlation id. */
  find(correlationId: string): RouteRecord | undefined {
    return this.records.find(r => correlationIdOf(r) === correlationId);
  }

  stats(): RouteStats {
    return this.totals;
  }

  clear(): void {
    this.records.length = 0;
    this.totals = emptyStats();
    this._onDidClear.fire();
  }

  dispose(): void {
    this._onDidAppend.dispose();
    this._onDidClear.dispose();
  }
}

function addToStats(s: RouteStats, record: RouteRecord): RouteStats {
  const restricted = decisionOf(record)?.privacy === 'restricted' ? 1 : 0;
  const base = { ...s, keptLocalForPrivacy: s.keptLocalForPrivacy + restricted };
  switch (record.kind) {
    case 'answered': {
      const r = record.response;
      return {
        ...base,
        answered: s.answered + 1,
        byPath: { ...s.byPath, [r.path]: s.byPath[r.path] + 1 },
        fallbacks: s.fallbacks + (r.fallback ? 1 : 0),
        promptTokens: s.promptTokens + r.promptTokens,
        completionTokens: s.completionTokens + r.completionTokens,
        estimatedCostUsd: Math.round((s.estimatedCostUsd + r.costUsd) * 1e6) / 1e6,
      };
    }
    case 'classified': return { ...base, classified: s.classified + 1 };
    case 'failed': return { ...base, failed: s.failed + 1 };
    case 'cancelled': return { ...base, cancelled: s.cancelled + 1 };
  }
}
