/** Line starts of a text, built once per scan and shared by the window builder and the finding positions. */
export class LineIndex {
  private starts: Int32Array | undefined;
  private count = 0;

  constructor(private readonly text: string) {}

  /** Sorted offsets where lines start (the first is 0), and how many there are. */
  get lineStarts(): { readonly starts: Int32Array; readonly count: number } {
    if (!this.starts) {
      this.build();
    }
    return { starts: this.starts as Int32Array, count: this.count };
  }

  /** Index of the line holding `offset` (0-based). */
  lineOf(offset: number): number {
    if (!this.starts) {
      this.build();
    }
    const starts = this.starts as Int32Array;
    let lo = 0;
    let hi = this.count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  /** Where the line holding `offset` starts. */
  lineStartOf(offset: number): number {
    const line = this.lineOf(offset);   // builds the index on first use
    return (this.starts as Int32Array)[line];
  }

  /** 1-based line and column of an offset. */
  position(offset: number): { line: number; column: number } {
    const line = this.lineOf(offset);
    return { line: line + 1, column: offset - this.lineStarts.starts[line] + 1 };
  }

  private build(): void {
    let starts = new Int32Array(1024);
    let count = 1;
    for (let i = this.text.indexOf('\n'); i !== -1; i = this.text.indexOf('\n', i + 1)) {
      if (count === starts.length) {
        const grown = new Int32Array(starts.length * 2);
        grown.set(starts);
        starts = grown;
      }
      starts[count++] = i + 1;
    }
    this.starts = starts;
    this.count = count;
  }
}

/**
 * Where the line holding `index` of a validator's window starts, looking back at most `limit` characters (then
 * `index - limit`), and never before the window. Found in the scan's line index: windows of a long line merge, and a
 * walk back of `limit` characters at every hit of a one-line megabyte read each character hundreds of times.
 */
export function lineStartIn(ctx: { readonly lines: LineIndex; readonly windowStart: number }, index: number, limit = 512): number {
  return Math.max(ctx.lines.lineStartOf(ctx.windowStart + index) - ctx.windowStart, index - limit, 0);
}
