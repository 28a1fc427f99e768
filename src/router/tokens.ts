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

function classify(code: number): CharClass {
  if (code === 10) { return CharClass.Newline; }
  if (code === 32 || code === 9 || code === 13 || code === 11 || code === 12) { return CharClass.Space; }
  if ((code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95) {
    return CharClass.Word;
  }
  if (code < 128) { return CharClass.Symbol; }
  return CharClass.Other;
}

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
  const closeRun = (): void => {
    if (run === 0) { return; }
    switch (runClass) {
      case CharClass.Word: tokens += Math.ceil(run / 5); words++; break;
      case CharClass.Symbol: tokens += Math.ceil(run / 2); break;
      // A single space is absorbed into the next word piece; longer runs (indentation) cost one token.
      case CharClass.Space: if (run > 1) { tokens += 1; } break;
      default: break;
    }
    run = 0;
  };
  for (let i = 0; i < text.length; i++) {
    const cls = classify(text.charCodeAt(i));
    if (cls === CharClass.Newline) {
      closeRun();
      lines++;
      tokens += 1;
      continue;
    }
    if (cls === CharClass.Other) {
      closeRun();
      tokens += 1;
      nonSpace++;
      continue;
    }
    if (cls !== CharClass.Space) {
      nonSpace++;
      if (cls === CharClass.Symbol) { symbols++; }
    }
    if (cls !== runClass) { closeRun(); runClass = cls; }
    run++;
  }
  closeRun();
  return { tokens, chars: text.length, lines, words, codeRatio: nonSpace === 0 ? 0 : symbols / nonSpace };
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
