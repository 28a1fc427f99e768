/** One run of the whole evaluation (peer suite and real code), shared by `npm run eval:privacy` and the eval tests. */
import { figures, loadPeerCases, PEERS, REPO_ROOT, runPeerCases, SPLITS, type CaseOutcome, type SplitFigures } from './peerSuite';
import { scanCorpus, type CorpusResult } from './realCode';
import { loadReviewed, realCodeFigures, type RealCodeFigures, type ReviewedList } from './reviewed';

export interface Evaluation {
  readonly outcomes: readonly CaseOutcome[];
  readonly peerFigures: readonly SplitFigures[];
  readonly corpus: CorpusResult;
  readonly reviewed: ReviewedList;
  readonly realCode: RealCodeFigures;
  readonly elapsedMs: number;
}

let cached: Evaluation | undefined;

export function evaluate(): Evaluation {
  if (cached) {
    return cached;
  }
  const started = Date.now();
  const outcomes = runPeerCases(PEERS.flatMap(loadPeerCases));
  const peerFigures = PEERS.flatMap(peer => SPLITS.map(split => figures(outcomes, peer, split)));
  const corpus = scanCorpus(REPO_ROOT);
  const reviewed = loadReviewed();
  cached = { outcomes, peerFigures, corpus, reviewed, realCode: realCodeFigures(corpus, reviewed), elapsedMs: Date.now() - started };
  return cached;
}

export const percent = (x: number, digits = 1): string => `${(x * 100).toFixed(digits)}%`;

/** The summary lines `npm run eval:privacy` prints. */
export function summaryLines(e: Evaluation): string[] {
  const lines = ['peer suite (labels from the peers; excluded cases are not counted)'];
  lines.push(`${'peer'.padEnd(15)}${'split'.padEnd(6)}${'recall'.padEnd(24)}${'false positives'.padEnd(22)}excluded`);
  for (const f of e.peerFigures) {
    const recall = `${f.caught}/${f.secrets} ${percent(f.recall)}`;
    const fp = `${f.flaggedClean}/${f.clean} ${percent(f.falsePositiveRate)}`;
    lines.push(`${f.peer.padEnd(15)}${f.split.padEnd(6)}${recall.padEnd(24)}${fp.padEnd(22)}${f.excluded}`);
  }
  const c = e.corpus;
  const r = e.realCode;
  lines.push('');
  lines.push(`real code (${c.roots.map(x => x.label).join(' + ')}${c.pythonVersion ? `, Python ${c.pythonVersion}` : ''}): ` +
    `${c.files} files, ${(c.bytes / 1e6).toFixed(1)} MB scanned; ${c.binarySkipped} binary files skipped; ` +
    `gate time ${(c.scanMs / 1000).toFixed(1)} s (${(c.bytes / 1e6 / (c.scanMs / 1000)).toFixed(0)} MB/s)`);
  lines.push(`  restricted: ${r.restricted} files (${percent(r.restrictedShare, 2)}); reviewed true positives ${r.truePositives}` +
    `${r.missedTruePositives.length ? `; reviewed true positives NOT restricted: ${r.missedTruePositives.length}` : ''}`);
  lines.push(`  restricted beyond the reviewed true positives: ${r.beyond.length} (${percent(r.beyondShare, 2)}): ` +
    `${r.reviewedFalsePositives.length} reviewed false positives, ${r.unreviewed.length} not in the reviewed list` +
    `${r.strict ? '' : ` (reviewed on Python ${e.reviewed.pythonStdlib})`}`);
  return lines;
}
