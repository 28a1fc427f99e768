// npm run bench: compiles and builds, runs every benchmark in a fresh child process (node --expose-gc), prints a
// table and writes bench/results.json. Benchmarks report; they never fail the build on a timing.
//   node scripts/bench.mjs [--skip-build] [--quick]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ADVERSARIAL, ORDINARY, REAL_CODE, composeRows } from '../bench/rows.mjs';
import { measurePackage } from '../bench/package.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const started = Date.now();

function step(label, command, commandArgs) {
  process.stderr.write(`bench: ${label}\n`);
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (result.status !== 0) process.stderr.write(`bench: ${label} exited ${result.status}; continuing with what was emitted\n`);
}

/** Runs one child and returns its BENCH_JSON measurements (or one error measurement). */
function child(bench, script, childArgs, tag = {}, timeoutMs = 180_000) {
  return new Promise(done => {
    const proc = spawn(process.execPath, ['--expose-gc', join(root, 'out', 'bench', script), ...childArgs], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    proc.stdout.on('data', d => { out += d; });
    proc.stderr.on('data', d => { err += d; });
    const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
    proc.on('close', (code, signal) => {
      clearTimeout(timer);
      const found = out.split('\n').filter(l => l.startsWith('BENCH_JSON ')).map(l => JSON.parse(l.slice(11)));
      // A crash or timeout still yields a measurement carrying the child's tag, so its row says why it is missing.
      if (signal) found.push({ bench, ...tag, error: `timed out after ${timeoutMs / 1000} s (${childArgs.join(' ')})` });
      else if (found.length === 0) found.push({ bench, ...tag, error: `${script} exited ${code}: ${err.trim().split('\n').pop() ?? ''}` });
      process.stderr.write(`bench: ${bench} ${childArgs.join(' ')} done (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
      done(found);
    });
  });
}

function bundleSizes() {
  const main = join(root, 'dist', 'extension.js');
  if (!existsSync(main)) return undefined;
  const sdk = join(root, 'dist', 'sdk');
  const chunks = Object.fromEntries(readdirSync(sdk).filter(f => f.endsWith('.js')).map(f => [f, statSync(join(sdk, f)).size]));
  return { main: statSync(main).size, chunks };
}

function format(v) {
  return v === null || v === undefined ? '—' : typeof v === 'number' ? String(v) : String(v);
}

function printTable(rows) {
  const cols = ['name', 'unit', 'ours', 'baseline', 'ratio', 'runs', 'met'];
  const cells = rows.map(r => cols.map(c => (c === 'met' ? (r.pending ? 'pending' : r.met === true ? 'yes' : r.met === false ? 'NO' : '') : format(r[c]))));
  const widths = cols.map((c, i) => Math.max(c.length, ...cells.map(r => r[i].length)));
  const line = r => r.map((c, i) => (i === 0 || i === 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(line(cols));
  console.log(widths.map(w => '-'.repeat(w)).join('  '));
  for (const r of cells) console.log(line(r));
}

async function main() {
  const loadAtStart = loadavg()[0];
  if (!args.has('--skip-build')) {
    step('compiling (tsc -p .)', process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.']);
    step('building (scripts/build.mjs)', process.execPath, [join(root, 'scripts', 'build.mjs')]);
  }
  const measurements = [];
  const adversarialInputs = ADVERSARIAL.flatMap(a => (quick ? [`${a}:1`] : [`${a}:1`, `${a}:4`]));
  for (const input of [...ORDINARY, ...adversarialInputs]) {
    // One fresh process per input (no JIT or heap state carries over between inputs), both engines in it, their
    // samples interleaved so that the ratio is measured side by side.
    measurements.push(...(await child('scan', 'scan.js', [input], { input })));
  }
  for (const part of REAL_CODE) {
    measurements.push(...(await child('realcode', 'realCode.js', [part], { part }, 900_000)));
  }
  measurements.push(...(await child('latency', 'latency.js', [])));
  measurements.push(...(await child('streaming', 'streaming.js', [])));
  measurements.push(...(await child('redaction', 'redaction.js', [])));
  measurements.push(...(await child('agentloop', 'agentLoop.js', quick ? ['--quick'] : [], {}, 300_000)));
  // Stage 2 on a simulated local model: the CPU-class run spends about two minutes waiting, as a laptop would.
  for (const speed of ['cpu', 'accelerator']) measurements.push(...(await child('stage2', 'stage2.js', [speed], { speed }, 420_000)));
  const activationRuns = quick ? 3 : 7;
  for (let i = 0; i < activationRuns; i++) {
    measurements.push(...(await child('activation', 'activation.js', [root], { prewarmFetch: false }, 60_000)));
    measurements.push(...(await child('activation', 'activation.js', [root, '--prewarm-fetch'], { prewarmFetch: true }, 60_000)));
  }
  measurements.push(...(await child('activation', 'activation.js', [root, '--watch-esm'], { watchEsm: true }, 60_000)));
  for (const mode of ['idle', 'ours', 'secretlint']) measurements.push(...(await child('memory', 'memory.js', [mode], { mode })));
  process.stderr.write('bench: packaging (vsce package --no-dependencies)\n');
  const pkg = measurePackage(root);

  const rows = composeRows(measurements, bundleSizes(), pkg);
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  // Other work on the machine slows every figure; the load average says how quiet the run was.
  rows.push({
    name: 'machine: 1-min load average at start / end of the run', unit: 'load', ours: Number(loadAtStart.toFixed(2)), baseline: null, ratio: null, runs: null,
    note: `end ${loadavg()[0].toFixed(2)}; ${cpus().length} × ${cpu}; Node ${process.version}; ${((Date.now() - started) / 1000).toFixed(0)} s`,
  });
  writeFileSync(join(root, 'bench', 'results.json'), JSON.stringify(rows, null, 2) + '\n');
  printTable(rows);
  console.log(`\n${cpus().length} × ${cpu}, Node ${process.version}; ${((Date.now() - started) / 1000).toFixed(0)} s. Wrote bench/results.json.`);
  const lazy = rows.find(r => r.name === 'SDK modules loaded by require + activate');
  console.log(lazy
    ? `Lazy-load check (require + activate of dist/extension.js): ${lazy.met ? 'OK' : 'FAILED'} — ${lazy.note}`
    : 'Lazy-load check: not run (activation did not complete)');
  const missed = rows.filter(r => r.met === false).map(r => r.name);
  const pendingRows = rows.filter(r => r.pending).map(r => r.name);
  if (missed.length) console.log(`Targets missed: ${missed.join('; ')}`);
  if (loadavg()[0] > cpus().length) console.log(`Warning: load average ${loadavg()[0].toFixed(1)} on ${cpus().length} CPUs — other work was running; figures are pessimistic.`);
  if (pendingRows.length) console.log(`Pending: ${pendingRows.length} rows (see notes in bench/results.json)`);
}

await main();
