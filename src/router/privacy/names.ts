/**
 * Whether a short name (a tool's) holds a secret or PII value by the built-in rules. Clean names are remembered: an
 * agent loop names the same few tools on every turn.
 */
import { BUILTIN_RULES } from './rules';
import { RuleSet } from './scanner';
import { scanSource } from './sources';

let set: RuleSet | undefined;
const seen = new Set<string>();

export function holdsValue(name: string): boolean {
  if (seen.has(name)) {
    return false;
  }
  set ??= new RuleSet(BUILTIN_RULES);
  const holds = scanSource(set, name, 'name').findings.some(f => f.kind === 'secret' || f.kind === 'pii');
  if (!holds) {
    // Only clean names are remembered: a name holding a secret is never kept.
    if (seen.size >= 512) {
      seen.clear();
    }
    seen.add(name);
  }
  return holds;
}
