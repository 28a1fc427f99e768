/**
 * The peer suite (test/fixtures/peer/*.json, built by scripts/peer-suite/generate.mjs from the examples of
 * gitleaks, secretlint, detect-secrets, trufflehog and kingfisher): recall and false-positive rate of the gate per peer and per split.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gate } from './gate';

export type Peer = 'gitleaks' | 'secretlint' | 'detect-secrets' | 'trufflehog' | 'kingfisher';
export type Split = 'tune' | 'test';

export interface PeerCase {
  readonly id: string;
  readonly peer: Peer;
  readonly rule: string;
  readonly text: string;
  readonly path?: string;
  /** The gitleaks sample syntax the secret was placed in (ini, yaml, go, make, …), when generated that way. */
  readonly syntax?: string;
  /** The name trufflehog's test gives the case ("invalid pattern", "valid pattern - xml", …), or kingfisher's rule name. */
  readonly name?: string;
  readonly label: 'secret' | 'clean';
  readonly split: Split;
  /** Why the case is left out of the figures (a non-credential, test plumbing); still counted as excluded. */
  readonly excluded?: string;
}

export interface CaseOutcome {
  readonly c: PeerCase;
  readonly flagged: boolean;
  readonly rules: readonly string[];
}

export interface SplitFigures {
  readonly peer: Peer;
  readonly split: Split;
  readonly secrets: number;
  readonly caught: number;
  readonly clean: number;
  readonly flaggedClean: number;
  readonly excluded: number;
  readonly recall: number;
  readonly falsePositiveRate: number;
}

export const PEERS: readonly Peer[] = ['gitleaks', 'secretlint', 'detect-secrets', 'trufflehog', 'kingfisher'];
/** Peers that contribute clean cases only (their negative examples): no recall is measured on them. */
export const NEGATIVES_ONLY: ReadonlySet<Peer> = new Set<Peer>(['detect-secrets']);
export const SPLITS: readonly Split[] = ['tune', 'test'];

/** The repository root, from the compiled out/test/eval/support folder. */
export const REPO_ROOT = resolve(__dirname, '..', '..', '..', '..');

export function loadPeerCases(peer: Peer): PeerCase[] {
  const suite = JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'peer', `${peer}.json`), 'utf8')) as { cases: PeerCase[] };
  return suite.cases;
}

export function runPeerCases(cases: readonly PeerCase[]): CaseOutcome[] {
  return cases.map(c => {
    const result = gate(c.text, c.path);
    return { c, flagged: result.privacy === 'restricted', rules: [...new Set(result.findings.map(f => f.rule))] };
  });
}

export function figures(outcomes: readonly CaseOutcome[], peer: Peer, split: Split): SplitFigures {
  const mine = outcomes.filter(o => o.c.peer === peer && o.c.split === split);
  const counted = mine.filter(o => !o.c.excluded);
  const secrets = counted.filter(o => o.c.label === 'secret');
  const clean = counted.filter(o => o.c.label === 'clean');
  const caught = secrets.filter(o => o.flagged).length;
  const flaggedClean = clean.filter(o => o.flagged).length;
  return {
    peer,
    split,
    secrets: secrets.length,
    caught,
    clean: clean.length,
    flaggedClean,
    excluded: mine.length - counted.length,
    recall: secrets.length ? caught / secrets.length : 1,
    falsePositiveRate: clean.length ? flaggedClean / clean.length : 0,
  };
}

/** Missed secrets grouped by peer rule id, most missed first. */
export function missesByRule(outcomes: readonly CaseOutcome[], split?: Split): Array<{ peer: Peer; rule: string; missed: number; of: number; example: string }> {
  const groups = new Map<string, { peer: Peer; rule: string; missed: number; of: number; example: string }>();
  for (const o of outcomes) {
    if (o.c.excluded || o.c.label !== 'secret' || (split && o.c.split !== split)) continue;
    const key = `${o.c.peer}\u0000${o.c.rule}`;
    const g = groups.get(key) ?? { peer: o.c.peer, rule: o.c.rule, missed: 0, of: 0, example: '' };
    g.of++;
    if (!o.flagged) {
      g.missed++;
      g.example ||= o.c.id;
    }
    groups.set(key, g);
  }
  return [...groups.values()].filter(g => g.missed > 0).sort((a, b) => b.missed - a.missed || a.rule.localeCompare(b.rule));
}

/** Clean cases the gate flagged, grouped by the gate's finding rule id. */
export function falsePositivesByGateRule(outcomes: readonly CaseOutcome[]): Array<{ gateRule: string; cases: string[] }> {
  const groups = new Map<string, string[]>();
  for (const o of outcomes) {
    if (o.c.excluded || o.c.label !== 'clean' || !o.flagged) continue;
    for (const rule of o.rules) groups.set(rule, [...(groups.get(rule) ?? []), o.c.id]);
  }
  return [...groups.entries()].map(([gateRule, cases]) => ({ gateRule, cases })).sort((a, b) => b.cases.length - a.cases.length);
}

/** Recall by gitleaks sample syntax (all rules of one split): where a syntax, not a format, is the cause. */
export function recallBySyntax(outcomes: readonly CaseOutcome[], split: Split): Array<{ syntax: string; missed: number; of: number }> {
  const groups = new Map<string, { syntax: string; missed: number; of: number }>();
  for (const o of outcomes) {
    if (o.c.excluded || o.c.label !== 'secret' || o.c.split !== split || !o.c.syntax) continue;
    const g = groups.get(o.c.syntax) ?? { syntax: o.c.syntax, missed: 0, of: 0 };
    g.of++;
    g.missed += o.flagged ? 0 : 1;
    groups.set(o.c.syntax, g);
  }
  return [...groups.values()].sort((a, b) => b.missed / b.of - a.missed / a.of);
}
