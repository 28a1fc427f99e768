/**
 * Diagnostic (not part of results.json): where the privacy scan spends its time, rule by rule, and which rules
 * fire on an input. Uses the gate's internals (RuleSet, scan, BUILTIN_RULES), so it follows their shape.
 *   node --expose-gc out/bench/profileRules.js [input…]      (default: 1mb-mixed adv-near-miss:1)
 */
import { BUILTIN_RULES } from '../src/router/privacy/rules/index';
import { RuleSet, scan } from '../src/router/privacy/scanner';
import { median, runMain } from './harness';
import { makeInput } from './inputs';

function time(op: () => unknown, runs: number): number {
  for (let i = 0; i < 3; i++) op(); // regexp compilation and JIT tier-up stay out of the figure
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    op();
    times.push(performance.now() - start);
  }
  return median(times);
}

runMain('profile', async () => {
  const names = process.argv.slice(2);
  for (const name of names.length ? names : ['1mb-mixed', 'adv-near-miss:1']) {
    const { text } = makeInput(name);
    const full = new RuleSet(BUILTIN_RULES);
    const total = time(() => scan(full, text), 7);
    const candidates = time(() => full.candidates(text), 7);
    const hits = full.candidates(text);
    const perRule = BUILTIN_RULES.map((rule, i) => {
      const single = new RuleSet([rule]);
      const ms = time(() => scan(single, text), 5);
      const own = time(() => single.candidates(text), 5);
      return { id: rule.id, ms, matchMs: Math.max(0, ms - own), candidates: hits[i].length, findings: scan(single, text).length };
    });
    perRule.sort((a, b) => b.matchMs - a.matchMs);
    console.log(`\n${name}: full scan ${total.toFixed(1)} ms (${(text.length / 1048576 / (total / 1000)).toFixed(1)} MB/s); candidates() alone ${candidates.toFixed(1)} ms; ${BUILTIN_RULES.length} rules`);
    console.log('rule'.padEnd(34) + 'match ms'.padStart(10) + 'single ms'.padStart(11) + 'candidates'.padStart(12) + 'findings'.padStart(10));
    for (const r of perRule.filter((r, i) => i < 15 || r.findings > 0)) {
      console.log(r.id.padEnd(34) + r.matchMs.toFixed(2).padStart(10) + r.ms.toFixed(2).padStart(11) + String(r.candidates).padStart(12) + String(r.findings).padStart(10));
    }
  }
});
