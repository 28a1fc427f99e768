/**
 * Token estimates without a tokenizer. One linear pass over the text; good to about ±25% against BPE
 * tokenizers on English prose and source code, which is all the routing gates need (band thresholds and the
 * local model's context window, where a margin is kept anyway).
 */

/** What one pass over a text found. `codeRatio` is the share of non-space characters that are symbols. */
export interface TextStats {
  readonly tokens: number;
  readonly chars: number;
  readonly lines: number;
  readonly words: number;
  /** 0..1: symbol characters (`{}();=<>` …) among non-space characters; prose ≈ 0.03, code ≈ 0.15–0.35. */
  readonly codeRatio: number;
}

const enum CharClass { Space, Newline, Word, Symbol, Other }

// Classes by UTF-16 code unit: one load per character and no range test in the loop. Everything above 127 is
// Other (roughly one token per character).
const CLASS: Uint8Array = (() => {
  const table = new Uint8Array(65536).fill(CharClass.Other);
  table.fill(CharClass.Symbol, 0, 128);
  for (const c of [9, 11, 12, 13, 32]) { table[c] = CharClass.Space; }
  table[10] = CharClass.Newline;
  for (let c = 48; c <= 57; c++) { table[c] = CharClass.Word; }
  for (let c = 65; c <= 90; c++) { table[c] = CharClass.Word; table[c + 32] = CharClass.Word; }
  table[95] = CharClass.Word;
  return table;
})();

/**
 * Run states of the token counter: where the current character sits in its run. Word pieces are ~5 letters, so
 * a word run charges a token at positions 0, 5, 10…; symbols pair up; a space run costs one token from its second
 * character; newlines and non-ASCII characters cost one each. `Start` is before the first character.
 */
const enum RunState { Start, Space1, SpaceMore, Newline, Other, Word0, Word1, Word2, Word3, Word4, Symbol0, Symbol1 }

const TOKEN_BIT = 16;
const WORD_BIT = 32;

/** (state × 8 + class) → next state | TOKEN_BIT when the character starts a token | WORD_BIT when it starts a word. */
const TRANSITIONS: Uint8Array = (() => {
  const table = new Uint8Array(12 * 8);
  for (let st = RunState.Start; st <= RunState.Symbol1; st++) {
    const at = (cls: CharClass): number => st * 8 + cls;
    table[at(CharClass.Space)] = st === RunState.Space1 ? RunState.SpaceMore | TOKEN_BIT
      : st === RunState.SpaceMore ? RunState.SpaceMore : RunState.Space1;
    table[at(CharClass.Newline)] = RunState.Newline | TOKEN_BIT;
    table[at(CharClass.Other)] = RunState.Other | TOKEN_BIT;
    const inWord = st >= RunState.Word0 && st <= RunState.Word4;
    table[at(CharClass.Word)] = !inWord ? RunState.Word0 | TOKEN_BIT | WORD_BIT
      : st === RunState.Word4 ? RunState.Word0 | TOKEN_BIT : st + 1;
    table[at(CharClass.Symbol)] = st === RunState.Symbol0 ? RunState.Symbol1 : RunState.Symbol0 | TOKEN_BIT;
  }
  return table;
})();

const CLASS_COUNTS = new Int32Array(8);

/**
 * Counts tokens the way BPE vocabularies roughly split text: a word piece per ~5 letters (short words are
 * one token, identifiers split at about that length), most symbols one token each with runs merged in pairs
 * (`===`, `//`, `=>`), indentation runs as one token, and non-ASCII characters one token each. A table-driven
 * state machine: two table loads per character and no data-dependent branch (run ends are unpredictable).
 */
export function textStats(text: string): TextStats {
  // One table for every call (the count is synchronous): a typed array per call is a native buffer for the collector
  // to track, and stage 1 counts every short part of an agent turn's history.
  const counts = CLASS_COUNTS.fill(0);
  let tokens = 0;
  let words = 0;
  let state: number = RunState.Start;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const cls = CLASS[text.charCodeAt(i)];
    const step = TRANSITIONS[(state << 3) | cls];
    counts[cls]++;
    tokens += (step >> 4) & 1;
    words += step >> 5;
    state = step & 15;
  }
  const symbols = counts[CharClass.Symbol];
  const nonSpace = symbols + counts[CharClass.Word] + counts[CharClass.Other];
  const lines = length > 0 ? counts[CharClass.Newline] + 1 : 0;
  return { tokens, chars: length, lines, words, codeRatio: nonSpace === 0 ? 0 : symbols / nonSpace };
}

/** Estimated tokens of a text. Linear, allocation-free apart from the result; never throws. */
export function estimateTokens(text: string): number {
  return textStats(text).tokens;
}

/** Per-message overhead of chat formats (role markers, separators). */
export const MESSAGE_OVERHEAD_TOKENS = 4;

/** Formats a token count for reasons and signal details: `850`, `~12k`, `~1.2M`. */
export function formatTokens(tokens: number): string {
  if (tokens < 1000) { return String(Math.round(tokens)); }
  if (tokens < 1_000_000) { return `~${Math.round(tokens / 1000)}k`; }
  return `~${(tokens / 1_000_000).toFixed(1)}M`;
}
