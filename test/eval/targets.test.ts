/**
 * Issue targets of the privacy gate, measured on material the project did not write (see docs/privacy-evaluation.md):
 * recall >= 99% on each split of the peer suite, false positives <= 2% of each peer's clean cases, and on real code
 * (node_modules, the Python standard library) no restricted file beyond the reviewed true positives, with the share
 * of such files <= 0.3%. Figures and details: `npm run eval:privacy`.
 */
import * as assert from 'node:assert/strict';
import { evaluate, percent, type Evaluation } from './support/evaluation';
import { NEGATIVES_ONLY, PEERS, SPLITS } from './support/peerSuite';

const RECALL_TARGET = 0.99;
const FALSE_POSITIVE_TARGET = 0.02;
const REAL_CODE_SHARE_TARGET = 0.003;

/**
 * Where a target is not met yet, the figure measured when the gate last changed is the floor (or ceiling) that no
 * change may cross; the target stays the goal and each run says how far off it is. Tightened as the gate improves.
 */
const RECALL_FLOOR: Readonly<Record<string, Record<string, number>>> = {
  gitleaks: { tune: 0.99, test: 0.985 },      // test split measured 98.9% (3259/3294)
  secretlint: { tune: 0.99, test: 0.83 },     // test split: 10 of 12 (two missed cases)
  trufflehog: { tune: 0.97, test: 0.91 },    // tune 949/974 (97.4%), test 478/523 (91.4%); round 12's prefixed-token (not shipped) 949/974, 479/523
  kingfisher: { tune: 0.83, test: 0.76 },     // tune 328/394 (83.2%), test 153/200 (76.5%); round 10 316/394, 153/200; blind 256/394 (65.0%), 134/200 (67.0%); round 12's prefixed-token (not shipped) 329/394, 161/200
};
const FALSE_POSITIVE_CEILING: Readonly<Record<string, number>> = {
  gitleaks: 0.02,                              // measured 4/317 (1.3%): target met
  secretlint: 0.02,                            // measured 0/39: target met (round 12's prefixed-token, not shipped: 1/39)
  'detect-secrets': 0.02,                      // negatives only; measured 0/121: target met
  trufflehog: 0.02,                            // measured 0/62: target met
  kingfisher: 0.12,                            // measured 1/9 (tune 0/5, test 1/4), as blind: over the target
};
const short: string[] = [];

describe('eval: privacy gate targets on the peer suite and real code', function () {
  let e: Evaluation;

  before(function () {
    this.timeout(300_000);
    e = evaluate();
  });

  for (const peer of PEERS) {
    for (const split of NEGATIVES_ONLY.has(peer) ? [] : SPLITS) {
      const floor = Math.min(RECALL_TARGET, RECALL_FLOOR[peer][split]);
      it(`${peer} ${split} split: recall >= ${percent(floor, 1)} (target ${percent(RECALL_TARGET, 0)})`, function () {
        const f = e.peerFigures.find(x => x.peer === peer && x.split === split)!;
        const missed = e.outcomes.filter(o => o.c.peer === peer && o.c.split === split && o.c.label === 'secret' && !o.c.excluded && !o.flagged);
        const rules = [...new Set(missed.map(o => o.c.rule))];
        if (f.recall < RECALL_TARGET) {
          short.push(`${peer} ${split} recall ${percent(f.recall)} < ${percent(RECALL_TARGET, 0)}`);
        }
        assert.ok(f.recall >= floor,
          `${f.caught}/${f.secrets} caught (${percent(f.recall)}); missed rules (${rules.length}): ${rules.slice(0, 25).join(', ')}${rules.length > 25 ? ', …' : ''}`);
      });
    }

    const ceiling = Math.max(FALSE_POSITIVE_TARGET, FALSE_POSITIVE_CEILING[peer]);
    it(`${peer}: false positives <= ${percent(ceiling, 0)} of its clean cases, both splits (target ${percent(FALSE_POSITIVE_TARGET, 0)})`, function () {
      const clean = e.outcomes.filter(o => o.c.peer === peer && o.c.label === 'clean' && !o.c.excluded);
      const flagged = clean.filter(o => o.flagged);
      if (flagged.length > FALSE_POSITIVE_TARGET * clean.length) {
        short.push(`${peer} false positives ${flagged.length}/${clean.length} > ${percent(FALSE_POSITIVE_TARGET, 0)}`);
      }
      assert.ok(flagged.length <= ceiling * clean.length,
        `${flagged.length}/${clean.length} flagged (${percent(flagged.length / clean.length)}): ${flagged.slice(0, 15).map(o => `${o.c.id} [${o.rules.join(',')}]`).join('; ')}`);
    });
  }

  after(() => {
    if (short.length > 0) {
      console.log(`    issue targets not met yet: ${short.join('; ')}`);
    }
  });

  it('real code: no restricted file outside the reviewed true positives', function () {
    const r = e.realCode;
    // Files the reviewed list has never seen count here only where the list applies (same Python version).
    const offenders = r.strict ? r.beyond : r.reviewedFalsePositives;
    assert.ok(offenders.length === 0,
      `${offenders.length} files restricted beyond the reviewed true positives (${r.unreviewed.length} not reviewed), first: ${offenders.slice(0, 12).join(', ')}`);
  });

  it('real code: every reviewed true positive stays restricted', function () {
    const missed = e.realCode.missedTruePositives;
    assert.ok(missed.length === 0, `no longer restricted: ${missed.join(', ')}`);
  });

  it(`real code: restricted share beyond the reviewed true positives <= ${percent(REAL_CODE_SHARE_TARGET, 1)}`, function () {
    const r = e.realCode;
    assert.ok(r.beyondShare <= REAL_CODE_SHARE_TARGET, `${r.beyond.length}/${e.corpus.files} files (${percent(r.beyondShare, 2)})`);
  });
});
