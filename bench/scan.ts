/**
 * Child: scan throughput of ours and secretlint over named inputs, side by side in this process.
 *   node --expose-gc out/bench/scan.js <input> [<input>…]
 * Reports, per input: median ms per scan, MB/s, findings, and which planted secrets were found (by line).
 */
import { loadEngine } from './engines';
import { median, report, runMain, sampleInterleaved } from './harness';
import { makeInput, MB, type BenchInput, type Planted } from './inputs';

function plantedFound(planted: readonly Planted[], lines: readonly number[]): Planted[] {
  return planted.filter(p => lines.some(l => l >= p.line && l <= p.endLine));
}

function byCategory(planted: readonly Planted[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of planted) out[p.category] = (out[p.category] ?? 0) + 1;
  return out;
}

/**
 * Both engines on one input in this one process, their samples interleaved: the ratio between them is what the
 * bench reports, and on a shared machine whose speed drifts, engines measured minutes apart disagree by up to 2x.
 */
async function measureBoth(input: BenchInput): Promise<void> {
  const engines = { ours: await loadEngine('ours'), secretlint: await loadEngine('secretlint') };
  const lines = { ours: await engines.ours.scan(input.text), secretlint: await engines.secretlint.scan(input.text) };
  const big = input.text.length >= 4 * MB;
  // A first-sight input hands each engine the next of its texts on every scan, in the same order for both.
  const texts = [input.text, ...(input.variants ?? [])];
  const next = { ours: 0, secretlint: 0 };
  const textFor = (engine: keyof typeof next): string => texts[next[engine]++ % texts.length];
  const samples = await sampleInterleaved({ ours: () => engines.ours.scan(textFor('ours')), secretlint: () => engines.secretlint.scan(textFor('secretlint')) }, {
    warmupMs: big ? 0 : 300,
    warmupOps: big ? 3 : 5,
    minSamples: 5,
    maxSamples: big ? 9 : 31,
    budgetMs: big ? 4000 : 2000,
  });
  for (const name of ['ours', 'secretlint'] as const) {
    const ms = median(samples[name].perOpMs);
    const found = plantedFound(input.planted, lines[name]);
    report({
      bench: 'scan',
      engine: name,
      input: input.name,
      bytes: input.text.length,
      medianMs: ms,
      mbPerS: input.text.length / MB / (ms / 1000),
      runs: samples[name].perOpMs.length,
      opsPerSample: samples[name].opsPerSample,
      interleaved: true,
      findings: lines[name].length,
      plantedTotal: input.planted.length,
      plantedFound: found.length,
      plantedByCategory: byCategory(input.planted),
      foundByCategory: byCategory(found),
      missedKinds: [...new Set(input.planted.filter(p => !found.includes(p)).map(p => p.kind))],
    });
  }
}

runMain('scan', async () => {
  for (const name of process.argv.slice(2)) {
    try {
      await measureBoth(makeInput(name));
    } catch (e) {
      report({ bench: 'scan', input: name, error: e instanceof Error ? e.message : String(e) });
    }
  }
});
