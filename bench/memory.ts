/**
 * Child: peak RSS. Builds the 10 MB input, then scans it (ours or secretlint) or does nothing (`idle`, the
 * baseline: the same process without scanning). maxRSS covers the whole process life, so the difference to idle
 * is what scanning costs.
 *   node --expose-gc out/bench/memory.js <ours|secretlint|idle>
 */
import { loadEngine } from './engines';
import { report, runMain } from './harness';
import { makeInput } from './inputs';

runMain('memory', async () => {
  const mode = process.argv[2] ?? 'idle';
  const engine = mode === 'idle' ? undefined : await loadEngine(mode);
  const input = makeInput('10mb-mixed');
  (globalThis as { gc?: () => void }).gc?.();
  const rssBeforeMb = process.memoryUsage().rss / 1024 / 1024;
  let findings = 0;
  if (engine) {
    findings = (await engine.scan(input.text)).length;
  }
  report({
    bench: 'memory',
    mode,
    bytes: input.text.length,
    findings,
    rssBeforeMb,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  });
});
