import type { Finding } from '../types';
import { LineIndex } from './lines';
import { maskPreview } from './mask';
import { isRedactionPlaceholder } from './placeholders';
import { RuleSet, scan } from './scanner';
import type { RawFinding } from './types';

/** How many characters on each side of a boundary between two parts are rescanned together. */
const BOUNDARY_SPAN = 1024;

/** One scanned part of a request, kept so its neighbour's boundary can be checked. */
export interface ScannedPart {
  readonly text: string;
  readonly source: string;
  readonly lineOffset: number;
  readonly lines: LineIndex;
  readonly findings: readonly Finding[];
  /**
   * Where the values of the part's secret and PII findings are: offsets into `text`, never the values. Redaction
   * replaces these; a finding whose value cannot be pointed at is counted in `unspanned` instead.
   */
  readonly spans: readonly ValueSpan[];
  /** Rule ids of findings without a value span in `text` (a marker, a scanner error, a decoded value): kept local. */
  readonly unspanned: readonly string[];
}

/** A secret or PII value's place in a scanned text: [start, end), with the rule that found it. */
export interface ValueSpan {
  readonly start: number;
  readonly end: number;
  readonly kind: 'secret' | 'pii';
  readonly rule: string;
}

const SCANNER_ERROR: RawFinding = { rule: 'scanner-error', kind: 'secret', offset: 0, value: '', generic: false };

/** Value ranges sorted by start, with the running maximum of their ends, asked how they lie against [start, end). */
class ValueRanges {
  private readonly ranges: ReadonlyArray<readonly [number, number]>;
  private readonly maxEnd: number[] = [];

  constructor(ranges: Array<readonly [number, number]>) {
    this.ranges = ranges.sort((a, b) => a[0] - b[0]);
    this.ranges.forEach(([, end], i) => this.maxEnd.push(Math.max(end, i > 0 ? this.maxEnd[i - 1] : 0)));
  }

  /** A range overlaps [start, end). */
  overlaps(start: number, end: number): boolean {
    const last = this.lastStartingBelow(end);
    return last >= 0 && this.maxEnd[last] > start;
  }

  /** One range holds the whole of [start, end): the longest-reaching of those starting at or before `start`. */
  covers(start: number, end: number): boolean {
    const last = this.lastStartingBelow(start + 1);
    return last >= 0 && this.maxEnd[last] >= end;
  }

  /** Index of the last range starting below `limit`, else -1. */
  private lastStartingBelow(limit: number): number {
    let lo = 0;
    let hi = this.ranges.length - 1;
    let last = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.ranges[mid][0] < limit) {
        last = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return last;
  }
}

/** Raw findings → public findings: generic rules yield to specific ones on the same value; duplicates dropped. */
function toFindings(raw: readonly RawFinding[], lines: LineIndex, source: string, lineOffset: number): Finding[] {
  const specific = new ValueRanges(raw.filter(f => !f.generic).map(f => [f.offset, f.offset + Math.max(1, f.value.length)] as const));
  const kept = raw.filter(f => !f.generic || !specific.overlaps(f.offset, f.offset + Math.max(1, f.value.length)));
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const f of kept) {
    // Two generic rules on one value are one finding.
    const key = `${f.generic ? 'generic' : f.rule}\u0000${f.offset}`;
    if (seen.has(key)) {
      continue;
    }
    seen.add(key);
    const { line, column } = lines.position(f.offset);
    const preview = f.rule === 'scanner-error' ? 'rule could not be evaluated'
      : f.kind === 'marker' ? f.value.toLowerCase().slice(0, 40) : maskPreview(f.value, f.kind);
    out.push({ rule: f.rule, kind: f.kind, source, line: line + lineOffset, column, preview });
  }
  return out.sort((a, b) => a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule));
}

/**
 * Value spans of raw findings. A value counts as spanned only when the text at its offset is the value itself (a
 * rule that reports a decoded value points at text that differs): anything else is unspanned, so it stays local.
 */
function spansOf(set: RuleSet, raw: readonly RawFinding[], text: string): { spans: ValueSpan[]; unspanned: string[] } {
  const spans: ValueSpan[] = [];
  const unspanned: string[] = [];
  const searched = new Map<string, { from: number; at: number; end: number }>();
  const runs = new TokenRuns(text);
  const specific = new ValueRanges(raw.filter(f => !f.generic && f.value.length > 0).map(f => [f.offset, f.offset + f.value.length] as const));
  for (const f of [...raw].sort((a, b) => a.offset - b.offset)) {
    const end = f.offset + f.value.length;
    // A generic finding inside a specific one's value (a prefixed token a named rule found) adds nothing to redact,
    // and its rule is not named: as in the findings, the specific rule speaks for the value.
    if (f.generic && f.value.length > 0 && specific.covers(f.offset, end)) {
      continue;
    }
    const pointsAtValue = f.value.length > 0 && f.offset >= 0 && end <= text.length && text.startsWith(f.value, f.offset);
    if ((f.kind === 'secret' || f.kind === 'pii') && f.rule !== 'scanner-error' && pointsAtValue) {
      spans.push({ start: runs.start(f.offset), end: runs.end(secretEnd(set, f.rule, text, end, searched)), kind: f.kind, rule: f.rule });
    } else {
      unspanned.push(f.rule);
    }
  }
  return { spans, unspanned };
}

/**
 * A value cut short by a rule's length cap (a 1,200-character bearer token) must not leave its tail behind: a span
 * runs on over token characters on both sides. Backwards it stops at `=`, so `Password=` stays readable.
 * The last run found each way is remembered: spans come in text order, and a thousand findings inside one long run
 * (a megabyte of `pgpassword==abc123`) would each walk it to its end.
 */
export class TokenRuns {
  /** Every character in [endFrom, endAt) is a token character (forwards), and the one at endAt is not. */
  private endFrom = -1;
  private endAt = -1;
  /** Every character in [startAt, startTo) is a token character (backwards), and the one before startAt is not. */
  private startAt = -1;
  private startTo = -1;

  constructor(private readonly text: string) {}

  end(from: number): number {
    if (from >= this.endFrom && from <= this.endAt) {
      return this.endAt;
    }
    let end = from;
    while (end < this.text.length && isTokenChar(this.text.charCodeAt(end), true)) {
      end++;
    }
    this.endFrom = from;
    this.endAt = end;
    return end;
  }

  start(from: number): number {
    let start = from;
    while (start > 0 && isTokenChar(this.text.charCodeAt(start - 1), false)) {
      if (start - 1 < this.startTo && start - 1 >= this.startAt) {
        start = this.startAt;   // walked back into the last run: it starts where that one does
        break;
      }
      start--;
    }
    this.startAt = start;
    this.startTo = from;
    return start;
  }
}

/** Letters, digits and the characters of base64, base64url, JWTs and percent-encoding (`=` only forwards). */
function isTokenChar(c: number, forwards: boolean): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
    || c === 43 || c === 47 || c === 95 || c === 45 || c === 46 || c === 126 || c === 37 || (forwards && c === 61);
}

/** Where a secret whose rule names its end (a key block's footer) ends; else where its value ends. */
/**
 * The end of the secret a rule names an end for (a private key runs on to its footer), else the value's end. The
 * last search per rule is remembered: with thousands of unclosed key headers every later search would otherwise
 * walk the rest of the text again (findings come in text order, so a footer found, or none to the end, still holds).
 */
function secretEnd(set: RuleSet, rule: string, text: string, valueEnd: number, searched: Map<string, { from: number; at: number; end: number }>): number {
  const endsAt = secretEndsOf(set).get(rule);
  if (!endsAt) {
    return valueEnd;
  }
  const last = searched.get(rule);
  if (last && valueEnd >= last.from && (last.at < 0 || valueEnd <= last.at)) {
    return last.at < 0 ? text.length : last.end;
  }
  endsAt.lastIndex = valueEnd;
  const m = endsAt.exec(text);
  searched.set(rule, m ? { from: valueEnd, at: m.index, end: m.index + m[0].length } : { from: valueEnd, at: -1, end: text.length });
  return m ? m.index + m[0].length : text.length;
}

/** Rules of a set that name where their secret ends, by id, with non-global copies of those patterns (built once). */
const secretEnds = new WeakMap<RuleSet, ReadonlyMap<string, RegExp>>();
function secretEndsOf(set: RuleSet): ReadonlyMap<string, RegExp> {
  let ends = secretEnds.get(set);
  if (!ends) {
    ends = new Map(set.rules.filter(r => r.secretEndsAt).map(r => [r.id, new RegExp(r.secretEndsAt!.source, r.secretEndsAt!.flags.replace(/[gy]/g, '') + 'g')]));
    secretEnds.set(set, ends);
  }
  return ends;
}

/** Scans one part; never throws (a failure is a `scanner-error` finding). */
export function scanSource(set: RuleSet, text: string, source: string, lineOffset = 0): ScannedPart {
  const lines = new LineIndex(text);
  let raw: RawFinding[];
  try {
    // A redaction placeholder standing where a value was is not a secret (a redacted copy is scanned again).
    raw = scan(set, text, 0, lines).filter(f => !isRedactionPlaceholder(f.value));
  } catch {
    raw = [SCANNER_ERROR];
  }
  return { text, source, lineOffset, lines, findings: toFindings(raw, lines, source, lineOffset), ...spansOf(set, raw, text) };
}

/**
 * Findings that exist only when the end of `first` and the start of `second` are read together, reported at
 * their start in `first`. Bounded: BOUNDARY_SPAN characters from each side.
 */
export function scanAcrossBoundary(set: RuleSet, first: ScannedPart, second: ScannedPart): Finding[] {
  const tail = first.text.slice(-BOUNDARY_SPAN);
  let raw: RawFinding[];
  try {
    raw = scan(set, tail + second.text.slice(0, BOUNDARY_SPAN)).filter(f => !isRedactionPlaceholder(f.value));
  } catch {
    raw = [{ ...SCANNER_ERROR, offset: Math.max(0, tail.length - 1) }];
  }
  const tailStart = first.text.length - tail.length;
  const straddling = raw
    .filter(f => f.offset < tail.length && f.offset + Math.max(1, f.value.length) > tail.length)
    .map(f => ({ ...f, offset: tailStart + f.offset }));
  // A value already found in `first` that merely runs on into `second` when joined is not a new finding.
  const known = new Set(first.findings.map(f => `${f.rule}:${f.line}:${f.column}`));
  return toFindings(straddling, first.lines, first.source, first.lineOffset).filter(f => !known.has(`${f.rule}:${f.line}:${f.column}`));
}
