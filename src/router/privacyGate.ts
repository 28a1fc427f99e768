import type { AskRequest, ContextReference, Finding, Privacy } from './types';
import { sensitiveFileRules } from './privacy/files';
import { compileGlob } from './privacy/glob';
import { LineIndex } from './privacy/lines';
import { maskPreview } from './privacy/mask';
import { BUILTIN_RULES } from './privacy/rules';
import { RuleSet, scan } from './privacy/scanner';
import type { RawFinding } from './privacy/types';
import { compileUserPatterns } from './privacy/userPatterns';

/** Options of the privacy gate, from RouterConfig. */
export interface PrivacyOptions {
  readonly sensitiveFileGlobs: readonly string[];
  readonly extraPatterns: readonly string[];
}

/** What the gate found in everything a request would send. */
export interface PrivacyResult {
  /** `restricted` on any finding; `internal` when workspace content (files, selections) is attached; else `public`. */
  readonly privacy: Privacy;
  readonly findings: readonly Finding[];
  /** Sources whose content is binary (NUL bytes): never sent to a model. */
  readonly binarySources: readonly string[];
  /** Total bytes (UTF-16 code units) scanned. */
  readonly scannedChars: number;
  /** Problems with the options (an invalid extra pattern, …), without the pattern text. Never a finding. */
  readonly diagnostics?: readonly string[];
}

/** Number of built-in content rules (file-name rules are counted separately in privacy/files.ts). */
export const BUILTIN_RULE_COUNT = BUILTIN_RULES.length;

const builtinSet = new RuleSet(BUILTIN_RULES);
/** Compiled option sets, keyed by their JSON, so repeated requests with the same settings compile nothing. */
const compiledOptions = new Map<string, CompiledOptions>();

interface CompiledOptions {
  readonly set: RuleSet;
  readonly globs: ReadonlyArray<(path: string) => boolean>;
  readonly diagnostics: readonly string[];
}

function compileOptions(opts: PrivacyOptions): CompiledOptions {
  const key = JSON.stringify([opts.sensitiveFileGlobs ?? [], opts.extraPatterns ?? []]);
  const cached = compiledOptions.get(key);
  if (cached) {
    return cached;
  }
  const user = compileUserPatterns(opts.extraPatterns ?? []);
  const compiled: CompiledOptions = {
    set: user.rules.length > 0 ? new RuleSet([...BUILTIN_RULES, ...user.rules]) : builtinSet,
    globs: (opts.sensitiveFileGlobs ?? []).filter(g => typeof g === 'string' && g.trim() !== '').map(compileGlob),
    diagnostics: user.diagnostics,
  };
  if (compiledOptions.size > 16) {
    compiledOptions.clear();
  }
  compiledOptions.set(key, compiled);
  return compiled;
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

function scanSource(set: RuleSet, text: string, source: string, lineOffset = 0): Finding[] {
  const lines = new LineIndex(text);
  let raw: RawFinding[];
  try {
    raw = scan(set, text, 0, lines);
  } catch {
    raw = [SCANNER_ERROR];
  }
  return toFindings(raw, lines, source, lineOffset);
}

function referenceSource(ref: ContextReference): string {
  return ref.kind === 'selection' ? 'selection' : `reference:${ref.name}`;
}

function fileFindings(ref: ContextReference, source: string, globs: CompiledOptions['globs']): Finding[] {
  const names = [ref.path, ref.name].filter((n): n is string => typeof n === 'string' && n.length > 0);
  const ids = new Set<string>();
  for (const name of names) {
    sensitiveFileRules(name, ref.content).forEach(id => ids.add(id));
    if (globs.some(matches => matches(name))) {
      ids.add('sensitive-file-glob');
    }
  }
  return [...ids].map(rule => ({ rule, kind: 'sensitive-file' as const, source, line: ref.startLine ?? 1, column: 1, preview: 'file name' }));
}

/** Scans prompt, every reference (content and file name) and history. Pure, synchronous, linear; fails closed. */
export function checkPrivacy(req: AskRequest, opts: PrivacyOptions): PrivacyResult {
  const findings: Finding[] = [];
  const binarySources: string[] = [];
  let scannedChars = 0;
  let diagnostics: readonly string[] = [];
  let hasContent = false;
  try {
    const compiled = compileOptions(opts);
    diagnostics = compiled.diagnostics;
    const scanPart = (text: string, source: string, lineOffset = 0): void => {
      if (text.includes('\u0000')) {
        binarySources.push(source);
      }
      scannedChars += text.length;
      findings.push(...scanSource(compiled.set, text, source, lineOffset));
    };
    scanPart(String(req.prompt ?? ''), 'prompt');
    for (const ref of req.references ?? []) {
      const source = referenceSource(ref);
      findings.push(...fileFindings(ref, source, compiled.globs));
      if (typeof ref.content === 'string') {
        hasContent = true;
        scanPart(ref.content, source, Math.max(0, (ref.startLine ?? 1) - 1));
      }
    }
    (req.history ?? []).forEach((turn, index) => scanPart(String(turn.content ?? ''), `history:${index}`));
  } catch {
    findings.push({ rule: 'scanner-error', kind: 'secret', source: 'request', line: 1, column: 1, preview: 'rule could not be evaluated' });
  }
  const privacy: Privacy = findings.length > 0 ? 'restricted' : hasContent ? 'internal' : 'public';
  return { privacy, findings, binarySources, scannedChars, diagnostics };
}

/** Scans one text (for benchmarks and the CLI). */
export function scanText(text: string, source: string, opts: PrivacyOptions): Finding[] {
  try {
    return scanSource(compileOptions(opts).set, text, source);
  } catch {
    return [{ rule: 'scanner-error', kind: 'secret', source, line: 1, column: 1, preview: 'rule could not be evaluated' }];
  }
}
