// gitleaks' published rules (config/gitleaks.toml) as JavaScript detectors: regex, keywords, secret group,
// entropy threshold, path, rule and global allowlists. Used to check that a generated sample is one gitleaks
// itself reports, and whether a documented false-positive example is reported by some other gitleaks rule.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { compileGo, shannonEntropy } from './goRegex.mjs';

function compileAllowlist(a) {
  return {
    condition: (a.condition ?? 'OR').toUpperCase(),
    target: a.regexTarget ?? 'secret',
    regexes: (a.regexes ?? []).map(r => compileGo(r)).filter(Boolean),
    paths: (a.paths ?? []).map(r => compileGo(r)).filter(Boolean),
    stopwords: (a.stopwords ?? []).map(s => s.toLowerCase()),
  };
}

function allowed(list, finding, path) {
  const subject = list.target === 'match' ? finding.match : list.target === 'line' ? finding.line : finding.secret;
  const checks = [];
  if (list.regexes.length) checks.push(list.regexes.some(r => r.test(subject)));
  if (list.paths.length) checks.push(path !== undefined && list.paths.some(r => r.test(path)));
  if (list.stopwords.length) checks.push(list.stopwords.some(w => finding.secret.toLowerCase().includes(w)));
  if (!checks.length) return false;
  return list.condition === 'AND' ? checks.every(Boolean) : checks.some(Boolean);
}

/** Loads the rules; `rules` maps id to {id, regex (Go source), detect(text, path)} and lists what JS cannot express. */
export function loadGitleaksRules(gitleaksDir) {
  const config = parse(readFileSync(join(gitleaksDir, 'config', 'gitleaks.toml'), 'utf8'));
  const globals = [config.allowlist, ...(config.allowlists ?? [])].filter(Boolean).map(compileAllowlist);
  const rules = new Map();
  const notPortable = [];
  for (const rule of config.rules) {
    const regex = rule.regex ? compileGo(rule.regex, 'g') : undefined;
    const pathRe = rule.path ? compileGo(rule.path) : undefined;
    if ((rule.regex && !regex) || (rule.path && !pathRe)) notPortable.push(rule.id);
    const keywords = (rule.keywords ?? []).map(k => k.toLowerCase());
    const ruleAllow = (rule.allowlists ?? []).map(compileAllowlist);
    const detect = (text, path) => {
      if (pathRe && !(path !== undefined && pathRe.test(path))) return false;
      if (!rule.regex) return Boolean(pathRe);
      if (!regex) return undefined;
      const lower = text.toLowerCase();
      if (keywords.length && !keywords.some(k => lower.includes(k))) return false;
      for (const m of text.matchAll(regex)) {
        const match = m[0].replace(/^\n+|\n+$/g, '');
        const groups = match.match(new RegExp(regex.source, regex.flags.replace('g', '')));
        let secret = match;
        if (groups && groups.length >= 2) {
          secret = rule.secretGroup ? groups[rule.secretGroup] ?? '' : groups.slice(1).find(g => g) ?? match;
        }
        if (rule.entropy && shannonEntropy(secret) <= rule.entropy) continue;
        const lineStart = text.lastIndexOf('\n', m.index) + 1;
        const lineEnd = text.indexOf('\n', m.index + m[0].length);
        const line = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd);
        if (line.includes('gitleaks:allow')) continue;
        const finding = { secret, match, line };
        if ([...globals, ...ruleAllow].some(list => allowed(list, finding, path))) continue;
        return true;
      }
      return false;
    };
    rules.set(rule.id, { id: rule.id, regex: rule.regex, secretGroup: rule.secretGroup ?? 0, keywords, path: rule.path, detect });
  }
  return { rules, notPortable };
}

/** The source of capturing group `n` (1-based) of a Go pattern, or undefined. */
export function captureGroupSource(pattern, n) {
  let count = 0;
  const stack = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') { i++; continue; }
    if (c === '[') {
      i++;
      if (pattern[i] === '^') i++;
      if (pattern[i] === ']') i++;
      for (; i < pattern.length && pattern[i] !== ']'; i++) {
        if (pattern[i] === '\\') i++;
        else if (pattern.startsWith('[:', i)) i = pattern.indexOf(':]', i) + 1;
      }
      continue;
    }
    if (c === '(') {
      const capturing = pattern[i + 1] !== '?' || pattern.startsWith('(?P<', i) || pattern.startsWith('(?<', i);
      if (capturing) count++;
      stack.push({ start: i, index: capturing ? count : 0 });
    } else if (c === ')') {
      const open = stack.pop();
      if (open?.index === n) {
        const inner = pattern.slice(open.start + 1, i);
        return inner.replace(/^\?P?<\w+>/, '');
      }
    }
  }
  return undefined;
}
