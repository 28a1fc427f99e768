/**
 * Candidate offsets of a scan, one list per hit list of a rule set, in typed buffers that are kept from one scan to
 * the next. A scan of a megabyte can record hundreds of thousands of candidates; growing fresh arrays for them costs
 * more than the matching (new memory is paid for page by page), so the buffers are reused and only ever grow,
 * up to a retained total, past which the largest are let go after the scan.
 */
export class HitLists {
  private buffers: Int32Array[];
  private readonly lengths: Int32Array;

  constructor(readonly count: number, private readonly retainedEntries = 1 << 20) {
    this.buffers = Array.from({ length: count }, () => new Int32Array(64));
    this.lengths = new Int32Array(count);
  }

  /** Empties every list (the buffers stay). */
  reset(): void {
    this.lengths.fill(0);
  }

  add(list: number, offset: number): void {
    const length = this.lengths[list];
    let buffer = this.buffers[list];
    if (length === buffer.length) {
      buffer = this.grow(list, length * 2);
    }
    buffer[length] = offset;
    this.lengths[list] = length + 1;
  }

  /** Appends the entries of `from` (a list of the same set, or any offsets) to `list`. */
  append(list: number, from: ArrayLike<number>): void {
    const length = this.lengths[list];
    let buffer = this.buffers[list];
    if (length + from.length > buffer.length) {
      buffer = this.grow(list, Math.max(length + from.length, length * 2));
    }
    for (let i = 0; i < from.length; i++) {
      buffer[length + i] = from[i];
    }
    this.lengths[list] = length + from.length;
  }

  size(list: number): number {
    return this.lengths[list];
  }

  /**
   * Sorts `list` in place and drops repeated offsets (two anchors of one rule can start at the same place), then
   * returns a view of it: valid until the next `reset`.
   */
  sortedView(list: number): Int32Array {
    const length = this.lengths[list];
    const view = this.buffers[list].subarray(0, length);
    let sorted = true;
    for (let i = 1; i < length && sorted; i++) {
      sorted = view[i - 1] < view[i];
    }
    if (sorted) {
      return view;
    }
    view.sort();
    let n = 0;
    for (let i = 0; i < length; i++) {
      if (n === 0 || view[i] !== view[n - 1]) {
        view[n++] = view[i];
      }
    }
    this.lengths[list] = n;
    return view.subarray(0, n);
  }

  /** Lets go of the largest buffers while more than the retained total is held. */
  trim(): void {
    let held = this.buffers.reduce((sum, b) => sum + b.length, 0);
    while (held > this.retainedEntries) {
      const largest = this.buffers.reduce((best, b, i) => (b.length > this.buffers[best].length ? i : best), 0);
      held -= this.buffers[largest].length - 64;
      this.buffers[largest] = new Int32Array(64);
      this.lengths[largest] = 0;
    }
  }

  private grow(list: number, capacity: number): Int32Array {
    const grown = new Int32Array(capacity);
    grown.set(this.buffers[list].subarray(0, this.lengths[list]));
    this.buffers[list] = grown;
    return grown;
  }
}

/** The hits `keep` holds for, in order: `hits` itself when it holds for all (no copy of a dense list). */
export function keptHits(hits: Int32Array, keep: (offset: number) => boolean): Int32Array {
  let first = 0;
  while (first < hits.length && keep(hits[first])) {
    first++;
  }
  if (first === hits.length) {
    return hits;
  }
  const out = new Int32Array(hits.length - 1);
  out.set(hits.subarray(0, first));
  let n = first;
  for (let h = first + 1; h < hits.length; h++) {
    if (keep(hits[h])) {
      out[n++] = hits[h];
    }
  }
  return out.subarray(0, n);
}

/**
 * Window bounds of one scan, appended one rule's list after another into a buffer kept between scans (windows of a
 * file of one-line near misses number in the tens of thousands). A view handed out stays valid when the buffer
 * grows: it keeps the old one.
 */
export class WindowArena {
  private buffer = new Int32Array(1024);
  private used = 0;

  constructor(private readonly retainedEntries = 1 << 20) {}

  reset(): void {
    this.used = 0;
  }

  /** Lets go of the buffer past the retained size (once the scan no longer uses its views). */
  trim(): void {
    if (this.buffer.length > this.retainedEntries) {
      this.buffer = new Int32Array(1024);
      this.used = 0;
    }
  }

  /** Room for `entries` more values; returns the buffer to write them in, from `start()`. */
  reserve(entries: number): Int32Array {
    if (this.used + entries > this.buffer.length) {
      this.buffer = new Int32Array(Math.max(this.buffer.length * 2, this.used + entries));
      this.used = 0;
    }
    return this.buffer;
  }

  start(): number {
    return this.used;
  }

  /** Ends the list begun at `start()` with `count` values, and returns it. */
  close(count: number): Int32Array {
    const view = this.buffer.subarray(this.used, this.used + count);
    this.used += count;
    return view;
  }
}
