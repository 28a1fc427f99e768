// Cases from trufflehog: the pattern tests of its detectors (`pkg/detectors/**/*_test.go`, the `Test…_Pattern`
// tables of an input text and the results the detector wants), read as Go source and never run. An input whose
// detector wants a result is a secret. An input that wants none is clean only when it holds no credential by our
// definition (see `credentialShapeIn`): trufflehog's "invalid pattern" inputs are mostly credential assignments
// whose value has a wrong length or character, which a privacy gate is right to flag; those stay in the suite,
// excluded with the reason. The rule of a case (and so its split) is the detector's top folder, so the versions of
// one detector (`v1`, `v2`) share a split.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { GoEvaluator, GoStr, goFunctions, goPackageVars, goStatements, tokenizeGo } from './goSource.mjs';
import { credentialShapeIn, isFiller, looksRandom, placeholderPositive } from './trufflehogLabels.mjs';

const INPUT_FIELDS = new Set(['input', 'data', 'text', 'payload', 'content']);

function testFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir).sort()) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...testFiles(full));
    else if (entry.endsWith('_test.go') && !/integ\w*_test\.go$/.test(entry)) out.push(full);
  }
  return out;
}

const OPENERS = new Set(['(', '[', '{']);
const CLOSERS = new Set([')', ']', '}']);
const isP = (tok, v) => tok?.t === 'p' && tok.v === v;

/** The token ranges of the top-level `{…}` elements of the composite literal whose `{` is at `open`. */
function elements(tokens, open) {
  const out = [];
  let depth = 0;
  let start = -1;
  for (let k = open; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.t === 'p' && OPENERS.has(t.v)) {
      depth++;
      if (depth === 2 && t.v === '{') start = k;
    } else if (t.t === 'p' && CLOSERS.has(t.v)) {
      depth--;
      if (depth === 1 && start >= 0) { out.push(tokens.slice(start + 1, k)); start = -1; }
      if (depth === 0) break;
    }
  }
  return out;
}

/** `field: expr` pairs at the top level of one struct element (newlines dropped). */
function fields(element) {
  const toks = element.filter(t => t.t !== 'nl');
  const out = new Map();
  let depth = 0;
  let name;
  let from = 0;
  for (let k = 0; k <= toks.length; k++) {
    const t = toks[k];
    if (t && t.t === 'p' && OPENERS.has(t.v)) depth++;
    else if (t && t.t === 'p' && CLOSERS.has(t.v)) depth--;
    if (depth === 0 && name === undefined && t?.t === 'id' && isP(toks[k + 1], ':')) { name = t.v; from = k + 2; k++; continue; }
    if (depth === 0 && (k === toks.length || isP(t, ','))) {
      if (name !== undefined) out.set(name, toks.slice(from, k));
      name = undefined;
    }
  }
  return out;
}

/** How many results a `want`-like expression asks for, or undefined when it cannot be told. */
function wantedCount(toks, ev) {
  if (toks.length === 1 && toks[0].v === 'nil') return 0;
  if (toks.length === 1 && toks[0].t === 'num') return Number(toks[0].v);
  if (toks.length === 1 && (toks[0].v === 'true' || toks[0].v === 'false')) return toks[0].v === 'true' ? 1 : 0;
  if (toks.length === 1 && toks[0].t === 'id') {
    const v = ev.vars.get(toks[0].v);
    return Array.isArray(v) ? v.length : undefined;
  }
  const open = toks.findIndex(t => isP(t, '{'));
  if (open < 0 || !isP(toks[0], '[')) return undefined;
  let depth = 0;
  let count = 0;
  let pending = false;
  for (let k = open; k < toks.length; k++) {
    const t = toks[k];
    if (t.t === 'p' && OPENERS.has(t.v)) { depth++; if (depth === 1) continue; }
    if (t.t === 'p' && CLOSERS.has(t.v)) { depth--; if (depth === 0) break; }
    if (depth === 1 && isP(t, ',')) { if (pending) count++; pending = false; continue; }
    pending = true;
  }
  return count + (pending ? 1 : 0);
}

/** The wanted result strings, when the `want` expression is a list of strings. */
function wantedStrings(toks, ev) {
  try {
    const v = ev.expr(toks, 0).value;
    return Array.isArray(v) ? v.filter(x => x instanceof GoStr).map(x => x.s) : [];
  } catch {
    return [];
  }
}

/** Raw table rows of one detector test file: [{fn, name, text, wants, wanted}] and what could not be read. */
export function patternRows(file, src) {
  const tokens = tokenizeGo(src);
  const helpers = { newSecret: () => { throw new Error('no generator'); }, sampleSecrets: () => [], sampleSecret: () => '' };
  const shared = new GoEvaluator(helpers);
  shared.run(goPackageVars(tokens, { consts: true }));
  const rows = [];
  const problems = [];
  for (const fn of goFunctions(tokens).filter(f => /^Test\w*_Pattern/.test(f.name))) {
    const ev = new GoEvaluator(helpers, new Map(shared.vars));
    const stmts = goStatements(fn.body);
    const at = stmts.findIndex(s => s[0]?.v === 'tests' && (isP(s[1], ':=') || isP(s[1], '=')));
    if (at < 0) { problems.push(`${file} ${fn.name}: no tests table`); continue; }
    ev.run(stmts.slice(0, at));
    const table = stmts[at];
    const structAt = table.findIndex(t => t.v === 'struct');
    let open = structAt + 1;
    while (open < table.length && !isP(table[open], '{')) open++;
    // skip the struct type's field list to the table's own `{`
    let depth = 0;
    let k = open;
    for (; k < table.length; k++) {
      if (isP(table[k], '{')) depth++;
      if (isP(table[k], '}')) { depth--; if (depth === 0) break; }
    }
    while (k < table.length && !isP(table[k], '{')) k++;
    elements(table, k).forEach((element, index) => {
      const f = fields(element);
      const name = f.has('name') ? wantedStrings([{ t: 'p', v: '[' }, { t: 'p', v: ']' }, { t: 'id', v: 'string' }, { t: 'p', v: '{' }, ...f.get('name'), { t: 'p', v: '}' }], ev)[0] ?? '' : '';
      const inputKey = [...f.keys()].find(x => INPUT_FIELDS.has(x));
      const wantKey = ['want', 'shouldMatch', 'wantCount', 'wantMatched'].find(x => f.has(x));
      if (!inputKey) { problems.push(`${file} ${fn.name} #${index}: no input field`); return; }
      let text;
      try {
        const v = ev.expr(f.get(inputKey), 0).value;
        if (!(v instanceof GoStr)) throw new Error('input is not a string');
        text = v.s;
      } catch (e) {
        problems.push(`${file} ${fn.name} #${index} "${name}": input not evaluated (${e.message})`);
        return;
      }
      // An omitted field is Go's zero value: no result wanted.
      const wants = wantKey ? wantedCount(f.get(wantKey), ev) : 0;
      if (wants === undefined) { problems.push(`${file} ${fn.name} #${index} "${name}": want not evaluated`); return; }
      rows.push({ fn: fn.name, name, text, wants, wanted: wantKey === 'want' ? wantedStrings(f.get(wantKey), ev) : [] });
    });
  }
  return { rows, problems };
}

// Value-like runs only (random or filler), so shared words and host names do not tie two cases together.
const longRuns = text => text.split(/[^A-Za-z0-9]+/).filter(run => run.length >= 12 && (looksRandom(run) || isFiller(run)));

export function trufflehogCases(trufflehogDir) {
  const root = join(trufflehogDir, 'pkg', 'detectors');
  const cases = [];
  const problems = [];
  const seen = new Set();
  const positiveRuns = new Map();
  const counters = new Map();
  let duplicates = 0;
  for (const file of testFiles(root)) {
    const rel = relative(root, file).split('\\').join('/');
    if (!rel.includes('/')) continue; // shared helpers of the detectors package, not a detector
    const rule = rel.split('/')[0];
    const read = patternRows(rel, readFileSync(file, 'utf8'));
    problems.push(...read.problems);
    // What the detector's own positives want reported, and the long runs of their texts: a clean input holding one
    // of them holds the same credential (the versions of one detector, v1 and v2, can disagree on a value).
    const wantedValues = read.rows.flatMap(r => r.wanted);
    if (!positiveRuns.has(rule)) positiveRuns.set(rule, []);
    for (const r of read.rows.filter(x => x.wants > 0)) positiveRuns.get(rule).push(...longRuns(r.text));
    for (const row of read.rows) {
      const label = row.wants > 0 ? 'secret' : 'clean';
      const key = `${rule}\u0000${row.text}\u0000${label}`;
      if (seen.has(key)) { duplicates++; continue; }
      seen.add(key);
      const n = (counters.get(rule) ?? 0) + 1;
      counters.set(rule, n);
      const excluded = label === 'secret' ? placeholderPositive(row.text, row.wanted)
        : credentialShapeIn(row.text, wantedValues) ?? (longRuns(row.text).some(run => positiveRuns.get(rule)?.includes(run))
          ? "holds the same value as one of the detector's positives (another version of the detector, or another context, reports it)" : undefined);
      cases.push({
        id: `trufflehog:${rule}:${n}`, peer: 'trufflehog', rule, name: row.name, text: row.text, label,
        ...(excluded ? { excluded } : {}),
      });
    }
  }
  return { cases, notes: { detectorFolders: counters.size, duplicates, problems } };
}
