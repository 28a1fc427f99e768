import type { Finding } from '../types';
import { LineIndex } from './lines';
import { maskPreview } from './mask';
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
}

const SCANNER_ERROR: RawFinding = { rule: 'scanner-error', kind: 'secret', offset: 0, value: '', generic: false };

/** True when [start, end) overlaps a range of `ranges` (sorted by start, with `maxEnd` the running maximum of ends). */
function overlaps(ranges: ReadonlyArray<readonly [number, number]>, maxEnd: readonly number[], start: number, end: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  let last = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ranges[mid][0] < end) {
      last = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return last >= 0 && maxEnd[last] > start;
}

/** Raw findings → public findings: generic rules yield to specific ones on the same value; duplicates dropped. */
function toFindings(raw: readonly RawFinding[], lines: LineIndex, source: string, lineOffset: number): Finding[] {
  const ranges = raw.filter(f => !f.generic).map(f => [f.offset, f.offset + Math.max(1, f.value.length)] as const)
    .sort((a, b) => a[0] - b[0]);
  const maxEnd: number[] = [];
  ranges.forEach(([, end], i) => maxEnd.push(Math.max(end, i > 0 ? maxEnd[i - 1] : 0)));
  const kept = raw.filter(f => !f.generic || !overlaps(ranges, maxEnd, f.offset, f.offset + Math.max(1, f.value.length)));
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

/** Scans one part; never throws (a failure is a `scanner-error` finding). */
export function scanSource(set: RuleSet, text: string, source: string, lineOffset = 0): ScannedPart {
  const lines = new LineIndex(text);
  let raw: RawFinding[];
  try {
    raw = scan(set, text, 0, lines);
  } catch {
    raw = [SCANNER_ERROR];
  }
  return { text, source, lineOffset, lines, findings: toFindings(raw, lines, source, lineOffset) };
}

/**
 * Findings that exist only when the end of `first` and the start of `second` are read together, reported at
 * their start in `first`. Bounded: BOUNDARY_SPAN characters from each side.
 */
export function scanAcrossBoundary(set: RuleSet, first: ScannedPart, second: ScannedPart): Finding[] {
  const tail = first.text.slice(-BOUNDARY_SPAN);
  let raw: RawFinding[];
  try {
    raw = scan(set, tail + second.text.slice(0, BOUNDARY_SPAN));
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
