/**
 * Values in a name that is sent as written (an attached file's, a tool's, a call's): the gate's content rules, secret
 * and PII findings only (a word such as "confidential" in a file's name is not the person marking its content), and
 * how the name may be shown where it names something (findings, logs, the tree, errors).
 */
import type { Finding } from '../types';
import { BUILTIN_RULES } from './rules';
import { RuleSet } from './scanner';
import { scanSource } from './sources';

/** The built-in rules prepared once: the gate's rule set whenever no user pattern or opt-in rule is added. */
export const builtinRuleSet = new RuleSet(BUILTIN_RULES);

export interface NameValues {
  /** Secret and PII findings in the name (source `name`). */
  readonly findings: readonly Finding[];
  /** The name with each value masked as `***`, or withheld whole when a finding in it cannot be pointed at. */
  readonly shown: string;
}

export function valuesInName(name: string, set: RuleSet): NameValues {
  const part = scanSource(set, name, 'name');
  const findings = part.findings.filter(f => f.kind === 'secret' || f.kind === 'pii');
  if (findings.length === 0) {
    return { findings, shown: name };
  }
  if (part.unspanned.length > 0) {
    return { findings, shown: '(a name holding a secret)' };
  }
  // Spans may overlap (two rules on one value): each run of covered characters becomes one mask.
  let shown = '';
  let at = 0;
  for (const span of [...part.spans].sort((a, b) => a.start - b.start)) {
    if (span.end <= at) {
      continue;   // inside the mask before it
    }
    if (span.start >= at) {
      shown += `${name.slice(at, span.start)}***`;
    }
    at = span.end;   // a new mask, or the one before it reaching further
  }
  return { findings, shown: shown + name.slice(at) };
}

/** Clean tool names seen lately: an agent loop names the same few tools on every turn. A name holding a value is never kept. */
const cleanNames = new Set<string>();
const MAX_CLEAN_NAMES = 512;

/** Whether a tool's name holds a secret or PII value by the built-in rules. */
export function holdsValue(name: string): boolean {
  if (cleanNames.has(name)) {
    return false;
  }
  const holds = valuesInName(name, builtinRuleSet).findings.length > 0;
  if (!holds) {
    if (cleanNames.size >= MAX_CLEAN_NAMES) {
      cleanNames.clear();
    }
    cleanNames.add(name);
  }
  return holds;
}
