import type { Timers } from '../../../src/providers/streamWatchdog';

/** Timers a test fires by hand: no waiting on the clock. */
export class ManualTimers implements Timers {
  private next = 1;
  readonly pending = new Map<number, { callback: () => void; ms: number }>();
  setTimeout(callback: () => void, ms: number): number {
    const handle = this.next++;
    this.pending.set(handle, { callback, ms });
    return handle;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  /** Fires every pending timer; returns the delays that fired. */
  fireAll(): number[] {
    const fired = [...this.pending.values()];
    this.pending.clear();
    fired.forEach(t => t.callback());
    return fired.map(t => t.ms);
  }
}
