import type { AskRequest, Complexity, Signal } from './types';
import { formatTokens, MESSAGE_OVERHEAD_TOKENS, textStats } from './tokens';

export interface ComplexityOptions {
  /** Local model context window in tokens (for the context-length signal). */
  readonly localContextTokens: number;
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
}

/** Signal ids policy and the router prompt rely on. */
export const CONTEXT_TOO_LONG = 'context-too-long';

/** Share of the local window a request may fill: the rest is left for the answer and estimation error. */
export const LOCAL_CONTEXT_USABLE_SHARE = 0.8;

/** Band boundaries on the summed signal weights. Off the weights' grid, so one signal alone is not a coin toss. */
const BAND_LIMITS: readonly [number, number, number] = [1.25, 2.75, 5.25];

interface KeywordRule {
  readonly id: string;
  readonly weight: number;
  readonly pattern: RegExp;
  /** Noun for the summary phrase; `undefined` keeps the rule out of the phrase's head. */
  readonly noun?: string;
  /** "don't refactor, just rename x" must not count as a refactor. */
  readonly negatable: boolean;
}

// Alternations of literals with word boundaries: the engine does bounded work per position, so matching is linear.
const KEYWORD_RULES: readonly KeywordRule[] = [
  { id: 'refactor', weight: 2, noun: 'refactor', negatable: true,
    pattern: /\b(?:refactor(?:s|ed|ing)?|migrat(?:e|es|ed|ing|ion)|redesign(?:s|ed|ing)?|re-?architect(?:s|ed|ing|ure)?|rewrit(?:e|es|ing|ten)|overhaul(?:s|ed|ing)?|restructur(?:e|es|ed|ing)|moderni[sz](?:e|es|ed|ing))\b/g },
  { id: 'architecture', weight: 2, noun: 'architecture question', negatable: true,
    pattern: /\b(?:architecture|architectural|system design|design system|micro-?services?|monolith(?:ic)?|domain model|event[- ]driven|hexagonal|module boundaries|service mesh|design patterns?)\b/g },
  { id: 'cross-module', weight: 2.5, negatable: true,
    pattern: /\b(?:across (?:the |our |my |all )?(?:whole |entire )?(?:code ?base|repo(?:sitory)?|project|monorepo|modules|services|packages|files|layers|components)|(?:all|every) (?:the |our )?(?:services|modules|packages|files|components|endpoints|call ?sites|callers|usages)|(?:every|each) (?:service|module|package|file|component|endpoint)|(?:whole|entire) (?:code ?base|repo(?:sitory)?|project|application|app|system|monorepo)|(?:code ?base|project|repo)[- ]wide|cross[- ](?:module|service|cutting|package)|multiple (?:files|modules|services|packages))\b/g },
  { id: 'reasoning', weight: 1.5, noun: 'in-depth analysis', negatable: false,
    pattern: /\b(?:explain (?:\w+ ){0,3}in (?:depth|detail)|in[- ]depth|deep[- ]dive|step[- ]by[- ]step|prove|proof|analy[sz]e|analysis|trade-?offs?|pros and cons|compare and contrast|root cause|reason about|formally|walk me through|justify)\b/g },
  { id: 'security', weight: 2, noun: 'security review', negatable: false,
    pattern: /\b(?:security (?:review|audit|analysis)|threat model(?:ing|ling|s)?|vulnerabilit(?:y|ies)|attack surface|owasp|penetration test(?:ing)?|pen-?test(?:ing)?|exploitable|privilege escalation|sql injection|xss|csrf|hardening)\b/g },
  { id: 'concurrency', weight: 1.5, noun: 'concurrency problem', negatable: false,
    pattern: /\b(?:race conditions?|data races?|deadlocks?|livelocks?|concurren(?:cy|t)|thread[- ]safe(?:ty)?|multi-?thread(?:ed|ing)?|mutex(?:es)?|semaphores?|lock-?free|distributed|consensus|paxos|eventual consistency|idempoten(?:t|cy))\b/g },
  { id: 'performance', weight: 1.5, noun: 'performance optimisation', negatable: false,
    pattern: /\b(?:optimi[sz](?:e|es|ed|ing|ation)|performance|scalab(?:le|ility)|at scale|scale (?:to|up|out)|throughput|latency|bottlenecks?|profiling|profiler|flame ?graphs?|(?:millions|billions) of|high[- ]load|hot path|memory leaks?)\b/g },
];

// Checked on the 32 characters before a match only, so its cost does not grow with the prompt.
const NEGATION_BEFORE = /\b(?:don'?t|do not|no need to|without|not|never|no|avoid|instead of)\b[^.;!?\n]{0,24}$/;

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

/** Stage 1 complexity: weighted signals over everything that would be sent. Pure, linear and total. */
export function assessComplexity(req: AskRequest, opts: ComplexityOptions): ComplexityResult {
  const prompt = typeof req.prompt === 'string' ? req.prompt : '';
  const lower = prompt.toLowerCase();
  const promptStats = textStats(prompt);
  const references = req.references ?? [];
  const history = req.history ?? [];

  let estimatedTokens = promptStats.tokens + MESSAGE_OVERHEAD_TOKENS;
  let symbolWeighted = promptStats.codeRatio * promptStats.tokens;
  for (const ref of references) {
    const stats = textStats(typeof ref.content === 'string' ? ref.content : '');
    estimatedTokens += stats.tokens + textStats(ref.name ?? '').tokens + MESSAGE_OVERHEAD_TOKENS;
    symbolWeighted += stats.codeRatio * stats.tokens;
  }
  for (const turn of history) {
    estimatedTokens += textStats(typeof turn.content === 'string' ? turn.content : '').tokens + MESSAGE_OVERHEAD_TOKENS;
  }

  const signals: Signal[] = [];
  const fired = new Set<string>();
  const canonical = new Set<string>();
  for (const rule of KEYWORD_RULES) {
    const hits = countHits(lower, rule, canonical);
    if (hits > 0) {
      fired.add(rule.id);
      const words = rule.id === 'refactor' ? [...canonical].join(', ') : '';
      signals.push({ id: rule.id, weight: rule.weight, detail: words ? `${words} (${plural(hits, 'match', 'matches')})` : plural(hits, 'match', 'matches') });
    }
  }

  const fileCount = countFiles(req, lower);
  if (fileCount >= 2) {
    signals.push({ id: 'multi-file', weight: fileCount >= 6 ? 2.5 : fileCount >= 3 ? 1.5 : 0.75, detail: plural(fileCount, 'file', 'files') });
  }
  const sizeWeight = estimatedTokens > 48_000 ? 3.5 : estimatedTokens > 16_000 ? 2.5 : estimatedTokens > 6_000 ? 1.5 : estimatedTokens > 2_000 ? 0.5 : 0;
  if (sizeWeight > 0) {
    signals.push({ id: 'context-size', weight: sizeWeight, detail: `${formatTokens(estimatedTokens)} tokens` });
  }
  if (promptStats.words > 150) {
    signals.push({ id: 'long-prompt', weight: promptStats.words > 400 ? 1.5 : 1, detail: `${promptStats.words} words` });
  }
  const codeRatio = estimatedTokens > 0 ? symbolWeighted / estimatedTokens : 0;
  if (codeRatio > 0.12 && estimatedTokens > 300) {
    signals.push({ id: 'code-heavy', weight: 0.5, detail: `symbol share ${codeRatio.toFixed(2)}` });
  }
  const asks = countAsks(prompt);
  if (asks >= 3) {
    signals.push({ id: 'multiple-questions', weight: asks >= 6 ? 1.5 : 1, detail: `${asks} questions or items` });
  }
  const contextTooLong = exceedsLocalContext(estimatedTokens, opts.localContextTokens);
  if (contextTooLong) {
    signals.push({ id: CONTEXT_TOO_LONG, weight: 4, detail: `${formatTokens(estimatedTokens)} tokens > ${formatTokens(usableLocalTokens(opts.localContextTokens))} usable of the local window` });
  }

  const score = signals.reduce((sum, s) => sum + s.weight, 0);
  let band = bandOf(score);
  if (contextTooLong && (band === 'low' || band === 'medium')) { band = 'high'; }

  const trivial = contextTooLong || estimatedTokens > TRIVIAL_MAX_TOKENS || fileCount > 1 || promptStats.words > TRIVIAL_MAX_WORDS
    ? undefined
    : trivialKind(lower, score);
  if (trivial) {
    return {
      band: 'low', confidence: trivial.wholePrompt ? 0.97 : 0.9, signals, estimatedTokens, isTrivial: true,
      summary: trivial.phrase, fileCount, contextTooLong,
    };
  }
  return {
    band, confidence: confidenceOf(score), signals, estimatedTokens, isTrivial: false,
    summary: summarize(fired, canonical, fileCount, estimatedTokens, promptStats.words, contextTooLong),
    fileCount, contextTooLong,
  };
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

function countHits(lower: string, rule: KeywordRule, canonical: Set<string>): number {
  let hits = 0;
  for (const match of lower.matchAll(rule.pattern)) {
    const at = match.index ?? 0;
    if (rule.negatable && NEGATION_BEFORE.test(lower.slice(Math.max(0, at - 32), at))) { continue; }
    hits++;
    if (rule.id === 'refactor') { canonical.add(canonicalVerb(match[0])); }
  }
  return hits;
}

function canonicalVerb(word: string): string {
  const stem = word.replace('-', '').slice(0, 5);
  const ids: Record<string, string> = {
    refac: 'refactor', migra: 'migrate', redes: 'redesign', rearc: 're-architect', rewri: 'rewrite',
    overh: 'overhaul', restr: 'restructure', moder: 'modernise',
  };
  return ids[stem] ?? 'refactor';
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

/** Questions asked plus list items: several asks in one prompt need more reasoning. */
function countAsks(prompt: string): number {
  let questions = 0;
  let items = 0;
  let lineStart = true;
  for (let i = 0; i < prompt.length; i++) {
    const c = prompt.charCodeAt(i);
    if (c === 63 /* ? */ && (i + 1 === prompt.length || prompt.charCodeAt(i + 1) !== 63)) { questions++; }
    if (c === 10) { lineStart = true; continue; }
    if (lineStart && c !== 32 && c !== 9) {
      lineStart = false;
      const next = prompt.charCodeAt(i + 1);
      const isBullet = (c === 45 || c === 42) && next === 32;
      const isNumbered = c >= 49 && c <= 57 && (next === 46 || next === 41);
      if (isBullet || isNumbered) { items++; }
    }
  }
  return Math.max(questions, items);
}

function trivialKind(lower: string, score: number): (typeof TRIVIAL_RULES)[number] | undefined {
  // A trivial verb next to heavy signals ("rename the User class across every service") is not trivial.
  if (score >= BAND_LIMITS[0]) { return undefined; }
  for (const rule of TRIVIAL_RULES) {
    if (rule.wholePrompt && lower.length > SHORT_PROMPT_CHARS) { continue; }
    if (rule.pattern.test(lower)) { return rule; }
  }
  return undefined;
}

function bandOf(score: number): Complexity {
  if (score < BAND_LIMITS[0]) { return 'low'; }
  if (score < BAND_LIMITS[1]) { return 'medium'; }
  if (score < BAND_LIMITS[2]) { return 'high'; }
  return 'very_high';
}

/** Far from a band boundary → sure; on a boundary → barely better than a coin. */
function confidenceOf(score: number): number {
  const distance = Math.min(...BAND_LIMITS.map(limit => Math.abs(score - limit)));
  return Math.round((0.55 + 0.35 * Math.min(1, distance / 1.5)) * 100) / 100;
}

function summarize(fired: ReadonlySet<string>, verbs: ReadonlySet<string>, files: number, tokens: number, words: number, tooLong: boolean): string {
  if (tooLong) { return `a request of ${formatTokens(tokens)} tokens`; }
  const head = KEYWORD_RULES.find(rule => rule.noun !== undefined && fired.has(rule.id));
  const scope = fired.has('cross-module') ? 'cross-module ' : '';
  let noun: string;
  if (head?.id === 'refactor') {
    const verb = verbs.has('migrate') ? 'migration' : [...verbs][0] ?? 'refactor';
    noun = `${scope}${verb}`;
  } else if (head) {
    noun = `${scope}${head.noun}`;
  } else if (scope) {
    noun = 'cross-module change';
  } else if (tokens > 4000) {
    noun = 'request';
  } else {
    noun = words <= TRIVIAL_MAX_WORDS ? 'short question' : 'detailed request';
  }
  const across = files >= 2 ? ` across ${files} files` : '';
  const size = tokens > 4000 ? ` with ${formatTokens(tokens)} tokens of context` : '';
  return `${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun}${across}${size}`;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
