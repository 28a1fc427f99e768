/** The reviewed list of real-code files the gate restricted (test/fixtures/realcode-reviewed.json). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './peerSuite';
import type { CorpusResult } from './realCode';

export interface ReviewedFile {
  readonly path: string;
  readonly verdict: 'true-positive' | 'false-positive';
  readonly rules: readonly string[];
  readonly why: string;
}

export interface ReviewedList {
  /** Python version whose standard library was reviewed; other versions hold other files. */
  readonly pythonStdlib: string;
  readonly files: readonly ReviewedFile[];
}

export function loadReviewed(): ReviewedList {
  return JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'realcode-reviewed.json'), 'utf8')) as ReviewedList;
}

export interface RealCodeFigures {
  readonly restricted: number;
  readonly restrictedShare: number;
  /** Restricted files the review calls true positives (allowed). */
  readonly truePositives: number;
  /** Restricted files beyond the reviewed true positives: reviewed false positives plus unreviewed files. */
  readonly beyond: readonly string[];
  readonly beyondShare: number;
  readonly reviewedFalsePositives: readonly string[];
  readonly unreviewed: readonly string[];
  /** Whether the reviewed list applies to every file (same Python version), so unreviewed files are errors. */
  readonly strict: boolean;
  /** Reviewed true positives on this machine that the gate no longer restricts (a recall loss on real code). */
  readonly missedTruePositives: readonly string[];
}

export function realCodeFigures(corpus: CorpusResult, reviewed: ReviewedList): RealCodeFigures {
  const verdicts = new Map(reviewed.files.map(f => [f.path, f.verdict]));
  const paths = corpus.restricted.map(r => r.path);
  const truePositives = paths.filter(p => verdicts.get(p) === 'true-positive');
  const reviewedFalsePositives = paths.filter(p => verdicts.get(p) === 'false-positive');
  const unreviewed = paths.filter(p => !verdicts.has(p));
  const beyond = [...reviewedFalsePositives, ...unreviewed];
  const strict = corpus.pythonVersion === undefined || corpus.pythonVersion === reviewed.pythonStdlib;
  const restricted = new Set(paths);
  const present = (p: string): boolean => p.startsWith('node_modules/') || (strict && corpus.pythonVersion !== undefined);
  return {
    restricted: paths.length,
    restrictedShare: corpus.files ? paths.length / corpus.files : 0,
    truePositives: truePositives.length,
    beyond,
    beyondShare: corpus.files ? beyond.length / corpus.files : 0,
    reviewedFalsePositives,
    unreviewed,
    strict,
    missedTruePositives: reviewed.files.filter(f => f.verdict === 'true-positive' && present(f.path) && !restricted.has(f.path)).map(f => f.path),
  };
}
