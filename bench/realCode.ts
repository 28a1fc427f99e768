/**
 * Child: scan throughput of ours and secretlint over the real-code corpus (every text file of the installed
 * node_modules, or of the Python standard library), file by file as an editor would attach them, both engines on
 * each file in turn.
 *   node --expose-gc out/bench/realCode.js <node_modules|python-stdlib>
 * Reading the files is not timed; each scan call is. Reports MB/s over the whole part and the files flagged.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { corpusRoots, listFiles } from '../test/eval/support/realCode';
import { loadEngine } from './engines';
import { report, runMain } from './harness';
import { MB } from './inputs';

runMain('realcode', async () => {
  const [part] = process.argv.slice(2);
  const root = corpusRoots(resolve(__dirname, '..', '..')).roots.find(r => r.label === part);
  if (!root) {
    report({ bench: 'realcode', part, error: `${part} is not on this machine` });
    return;
  }
  const engines = [await loadEngine('ours'), await loadEngine('secretlint')];
  for (const engine of engines) {
    await engine.scan('warm = "up"\n'.repeat(1000));
  }
  let bytes = 0;
  let files = 0;
  const flagged = [0, 0];
  const ms = [0, 0];
  for (const file of listFiles(root.dir)) {
    const raw = readFileSync(file);
    if (raw.includes(0)) continue;
    const text = raw.toString('utf8');
    // File by file, both engines, the order turning: a machine that slows down for a while slows both alike.
    for (const e of files % 2 === 0 ? [0, 1] : [1, 0]) {
      const started = performance.now();
      const lines = await engines[e].scan(text);
      ms[e] += performance.now() - started;
      flagged[e] += lines.length > 0 ? 1 : 0;
    }
    files++;
    bytes += text.length;
    if (files % 500 === 0) {
      performance.clearMarks(); // secretlint marks every rule run; an ever-growing buffer would slow it down
      performance.clearMeasures();
    }
  }
  engines.forEach((engine, e) => {
    report({ bench: 'realcode', engine: engine.name, part, files, bytes, scanMs: ms[e], mbPerS: bytes / MB / (ms[e] / 1000), flagged: flagged[e], interleaved: true });
  });
});
