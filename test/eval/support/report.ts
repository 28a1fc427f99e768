/**
 * The detailed evaluation report (git-ignored): misses by peer rule id, false positives by gate rule id, restricted
 * real files with finding places. Texts are shown only as masked shapes, never secret values.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { percent, summaryLines, type Evaluation } from './evaluation';
import { falsePositivesByGateRule, missesByRule, recallBySyntax, REPO_ROOT, type CaseOutcome } from './peerSuite';

export const REPORT_DIR = join(REPO_ROOT, 'test-results');

/**
 * Keeps syntax and key names, hides values: every run of 6+ value characters holding a digit, or 20+ long, becomes
 * its length and character classes (`‹40aA9›`).
 */
export function maskedShape(text: string, max = 160): string {
  const masked = text.replace(/[A-Za-z0-9+/=_\-.]{6,}/g, run => {
    if (!/[0-9]/.test(run) && run.length < 20) {
      return run;
    }
    const classes = `${/[a-z]/.test(run) ? 'a' : ''}${/[A-Z]/.test(run) ? 'A' : ''}${/[0-9]/.test(run) ? '9' : ''}${/[^A-Za-z0-9]/.test(run) ? '+' : ''}`;
    return `‹${run.length}${classes}›`;
  });
  const flat = masked.replace(/\n/g, '⏎');
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

function missSection(outcomes: readonly CaseOutcome[], split: 'tune' | 'test'): string[] {
  const lines = [`## Misses by peer rule id (${split} split)`, '', '| peer | rule | missed | of | example (masked) |', '|---|---|---|---|---|'];
  for (const m of missesByRule(outcomes, split)) {
    const example = outcomes.find(o => o.c.id === m.example);
    lines.push(`| ${m.peer} | ${m.rule} | ${m.missed} | ${m.of} | \`${maskedShape(example?.c.text ?? '').replace(/\|/g, '\\|').replace(/`/g, "'")}\` |`);
  }
  return [...lines, ''];
}

export function writeReport(e: Evaluation): string {
  mkdirSync(REPORT_DIR, { recursive: true });
  const lines = ['# Privacy gate evaluation', '', '```', ...summaryLines(e), '```', ''];
  lines.push(...missSection(e.outcomes, 'tune'), ...missSection(e.outcomes, 'test'));
  lines.push('## Misses by gitleaks sample syntax (tune split)', '', '| syntax | missed | of |', '|---|---|---|');
  lines.push(...recallBySyntax(e.outcomes, 'tune').map(g => `| ${g.syntax} | ${g.missed} | ${g.of} |`), '');
  lines.push('## False positives on the peers\' clean cases, by gate rule id', '', '| gate rule | cases | case ids (peer:rule:origin) | first case (masked) |', '|---|---|---|---|');
  for (const g of falsePositivesByGateRule(e.outcomes)) {
    const first = e.outcomes.find(o => o.c.id === g.cases[0]);
    lines.push(`| ${g.gateRule} | ${g.cases.length} | ${g.cases.slice(0, 12).join('<br>')}${g.cases.length > 12 ? '<br>…' : ''} | \`${maskedShape(first?.c.text ?? '').replace(/\|/g, '\\|').replace(/`/g, "'")}\` |`);
  }
  lines.push('', '## Restricted real-code files', '', `Share of files restricted: ${percent(e.realCode.restrictedShare, 2)}.`, '', '| file | review | findings (rule:line:column) |', '|---|---|---|');
  const verdicts = new Map(e.reviewed.files.map(f => [f.path, f.verdict]));
  for (const r of e.corpus.restricted) {
    const places = r.findings.slice(0, 8).map(f => `${f.rule}:${f.line}:${f.column}`).join(' ');
    lines.push(`| ${r.path} | ${verdicts.get(r.path) ?? 'NOT REVIEWED'} | ${places}${r.findings.length > 8 ? ` (+${r.findings.length - 8})` : ''} |`);
  }
  const path = join(REPORT_DIR, 'privacy-eval.md');
  writeFileSync(path, lines.join('\n') + '\n');
  writeFileSync(join(REPORT_DIR, 'privacy-eval.json'), JSON.stringify({
    peerFigures: e.peerFigures,
    missesTune: missesByRule(e.outcomes, 'tune'),
    missesTest: missesByRule(e.outcomes, 'test'),
    missesBySyntaxTune: recallBySyntax(e.outcomes, 'tune'),
    falsePositives: falsePositivesByGateRule(e.outcomes),
    realCode: { ...e.realCode, files: e.corpus.files, bytes: e.corpus.bytes, binarySkipped: e.corpus.binarySkipped, restricted: e.corpus.restricted },
  }, null, 1));
  return path;
}
