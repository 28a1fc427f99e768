/** Figures, misses and false positives of the tune split alone; the test split's cases are never loaded into the gate. */
import { figures, loadPeerCases, PEERS, REPO_ROOT, runPeerCases, type Peer } from './peerSuite';
import { scanCorpus } from './realCode';
import { loadReviewed, realCodeFigures } from './reviewed';

const oneLine = (text: string): string => text.replace(/\n/g, '⏎');

export function evaluateTuneSplit(options: { peers: readonly string[]; realCode: boolean }): string[] {
  const chosen = options.peers.length ? PEERS.filter(p => options.peers.includes(p)) : PEERS;
  const lines: string[] = [];
  for (const peer of chosen) {
    const tune = loadPeerCases(peer as Peer).filter(c => c.split === 'tune');
    const outcomes = runPeerCases(tune);
    const f = figures(outcomes, peer, 'tune');
    lines.push(`${peer} tune: recall ${f.caught}/${f.secrets}, false positives ${f.flaggedClean}/${f.clean}, excluded ${f.excluded}`);
    for (const o of outcomes) {
      if (o.c.excluded || o.flagged === (o.c.label === 'secret')) continue;
      const what = o.c.label === 'secret' ? 'MISS' : `FP [${o.rules.join(',')}]`;
      lines.push(`  ${what} ${o.c.id}${o.c.path ? ` (${o.c.path})` : ''}: ${oneLine(o.c.text)}`);
    }
  }
  if (options.realCode) {
    const corpus = scanCorpus(REPO_ROOT);
    const r = realCodeFigures(corpus, loadReviewed());
    lines.push(`real code: ${corpus.files} files, ${(corpus.bytes / 1e6).toFixed(1)} MB, ${(corpus.bytes / 1e6 / (corpus.scanMs / 1000)).toFixed(0)} MB/s; ` +
      `restricted ${r.restricted}, beyond the reviewed true positives ${r.beyond.length}, reviewed true positives lost ${r.missedTruePositives.length}`);
    for (const path of [...r.beyond, ...r.missedTruePositives]) {
      const places = corpus.restricted.find(x => x.path === path)?.findings.map(x => `${x.rule}:${x.line}:${x.column}`).join(' ') ?? 'not restricted';
      lines.push(`  ${path}: ${places}`);
    }
  }
  return lines;
}
