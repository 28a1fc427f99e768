#!/usr/bin/env node
// Builds src/router/privacy/providerNames.json: the names of services whose API takes a key, as public secret
// scanners list them, for the credential lexicon (a provider's name used as the name of a key/value pair):
//   node scripts/provider-names/generate.mjs <trufflehog> <gitleaks> [<word list>]
// Sources: the `Keywords()` of trufflehog's detectors (pkg/detectors/**/*.go) and the `keywords` of gitleaks'
// config/gitleaks.toml. Only the names are taken, never code. A keyword is a provider name when it is one
// lower-case word of 4 to 30 letters and digits (token prefixes such as `ghp_`, `AKIA` and host names are not), part of
// its detector's folder name or its rule id (`cloudsmith` of detector `cloudsmith`, `railway` of `railwayapp`; not the
// `dapi` prefix of `databrickstoken` nor the `akia` of `aws-access-token`), and not an English word (the word list, default /usr/share/dict/words from Debian's wamerican): `stripe`, `segment`,
// `database` or `checkout` name other things in code far more often than a service.
// For each trufflehog name, the shapes its detector's own patterns give the key that the lexicon otherwise takes
// for an id or a hash are kept with it: `h40` (40 hex digits), `u` (a UUID).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const [trufflehogDir, gitleaksDir, wordList = '/usr/share/dict/words'] = process.argv.slice(2).map(p => resolve(p));
if (!trufflehogDir || !gitleaksDir) {
  console.error('usage: node scripts/provider-names/generate.mjs <trufflehog> <gitleaks> [<word list>]');
  process.exit(2);
}

const PROVIDER_NAME = /^[a-z][a-z0-9]{3,29}$/;
const englishWords = new Set(readFileSync(wordList, 'utf8').split('\n').map(w => w.trim().toLowerCase()));

function goFiles(dir) {
  return readdirSync(dir).flatMap(f => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? goFiles(p) : p.endsWith('.go') && !p.endsWith('_test.go') ? [p] : [];
  });
}

/** Key shapes a detector's patterns accept that look like an id or a hash elsewhere: hex runs by length, UUIDs. */
function hashShapes(source) {
  const shapes = new Set();
  const HEX_CLASS = String.raw`\[(?:0-9a-f|a-f0-9|0-9a-fA-F|a-fA-F0-9|0-9A-Fa-f|A-Fa-f0-9|0-9A-F|A-F0-9)\]`;
  for (const m of source.matchAll(new RegExp(`${HEX_CLASS}\\{(\\d+)\\}`, 'g'))) {
    if (['32', '40', '64'].includes(m[1])) {
      shapes.add(`h${m[1]}`);
    }
  }
  if (new RegExp(`${HEX_CLASS}\\{8\\}-${HEX_CLASS}\\{4\\}-`).test(source)) {
    shapes.add('u');
  }
  return [...shapes].sort();
}

/** The checkout's commit, else TRUFFLEHOG_COMMIT / GITLEAKS_COMMIT (an exported tree without .git). */
function commitOf(dir, peer) {
  try {
    return execFileSync('git', ['-C', dir, 'rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return process.env[`${peer.toUpperCase()}_COMMIT`] ?? 'unknown';
  }
}

const names = new Map();
const keep = (keyword, owner, shapes) => {
  const ownerName = owner.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (PROVIDER_NAME.test(keyword) && !englishWords.has(keyword) && ownerName.includes(keyword)) {
    names.set(keyword, [...new Set([...(names.get(keyword) ?? []), ...shapes])].sort());
  }
};
const detectorDir = join(trufflehogDir, 'pkg', 'detectors');
for (const file of goFiles(detectorDir)) {
  const source = readFileSync(file, 'utf8');
  const keywords = /\)\s*Keywords\(\)\s*\[\]string\s*\{\s*return\s*\[\]string\{([^}]*)\}/.exec(source);
  const detector = relative(detectorDir, file).split(sep)[0];
  for (const k of keywords?.[1].matchAll(/"([^"]*)"/g) ?? []) {
    keep(k[1], detector, hashShapes(source));
  }
}
const toml = readFileSync(join(gitleaksDir, 'config', 'gitleaks.toml'), 'utf8');
for (const rule of toml.split(/^\[\[rules\]\]/m).slice(1)) {
  const id = /^id\s*=\s*"([^"]*)"/m.exec(rule)?.[1] ?? '';
  for (const k of /^keywords\s*=\s*\[([^\]]*)\]/m.exec(rule)?.[1].matchAll(/"([^"]*)"/g) ?? []) {
    keep(k[1], id, []);
  }
}

const entries = [...names].sort(([a], [b]) => a.localeCompare(b)).map(([name, shapes]) => (shapes.length ? `${name}:${shapes.join(',')}` : name));
const out = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'router', 'privacy', 'providerNames.json');
const data = { source: { trufflehog: commitOf(trufflehogDir, 'trufflehog'), gitleaks: commitOf(gitleaksDir, 'gitleaks') }, names: entries };
writeFileSync(out, JSON.stringify(data, null, 0).replace(/","/g, '",\n"') + '\n');
console.log(`${entries.length} provider names (${entries.filter(e => e.includes(':')).length} with hash-shaped keys) -> ${out}`);
