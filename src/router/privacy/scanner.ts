import { AnchorIndex } from './anchors';
import { HitLists, keptHits, WindowArena } from './hitLists';
import { LineIndex } from './lines';
import { isRedactionPlaceholder } from './placeholders';
import type { HitScan, MatchContext, RawFinding, Rule } from './types';

const DEFAULT_BEFORE = 96;
const DEFAULT_AFTER = 600;
/** Decoded text handed back for a rescan is bounded, and a rescan never rescans again. */
const MAX_RESCAN_CHARS = 16384;
/**
 * Findings kept per rule and scanned text. One finding already restricts the request; past this many, more of
 * the same (10,000 unclosed key headers) only cost time and memory. The first ones, in text order, are kept. High
 * enough that a large file's many credential assignments are all reported (a generic rule also counts the values
 * a specific rule reports, before the two are merged).
 */
export const MAX_FINDINGS_PER_RULE = 1000;

interface CompiledRule {
  readonly rule: Rule;
  /**
   * The rule's pattern, global, for the search; sticky instead for rules whose match starts at an anchor, which are
   * tried only at their anchor hits. No `d` flag: match indices make every exec several times slower.
   */
  readonly pattern: RegExp;
  /** The same pattern sticky with the `d` flag, run again at a valid match's start to learn the value's offset. */
  readonly located: RegExp;
}

const NO_HITS = new Int32Array(0);
/** Matches at once: run only for its side effect of flattening the subject string (see candidates). */
const FLATTENS = /^/;

/** The buffers one scan depth reuses: candidate lists, a view of each, the list of each rule, window bounds. */
interface ScanScratch {
  readonly lists: HitLists;
  readonly views: Int32Array[];
  readonly hits: Int32Array[];
  readonly arena: WindowArena;
}

/** A rule set prepared once: anchors indexed by pivot character, patterns compiled with indices. */
export class RuleSet {
  readonly compiled: readonly CompiledRule[];
  private readonly anchors = new AnchorIndex();
  /** Each distinct prefilter with the hit list its matches go to, and the rules that use it. */
  private readonly prefilters: { readonly re: RegExp | HitScan; readonly list: number; readonly rules: number[] }[] = [];
  private readonly unanchored: number[] = [];
  /** Hit list of each rule: rules with the same anchors (and no prefilter) share one list, filled once. */
  private readonly listOf: number[] = [];
  private listCount = 0;
  /** The prefilter's hit list of each rule that has a prefilter. */
  private readonly prefilterListOf: (number | undefined)[] = [];
  /**
   * What a scan reuses, per scan depth: a rescan of decoded text runs while its parent scan's lists are in use.
   * Reused, so that a scan of a small text allocates next to nothing.
   */
  private readonly scratch: ScanScratch[] = [];

  constructor(readonly rules: readonly Rule[]) {
    this.compiled = rules.map(rule => ({
      rule,
      pattern: rule.startsAtAnchor ? withFlags(rule.pattern, 'y', 'g') : withFlags(rule.pattern, 'g', ''),
      located: withFlags(rule.pattern, 'yd', 'g'),
    }));
    const lists = new Map<string, number>();
    rules.forEach((rule, index) => {
      const key = rule.prefilter ? `#${index}` : `${rule.caseInsensitive === true}:${[...rule.anchors].sort().join('\n')}`;
      const list = lists.get(key) ?? lists.set(key, this.listCount++).get(key)!;
      this.listOf.push(list);
      if (rule.prefilter) {
        // One private global copy per distinct prefilter, so rules sharing it cost one pass (a scan written as code
        // is shared by identity).
        const own = typeof rule.prefilter === 'function' ? rule.prefilter : withGlobal(rule.prefilter);
        const shared = this.prefilters.find(p => samePrefilter(p.re, own));
        if (shared) {
          shared.rules.push(index);
        } else {
          this.prefilters.push({ re: own, list: this.listCount++, rules: [index] });
        }
      } else if (rule.anchors.length === 0) {
        this.unanchored.push(index);
      }
      this.prefilterListOf.push(rule.prefilter ? this.prefilters.find(p => p.rules.includes(index))?.list : undefined);
      for (const anchor of rule.anchors) {
        this.anchors.add(rule.caseInsensitive ? anchor.toLowerCase() : anchor, list, rule.caseInsensitive === true);
      }
    });
  }

  /**
   * Candidate positions per rule, each list sorted and without repeats. Unanchored rules get one hit at 0 and a
   * whole-text window. The lists are views of buffers reused by the next call at the same `depth`.
   */
  candidates(text: string, depth = 0): readonly Int32Array[] {
    const { lists, views, hits } = this.scratchAt(depth);
    lists.reset();
    // Running a regular expression flattens a string built by concatenation (which V8 keeps as a rope, as a redacted
    // copy is) in place; the anchor walk reads the text character by character, and on a rope each read descends it.
    FLATTENS.test(text);
    this.anchors.collect(text, lists);
    for (const { re, list } of this.prefilters) {
      if (typeof re === 'function') {
        re(text, offset => lists.add(list, offset));
        continue;
      }
      re.lastIndex = 0;
      for (let m = re.exec(text); m !== null; m = re.exec(text)) {
        lists.add(list, m.index);
        if (m[0].length === 0) {
          re.lastIndex++;
        }
      }
    }
    for (const r of this.unanchored) {
      lists.add(this.listOf[r], 0);
    }
    // A rule with a prefilter and anchor hits of its own (its list is its alone) gets the prefilter's hits too;
    // without anchor hits it shares the prefilter's list, and so, in scan(), one set of windows.
    for (const { list, rules } of this.prefilters) {
      if (lists.size(list) > 0) {
        const shared = lists.sortedView(list);
        for (const r of rules) {
          if (lists.size(this.listOf[r]) > 0) {
            lists.append(this.listOf[r], shared);
          }
        }
      }
    }
    // One view per non-empty list, shared by the rules of that list; an empty list is the one empty array.
    for (let list = 0; list < this.listCount; list++) {
      views[list] = lists.size(list) > 0 ? lists.sortedView(list) : NO_HITS;
    }
    for (let r = 0; r < this.listOf.length; r++) {
      const prefilterList = this.prefilterListOf[r];
      hits[r] = prefilterList === undefined || views[this.listOf[r]].length > 0 ? views[this.listOf[r]] : views[prefilterList];
    }
    return hits;
  }

  /** The window buffer of scans at `depth`, emptied for a new scan. */
  windowArena(depth: number): WindowArena {
    const { arena } = this.scratchAt(depth);
    arena.reset();
    return arena;
  }

  /** Lets go of buffers past the retained size, once a scan no longer uses them. */
  releaseScratch(depth: number): void {
    this.scratch[depth]?.lists.trim();
    this.scratch[depth]?.arena.trim();
  }

  private scratchAt(depth: number): ScanScratch {
    return this.scratch[depth] ??= {
      lists: new HitLists(this.listCount),
      views: new Array<Int32Array>(this.listCount),
      hits: new Array<Int32Array>(this.listOf.length),
      arena: new WindowArena(),
    };
  }
}

function samePrefilter(a: RegExp | HitScan, b: RegExp | HitScan): boolean {
  return typeof a === 'function' || typeof b === 'function' ? a === b : a.source === b.source && a.flags === b.flags;
}

function withGlobal(pattern: RegExp): RegExp {
  return new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : pattern.flags + 'g');
}

function withFlags(pattern: RegExp, add: string, remove: string): RegExp {
  const flags = new Set(pattern.flags.split(''));
  [...add].forEach(f => flags.add(f));
  [...remove, 'd'].filter(f => !add.includes(f)).forEach(f => flags.delete(f));
  return new RegExp(pattern.source, [...flags].join(''));
}

/**
 * Runs every rule of `set` over `text`: anchors → bounded windows (merged per rule) → the rule's pattern → its
 * validator. A rule that throws yields a `scanner-error` finding instead (fail closed). `depth` > 0 is a rescan of
 * decoded text, which may not rescan again.
 */
export function scan(set: RuleSet, text: string, depth = 0, lines = new LineIndex(text)): RawFinding[] {
  const findings: RawFinding[] = [];
  const hits = set.candidates(text, depth);
  if (!hits.some(list => list.length > 0)) {
    return findings;   // most boundary scans and short parts: nothing below is needed
  }
  const rescan = (decoded: string): boolean =>
    depth === 0 && decoded.length <= MAX_RESCAN_CHARS && scan(set, decoded, depth + 1).some(f => f.rule !== 'scanner-error');
  const memo = new Map<string, boolean>();
  const windowCache = new Map<string, Int32Array>();
  const arena = set.windowArena(depth);
  const hitListIds = new Map<Int32Array, number>();
  const filtered = new Map<Int32Array, Map<(text: string, offset: number) => boolean, Int32Array>>();
  const filter = (list: Int32Array, keep: (text: string, offset: number) => boolean): Int32Array => {
    const byFilter = filtered.get(list) ?? filtered.set(list, new Map()).get(list)!;
    return byFilter.get(keep) ?? byFilter.set(keep, keptHits(list, offset => keep(text, offset))).get(keep)!;
  };
  const keptBy = new Map<Int32Array, Map<NonNullable<Rule['keepHits']>, Int32Array>>();
  const kept = (list: Int32Array, keep: NonNullable<Rule['keepHits']>): Int32Array => {
    const byFilter = keptBy.get(list) ?? keptBy.set(list, new Map()).get(list)!;
    return byFilter.get(keep) ?? byFilter.set(keep, keep(text, list)).get(keep)!;
  };
  set.compiled.forEach((compiled, index) => {
    const { hitFilter, keepHits } = compiled.rule;
    const filteredHits = hitFilter ? filter(hits[index], hitFilter) : hits[index];
    const ruleHits = keepHits && filteredHits.length > 0 ? kept(filteredHits, keepHits) : filteredHits;
    if (ruleHits.length === 0) {
      return;
    }
    try {
      const { rule } = compiled;
      const listId = hitListIds.get(ruleHits) ?? hitListIds.set(ruleHits, hitListIds.size).size - 1;
      const key = `${listId}:${rule.before}:${rule.after}:${rule.multiline === true}:${rule.continuesOnNextLine === true}`;
      const ruleWindows = windowCache.get(key) ?? windows(text, ruleHits, rule, lines, arena);
      windowCache.set(key, ruleWindows);
      let budget = MAX_FINDINGS_PER_RULE;
      const starts = rule.startsAtAnchor ? ruleHits : undefined;
      let h = 0;
      for (let w = 0; w < ruleWindows.length && budget > 0; w += 2) {
        const start = ruleWindows[w];
        const end = ruleWindows[w + 1];
        if (!starts) {
          budget = matchWindow(compiled, text, lines, start, end, rescan, memo, findings, budget);
          continue;
        }
        while (h < starts.length && starts[h] < start) {
          h++;
        }
        const from = h;
        while (h < starts.length && starts[h] < end) {
          h++;
        }
        budget = matchWindow(compiled, text, lines, start, end, rescan, memo, findings, budget, starts, from, h);
      }
    } catch {
      findings.push({ rule: 'scanner-error', kind: 'secret', offset: 0, value: '', generic: false });
    }
  });
  set.releaseScratch(depth);
  return findings;
}

/**
 * Matches one window, everywhere, or (with `starts`, sorted text offsets) only at `starts[from..to)`; returns how
 * many more findings the rule may add (`budget` minus those added). Allocates nothing per window beyond its slice
 * and the matches: it runs tens of thousands of times on a file of one-line near misses.
 */
function matchWindow(compiled: CompiledRule, text: string, lines: LineIndex, start: number, end: number,
  rescan: (decoded: string) => boolean, memo: Map<string, boolean>, out: RawFinding[], budget: number,
  starts?: Int32Array, from = 0, to = 0): number {
  const { rule, pattern, located } = compiled;
  const window = start === 0 && end === text.length ? text : text.slice(start, end);
  let s = from;
  let covered = 0;   // a hit inside the previous match is part of it, as in a global search
  pattern.lastIndex = 0;
  for (;;) {
    let m: RegExpExecArray | null = null;
    if (!starts) {
      m = pattern.exec(window);
    } else {
      while (m === null && s < to) {
        const at = starts[s++] - start;
        if (at >= covered) {
          pattern.lastIndex = at;
          m = pattern.exec(window);
        }
      }
    }
    if (m === null) {
      break;
    }
    if (m[0].length === 0) {
      pattern.lastIndex++;
      continue;
    }
    covered = m.index + m[0].length;
    if (rule.extract) {
      const next = pattern.lastIndex;
      for (const found of rule.extract({ match: m, window, rescan, memo, lines, windowStart: start })) {
        out.push({ rule: rule.id, kind: rule.kind, offset: start + found.index, value: found.value, generic: rule.generic === true });
        if (--budget === 0) {
          return 0;
        }
      }
      pattern.lastIndex = next;
      continue;
    }
    const value = valueText(m, rule.valueGroups);
    const ctx: MatchContext = { match: m, window, rescan, memo, lines, windowStart: start };
    // A validator may rescan decoded text with this same RegExp object, which resets its lastIndex: restore it,
    // or this loop starts over at the window's beginning and never ends.
    const next = pattern.lastIndex;
    // A redacted copy's own placeholders (`Password=⟦SECRET_1⟧`) are never findings: not judged at all, as a copy
    // holds one wherever the original held a secret, and each would take every check a credential passes.
    const valid = value.length > 0 && !isRedactionPlaceholder(value) && (!rule.validate || rule.validate(value, ctx));
    pattern.lastIndex = next;
    if (valid) {
      // The same pattern anchored at the same start finds the same match, now with the offsets of its groups.
      located.lastIndex = m.index;
      const at = valueOf(located.exec(window) ?? m, rule.valueGroups)[1];
      out.push({ rule: rule.id, kind: rule.kind, offset: start + at, value, generic: rule.generic === true });
      if (--budget === 0) {
        return 0;
      }
    }
  }
  return budget;
}

/** The first value group that matched, else the whole match (as `valueOf`, without needing indices). */
function valueText(m: RegExpExecArray, groups: readonly string[] | undefined): string {
  for (const name of groups ?? []) {
    const value = m.groups?.[name];
    if (value !== undefined) {
      return value;
    }
  }
  return m[0];
}

function valueOf(m: RegExpExecArray, groups: readonly string[] | undefined): [string, number] {
  for (const name of groups ?? []) {
    const value = m.groups?.[name];
    const span = m.indices?.groups?.[name];
    if (value !== undefined && span) {
      return [value, span[0]];
    }
  }
  return [m[0], m.index];
}

/**
 * Bounded windows around the hits, clipped to the hit's line unless the rule is multi-line, merged when they touch.
 * Flat `[start, end, start, end, …]`: no array per window (tens of thousands on a file of one-line near misses).
 */
function windows(text: string, sorted: Int32Array, rule: Rule, lines: LineIndex, arena: WindowArena): Int32Array {
  const merged = arena.reserve(2 * sorted.length + 2);
  let n = arena.start();
  const from = n;
  if (rule.anchors.length === 0 && !rule.prefilter) {
    merged[n++] = 0;
    merged[n++] = text.length;
    return arena.close(n - from);
  }
  const before = rule.before ?? DEFAULT_BEFORE;
  const after = rule.after ?? DEFAULT_AFTER;
  const { starts, count } = lines.lineStarts;
  let line = 0;   // hits are sorted, so the line pointer only moves forward
  // Whether the current line ends open, judged once per line: a line of many hits that ends in a long run of spaces
  // would otherwise be walked back at every hit.
  let judgedLine = -1;
  let lineEndsOpen = false;
  for (let h = 0; h < sorted.length; h++) {
    const hit = sorted[h];
    let start = Math.max(0, hit - before);
    let end = Math.min(text.length, hit + after);
    if (!rule.multiline) {
      if (line + 1 < count && starts[line + 1] <= hit) {
        line = starts[Math.min(count - 1, line + 64)] <= hit ? lines.lineOf(hit) : advance(starts, count, line, hit);
      }
      start = Math.max(start, starts[line]);
      const lineEnd = line + 1 < count ? starts[line + 1] - 1 : text.length;
      if (rule.continuesOnNextLine && judgedLine !== line) {
        judgedLine = line;
        lineEndsOpen = line + 1 < count && endsOpen(text, starts[line], lineEnd);
      }
      end = Math.min(end, rule.continuesOnNextLine && lineEndsOpen ? (line + 2 < count ? starts[line + 2] - 1 : text.length) : lineEnd);
    }
    if (n > from && start <= merged[n - 1]) {
      merged[n - 1] = Math.max(merged[n - 1], end);
    } else {
      merged[n++] = start;
      merged[n++] = end;
    }
  }
  return arena.close(n - from);
}

/** The line `[from, to)` ends with `=` or `{` (spaces and a carriage return aside): a wrapped assignment, a body. */
function endsOpen(text: string, from: number, to: number): boolean {
  let i = to - 1;
  while (i >= from && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9 || text.charCodeAt(i) === 13)) {
    i--;
  }
  return i >= from && (text.charCodeAt(i) === 61 || text.charCodeAt(i) === 123);
}

function advance(starts: Int32Array, count: number, line: number, offset: number): number {
  while (line + 1 < count && starts[line + 1] <= offset) {
    line++;
  }
  return line;
}
