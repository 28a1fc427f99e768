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

// ASCII classes by code; everything above 127 is Other (roughly one token per character).
const ASCII_CLASS: Uint8Array = (() => {
  const table = new Uint8Array(128).fill(CharClass.Symbol);
  for (const c of [9, 11, 12, 13, 32]) { table[c] = CharClass.Space; }
  table[10] = CharClass.Newline;
  for (let c = 48; c <= 57; c++) { table[c] = CharClass.Word; }
  for (let c = 65; c <= 90; c++) { table[c] = CharClass.Word; table[c + 32] = CharClass.Word; }
  table[95] = CharClass.Word;
  return table;
})();

/**
 * Counts tokens the way BPE vocabularies roughly split text: a word piece per ~5 letters (short words are
 * one token, identifiers split at about that length), most symbols one token each with runs merged in pairs
 * (`===`, `//`, `=>`), indentation runs as one token, and non-ASCII characters one token each.
 */
export function textStats(text: string): TextStats {
  let tokens = 0;
  let lines = text.length > 0 ? 1 : 0;
  let words = 0;
  let symbols = 0;
  let nonSpace = 0;
  let run = 0;
  let runClass = CharClass.Space;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const cls: CharClass = code < 128 ? ASCII_CLASS[code] : CharClass.Other;
    if (cls !== runClass) {
      tokens += runCost(runClass, run);
      if (runClass === CharClass.Word && run > 0) { words++; }
      runClass = cls;
      run = 0;
    }
    run++;
    if (cls === CharClass.Newline) { lines++; } else if (cls !== CharClass.Space) {
      nonSpace++;
      if (cls === CharClass.Symbol) { symbols++; }
    }
  }
  tokens += runCost(runClass, run);
  if (runClass === CharClass.Word && run > 0) { words++; }
  return { tokens, chars: text.length, lines, words, codeRatio: nonSpace === 0 ? 0 : symbols / nonSpace };
}

/** Tokens of a run of `length` characters of one class. */
function runCost(cls: CharClass, length: number): number {
  switch (cls) {
    case CharClass.Word: return Math.ceil(length / 5);
    case CharClass.Symbol: return Math.ceil(length / 2);
    // A single space is absorbed into the next word piece; longer runs (indentation) cost one token.
    case CharClass.Space: return length > 1 ? 1 : 0;
    // Newlines and non-ASCII characters: one token each.
    default: return length;
  }
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
