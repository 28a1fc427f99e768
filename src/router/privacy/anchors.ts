/**
 * The prefilter. Each anchor is reduced to one pivot character, chosen so that few, rare characters cover all
 * anchors (by frequency in ordinary source code); the text is walked with indexOf once per pivot character (V8
 * runs that at memchr speed), and at each hit only the anchors whose neighbouring character matches are compared. Case-insensitive anchors search both
 * cases of the pivot, so the text is never lower-cased or copied.
 */

/** Frequency per 100k characters in a mixed nine-language corpus (bench/inputs.ts); absent characters count 1. */
const FREQUENCY: Readonly<Record<string, number>> = {
  ' ': 19360, e: 7477, t: 4851, r: 4453, n: 3807, a: 3789, i: 3577, o: 3443, s: 2928, l: 2632, c: 2404, '"': 2030,
  u: 2002, f: 1811, m: 1612, p: 1534, ':': 1477, d: 1445, '.': 1307, _: 1164, g: 977, E: 884, '(': 865, ')': 865,
  ',': 853, y: 772, '=': 771, v: 691, '{': 668, '}': 667, R: 591, b: 575, '/': 572, T: 545, '-': 532, k: 518,
  h: 513, ';': 498, 0: 494, I: 478, S: 466, 2: 464, 1: 458, '>': 403, L: 401, M: 379, O: 369, x: 363, A: 337,
  5: 336, 3: 330, 4: 308, 6: 292, N: 281, z: 273, 7: 269, 8: 268, 9: 263, C: 252, w: 250, P: 205, D: 204, B: 185,
  U: 166, q: 148, F: 140, '<': 137, H: 136, $: 134, K: 106, Y: 101, '+': 100, '!': 99, V: 99, G: 82, '|': 69,
  X: 68, "'": 67, '#': 67, '[': 65, ']': 65, '%': 64, W: 58, Z: 46, j: 40, '^': 34, '~': 34, '*': 34, '&': 34,
  Q: 25, J: 3,
};

interface AnchorEntry {
  readonly anchor: string;
  readonly caseInsensitive: boolean;
  /** Where the pivot character sits inside the anchor (chosen when the index is built). */
  offset: number;
  readonly rules: number[];
}

/** Anchors sharing one pivot character, bucketed by the character just before (or after) the pivot. */
interface PivotGroup {
  /** Indexed by the ASCII code of the neighbouring character (anchors are ASCII, so other codes never match). */
  readonly before: Array<AnchorEntry[] | undefined>;
  readonly after: Array<AnchorEntry[] | undefined>;
  readonly always: AnchorEntry[];
  hasBefore: boolean;
  hasAfter: boolean;
}

function matchesAt(text: string, entry: AnchorEntry, start: number): boolean {
  const { anchor } = entry;
  if (start < 0 || start + anchor.length > text.length) {
    return false;
  }
  if (!entry.caseInsensitive) {
    return text.startsWith(anchor, start);
  }
  for (let k = 0; k < anchor.length; k++) {
    let c = text.charCodeAt(start + k);
    if (c >= 65 && c <= 90) {
      c |= 32;
    }
    if (c !== anchor.charCodeAt(k)) {
      return false;
    }
  }
  return true;
}

function pushTo(table: Array<AnchorEntry[] | undefined>, code: number, entry: AnchorEntry): void {
  const slot = code & 127;
  const list = table[slot] ?? [];
  list.push(entry);
  table[slot] = list;
}

function newGroup(): PivotGroup {
  return { before: new Array(128).fill(undefined), after: new Array(128).fill(undefined), always: [], hasBefore: false, hasAfter: false };
}

/** Both cases of an ASCII letter's code, else just the code. */
function caseCodes(code: number, caseInsensitive: boolean): number[] {
  const isLower = code >= 97 && code <= 122;
  return caseInsensitive && isLower ? [code, code - 32] : [code];
}

/** The text characters a scan for `anchor[offset]` must visit: both cases of a letter in a case-insensitive anchor. */
function unitsOf(entry: AnchorEntry, offset: number): string[] {
  return caseCodes(entry.anchor.charCodeAt(offset), entry.caseInsensitive).map(c => String.fromCharCode(c));
}

/**
 * Chooses each anchor's pivot so that the set of scanned characters stays cheap: the anchors with the most
 * expensive best choice go first, and later anchors prefer characters already being scanned (marginal cost 0).
 */
function choosePivots(entries: readonly AnchorEntry[]): void {
  const scanned = new Set<string>();
  const cost = (units: readonly string[], marginal: boolean): number =>
    units.reduce((sum, u) => sum + (marginal && scanned.has(u) ? 0 : FREQUENCY[u] ?? 1), 0);
  const standalone = (e: AnchorEntry): number => Math.min(...[...e.anchor].map((_, i) => cost(unitsOf(e, i), false)));
  const ordered = [...entries].sort((a, b) => standalone(b) - standalone(a));
  for (const entry of ordered) {
    let best = 0;
    let bestCost = Infinity;
    for (let i = 0; i < entry.anchor.length; i++) {
      const c = cost(unitsOf(entry, i), true) * 1e6 + cost(unitsOf(entry, i), false);
      if (c < bestCost) {
        best = i;
        bestCost = c;
      }
    }
    entry.offset = best;
    unitsOf(entry, best).forEach(u => scanned.add(u));
  }
  // Greedy order can leave an anchor on a frequent character that a later choice made unnecessary: move every
  // anchor to its cheapest already-scanned character and drop characters nobody uses any more, until stable.
  for (let round = 0; round < 8; round++) {
    for (const entry of entries) {
      for (let i = 0; i < entry.anchor.length; i++) {
        const units = unitsOf(entry, i);
        if (units.every(u => scanned.has(u)) && cost(units, false) < cost(unitsOf(entry, entry.offset), false)) {
          entry.offset = i;
        }
      }
    }
    const used = new Set(entries.flatMap(e => unitsOf(e, e.offset)));
    if (used.size === scanned.size) {
      break;
    }
    scanned.clear();
    used.forEach(u => scanned.add(u));
  }
}

/** Anchors of a rule set grouped by pivot character. */
export class AnchorIndex {
  private groups = new Map<string, PivotGroup>();
  private readonly entries = new Map<string, AnchorEntry>();
  private isBuilt = false;

  /** Case-insensitive anchors must be given in lower case. */
  add(anchor: string, ruleIndex: number, caseInsensitive: boolean): void {
    const key = `${caseInsensitive ? 'i' : 's'}:${anchor}`;
    const existing = this.entries.get(key);
    if (existing) {
      if (!existing.rules.includes(ruleIndex)) {
        existing.rules.push(ruleIndex);
      }
      return;
    }
    this.entries.set(key, { anchor, caseInsensitive, offset: 0, rules: [ruleIndex] });
    this.isBuilt = false;
  }

  private build(): void {
    choosePivots([...this.entries.values()]);
    this.groups = new Map();
    for (const entry of this.entries.values()) {
      const { anchor, caseInsensitive, offset } = entry;
      for (const pivot of unitsOf(entry, offset)) {
        const group = this.groups.get(pivot) ?? newGroup();
        this.groups.set(pivot, group);
        if (offset > 0) {
          caseCodes(anchor.charCodeAt(offset - 1), caseInsensitive).forEach(c => pushTo(group.before, c, entry));
          group.hasBefore = true;
        } else if (anchor.length > 1) {
          caseCodes(anchor.charCodeAt(1), caseInsensitive).forEach(c => pushTo(group.after, c, entry));
          group.hasAfter = true;
        } else {
          group.always.push(entry);
        }
      }
    }
    this.isBuilt = true;
  }

  /** Appends the start offset of every anchor occurrence to `hits[rule]`. */
  collect(text: string, hits: number[][]): void {
    if (!this.isBuilt) {
      this.build();
    }
    for (const [pivot, group] of this.groups) {
      const { before, after, always, hasBefore, hasAfter } = group;
      for (let i = text.indexOf(pivot); i !== -1; i = text.indexOf(pivot, i + 1)) {
        const b = hasBefore && i > 0 ? before[text.charCodeAt(i - 1) & 127] : undefined;
        const a = hasAfter ? after[text.charCodeAt(i + 1) & 127] : undefined;
        if (b) {
          record(text, b, i, hits);
        }
        if (a) {
          record(text, a, i, hits);
        }
        if (always.length > 0) {
          record(text, always, i, hits);
        }
      }
    }
  }
}

function record(text: string, entries: readonly AnchorEntry[], pivotAt: number, hits: number[][]): void {
  for (const entry of entries) {
    const start = pivotAt - entry.offset;
    if (matchesAt(text, entry, start)) {
      for (const r of entry.rules) {
        hits[r].push(start);
      }
    }
  }
}
