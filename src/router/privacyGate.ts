import { restrictingFindings, type AskRequest, type ContextReference, type Finding, type Privacy } from './types';
import { sensitiveFileRules } from './privacy/files';
import { compileGlob } from './privacy/glob';
import { BUILTIN_RULES, RULES_WITH_PREFIXED_TOKEN } from './privacy/rules';
import { RuleSet } from './privacy/scanner';
import type { CachedPart, PartScanner } from './privacy/scanCache';
import { scanAcrossBoundary, scanSource, type ScannedPart, type ValueSpan } from './privacy/sources';
import { builtinRuleSet, valuesInName } from './privacy/names';
import { compileUserPatterns } from './privacy/userPatterns';
import { argumentsText, callNames, renderArguments, toolLabel, toolNameOf, type ArgumentLeaf } from './toolParts';

/** Options of the privacy gate, from RouterConfig. */
export interface PrivacyOptions {
  readonly sensitiveFileGlobs: readonly string[];
  readonly extraPatterns: readonly string[];
  /** Adds the prefixed-token rule (tokens behind a prefix no rule knows): `privacy.unknownTokenFormats`. */
  readonly unknownTokenFormats?: boolean;
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

/** Built on first use: most people never turn unknownTokenFormats on. One instance, so the scan cache keeps its entries. */
let withUnknownTokensSet: RuleSet | undefined;
/** Compiled option sets, keyed by their JSON, so repeated requests with the same settings compile nothing. */
const compiledOptions = new Map<string, CompiledOptions>();

interface CompiledOptions {
  readonly set: RuleSet;
  readonly globs: ReadonlyArray<(path: string) => boolean>;
  readonly diagnostics: readonly string[];
}

function compileOptions(opts: PrivacyOptions): CompiledOptions {
  const unknownTokens = opts.unknownTokenFormats === true;
  const key = JSON.stringify([opts.sensitiveFileGlobs ?? [], opts.extraPatterns ?? [], unknownTokens]);
  const cached = compiledOptions.get(key);
  if (cached) {
    return cached;
  }
  const user = compileUserPatterns(opts.extraPatterns ?? []);
  const builtin = unknownTokens ? RULES_WITH_PREFIXED_TOKEN : BUILTIN_RULES;
  const base = unknownTokens ? (withUnknownTokensSet ??= new RuleSet(RULES_WITH_PREFIXED_TOKEN)) : builtinRuleSet;
  const compiled: CompiledOptions = {
    set: user.rules.length > 0 ? new RuleSet([...builtin, ...user.rules]) : base,
    globs: (opts.sensitiveFileGlobs ?? []).filter(g => typeof g === 'string' && g.trim() !== '').map(compileGlob),
    diagnostics: user.diagnostics,
  };
  if (compiledOptions.size > 16) {
    compiledOptions.clear();
  }
  compiledOptions.set(key, compiled);
  return compiled;
}

/**
 * A reference's name as findings, logs, the tree and errors may show it with these options: a secret or PII value in
 * the name (a file named after a token) masked as `***`.
 */
export function shownName(name: string, opts: PrivacyOptions): string {
  return valuesInName(name, compileOptions(opts).set).shown;
}

function referenceSource(ref: ContextReference, shown: string): string {
  return ref.kind === 'selection' ? 'selection' : `reference:${shown}`;
}

function fileFindings(ref: ContextReference, source: string, globs: CompiledOptions['globs']): Finding[] {
  const names = [ref.path, ref.name].filter((n): n is string => typeof n === 'string' && n.length > 0);
  const verdicts = new Map<string, boolean>();   // rule id → advisory
  for (const name of names) {
    for (const { id, advisory } of sensitiveFileRules(name, ref.content)) {
      verdicts.set(id, (verdicts.get(id) ?? true) && advisory);
    }
    if (globs.some(matches => matches(name))) {
      verdicts.set('sensitive-file-glob', false);    // the user's own globs always restrict
    }
  }
  return [...verdicts].map(([rule, advisory]) => ({
    rule, kind: 'sensitive-file' as const, source, line: ref.startLine ?? 1, column: 1,
    preview: advisory ? 'file name (content holds no secret)' : 'file name', ...(advisory ? { advisory: true as const } : {}),
  }));
}

/**
 * Where each part's secret and PII values are, for redaction. Offsets only: never a value, and never part of a
 * PrivacyResult, so nothing that prints a result can print them. Parts are aligned with the request's own arrays.
 */
export interface RequestSpans {
  readonly prompt: readonly ValueSpan[];
  /** One entry per reference (empty for a reference without content). */
  readonly references: ReadonlyArray<readonly ValueSpan[]>;
  readonly history: ReadonlyArray<readonly ValueSpan[]>;
  /** Per history turn, per tool call of that turn: its string arguments and their value spans (in the string). */
  readonly toolArguments: ReadonlyArray<ReadonlyArray<ArgumentSpans>>;
  /** The caller's instructions (system message). */
  readonly instructions: readonly ValueSpan[];
  /**
   * Rule ids of restricting findings that no placeholder can remove: a sensitive file by name, a marker, a value
   * cut across two parts, a scan that failed. Any entry keeps the request local.
   */
  readonly unspanned: readonly string[];
}

/** The string arguments of one tool call, and where in each string the gate found values (offsets in the string). */
export interface ArgumentSpans {
  readonly leaves: readonly ArgumentLeaf[];
  readonly spans: ReadonlyArray<readonly ValueSpan[]>;
}

/**
 * Scans prompt, every reference (content and file name), the caller's instructions and history: turns, the
 * arguments of every tool call (source `tool-call:<name>`) and every tool result (`tool-result:<name>`). Pure,
 * synchronous, linear; fails closed. With a cache, a part already scanned (same content, same rules) is not
 * scanned again; the result is the same either way.
 */
export function checkPrivacy(req: AskRequest, opts: PrivacyOptions, cache?: PartScanner): PrivacyResult {
  return gate(req, opts, cache, false).result;
}

const NO_CALLS = Object.freeze([]) as unknown as ArgumentSpans[];
const HISTORY_SOURCES: string[] = [];

/** `history:N`, the same string every time (a long conversation names every turn on every request). */
function historySource(index: number): string {
  return index < 4096 ? (HISTORY_SOURCES[index] ??= `history:${index}`) : `history:${index}`;
}

/** checkPrivacy, plus the value spans redaction needs. */
export function checkPrivacyWithSpans(req: AskRequest, opts: PrivacyOptions, cache?: PartScanner): { readonly result: PrivacyResult; readonly spans: RequestSpans } {
  return gate(req, opts, cache, true);
}

/**
 * The gate. Without `withSpans` (no redaction asked for) the spans it returns are empty: an agent turn then renders
 * each call's arguments as text only, without the leaf offsets that only redaction reads.
 */
function gate(req: AskRequest, opts: PrivacyOptions, cache: PartScanner | undefined, withSpans: boolean): { readonly result: PrivacyResult; readonly spans: RequestSpans } {
  const findings: Finding[] = [];
  const unspanned: string[] = [];
  const spans = {
    prompt: [] as readonly ValueSpan[], references: [] as (readonly ValueSpan[])[], history: [] as (readonly ValueSpan[])[],
    toolArguments: [] as ArgumentSpans[][], instructions: [] as readonly ValueSpan[],
  };
  const binarySources: string[] = [];
  let scannedChars = 0;
  let diagnostics: readonly string[] = [];
  let hasContent = false;
  try {
    const compiled = compileOptions(opts);
    diagnostics = compiled.diagnostics;
    const parts: ScannedPart[] = [];
    const scanPart = (text: string, source: string, lineOffset = 0): readonly ValueSpan[] => {
      if (text.includes('\u0000')) {
        binarySources.push(source);
      }
      scannedChars += text.length;
      const part = cache ? cache.scan(compiled.set, text, source, lineOffset) : scanSource(compiled.set, text, source, lineOffset);
      findings.push(...part.findings);
      unspanned.push(...part.unspanned);
      parts.push(part);
      return part.spans;
    };
    spans.prompt = scanPart(String(req.prompt ?? ''), 'prompt');
    if (typeof req.instructions === 'string' && req.instructions !== '') {
      spans.instructions = scanPart(req.instructions, 'instructions');
    }
    for (const ref of req.references ?? []) {
      // The name is sent too (it titles the content): a value in it is a finding, and no placeholder replaces it.
      const name = valuesInName(String(ref.name ?? ''), compiled.set);
      const source = referenceSource(ref, name.shown);
      findings.push(...name.findings.map(f => ({ ...f, source })));
      unspanned.push(...name.findings.map(f => f.rule));
      const byName = fileFindings(ref, source, compiled.globs);
      findings.push(...byName);
      unspanned.push(...restrictingFindings(byName).map(f => f.rule));
      if (typeof ref.content === 'string') {
        hasContent = true;
        spans.references.push(scanPart(ref.content, source, Math.max(0, (ref.startLine ?? 1) - 1)));
      } else {
        spans.references.push([]);
      }
    }
    /** A text sent as written beside the parts (a tool's spec, a call's name and id): its values restrict, unspanned. */
    const scanValues = (text: string, source: string): void => {
      scannedChars += text.length;
      const part = cache ? cache.scan(compiled.set, text, source, 0) : scanSource(compiled.set, text, source);
      const values = part.findings.filter(f => f.kind === 'secret' || f.kind === 'pii');
      findings.push(...values);
      unspanned.push(...values.map(f => f.rule));
    };
    const history = req.history ?? [];
    const calls = callNames(history);
    const callIds = new Set<string>();
    // An agent loop resends its whole history every turn: names are built once per tool, not once per part.
    const resultSources = new Map<string, string>();
    const callSources = new Map<string, string>();
    const callSource = (name: string): string => callSources.get(name) ?? callSources.set(name, `tool-call:${toolLabel(name)}`).get(name)!;
    history.forEach((turn, index) => {
      let source: string;
      if (turn.role === 'tool') {
        const name = toolNameOf(turn, calls);
        source = name === undefined ? `tool-result:${toolLabel(name)}`
          : resultSources.get(name) ?? resultSources.set(name, `tool-result:${toolLabel(name)}`).get(name)!;
      } else {
        source = historySource(index);
      }
      hasContent ||= turn.role === 'tool' && String(turn.content ?? '') !== '';
      spans.history.push(scanPart(String(turn.content ?? ''), source));
      // Names and ids of calls travel as written (`tool_calls[].function.name`, `id`, a result's `tool_call_id`).
      if (turn.role === 'tool' && turn.toolCallId && !callIds.has(turn.toolCallId)) {
        scanValues(turn.toolCallId, source);
      }
      for (const call of turn.role === 'assistant' ? turn.toolCalls ?? [] : []) {
        callIds.add(call.id);
        scanValues(`${String(call.name ?? '')}\n${String(call.id ?? '')}`, callSource(call.name));
      }
      if (turn.role !== 'assistant' || !turn.toolCalls || turn.toolCalls.length === 0) {
        spans.toolArguments.push(NO_CALLS);
        return;
      }
      if (!withSpans) {
        turn.toolCalls.forEach(call => scanPart(argumentsText(call.arguments), callSource(call.name)));
        spans.toolArguments.push(NO_CALLS);
        return;
      }
      spans.toolArguments.push(turn.toolCalls.map(call => {
        const rendered = renderArguments(call.arguments);
        const found = scanPart(rendered.text, callSource(call.name));
        const { leafSpans, lost } = toLeafSpans(rendered.leaves, found);
        unspanned.push(...lost);
        return { leaves: rendered.leaves, spans: leafSpans };
      }));
    });
    // The tools offered go to the model too: a value in a description or a parameter's default is sent as written
    // (no placeholder replaces it). Only values count: a tool's wording is not the person's, so markers do not.
    for (const tool of req.tools ?? []) {
      const text = `${String(tool.name ?? '')}\n${String(tool.description ?? '')}\n${tool.parameters === undefined ? '' : JSON.stringify(tool.parameters)}`;
      scanValues(text, `tool-spec:${toolLabel(tool.name)}`);
    }
    // A secret cut in two at the boundary between parts (two selections, say) is still one secret.
    for (let i = 1; i < parts.length; i++) {
      const first = parts[i - 1];
      const second = parts[i];
      if (first.text === '' || second.text === '') {
        continue;   // nothing straddles an empty part (an agent's tool-calling turns have empty content)
      }
      const across = cache && 'entryId' in first && 'entryId' in second
        ? cache.acrossBoundary(compiled.set, first as CachedPart, second as CachedPart)
        : scanAcrossBoundary(compiled.set, first, second);
      for (const finding of across) {
        findings.push(finding);
        unspanned.push(finding.rule);
      }
    }
  } catch {
    findings.push({ rule: 'scanner-error', kind: 'secret', source: 'request', line: 1, column: 1, preview: 'rule could not be evaluated' });
    unspanned.push('scanner-error');
  }
  const privacy: Privacy = restrictingFindings(findings).length > 0 ? 'restricted' : hasContent ? 'internal' : 'public';
  return { result: { privacy, findings, binarySources, scannedChars, diagnostics }, spans: { ...spans, unspanned } };
}

/**
 * Spans in a rendered arguments text → spans inside each string argument. A span that is not inside one string
 * value (a number, or across two lines) cannot be replaced by a placeholder: its rule is returned in `lost`.
 */
function toLeafSpans(leaves: readonly ArgumentLeaf[], found: readonly ValueSpan[]): { leafSpans: ValueSpan[][]; lost: string[] } {
  const leafSpans: ValueSpan[][] = leaves.map(() => []);
  const lost: string[] = [];
  for (const span of found) {
    const at = leaves.findIndex(l => l.isString && l.start <= span.start && span.end <= l.end);
    if (at < 0) {
      lost.push(span.rule);
    } else {
      leafSpans[at].push({ ...span, start: span.start - leaves[at].start, end: span.end - leaves[at].start });
    }
  }
  return { leafSpans, lost };
}

/** Scans one text (for benchmarks and the CLI). */
export function scanText(text: string, source: string, opts: PrivacyOptions): Finding[] {
  try {
    return [...scanSource(compileOptions(opts).set, text, source).findings];
  } catch {
    return [{ rule: 'scanner-error', kind: 'secret', source, line: 1, column: 1, preview: 'rule could not be evaluated' }];
  }
}
