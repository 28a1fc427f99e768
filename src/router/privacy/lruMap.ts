/**
 * A bounded map that forgets its least recently used entries, a quarter at a time when it is full. A hit stamps the
 * entry instead of moving it to the end (delete + set): deleted slots fill a V8 Map's table until it is rebuilt,
 * often at twice the size, and a table for more than 4,096 entries is a large object, which V8 places in fresh
 * memory every time it is rebuilt. Keep `capacity` at most 2,048: the table then never outgrows 4,096 slots.
 */
export class LruMap<K, V> {
  private readonly entries = new Map<K, { value: V; used: number }>();
  private clock = 0;

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) {
      return undefined;
    }
    entry.used = ++this.clock;
    return entry.value;
  }

  set(key: K, value: V): void {
    const entry = this.entries.get(key);
    if (entry !== undefined) {
      entry.value = value;
      entry.used = ++this.clock;
      return;
    }
    if (this.entries.size >= this.capacity) {
      this.evictOldestQuarter();
    }
    this.entries.set(key, { value, used: ++this.clock });
  }

  /** Keys and values, oldest insertion first (for inspection; does not count as use). */
  *[Symbol.iterator](): IterableIterator<[K, V]> {
    for (const [key, { value }] of this.entries) {
      yield [key, value];
    }
  }

  private evictOldestQuarter(): void {
    const stamps = Float64Array.from(this.entries.values(), e => e.used).sort();
    const newestEvicted = stamps[Math.max(0, Math.ceil(stamps.length / 4) - 1)];
    for (const [key, entry] of this.entries) {
      if (entry.used <= newestEvicted) {
        this.entries.delete(key);
      }
    }
  }
}
