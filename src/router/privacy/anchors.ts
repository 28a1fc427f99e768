/**
 * The prefilter. Each anchor is reduced to one pivot character, chosen so that few, rare characters cover all
 * anchors (by frequency in ordinary source code). The text is walked once; at each character a table lookup on
 * (pivot, previous, next) finds the anchors whose pivot and both neighbours fit, and only those whose far end fits
 * too are compared. Case-insensitive anchors are entered under both cases of each letter, so the text is never
 * lower-cased or copied.
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

/** Where anchor hits go: `list` is the number an anchor was added with. */
export interface HitSink {
  add(list: number, offset: number): void;
}

interface AnchorEntry {
  readonly anchor: string;
  readonly caseInsensitive: boolean;
  /** Where the pivot character sits inside the anchor (chosen when the index is built). */
  offset: number;
  readonly rules: number[];
  /**
   * A character beyond the two neighbours the slot table checked, as a distance from the pivot, and its codes (both
   * cases; equal when only one fits): most hits that fit the slot fail on it, before the whole anchor is compared.
   * Distance 0 (the pivot itself, which always fits) when the anchor has no character there.
   */
  probe: number;
  probeCode: number;
  probeOtherCode: number;
}

/**
 * Anchors sharing one pivot character, bucketed by the pair of characters around the pivot (previous, next): one
 * typed-array load per pivot hit rejects almost every hit, so an anchor is compared only where both neighbours fit.
 */
interface PivotGroup {
  readonly pivot: string;
  /** Indexed by `(previous & 127) << 7 | (next & 127)`; 0 = no anchor, k = `lists[k]`. */
  readonly slots: Uint16Array;
  readonly lists: AnchorEntry[][];
}

/** Slot codes of the character beside the pivot: its case forms, or every code when the anchor has none there. */
const ANY_CODE: readonly number[] = Array.from({ length: 128 }, (_, c) => c);

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

/** Both cases of an ASCII letter's code, else just the code. */
function caseCodes(code: number, caseInsensitive: boolean): number[] {
  const isLower = code >= 97 && code <= 122;
  return caseInsensitive && isLower ? [code, code - 32] : [code];
}

/** The text characters a scan for `anchor[offset]` must visit: both cases of a letter in a case-insensitive anchor. */
function unitsOf(entry: AnchorEntry, offset: number): string[] {
  return caseCodes(entry.anchor.charCodeAt(offset), entry.caseInsensitive).map(c => String.fromCharCode(c));
}

/** One position an anchor could pivot on: the characters a scan must visit, their frequency, edge or not. */
interface PivotOption {
  readonly units: readonly string[];
  readonly frequency: number;
  /**
   * Between equally cheap positions, one with a character of the anchor on both sides: the hit's two neighbours
   * then both filter (`--user` pivoting on its second '-' is never compared inside '-----BEGIN').
   */
  readonly edge: number;
}

function pivotOptions(entry: AnchorEntry): PivotOption[] {
  return Array.from({ length: entry.anchor.length }, (_, i) => {
    const units = unitsOf(entry, i);
    return { units, frequency: units.reduce((sum, u) => sum + (FREQUENCY[u] ?? 1), 0), edge: i === 0 || i === entry.anchor.length - 1 ? 0.5 : 0 };
  });
}

/**
 * Chooses each anchor's pivot so that the set of scanned characters stays cheap: the anchors with the most
 * expensive best choice go first, and later anchors prefer characters already being scanned (marginal cost 0).
 * Every option is computed once: this runs on the first scan after the extension loads.
 */
function choosePivots(entries: readonly AnchorEntry[]): void {
  const options = entries.map(pivotOptions);
  const scanned = new Set<string>();
  const marginal = (option: PivotOption): number => option.units.reduce((sum, u) => sum + (scanned.has(u) ? 0 : FREQUENCY[u] ?? 1), 0);
  const standalone = options.map(opts => Math.min(...opts.map(o => o.frequency)));
  const order = entries.map((_, k) => k).sort((a, b) => standalone[b] - standalone[a]);
  for (const k of order) {
    let best = 0;
    let bestCost = Infinity;
    options[k].forEach((option, i) => {
      const c = marginal(option) * 1e6 + option.frequency + option.edge;
      if (c < bestCost) {
        best = i;
        bestCost = c;
      }
    });
    entries[k].offset = best;
    options[k][best].units.forEach(u => scanned.add(u));
  }
  // Greedy order can leave an anchor on a frequent character that a later choice made unnecessary: move every
  // anchor to its cheapest already-scanned character and drop characters nobody uses any more, until stable.
  for (let round = 0; round < 8; round++) {
    entries.forEach((entry, k) => {
      options[k].forEach((option, i) => {
        const current = options[k][entry.offset];
        if (option.units.every(u => scanned.has(u)) && option.frequency + option.edge < current.frequency + current.edge) {
          entry.offset = i;
        }
      });
    });
    const used = new Set(entries.flatMap((e, k) => options[k][e.offset].units));
    if (used.size === scanned.size) {
      break;
    }
    scanned.clear();
    used.forEach(u => scanned.add(u));
  }
}

/**
 * The slot table of one pivot character: for every (previous, next) pair of character codes, the entries whose
 * neighbours accept both, in `entries` order, lists shared between slots. Codes are grouped by which entries accept
 * them first, so a pivot of single-character anchors (every slot) costs a few groups, not 16,384 lists.
 */
function pivotGroup(pivot: string, entries: readonly AnchorEntry[]): PivotGroup {
  const accepts = (side: 'previous' | 'next'): number[][] => {
    const byCode: number[][] = Array.from({ length: 128 }, () => []);
    entries.forEach((entry, j) => {
      const { anchor, caseInsensitive, offset } = entry;
      const at = side === 'previous' ? offset - 1 : offset + 1;
      const codes = at >= 0 && at < anchor.length ? caseCodes(anchor.charCodeAt(at), caseInsensitive) : ANY_CODE;
      // Slots are indexed by a neighbour's low seven bits (matchesAt then compares the whole anchor).
      codes.forEach(c => byCode[c & 127].push(j));
    });
    return byCode;
  };
  const classes = (byCode: number[][]): { codes: number[]; members: Set<number> }[] => {
    const found = new Map<string, { codes: number[]; members: Set<number> }>();
    byCode.forEach((members, code) => {
      const key = members.join(',');
      const cls = found.get(key) ?? found.set(key, { codes: [], members: new Set(members) }).get(key)!;
      cls.codes.push(code);
    });
    return [...found.values()];
  };
  const group: PivotGroup = { pivot, slots: new Uint16Array(128 * 128), lists: [[]] };
  const listIds = new Map<string, number>();
  const nextClasses = classes(accepts('next'));
  for (const previous of classes(accepts('previous'))) {
    for (const next of nextClasses) {
      const members = [...previous.members].filter(j => next.members.has(j)).sort((a, b) => a - b);
      if (members.length === 0) {
        continue;
      }
      const key = members.join(',');
      const id = listIds.get(key) ?? listIds.set(key, group.lists.push(members.map(j => entries[j])) - 1).get(key)!;
      for (const p of previous.codes) {
        for (const n of next.codes) {
          group.slots[(p << 7) | n] = id;
        }
      }
    }
  }
  return group;
}

/**
 * Sets an entry's probe: the anchor's last character when it lies beyond the pivot's next neighbour, else its first
 * when that lies before the previous one, else the pivot. The far end tells anchors with a common start apart (`key`,
 * `keyring`, `keypass`), where the character after a neighbour would let every `key` in the text through.
 */
function choosePivotProbe(entry: AnchorEntry): void {
  const lastAt = entry.anchor.length - 1;
  const at = lastAt >= entry.offset + 2 ? lastAt : entry.offset >= 2 ? 0 : entry.offset;
  const [code, other = code] = caseCodes(entry.anchor.charCodeAt(at), entry.caseInsensitive);
  entry.probe = at - entry.offset;
  entry.probeCode = code;
  entry.probeOtherCode = other;
}

/** Slots per pivot group in the flat table: one per (previous, next) pair of 7-bit codes. */
const SLOTS_PER_GROUP = 128 * 128;

/** Anchors of a rule set grouped by pivot character. */
export class AnchorIndex {
  /** Per UTF-16 code unit: its pivot group (1…), or 0 when no anchor pivots on it. */
  private groupOfCode = new Uint16Array(0);
  /**
   * Every group's slot table end to end, behind a block of zeros for group 0: a character that is no pivot looks up
   * an empty slot, so the walk has no branch per character, only one per hit.
   */
  private slots = new Uint16Array(0);
  /** Anchor lists of every group, numbered across groups (0 = none). */
  private lists: AnchorEntry[][] = [[]];
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
    this.entries.set(key, { anchor, caseInsensitive, offset: 0, rules: [ruleIndex], probe: 0, probeCode: 0, probeOtherCode: 0 });
    this.isBuilt = false;
  }

  private build(): void {
    const entries = [...this.entries.values()];
    choosePivots(entries);
    entries.forEach(choosePivotProbe);
    const byPivot = new Map<string, AnchorEntry[]>();
    for (const entry of entries) {
      for (const pivot of unitsOf(entry, entry.offset)) {
        (byPivot.get(pivot) ?? byPivot.set(pivot, []).get(pivot)!).push(entry);
      }
    }
    const groups = [...byPivot].map(([pivot, members]) => pivotGroup(pivot, members));
    this.groupOfCode = new Uint16Array(65536);
    this.slots = new Uint16Array((groups.length + 1) * SLOTS_PER_GROUP);
    this.lists = [[]];
    groups.forEach((group, k) => {
      this.groupOfCode[group.pivot.charCodeAt(0)] = k + 1;
      const firstList = this.lists.length - 1;
      this.lists.push(...group.lists.slice(1));
      const base = (k + 1) * SLOTS_PER_GROUP;
      group.slots.forEach((id, slot) => {
        if (id !== 0) {
          this.slots[base + slot] = firstList + id;
        }
      });
    });
    if (this.lists.length > 65535) {
      throw new Error('anchor index: too many anchor lists for its slot table');
    }
    this.isBuilt = true;
  }

  /**
   * Adds the start offset of every anchor occurrence to the hit list of each of its rules. One walk over the
   * text's character codes serves every pivot: with some 40 pivots, that costs less than 40 indexOf passes and the
   * call per hit that each of them pays.
   */
  collect(text: string, hits: HitSink): void {
    if (!this.isBuilt) {
      this.build();
    }
    const { groupOfCode, slots, lists } = this;
    const length = text.length;
    // Outside the text a neighbour counts as code 0: the slot of anchors with no character there.
    let previous = 0;
    let current = text.charCodeAt(0);
    for (let i = 0; i < length; i++) {
      const next = i + 1 < length ? text.charCodeAt(i + 1) : 0;
      const id = slots[groupOfCode[current] * SLOTS_PER_GROUP + (((previous & 127) << 7) | (next & 127))];
      if (id !== 0) {
        // The anchors of this slot, inline: this runs at every pivot whose neighbours fit (tens of thousands per MB).
        const entries = lists[id];
        for (let e = 0; e < entries.length; e++) {
          const entry = entries[e];
          const probed = text.charCodeAt(i + entry.probe);   // NaN past either end: no anchor fits there
          if (probed !== entry.probeCode && probed !== entry.probeOtherCode) {
            continue;
          }
          const start = i - entry.offset;
          if (matchesAt(text, entry, start)) {
            const { rules } = entry;
            for (let r = 0; r < rules.length; r++) {
              hits.add(rules[r], start);
            }
          }
        }
      }
      previous = current;
      current = next;
    }
  }
}
