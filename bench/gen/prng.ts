/** Seeded pseudo-random numbers so every run scans exactly the same bytes (mulberry32: small, fast, good enough). */
export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** `length` characters drawn from `alphabet`. */
  chars(alphabet: string, length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) {
      out += alphabet[Math.floor(this.next() * alphabet.length)];
    }
    return out;
  }

  /** A plausible identifier: camelCase words from a small vocabulary. */
  ident(): string {
    const first = this.pick(WORDS);
    const second = this.pick(WORDS);
    return first + second[0].toUpperCase() + second.slice(1);
  }
}

export const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const UPPER_B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const BASE64 = ALNUM + '+/';
export const HEX = '0123456789abcdef';
export const DIGITS = '0123456789';

const WORDS = [
  'user', 'order', 'cache', 'request', 'handler', 'item', 'price', 'total', 'config', 'client', 'session', 'event',
  'queue', 'record', 'batch', 'result', 'value', 'index', 'buffer', 'stream', 'token', 'route', 'model', 'worker',
  'account', 'invoice', 'report', 'schema', 'table', 'payload', 'metric', 'span', 'retry', 'limit', 'offset', 'page',
];
