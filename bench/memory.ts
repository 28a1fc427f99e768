/**
 * Child: memory while scanning 10 MB. A worker thread samples the process's resident set every millisecond while
 * the main thread scans (synchronously, for ours), so the peak *during* the scan is seen even though building the
 * input peaked higher earlier (maxRSS alone would hide it). `idle` samples the same process for the same kind of
 * interval without scanning: the baseline.
 *   node --expose-gc out/bench/memory.js <ours|secretlint|idle>
 */
import { Worker } from 'node:worker_threads';
import { loadEngine } from './engines';
import { report, runMain } from './harness';
import { makeInput } from './inputs';

const SAMPLER = `
const { workerData } = require('node:worker_threads');
const peak = new Float64Array(workerData.shared, 0, 1);
const flag = new Int32Array(workerData.shared, 8, 1);
while (Atomics.load(flag, 0) === 0) {
  peak[0] = Math.max(peak[0], process.memoryUsage.rss());
  Atomics.wait(flag, 0, 0, 1);
}
Atomics.store(flag, 0, 2);
Atomics.notify(flag, 0);
`;

const mb = (bytes: number): number => bytes / 1024 / 1024;

runMain('memory', async () => {
  const mode = process.argv[2] ?? 'idle';
  const engine = mode === 'idle' ? undefined : await loadEngine(mode);
  const input = makeInput('10mb-mixed');
  await engine?.scan('const warmUp = loadOrders(customerId);'); // loads lazily compiled code before sampling
  (globalThis as { gc?: () => void }).gc?.();
  const shared = new SharedArrayBuffer(16);
  const peak = new Float64Array(shared, 0, 1);
  const flag = new Int32Array(shared, 8, 1);
  const worker = new Worker(SAMPLER, { eval: true, workerData: { shared } });
  await new Promise(resolve => worker.once('online', resolve));
  const rssBefore = process.memoryUsage.rss();
  peak[0] = rssBefore;
  const start = performance.now();
  let findings = 0;
  if (engine) {
    findings = (await engine.scan(input.text)).length;
  } else {
    // Same process, same input in memory, no scan: hold still about as long as a scan takes.
    const until = performance.now() + 300;
    while (performance.now() < until) { /* busy, like a synchronous scan */ }
  }
  const elapsedMs = performance.now() - start;
  const after = process.memoryUsage.rss();
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
  await worker.terminate();
  report({
    bench: 'memory',
    mode,
    bytes: input.text.length,
    findings,
    elapsedMs,
    rssBeforeMb: mb(rssBefore),
    peakDuringMb: mb(Math.max(peak[0], after)),
    addedMb: mb(Math.max(peak[0], after) - rssBefore),
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  });
});
