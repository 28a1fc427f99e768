#!/usr/bin/env node
// Builds the peer suite (test/fixtures/peer/*.json) from checkouts of gitleaks and secretlint, and optionally
// detect-secrets (its negative examples only; reading them needs python3), trufflehog (its detectors' pattern
// tests) and kingfisher (its rules' examples and negative examples):
//   node scripts/peer-suite/generate.mjs <gitleaks> <secretlint> [<detect-secrets> [<trufflehog> [<kingfisher>]]]
// A checkout given as `-` leaves that peer's committed fixture as it is; `=` re-applies exclusions.mjs to it (no
// checkout needed: labels, texts and the generator's own exclusions stay as they are).
// Labels come from the peers (their true/false-positive examples and recorded test outputs) before our gate ever
// runs. One third of each peer's rules (by a stable hash of the rule id) form the `test` split, never tuned on.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { detectSecretsCases } from './detectSecrets.mjs';
import { EXCLUSIONS, exclusionFor } from './exclusions.mjs';
import { gitleaksCases } from './gitleaks.mjs';
import { kingfisherCases } from './kingfisher.mjs';
import { secretlintCases } from './secretlint.mjs';
import { trufflehogCases } from './trufflehog.mjs';

export function splitOf(peer, rule) {
  return createHash('sha256').update(`${peer}:${rule}`).digest().readUInt32BE(0) % 3 === 0 ? 'test' : 'tune';
}

/** The peer's commit: from its git checkout, else from GITLEAKS_COMMIT, TRUFFLEHOG_COMMIT, KINGFISHER_COMMIT, … (an exported tree). */
function commitOf(peer, dir) {
  try {
    return execFileSync('git', ['-C', dir, 'rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return process.env[`${peer.toUpperCase().replace(/-/g, '_')}_COMMIT`] ?? 'unknown';
  }
}

function finish(peer, dir, built) {
  const cases = built.cases.map(c => {
    const reason = c.excluded ?? exclusionFor(c);
    return { ...c, split: splitOf(c.peer, c.rule), ...(reason ? { excluded: reason } : {}) };
  });
  return { peer, source: { commit: commitOf(peer, dir) }, notes: built.notes, cases };
}

/**
 * The committed fixture with exclusions.mjs applied again: a reason that came from exclusions.mjs is dropped and
 * looked up anew; one the peer's generator wrote (labelling, placeholders) stays. Gives what a full run would.
 */
function reapplied(peer, outDir) {
  const suite = JSON.parse(readFileSync(join(outDir, `${peer}.json`), 'utf8'));
  const ours = new Set(EXCLUSIONS.map(e => e.reason));
  const cases = suite.cases.map(c => {
    const { excluded, ...rest } = c;
    if (excluded !== undefined && !ours.has(excluded)) {
      return c;
    }
    const reason = exclusionFor(rest);
    // Key order as the generator writes it: the case's fields, `split`, then our `excluded`.
    return reason ? { ...rest, excluded: reason } : rest;
  });
  return { ...suite, cases };
}

const [gitleaksDir, secretlintDir, detectSecretsDir, trufflehogDir, kingfisherDir] = process.argv.slice(2).map(p => (p === '-' || p === '=' ? p : resolve(p)));
if (!gitleaksDir || !secretlintDir) {
  console.error('usage: node scripts/peer-suite/generate.mjs <gitleaks> <secretlint> [<detect-secrets> [<trufflehog> [<kingfisher>]]] (a checkout given as - is skipped, = re-applies exclusions.mjs)');
  process.exit(2);
}
const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'test', 'fixtures', 'peer');
mkdirSync(outDir, { recursive: true });
const peers = [['gitleaks', gitleaksDir, gitleaksCases], ['secretlint', secretlintDir, secretlintCases],
  ['detect-secrets', detectSecretsDir, detectSecretsCases], ['trufflehog', trufflehogDir, trufflehogCases],
  ['kingfisher', kingfisherDir, kingfisherCases]]
  .filter(([, dir]) => dir && dir !== '-');
for (const [peer, dir, build] of peers) {
  const suite = dir === '=' ? reapplied(peer, outDir) : finish(peer, dir, build(dir));
  writeFileSync(join(outDir, `${peer}.json`), JSON.stringify(suite, null, 0).replace(/\},\{"id"/g, '},\n{"id"') + '\n');
  const count = (label, split) => suite.cases.filter(c => c.label === label && c.split === split && !c.excluded).length;
  console.log(`${peer}: ${suite.cases.length} cases; tune ${count('secret', 'tune')} secret / ${count('clean', 'tune')} clean; ` +
    `test ${count('secret', 'test')} secret / ${count('clean', 'test')} clean; excluded ${suite.cases.filter(c => c.excluded).length}`);
}
