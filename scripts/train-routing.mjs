// Trains the learned part of stage 1 (src/router/routingWeights.json): an L2-regularised logistic regression over the
// scope features and instruction words of the dev split of eval/routing/requests.jsonl. The test split is never read.
//   npx tsc -p . && node scripts/train-routing.mjs [--l2 0.3] [--min-df 2] [--folds 5]
// Defaults chosen by 5-fold cross-validation inside the dev split.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadRequests } from './routing-eval.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { scopeFeatures } = require(join(root, 'out', 'src', 'router', 'scope.js'));
const { modelFeatures } = require(join(root, 'out', 'src', 'router', 'routingModel.js'));
const args = process.argv.slice(2);
const option = (name, fallback) => { const i = args.indexOf(name); return i >= 0 ? Number(args[i + 1]) : fallback; };
const L2 = option('--l2', 0.3);
const MIN_DF = option('--min-df', 2);
const EPOCHS = 3000;
const RATE = 0.5;

const FOLDS = option('--folds', 0);
const dev = loadRequests().filter(r => r.split === 'dev');
const examples = dev.map(r => ({ ids: modelFeatures(scopeFeatures(r.text)), y: r.label === 'cloud' ? 1 : 0 }));

/** Fits weights on `train`; returns { bias, w, vocabulary }. */
function fit(train) {
  // Words seen in fewer than MIN_DF requests are dropped (they only memorise); scope features are always kept.
  const df = new Map();
  for (const e of train) { for (const id of e.ids) { df.set(id, (df.get(id) ?? 0) + 1); } }
  const vocabulary = [...df].filter(([id, n]) => !id.startsWith('w:') || n >= MIN_DF).map(([id]) => id).sort();
  const index = new Map(vocabulary.map((id, i) => [id, i]));
  const rows = train.map(e => ({ x: e.ids.map(id => index.get(id)).filter(i => i !== undefined), y: e.y }));
  // Full-batch gradient descent on the mean log-loss plus L2 / n on the weights (not on the bias).
  const w = new Float64Array(vocabulary.length);
  let bias = 0;
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    const grad = new Float64Array(vocabulary.length);
    let gradBias = 0;
    for (const { x, y } of rows) {
      const z = bias + x.reduce((sum, i) => sum + w[i], 0);
      const err = 1 / (1 + Math.exp(-z)) - y;
      gradBias += err;
      for (const i of x) { grad[i] += err; }
    }
    bias -= (RATE * gradBias) / rows.length;
    for (let i = 0; i < w.length; i++) { w[i] -= RATE * (grad[i] / rows.length + (L2 / rows.length) * w[i]); }
  }
  return { bias, w, vocabulary, index };
}

function predict(model, e) {
  return model.bias + e.ids.reduce((s, id) => s + (model.index.has(id) ? model.w[model.index.get(id)] : 0), 0) >= 0 ? 1 : 0;
}

if (FOLDS > 1) {
  // Cross-validation inside the dev split: for choosing --l2 and --min-df without touching the test split.
  let correct = 0;
  for (let k = 0; k < FOLDS; k++) {
    const model = fit(examples.filter((_, i) => i % FOLDS !== k));
    correct += examples.filter((e, i) => i % FOLDS === k && predict(model, e) === e.y).length;
  }
  console.log(`${FOLDS}-fold cross-validation on dev (l2 ${L2}, min-df ${MIN_DF}): ${correct}/${examples.length} = ${(100 * correct / examples.length).toFixed(1)}%`);
  process.exit(0);
}

const { bias, w, vocabulary, index } = fit(examples);
const rows = examples.map(e => ({ x: e.ids.map(id => index.get(id)).filter(i => i !== undefined), y: e.y }));

const weights = {};
vocabulary.forEach((id, i) => { if (Math.abs(w[i]) >= 0.01) { weights[id] = Math.round(w[i] * 1000) / 1000; } });
const correct = rows.filter(({ x, y }) => ((bias + x.reduce((s, i) => s + w[i], 0)) >= 0 ? 1 : 0) === y).length;
const out = join(root, 'src', 'router', 'routingWeights.json');
writeFileSync(out, `${JSON.stringify({ bias: Math.round(bias * 1000) / 1000, weights }, null, 1)}\n`);
const top = Object.entries(weights).sort((a, b) => Math.abs(b[1]) - Math.abs(a[1])).slice(0, 15);
console.log(`trained on ${rows.length} dev requests, ${Object.keys(weights).length} weights (l2 ${L2}, min-df ${MIN_DF}); dev fit ${correct}/${rows.length}`);
console.log(`strongest: ${top.map(([id, v]) => `${id} ${v}`).join(', ')}`);
