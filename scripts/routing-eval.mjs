// Routing evaluation over eval/routing/requests.jsonl (public requests, labelled by eval/routing/RUBRIC.md before
// any router ran). Reports agreement, per-class recall and confusion matrices on the dev and test splits for stage 1
// (the compiled router in out/), the same router with the first to ninth, the twelfth, thirteenth, fourteenth and fifteenth rounds' weights and with hand-written weights,
// a length cutoff fitted on dev, and LiteLLM's complexity router re-implemented. Each split is also counted by the
// collection round its requests came from (r001-r314, r315-r498, r499-r705, r706-r876, r877-r1040, r1041-r1146, r1147-r1285, r1286-r1400, r1401-r1521, r1522-r1642, r1643-r1851, r1852-r2002, r2003-r2145, r2146 on).
//   npx tsc -p . && node scripts/routing-eval.mjs [--json eval/routing/results.json] [--only stage1] [--dev-only] [--dev-misses] [--from-id N]
// --dev-only scores the dev split alone (the test split is not routed at all): use it while tuning.
// --from-id N routes only requests r<N> on (a new round's blind figure, without scoring the older test requests again).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fitLengthCutoff, lengthCutoff, litellmComplexity } from '../eval/routing/baselines.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const option = name => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };

/** The stable third kept aside as the test split: decided by the source address alone, never by content. */
export function splitOf(source) {
  return parseInt(createHash('sha256').update(source).digest('hex').slice(0, 8), 16) % 3 === 0 ? 'test' : 'dev';
}

export function loadRequests() {
  return readFileSync(join(root, 'eval', 'routing', 'requests.jsonl'), 'utf8').split('\n').filter(Boolean)
    .map(line => JSON.parse(line)).map(r => ({ ...r, split: splitOf(r.source) }));
}

function stage1Router(weights) {
  const { assessComplexity } = require(join(root, 'out', 'src', 'router', 'complexity.js'));
  const { decide } = require(join(root, 'out', 'src', 'router', 'policy.js'));
  const { DEFAULT_ROUTER_CONFIG } = require(join(root, 'out', 'src', 'router', 'defaults.js'));
  const privacy = { privacy: 'public', findings: [], binarySources: [], scannedChars: 0 };
  return text => {
    const complexity = assessComplexity({ prompt: text }, { localContextTokens: DEFAULT_ROUTER_CONFIG.localContextTokens, ...(weights ? { weights } : {}) });
    const decision = decide({ correlationId: 'eval', privacy, complexity, mode: 'auto', spentTodayUsd: 0, config: DEFAULT_ROUTER_CONFIG });
    // Stage 2 is asked only where stage 1 is unsure: a non-trivial request in the medium or high band (see service.ts).
    const consultsStage2 = !complexity.isTrivial && (complexity.band === 'medium' || complexity.band === 'high');
    return { target: decision.target, band: complexity.band, probability: complexity.cloudProbability, reason: decision.reason, consultsStage2 };
  };
}

/** First id of each later collection round; a request's round is the number of these it has reached, plus one. */
export const ROUND_STARTS = [315, 499, 706, 877, 1041, 1147, 1286, 1401, 1522, 1643, 1852, 2003, 2146];

export function roundOf(id) {
  const n = Number(id.slice(1));
  return 1 + ROUND_STARTS.filter(start => n >= start).length;
}

export function score(rows, predict) {
  const matrix = { local: { local: 0, cloud: 0 }, cloud: { local: 0, cloud: 0 } };
  const rounds = {};
  const misses = [];
  let consultsStage2 = 0;
  for (const r of rows) {
    const got = predict(r);
    matrix[r.label][got.target]++;
    if (got.consultsStage2) { consultsStage2++; }
    const round = (rounds[roundOf(r.id)] ??= { n: 0, right: 0 });
    round.n++;
    if (got.target === r.label) { round.right++; } else { misses.push({ id: r.id, label: r.label, ...got }); }
  }
  const n = rows.length;
  const pct = (a, b) => (b === 0 ? 0 : Math.round((1000 * a) / b) / 10);
  const localN = matrix.local.local + matrix.local.cloud;
  const cloudN = matrix.cloud.local + matrix.cloud.cloud;
  return {
    n, agreement: pct(matrix.local.local + matrix.cloud.cloud, n),
    localRecall: pct(matrix.local.local, localN), cloudRecall: pct(matrix.cloud.cloud, cloudN), matrix, rounds, misses,
    ...(predict.reportsStage2 ? { consultsStage2 } : {}),
  };
}

function main() {
  const fromId = Number(option('--from-id') ?? 0);
  const rows = loadRequests().filter(r => Number(r.id.slice(1)) >= fromId);
  const dev = rows.filter(r => r.split === 'dev');
  const test = rows.filter(r => r.split === 'test');
  const cutoff = fitLengthCutoff(dev);
  const { HAND_WEIGHTS } = require(join(root, 'out', 'src', 'router', 'routingModel.js'));
  const weightsOf = name => JSON.parse(readFileSync(join(root, 'eval', 'routing', `weights-${name}-round.json`), 'utf8'));
  const methods = {
    stage1: stage1Router(),
    first: stage1Router(weightsOf('first')),
    second: stage1Router(weightsOf('second')),
    third: stage1Router(weightsOf('third')),
    fourth: stage1Router(weightsOf('fourth')),
    fifth: stage1Router(weightsOf('fifth')),
    sixth: stage1Router(weightsOf('sixth')),
    seventh: stage1Router(weightsOf('seventh')),
    eighth: stage1Router(weightsOf('eighth')),
    ninth: stage1Router(weightsOf('ninth')),
    twelfth: stage1Router(weightsOf('twelfth')),
    thirteenth: stage1Router(weightsOf('thirteenth')),
    fourteenth: stage1Router(weightsOf('fourteenth')),
    fifteenth: stage1Router(weightsOf('fifteenth')),
    // The eleventh round's retrain on the grown dev split, not shipped (cross-validation dropped; eval README).
    eleventhNotShipped: stage1Router(JSON.parse(readFileSync(join(root, 'eval', 'routing', 'weights-eleventh-round-not-shipped.json'), 'utf8'))),
    rules: stage1Router(HAND_WEIGHTS),
    length: text => ({ target: lengthCutoff(text, cutoff) }),
    litellm: text => litellmComplexity(text),
  };
  const only = option('--only');
  const splits = args.includes('--dev-only') ? ['dev'] : ['dev', 'test'];
  const rowsOf = { dev, test };
  const results = { cutoffChars: cutoff, splits: { dev: dev.length, test: test.length }, methods: {} };
  for (const [name, route] of Object.entries(methods)) {
    if (only && only !== name) { continue; }
    const predict = r => route(r.text);
    predict.reportsStage2 = name !== 'length' && name !== 'litellm';
    results.methods[name] = Object.fromEntries(splits.map(split => [split, score(rowsOf[split], predict)]));
  }
  for (const [name, m] of Object.entries(results.methods)) {
    for (const split of splits) {
      const s = m[split];
      const { local: l, cloud: c } = s.matrix;
      const byRound = Object.entries(s.rounds).map(([round, { n, right }]) => `round ${round} ${right}/${n}`).join(', ');
      const stage2 = s.consultsStage2 === undefined ? '' : `  would consult stage 2 on ${s.consultsStage2}`;
      console.log(`${name.padEnd(18)} ${split.padEnd(4)} n=${String(s.n).padStart(3)}  agreement ${String(s.agreement).padStart(5)}%  local ${String(s.localRecall).padStart(5)}%  cloud ${String(s.cloudRecall).padStart(5)}%  [local→local ${l.local}, local→cloud ${l.cloud}, cloud→local ${c.local}, cloud→cloud ${c.cloud}]  ${byRound}${stage2}`);
    }
  }
  console.log(`length cutoff fitted on dev: ${cutoff} characters`);
  if (args.includes('--dev-misses')) {
    // Only the dev split's misses are ever printed: the test split is for reporting, not for tuning.
    const byId = new Map(rows.map(r => [r.id, r]));
    for (const [name, m] of Object.entries(results.methods)) {
      for (const miss of m.dev.misses) { console.log(`${name} ${miss.id} ${miss.label}→${miss.target} p=${miss.probability ?? ''} | ${byId.get(miss.id).text.slice(0, 160).replace(/\n/g, ' ')}`); }
    }
  }
  const out = option('--json');
  if (out) { writeFileSync(resolve(root, out), `${JSON.stringify(results, null, 2)}\n`); }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) { main(); }
