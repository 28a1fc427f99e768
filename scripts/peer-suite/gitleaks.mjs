// Cases from gitleaks: every rule's true- and false-positive examples from its Go rule file, plus samples generated
// from the rule's published regex and placed in the sample syntaxes. Generated samples are kept only when the
// rule (ported to JavaScript, with its entropy, keywords and allowlists) reports them, so the label is the peer's.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GoEvaluator, GoStr, flattenExamples, goFunctions, goPackageVars, goStatements, tokenizeGo } from './goSource.mjs';
import { generateFrom, seededRandom } from './goRegex.mjs';
import { captureGroupSource, loadGitleaksRules } from './gitleaksRules.mjs';
import { sampleSecret, sampleSecrets } from './samples.mjs';

function ruleIdOf(body) {
  for (let i = 0; i + 2 < body.length; i++) {
    if (body[i].v === 'RuleID' && (body[i + 1].v === ':' || body[i + 1].v === '=') && body[i + 2].t === 'str') return body[i + 2].v;
  }
  return undefined;
}

/** Splits the argument tokens of the call starting at `open` (a `(`) at top-level commas. */
function callArgs(tokens, open) {
  const args = [];
  let cur = [];
  let depth = 0;
  for (let k = open; k < tokens.length; k++) {
    const v = tokens[k].t === 'p' ? tokens[k].v : '';
    if (v === '(' || v === '[' || v === '{') { depth++; if (depth === 1) continue; }
    if (v === ')' || v === ']' || v === '}') { depth--; if (depth === 0) break; }
    if (depth === 1 && v === ',') { args.push(cur); cur = []; continue; }
    cur.push(tokens[k]);
  }
  if (cur.length) args.push(cur);
  return args;
}

/** Examples read from the Go rule files: [{rule, kind: 'tp'|'fp', text, path?, generated}] and what failed. */
function goExamples(gitleaksDir, random) {
  const dir = join(gitleaksDir, 'cmd', 'generate', 'config', 'rules');
  const helpers = {
    newSecret: re => generateFrom(re, random),
    sampleSecrets: (i, s) => sampleSecrets(i.s, s.s).map(x => new GoStr(x.text, s.generated, x.syntax)),
    sampleSecret: (i, s) => new GoStr(sampleSecret(i.s, s.s), s.generated),
  };
  const examples = [];
  const problems = [];
  for (const file of readdirSync(dir).filter(f => f.endsWith('.go')).sort()) {
    const tokens = tokenizeGo(readFileSync(join(dir, file), 'utf8'));
    const shared = new GoEvaluator(helpers);
    shared.run(goPackageVars(tokens));
    for (const fn of goFunctions(tokens)) {
      const at = fn.body.findIndex((t, k) => (t.v === 'Validate' || t.v === 'ValidateWithPaths') && fn.body[k - 1]?.v === '.');
      const rule = ruleIdOf(fn.body);
      if (at < 0 || !rule) continue;
      const ev = new GoEvaluator(helpers, new Map(shared.vars));
      ev.run(goStatements(fn.body.slice(0, at)));
      const [, tps, fps] = callArgs(fn.body, at + 1);
      for (const [kind, toks] of [['tp', tps], ['fp', fps]]) {
        if (!toks?.length) continue;
        try {
          for (const ex of flattenExamples(ev.expr(toks, 0).value)) examples.push({ rule, kind, ...ex });
        } catch (e) {
          problems.push(`${file} ${rule} ${kind}: ${e.message}`);
        }
        for (const skipped of ev.skippedElements.splice(0)) problems.push(`${file} ${rule} ${kind}: one element left out (${skipped})`);
      }
    }
  }
  return { examples, problems };
}

export function gitleaksCases(gitleaksDir) {
  const random = seededRandom('gitleaks-peer-suite');
  const { rules, notPortable } = loadGitleaksRules(gitleaksDir);
  const { examples, problems } = goExamples(gitleaksDir, random);
  const cases = [];
  const dropped = [];
  const counters = new Map();
  const add = (rule, label, origin, text, { path, excluded, syntax } = {}) => {
    const n = (counters.get(`${rule}:${origin}`) ?? 0) + 1;
    counters.set(`${rule}:${origin}`, n);
    cases.push({
      id: `gitleaks:${rule}:${origin}:${n}`, peer: 'gitleaks', rule, text, ...(path ? { path } : {}), ...(syntax ? { syntax } : {}), label, ...(excluded ? { excluded } : {}),
    });
  };
  for (const ex of examples) {
    const detector = rules.get(ex.rule);
    if (ex.kind === 'tp') {
      if (ex.generated && detector && detector.detect(ex.text, ex.path) === false) { dropped.push(`${ex.rule}: generated example not reported by the rule`); continue; }
      add(ex.rule, 'secret', ex.generated ? 'example-generated' : 'example', ex.text, { path: ex.path, syntax: ex.syntax });
    } else {
      const others = [...rules.values()].filter(r => r.id !== ex.rule && r.detect(ex.text, ex.path) === true).map(r => r.id);
      const excluded = others.length ? `reported by gitleaks rule ${others.join(', ')} (a false positive only for ${ex.rule})` : undefined;
      add(ex.rule, 'clean', 'fp', ex.text, { path: ex.path, excluded });
    }
  }
  for (const rule of rules.values()) {
    if (!rule.regex) continue;
    const group = captureGroupSource(rule.regex, rule.secretGroup || 1);
    const identifier = (rule.keywords[0] ?? rule.id).replace(/[^a-z0-9]+/gi, '_').replace(/^_|_$/g, '') || 'service';
    let kept = 0;
    if (group) {
      for (const sample of sampleSecrets(identifier, generateFrom(group, random))) {
        if (rule.detect(sample.text) === true) { add(rule.id, 'secret', 'regex', sample.text, { syntax: sample.syntax }); kept++; }
      }
    }
    if (!kept) {
      const whole = generateFrom(rule.regex, random).replace(/^\s+|\s+$/g, '');
      if (rule.detect(whole) === true) { add(rule.id, 'secret', 'regex-whole', whole); kept++; }
    }
    if (!kept) dropped.push(`${rule.id}: no generated sample the rule reports`);
  }
  const rulesWithCases = new Set(cases.map(c => c.rule));
  const missingRules = [...rules.keys()].filter(id => !rulesWithCases.has(id));
  return { cases, notes: { ruleCount: rules.size, notPortable, problems, dropped, missingRules } };
}
