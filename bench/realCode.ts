/**
 * Child: scan throughput of one engine over the real-code corpus (every text file of the installed node_modules,
 * or of the Python standard library), file by file as an editor would attach them.
 *   node --expose-gc out/bench/realCode.js <ours|secretlint> <node_modules|python-stdlib>
 * Reading the files is not timed; each scan call is. Reports MB/s over the whole part and the files flagged.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { corpusRoots, listFiles } from '../test/eval/support/realCode';
import { loadEngine } from './engines';
import { report, runMain } from './harness';
import { MB } from './inputs';

runMain('realcode', async () => {
  const [engineName, part] = process.argv.slice(2);
  const root = corpusRoots(resolve(__dirname, '..', '..')).roots.find(r => r.label === part);
  if (!root) {
    report({ bench: 'realcode', engine: engineName, part, error: `${part} is not on this machine` });
    return;
  }
  const engine = await loadEngine(engineName);
  await engine.scan('warm = "up"\n'.repeat(1000));
  let bytes = 0;
  let files = 0;
  let flagged = 0;
  let ms = 0;
  for (const file of listFiles(root.dir)) {
    const raw = readFileSync(file);
    if (raw.includes(0)) continue;
    const text = raw.toString('utf8');
    const started = performance.now();
    const lines = await engine.scan(text);
    ms += performance.now() - started;
    files++;
    bytes += text.length;
    flagged += lines.length > 0 ? 1 : 0;
    if (files % 500 === 0) {
      performance.clearMarks(); // secretlint marks every rule run; an ever-growing buffer would slow it down
      performance.clearMeasures();
    }
  }
  report({ bench: 'realcode', engine: engine.name, part, files, bytes, scanMs: ms, mbPerS: bytes / MB / (ms / 1000), flagged });
});
