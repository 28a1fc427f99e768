import type { FindingKind } from '../types';

/**
 * Public format prefixes: printed by every issuer on every token of the kind, so they say what the value is
 * without revealing any of it. Longest first, so `sk-proj-` wins over `sk-`.
 */
const PUBLIC_PREFIXES: readonly string[] = [
  'ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_', 'glpat-', 'npm_', 'pypi-', 'xoxb-', 'xoxp-', 'xoxa-', 'xoxr-',
  'xoxs-', 'sk_live_', 'rk_live_', 'sk-proj-', 'sk-ant-', 'sk-', 'hf_', 'hvs.', 'hvb.', 'AKIA', 'ASIA', 'AIza', 'SG.',
  'dop_v1_', 'shpat_', 'lin_api_', 'PMAK-', 'glc_', 'glsa_', 'NRAK-', 'GOCSPX-', 'eyJ', '-----BEGIN',
].slice().sort((a, b) => b.length - a.length);

/** The public prefix `value` starts with, or '' when it starts with none (then nothing of it may be shown). */
export function publicPrefix(value: string): string {
  return PUBLIC_PREFIXES.find(prefix => value.startsWith(prefix)) ?? '';
}

/**
 * The part of a prefix that is printed: at most 7 characters, so no 8-character piece of a value (the unit the
 * leak tests check) is ever echoed, even a public one; a PEM header shows its dashes only.
 */
function shown(prefix: string): string {
  return prefix === '-----BEGIN' ? '-----' : prefix.slice(0, MAX_SHOWN);
}

const MAX_SHOWN = 7;

/**
 * Masked preview of a sensitive value: a known public format prefix at most (`ghp_…(40 chars)`), never a
 * character of the secret part. Values without such a prefix (passwords, keys, PII) show only their length.
 */
export function maskPreview(value: string, kind: FindingKind): string {
  const length = [...value].length;
  const prefix = kind === 'pii' ? '' : publicPrefix(value);
  // A value that is little more than its prefix would be recognisable by length alone: show nothing then either.
  if (prefix === '' || length < prefix.length + 8) {
    return `****(${length} chars)`;
  }
  return `${shown(prefix)}…(${length} chars)`;
}
