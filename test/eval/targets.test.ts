/**
 * Issue targets of the privacy gate, measured on material the project did not write (see docs/privacy-evaluation.md):
 * recall >= 99% on each split of the peer suite, false positives <= 2% of each peer's clean cases, and on real code
 * (node_modules, the Python standard library) no restricted file beyond the reviewed true positives, with the share
 * of such files <= 0.3%. Figures and details: `npm run eval:privacy`.
 */
import * as assert from 'node:assert/strict';
import { evaluate, percent, type Evaluation } from './support/evaluation';
import { PEERS, SPLITS } from './support/peerSuite';

const RECALL_TARGET = 0.99;
const FALSE_POSITIVE_TARGET = 0.02;
const REAL_CODE_SHARE_TARGET = 0.003;

describe('eval: privacy gate targets on the peer suite and real code', function () {
  let e: Evaluation;

  before(function () {
    this.timeout(300_000);
    e = evaluate();
  });

  for (const peer of PEERS) {
    for (const split of SPLITS) {
      it(`${peer} ${split} split: recall >= ${percent(RECALL_TARGET, 0)}`, function () {
        const f = e.peerFigures.find(x => x.peer === peer && x.split === split)!;
        const missed = e.outcomes.filter(o => o.c.peer === peer && o.c.split === split && o.c.label === 'secret' && !o.c.excluded && !o.flagged);
        const rules = [...new Set(missed.map(o => o.c.rule))];
        assert.ok(f.recall >= RECALL_TARGET,
          `${f.caught}/${f.secrets} caught (${percent(f.recall)}); missed rules (${rules.length}): ${rules.slice(0, 25).join(', ')}${rules.length > 25 ? ', …' : ''}`);
      });
    }

    it(`${peer}: false positives <= ${percent(FALSE_POSITIVE_TARGET, 0)} of its clean cases (both splits)`, function () {
      const clean = e.outcomes.filter(o => o.c.peer === peer && o.c.label === 'clean' && !o.c.excluded);
      const flagged = clean.filter(o => o.flagged);
      assert.ok(flagged.length <= FALSE_POSITIVE_TARGET * clean.length,
        `${flagged.length}/${clean.length} flagged (${percent(flagged.length / clean.length)}): ${flagged.slice(0, 15).map(o => `${o.c.id} [${o.rules.join(',')}]`).join('; ')}`);
    });
  }

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
