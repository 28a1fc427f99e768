import type { Rule } from './types';

/** Nested unbounded quantifiers such as `(a+)+` or `(a*)*` can backtrack exponentially: refuse them. */
const NESTED_QUANTIFIER = /\((?:[^()\\]|\\.){0,200}[+*}](?:[^()\\]|\\.){0,20}\)\s?[+*{]/;
const MAX_PATTERN_LENGTH = 1000;

export interface CompiledUserPatterns {
  readonly rules: readonly Rule[];
  /** One line per ignored pattern, naming its index and why. Never repeats the pattern (it may hold a secret). */
  readonly diagnostics: readonly string[];
}

/**
 * Compiles the person's extra patterns (regular-expression sources) into unanchored rules. Invalid or unsafe ones
 * are skipped with a diagnostic; they never throw and never disable the built-in rules.
 */
export function compileUserPatterns(sources: readonly string[]): CompiledUserPatterns {
  const rules: Rule[] = [];
  const diagnostics: string[] = [];
  sources.forEach((source, index) => {
    if (typeof source !== 'string' || source.length === 0) {
      diagnostics.push(`extraPatterns[${index}] is empty: ignored`);
      return;
    }
    if (source.length > MAX_PATTERN_LENGTH) {
      diagnostics.push(`extraPatterns[${index}] is longer than ${MAX_PATTERN_LENGTH} characters: ignored`);
      return;
    }
    if (NESTED_QUANTIFIER.test(source)) {
      diagnostics.push(`extraPatterns[${index}] nests unbounded quantifiers (catastrophic backtracking): ignored`);
      return;
    }
    let pattern: RegExp;
    try {
      pattern = new RegExp(source, 'g');
    } catch {
      diagnostics.push(`extraPatterns[${index}] is not a valid regular expression: ignored`);
      return;
    }
    if (pattern.test('')) {
      diagnostics.push(`extraPatterns[${index}] matches the empty string: ignored`);
      return;
    }
    rules.push({ id: `user-pattern-${index + 1}`, kind: 'secret', anchors: [], pattern });
  });
  return { rules, diagnostics };
}
