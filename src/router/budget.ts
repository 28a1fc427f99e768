import type { Clock, ModelPrice, Usage } from './types';

/**
 * Estimated list prices in US dollars per million tokens. They are estimates (regional and contract prices
 * differ) and every surface says so; the person can override them in settings. Unknown models use `default`.
 */
export const DEFAULT_PRICES: Readonly<Record<string, ModelPrice>> = {
  'gpt-5': { inputPerMTok: 1.25, outputPerMTok: 10 },
  'gpt-5-mini': { inputPerMTok: 0.25, outputPerMTok: 2 },
  'gpt-5-nano': { inputPerMTok: 0.05, outputPerMTok: 0.4 },
  'gpt-4.1': { inputPerMTok: 2, outputPerMTok: 8 },
  'gpt-4.1-mini': { inputPerMTok: 0.4, outputPerMTok: 1.6 },
  'gpt-4o': { inputPerMTok: 2.5, outputPerMTok: 10 },
  'gpt-4o-mini': { inputPerMTok: 0.15, outputPerMTok: 0.6 },
  'o4-mini': { inputPerMTok: 1.1, outputPerMTok: 4.4 },
  // When the answering model is not reported, price model-router like a mid-range model rather than at its routing fee.
  'model-router': { inputPerMTok: 2, outputPerMTok: 8 },
  default: { inputPerMTok: 2.5, outputPerMTok: 10 },
};

/**
 * Finds the price of `model` in the person's table over the defaults: exact name first, then the longest known
 * prefix (deployments and dated versions such as `gpt-4o-2024-08-06` or `gpt-5.1` share their family's price),
 * then `default`.
 */
export function priceOf(model: string, prices: Readonly<Record<string, ModelPrice>> = DEFAULT_PRICES): ModelPrice {
  const table = priceTable(prices);
  const name = model.toLowerCase();
  const exact = table.get(name);
  if (exact) {
    return exact;
  }
  let best: string | undefined;
  for (const key of table.keys()) {
    if (key !== 'default' && name.startsWith(key) && (!best || key.length > best.length)) {
      best = key;
    }
  }
  return table.get(best ?? 'default') ?? DEFAULT_PRICES.default;
}

/** Price tables by the settings object they came from: every routed request prices its model. */
const tables = new WeakMap<object, Map<string, ModelPrice>>();

function priceTable(prices: Readonly<Record<string, ModelPrice>>): Map<string, ModelPrice> {
  let table = tables.get(prices);
  if (!table) {
    // A Map, not an object: keys come from settings and must not reach Object.prototype.
    table = new Map<string, ModelPrice>();
    for (const source of [DEFAULT_PRICES, prices]) {
      for (const [key, price] of Object.entries(source)) {
        table.set(key.toLowerCase(), price);
      }
    }
    tables.set(prices, table);
  }
  return table;
}

/** Estimated cost of one cloud call in US dollars (local calls cost 0 and never reach here). */
export function estimateCostUsd(model: string, usage: Usage, prices: Readonly<Record<string, ModelPrice>> = DEFAULT_PRICES): number {
  const price = priceOf(model, prices);
  const cost = (usage.promptTokens * price.inputPerMTok + usage.completionTokens * price.outputPerMTok) / 1_000_000;
  // Round to a millionth of a dollar: enough precision for a daily total, stable in JSON.
  return Math.round(cost * 1e6) / 1e6;
}

/** A persisted ledger: day (YYYY-MM-DD, local time) → spend in USD. */
export type BudgetSnapshot = Readonly<Record<string, number>>;

/** The calendar day of `time` in the machine's local time zone, as YYYY-MM-DD. */
export function localDay(time: number): string {
  const d = new Date(time);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Estimated cloud spend per local day. In memory; the extension persists it through snapshot()/restore(). */
export class BudgetLedger {
  private readonly days = new Map<string, number>();

  constructor(private readonly clock: Clock = { now: () => Date.now() }, private readonly keepDays = 31) {}

  /** Adds an estimated cloud cost to today's total. */
  record(costUsd: number): void {
    if (!Number.isFinite(costUsd) || costUsd <= 0) {
      return;
    }
    const day = localDay(this.clock.now());
    this.days.set(day, (this.days.get(day) ?? 0) + costUsd);
    this.prune();
  }

  /** Estimated cloud spend so far today (local date). */
  spentToday(): number {
    return this.days.get(localDay(this.clock.now())) ?? 0;
  }

  /** Whether today's spend has reached a cap; a cap of 0 or less means no cap. */
  isOverBudget(dailyCapUsd: number): boolean {
    return dailyCapUsd > 0 && this.spentToday() >= dailyCapUsd;
  }

  snapshot(): BudgetSnapshot {
    return Object.fromEntries(this.days);
  }

  /** Loads a snapshot, ignoring malformed entries (it may come from an older version or a hand edit). */
  restore(snapshot: unknown): void {
    this.days.clear();
    if (snapshot && typeof snapshot === 'object') {
      for (const [day, value] of Object.entries(snapshot as Record<string, unknown>)) {
        if (/^\d{4}-\d{2}-\d{2}$/.test(day) && typeof value === 'number' && Number.isFinite(value) && value > 0) {
          this.days.set(day, value);
        }
      }
    }
    this.prune();
  }

  /** Keeps only the most recent days so the persisted state stays small. */
  private prune(): void {
    const sorted = [...this.days.keys()].sort();
    for (const day of sorted.slice(0, Math.max(0, sorted.length - this.keepDays))) {
      this.days.delete(day);
    }
  }
}
