import type { Timers } from '../../../src/providers/streamWatchdog';

/** Provider timeouts a test fires by hand once the server has seen the request: no waiting on the clock. */
export class ManualTimers implements Timers {
  private next = 1;
  private readonly pending = new Map<number, () => void>();

  setTimeout(callback: () => void): number {
    const handle = this.next++;
    this.pending.set(handle, callback);
    return handle;
  }

  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  /** Fires every armed timer; returns how many fired. */
  fireAll(): number {
    const callbacks = [...this.pending.values()];
    this.pending.clear();
    callbacks.forEach(cb => cb());
    return callbacks.length;
  }
}
