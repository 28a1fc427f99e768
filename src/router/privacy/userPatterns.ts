import type { Rule } from './types';

/**
 * A repeated group that holds a quantifier or an alternation — `(a+)+`, `(a*)*`, `(a|a)*`, `((a|aa))+` — can
 * backtrack exponentially: a workspace pattern like that would freeze the gate on an ordinary prompt. Refuse them.
 */
function repeatsAmbiguousGroup(source: string): boolean {
  const opens: number[] = [];
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      i++;
    } else if (c === '[') {
      for (i++; i < source.length && source[i] !== ']'; i++) {
        if (source[i] === '\\') {
          i++;
        }
      }
    } else if (c === '(') {
      opens.push(i);
    } else if (c === ')') {
      const open = opens.pop();
      if (open !== undefined && /^\s?[+*{]/.test(source.slice(i + 1, i + 3))) {
        const inner = source.slice(open + 1, i).replace(/^\?(?:[:=!]|<[=!]|<\w+>)/, '').replace(/\\.|\[(?:[^\]\\]|\\.)*\]/g, '');
        if (/[|+*{?]/.test(inner)) {
          return true;
        }
      }
    }
  }
  return false;
}

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
    if (repeatsAmbiguousGroup(source)) {
      diagnostics.push(`extraPatterns[${index}] repeats a group holding a quantifier or an alternation (catastrophic backtracking): ignored`);
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
