/**
 * First-token and idle timeouts for a streamed completion. The watchdog owns an AbortController whose signal is
 * combined with the caller's: when a timer fires the request is aborted and `expired` says which phase it was in,
 * so the provider can report "timed out before the first token" vs "stalled mid-stream" instead of a cancel.
 */

/** Timer functions, injectable so tests can fire a timeout without waiting for it. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: handle => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export type StreamPhase = 'before-first-token' | 'mid-stream';

export class StreamWatchdog {
  private readonly controller = new AbortController();
  private handle: unknown;
  private phase: StreamPhase = 'before-first-token';
  private expiredIn: StreamPhase | undefined;
  /** Aborts when the caller cancels or a timer fires. Pass it to the request. */
  readonly signal: AbortSignal;

  constructor(
    caller: AbortSignal,
    private readonly firstTokenMs: number,
    private readonly idleMs: number,
    private readonly timers: Timers = realTimers,
  ) {
    this.signal = AbortSignal.any([caller, this.controller.signal]);
    this.arm(firstTokenMs);
  }

  /** The phase in which a timer fired, or undefined when none did. */
  get expired(): StreamPhase | undefined {
    return this.expiredIn;
  }

  /** The limit that applied in the phase that expired, for the error message. */
  get expiredAfterMs(): number {
    return this.expiredIn === 'mid-stream' ? this.idleMs : this.firstTokenMs;
  }

  /** A chunk arrived: from now on the idle limit applies, counted from this chunk. */
  progress(): void {
    this.phase = 'mid-stream';
    this.arm(this.idleMs);
  }

  /** Stops the timer; call in `finally`. */
  dispose(): void {
    this.timers.clearTimeout(this.handle);
    this.handle = undefined;
  }

  private arm(ms: number): void {
    this.timers.clearTimeout(this.handle);
    if (ms <= 0 || !Number.isFinite(ms)) {
      this.handle = undefined;
      return;
    }
    this.handle = this.timers.setTimeout(() => {
      this.expiredIn = this.phase;
      this.controller.abort(new DOMException(`No data for ${ms} ms`, 'TimeoutError'));
    }, ms);
  }
}
