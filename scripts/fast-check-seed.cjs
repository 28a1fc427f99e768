// Mocha `require`: one fast-check seed for every property test, so a CI run is reproducible. The default is fixed;
// `FC_SEED=random` explores new cases (a failure prints its seed; `FC_SEED=<that seed>` replays it).
'use strict';
const fc = require('fast-check');

const asked = process.env.FC_SEED;
const seed = asked === 'random' ? (Date.now() ^ (Math.random() * 0x100000000)) | 0 : Number(asked ?? 20261201);
if (!Number.isInteger(seed)) {
  throw new Error(`FC_SEED must be an integer or "random", not ${JSON.stringify(asked)}`);
}
fc.configureGlobal({ seed });
if (asked === 'random') {
  process.stdout.write(`fast-check seed ${seed}\n`);
}
