import type { Clock } from './types';

/**
 * Stops asking a router model that keeps missing its timeout. On a CPU-only laptop a verdict can take longer than
 * `router.timeoutMs`; then every uncertain request would wait the whole timeout for nothing. After `limit` timeouts
 * in a row, stage 2 is skipped for `pauseMs` and stage 1 decides alone; any verdict in time resets the count.
 */
export class RouterBackoff {
  private timeoutsInARow = 0;
  private pausedUntil = -Infinity;

  constructor(private readonly clock: Clock, private readonly limit = 2, private readonly pauseMs = 5 * 60_000) {}

  /** Why stage 2 is paused right now, or undefined when it may be asked. */
  pausedReason(): string | undefined {
    if (this.clock.now() < this.pausedUntil) {
      return `skipped: the router model missed its timeout ${this.limit} times in a row, so stage 1 decides for ${Math.round(this.pauseMs / 60_000)} minutes`;
    }
    return undefined;
  }

  /** Records how a consultation ended. */
  record(timedOut: boolean): void {
    if (!timedOut) {
      this.timeoutsInARow = 0;
      return;
    }
    this.timeoutsInARow++;
    if (this.timeoutsInARow >= this.limit) {
      this.pausedUntil = this.clock.now() + this.pauseMs;
      this.timeoutsInARow = 0;
    }
  }
}
