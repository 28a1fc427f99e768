/**
 * `npm run eval:privacy`: measures the privacy gate on material the project did not write (the peer suite from
 * gitleaks, secretlint, detect-secrets, trufflehog and kingfisher, real code in node_modules and the Python standard library),
 * prints the figures and
 * writes the detailed report to test-results/ (git-ignored). Reports; never fails on a figure.
 */
import { relative } from 'node:path';
import { evaluate, summaryLines } from './support/evaluation';
import { REPO_ROOT } from './support/peerSuite';
import { writeReport } from './support/report';

const evaluation = evaluate();
for (const line of summaryLines(evaluation)) {
  console.log(line);
}
console.log(`\nreport: ${relative(REPO_ROOT, writeReport(evaluation))} (${(evaluation.elapsedMs / 1000).toFixed(1)} s)`);
