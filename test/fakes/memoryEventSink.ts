import type { EventSink, RouteEvent } from '../../src/router/types';

/** Keeps every emitted event so tests can assert on them (and scan them for leaked text). */
export class MemoryEventSink implements EventSink {
  readonly events: RouteEvent[] = [];

  emit(event: RouteEvent): void {
    this.events.push(event);
  }

  ofType(type: RouteEvent['type']): RouteEvent[] {
    return this.events.filter(e => e.type === type);
  }

  /** Everything emitted, as one string, for "never contains X" assertions. */
  dump(): string {
    return JSON.stringify(this.events);
  }
}

/** A clock the test moves by hand. */
export class ManualClock {
  constructor(private time = Date.UTC(2026, 0, 15, 12, 0, 0)) {}

  now(): number {
    return this.time;
  }

  advance(ms: number): void {
    this.time += ms;
  }

  set(time: number): void {
    this.time = time;
  }
}
