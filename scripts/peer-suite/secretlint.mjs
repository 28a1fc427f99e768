// Cases from secretlint: every rule package's recorded test snapshots. A snapshot's output.json holds the text the
// rule ran on and what it reported; a report makes the case a secret, no report makes it clean.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

function snapshotDirs(root) {
  const out = [];
  const walk = dir => {
    if (existsSync(join(dir, 'output.json'))) { out.push(dir); return; }
    for (const entry of readdirSync(dir, { withFileTypes: true })) if (entry.isDirectory()) walk(join(dir, entry.name));
  };
  walk(root);
  return out.sort();
}

function hasRuleOptions(dir) {
  const rc = join(dir, '.secretlintrc.json');
  if (!existsSync(rc)) return false;
  return JSON.parse(readFileSync(rc, 'utf8')).rules?.some(r => r.options && Object.keys(r.options).length > 0) ?? false;
}

export function secretlintCases(secretlintDir) {
  const root = join(secretlintDir, 'packages', '@secretlint');
  const cases = [];
  const notes = { duplicates: 0, packages: [] };
  const seen = new Set();
  for (const pkg of readdirSync(root).filter(p => p.startsWith('secretlint-rule-')).sort()) {
    const snapshots = join(root, pkg, 'test', 'snapshots');
    if (!existsSync(snapshots)) continue;
    notes.packages.push(pkg);
    const rule = `@secretlint/${pkg}`;
    for (const dir of snapshotDirs(snapshots)) {
      const output = JSON.parse(readFileSync(join(dir, 'output.json'), 'utf8'));
      const text = String(output.sourceContent ?? '');
      const fileName = basename(String(output.filePath ?? 'input'));
      const label = (output.messages ?? []).length > 0 ? 'secret' : 'clean';
      const key = `${fileName}\u0000${text}\u0000${label}`;
      if (seen.has(key)) { notes.duplicates++; continue; } // preset packages replay the rules' own snapshots
      seen.add(key);
      const name = dir.slice(snapshots.length + 1);
      const last = basename(dir);
      let excluded;
      if (text === '' || fileName.endsWith('.p12')) excluded = 'binary PKCS#12 file: not text the gate reads as a prompt';
      else if ((last.startsWith('ng.') && label === 'clean') || (last.startsWith('ok.') && label === 'secret')) excluded = 'the snapshot name and its recorded output disagree';
      else if (label === 'clean' && (hasRuleOptions(dir) || /allows|--/.test(last))) excluded = "clean only under the test's own rule options (an allow list, a check turned off)";
      cases.push({ id: `secretlint:${pkg}:${name}`, peer: 'secretlint', rule, text, ...(fileName !== 'input' && fileName !== 'input.txt' ? { path: fileName } : {}), label, ...(excluded ? { excluded } : {}) });
    }
  }
  return { cases, notes };
}
