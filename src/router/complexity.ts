import type { AskRequest, Complexity, Signal, Target } from './types';
import { estimateTokens, formatTokens, MESSAGE_OVERHEAD_TOKENS } from './tokens';
import { featurePhrase, scopeFeatures, type WorkKind, type WorkScope } from './scope';
import { LEARNED_WEIGHTS, scoreRequest, type RoutingWeights } from './routingModel';

export interface ComplexityOptions {
  /** Local model context window in tokens (for the context-length signal). */
  readonly localContextTokens: number;
  /** Stage-1 weights (default: the learned weights in the bundle). */
  readonly weights?: RoutingWeights;
  /** Token estimate of a text (default estimateTokens); the service passes one that remembers long parts it has seen. */
  readonly tokensOf?: (text: string) => number;
}

export interface ComplexityResult {
  readonly band: Complexity;
  /** 0..1: how sure the heuristic is of the band. */
  readonly confidence: number;
  readonly signals: readonly Signal[];
  /** Estimated prompt tokens of everything that would be sent (prompt + references + history). */
  readonly estimatedTokens: number;
  /** Greeting, thanks, a rename, a docstring: answer locally without the router model. */
  readonly isTrivial: boolean;
  /** Short phrase for the reason sentence, e.g. `a cross-module refactor across 4 files`. */
  readonly summary: string;
  /** Distinct files attached or named in the prompt. */
  readonly fileCount?: number;
  /** True when the request does not fit the local model's context window (with room left for the answer). */
  readonly contextTooLong?: boolean;
  /** Where stage 1 would send the request on its own (before mode, budget and availability). */
  readonly suggestedTarget?: Target;
  /** Stage 1's probability that the request needs the cloud model. */
  readonly cloudProbability?: number;
  /** How much of the system the work touches, and what kind of work it is (judged on the instruction). */
  readonly scope?: WorkScope;
  readonly kind?: WorkKind;
  /** The strongest reasons behind the suggestion, in words, e.g. `a migration; the whole system`. Never prompt text. */
  readonly evidence?: string;
}

/** Signal ids policy and the router prompt rely on. */
export const CONTEXT_TOO_LONG = 'context-too-long';

/** Share of the local window a request may fill: the rest is left for the answer and estimation error. */
export const LOCAL_CONTEXT_USABLE_SHARE = 0.8;

type TrivialKind = 'greeting' | 'thanks' | 'acknowledgement' | 'rename' | 'docstring' | 'typo' | 'format';

const TRIVIAL_RULES: readonly { readonly kind: TrivialKind; readonly phrase: string; readonly wholePrompt: boolean; readonly pattern: RegExp }[] = [
  { kind: 'greeting', phrase: 'a greeting', wholePrompt: true,
    pattern: /^\W*(?:hi|hello|hey|hiya|yo|howdy|greetings|good (?:morning|afternoon|evening))\b/ },
  { kind: 'thanks', phrase: 'a thank-you', wholePrompt: true,
    pattern: /^\W*(?:thanks|thank you|thank u|thx|ty|cheers|many thanks)\b/ },
  { kind: 'acknowledgement', phrase: 'a short acknowledgement', wholePrompt: true,
    pattern: /^\W*(?:ok(?:ay)?|k|cool|got it|sounds good|nice|great|perfect|awesome|yes|no|sure|lgtm|done)\W*$/ },
  { kind: 'rename', phrase: 'a simple rename', wholePrompt: false, pattern: /\brenam(?:e|ing)\b/ },
  { kind: 'docstring', phrase: 'a docstring or comment', wholePrompt: false,
    pattern: /\b(?:add|write|generate) (?:a |an |some |the )?(?:docstrings?|doc ?comments?|jsdoc|tsdoc|comments?|type hints?|type annotations?)\b/ },
  { kind: 'typo', phrase: 'a typo fix', wholePrompt: false, pattern: /\b(?:typos?|misspell(?:ing|ed)?|spelling mistakes?)\b/ },
  { kind: 'format', phrase: 'a formatting change', wholePrompt: false,
    pattern: /\b(?:(?:re)?format (?:this|the|my)|prettify|sort (?:the )?imports|fix (?:the )?indentation)\b/ },
];

// File names in the prompt count as referenced files ("update a.ts, b.ts and c.ts"). The extension is found by
// regex and the name walked back from it (bounded), so there is no backtracking over long identifier runs.
const FILE_EXTENSION = /\.(?:tsx?|jsx?|mjs|cjs|py|java|kt|go|rs|cs|cpp|cc|hpp|rb|php|swift|scala|sql|ya?ml|json|toml|vue|svelte|sh)\b/g;
const MAX_FILE_MENTIONS = 500;
const MAX_FILE_NAME = 120;
const SHORT_PROMPT_CHARS = 60;
const TRIVIAL_MAX_WORDS = 40;
const TRIVIAL_MAX_TOKENS = 3000;

/** Probability bands: stage 1 is confident below 0.2 and from 0.8 (stage 2 is skipped there). */
const BAND_LIMITS: readonly [number, number, number] = [0.2, 0.5, 0.8];

/** Stage 1: scope and kind of work judged on the instruction, plus size and files; every decision keeps its reason. Pure, linear and total. */
export function assessComplexity(req: AskRequest, opts: ComplexityOptions): ComplexityResult {
  const prompt = typeof req.prompt === 'string' ? req.prompt : '';
  const lower = prompt.toLowerCase();
  const references = req.references ?? [];
  const history = req.history ?? [];

  const tokensOf = opts.tokensOf ?? estimateTokens;
  let estimatedTokens = tokensOf(prompt) + MESSAGE_OVERHEAD_TOKENS;
  for (const ref of references) {
    estimatedTokens += tokensOf(typeof ref.content === 'string' ? ref.content : '') + tokensOf(ref.name ?? '') + MESSAGE_OVERHEAD_TOKENS;
  }
  for (const turn of history) {
    estimatedTokens += tokensOf(typeof turn.content === 'string' ? turn.content : '') + MESSAGE_OVERHEAD_TOKENS;
  }

  // Attached files and context size are facts the labelled set cannot teach (it holds prompts only): hand weights in log-odds.
  const signals: Signal[] = [];
  const fileCount = countFiles(req, lower);
  const fileLogit = fileCount >= 6 ? 2 : fileCount >= 3 ? 1 : fileCount >= 2 ? 0.4 : 0;
  if (fileCount >= 2) { signals.push({ id: 'multi-file', weight: fileLogit, detail: plural(fileCount, 'file', 'files') }); }
  const sizeLogit = estimatedTokens > 48_000 ? 3 : estimatedTokens > 16_000 ? 1.5 : estimatedTokens > 6_000 ? 0.5 : 0;
  if (sizeLogit > 0) { signals.push({ id: 'context-size', weight: sizeLogit, detail: `${formatTokens(estimatedTokens)} tokens` }); }
  const contextTooLong = exceedsLocalContext(estimatedTokens, opts.localContextTokens);
  if (contextTooLong) {
    signals.push({ id: CONTEXT_TOO_LONG, weight: 4, detail: `${formatTokens(estimatedTokens)} tokens > ${formatTokens(usableLocalTokens(opts.localContextTokens))} usable of the local window` });
  }

  const scope = scopeFeatures(prompt);
  // With no instruction at all there is nothing to judge but size: lean local unless the context is large.
  const model = scope.instructionWords === 0 ? NO_INSTRUCTION : opts.weights ?? LEARNED_WEIGHTS;
  const score = scoreRequest(scope, model, fileLogit + sizeLogit + (contextTooLong ? 4 : 0));
  for (const id of scope.features) {
    signals.push({ id, weight: round(model.weights[id] ?? 0), detail: featurePhrase(id) ?? id });
  }
  const p = score.probability;
  const heavy = scope.features.some(id => HEAVY_KINDS.has(id));
  const suggestedTarget: Target = contextTooLong || p >= 0.5 ? 'cloud' : 'local';
  let band = bandOf(p);
  if (suggestedTarget === 'cloud' && (band === 'low' || band === 'medium')) { band = 'high'; }
  const strongest = [...score.strongest.map(s => s.phrase), ...(fileCount >= 3 ? [plural(fileCount, 'file', 'files')] : [])];
  const evidence = strongest.slice(0, 3).join('; ');
  const common = { estimatedTokens, fileCount, contextTooLong, cloudProbability: round(p), scope: scope.scope, kind: scope.kind, evidence };

  const trivial = contextTooLong || heavy || p >= 0.5 || estimatedTokens > TRIVIAL_MAX_TOKENS || fileCount > 1 || scope.instructionWords > TRIVIAL_MAX_WORDS
    ? undefined
    : trivialKind(lower);
  if (trivial) {
    return { ...common, band: 'low', confidence: trivial.wholePrompt ? 0.97 : 0.9, signals, isTrivial: true, summary: trivial.phrase, suggestedTarget: 'local' };
  }
  return {
    ...common, band, confidence: round(0.5 + Math.abs(p - 0.5)), signals, isTrivial: false, suggestedTarget,
    summary: summarize(scope.kind, scope.scope, fileCount, estimatedTokens, contextTooLong),
  };
}

const NO_INSTRUCTION: RoutingWeights = { bias: -3, weights: {} };

/** Kinds of work that are never "trivial", whatever small verb sits next to them. */
const HEAVY_KINDS = new Set(['kind:migrate', 'kind:version-upgrade', 'kind:redesign', 'kind:design', 'kind:plan', 'kind:system-feature', 'kind:security-review', 'kind:system-diagnosis', 'scope:system', 'scope:many-parts']);

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/** Prompt budget of the local model: its window minus room for the answer. 0 or less when the window is unknown. */
export function usableLocalTokens(localContextTokens: number): number {
  return Number.isFinite(localContextTokens) && localContextTokens > 0 ? Math.floor(localContextTokens * LOCAL_CONTEXT_USABLE_SHARE) : 0;
}

/** True when a request of `tokens` does not fit the local window (unknown window: never). */
export function exceedsLocalContext(tokens: number, localContextTokens: number): boolean {
  const usable = usableLocalTokens(localContextTokens);
  return usable > 0 && tokens > usable;
}

function countFiles(req: AskRequest, lower: string): number {
  const names = new Set<string>();
  for (const ref of req.references ?? []) {
    if (ref.kind === 'file' || ref.kind === 'implicit' || ref.path !== undefined) {
      names.add(baseName(ref.path ?? ref.name ?? '').toLowerCase());
    }
  }
  let mentions = 0;
  for (const match of lower.matchAll(FILE_EXTENSION)) {
    const end = (match.index ?? 0) + match[0].length;
    let start = match.index ?? 0;
    const floor = Math.max(0, start - MAX_FILE_NAME);
    while (start > floor && isNameChar(lower.charCodeAt(start - 1))) { start--; }
    if (start < (match.index ?? 0)) { names.add(baseName(lower.slice(start, end))); }
    if (++mentions >= MAX_FILE_MENTIONS) { break; }
  }
  names.delete('');
  return names.size;
}

function isNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || c === 45 || c === 46 || c === 47 || c === 92;
}

function baseName(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return path.slice(cut + 1);
}


function trivialKind(lower: string): (typeof TRIVIAL_RULES)[number] | undefined {
  for (const rule of TRIVIAL_RULES) {
    if (rule.wholePrompt && lower.length > SHORT_PROMPT_CHARS) { continue; }
    if (rule.pattern.test(lower)) { return rule; }
  }
  return undefined;
}

function bandOf(probability: number): Complexity {
  if (probability < BAND_LIMITS[0]) { return 'low'; }
  if (probability < BAND_LIMITS[1]) { return 'medium'; }
  if (probability < BAND_LIMITS[2]) { return 'high'; }
  return 'very_high';
}

const KIND_NOUNS: Readonly<Record<WorkKind, string>> = {
  question: 'question', explain: 'explanation', fix: 'fix', 'small-change': 'small change', write: 'small piece of code',
  refactor: 'refactor', diagnose: 'diagnosis', feature: 'feature', migrate: 'migration', redesign: 'redesign',
  design: 'design task', review: 'security review', request: 'request',
};
const SCOPE_WORDS: Readonly<Record<WorkScope, string>> = {
  snippet: ' about one piece of code', file: '', module: ' spanning several parts', system: ' across the whole system',
};

function summarize(kind: WorkKind, scope: WorkScope, files: number, tokens: number, tooLong: boolean): string {
  if (tooLong) { return `a request of ${formatTokens(tokens)} tokens`; }
  const noun = KIND_NOUNS[kind];
  const across = files >= 2 ? ` across ${files} files` : '';
  const size = tokens > 4000 ? ` with ${formatTokens(tokens)} tokens of context` : '';
  return `${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun}${SCOPE_WORDS[scope]}${across}${size}`;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
