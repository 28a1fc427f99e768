/**
 * Child: scan throughput of one engine over named inputs.
 *   node --expose-gc out/bench/scan.js <ours|secretlint> <input> [<input>…]
 * Reports, per input: median ms per scan, MB/s, findings, and which planted secrets were found (by line).
 */
import { loadEngine } from './engines';
import { median, report, runMain, sample } from './harness';
import { makeInput, MB, type BenchInput, type Planted } from './inputs';

function plantedFound(planted: readonly Planted[], lines: readonly number[]): Planted[] {
  return planted.filter(p => lines.some(l => l >= p.line && l <= p.endLine));
}

function byCategory(planted: readonly Planted[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of planted) out[p.category] = (out[p.category] ?? 0) + 1;
  return out;
}

async function measure(engineName: string, input: BenchInput): Promise<void> {
  const engine = await loadEngine(engineName);
  const lines = await engine.scan(input.text);
  const found = plantedFound(input.planted, lines);
  const big = input.text.length >= 4 * MB;
  const samples = await sample(() => engine.scan(input.text), {
    warmupMs: big ? 0 : 300,
    warmupOps: big ? 3 : 5,
    minSamples: 5,
    maxSamples: big ? 9 : 31,
    budgetMs: big ? 4000 : 2000,
  });
  const ms = median(samples.perOpMs);
  report({
    bench: 'scan',
    engine: engine.name,
    input: input.name,
    bytes: input.text.length,
    medianMs: ms,
    mbPerS: input.text.length / MB / (ms / 1000),
    runs: samples.perOpMs.length,
    opsPerSample: samples.opsPerSample,
    findings: lines.length,
    plantedTotal: input.planted.length,
    plantedFound: found.length,
    plantedByCategory: byCategory(input.planted),
    foundByCategory: byCategory(found),
    missedKinds: [...new Set(input.planted.filter(p => !found.includes(p)).map(p => p.kind))],
  });
}

runMain('scan', async () => {
  const [engineName, ...inputNames] = process.argv.slice(2);
  for (const name of inputNames) {
    try {
      await measure(engineName, makeInput(name));
    } catch (e) {
      report({ bench: 'scan', engine: engineName, input: name, error: e instanceof Error ? e.message : String(e) });
    }
  }
});
