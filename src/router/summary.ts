import { truncate } from './truncate';
import { restrictingFindings, type Finding } from './types';

/** Longest label the tree view shows for a request. */
export const SUMMARY_MAX_CHARS = 60;

// Defence in depth behind the privacy gate: even in a prompt with no finding, hide anything token-shaped,
// long digit runs (card or account numbers) and the value of credential-looking assignments.
const LONG_TOKEN = /[A-Za-z0-9+/_-]{16,}={0,2}/g;
const DIGIT_RUN = /\d(?:[ -]?\d){8,}/g;
const CREDENTIAL_ASSIGNMENT = /\b(pass(?:word|wd)?|pwd|secret|token|api[_-]?key|access[_-]?key)(\s*(?:[:=]|\bis\b)\s*)\S+/gi;

/** Masks token-shaped text in a short piece of prompt. */
export function maskTokens(text: string): string {
  return text
    .replace(CREDENTIAL_ASSIGNMENT, (_m, name: string, sep: string) => `${name}${sep}***`)
    .replace(LONG_TOKEN, '***')
    .replace(DIGIT_RUN, '***');
}

/**
 * A short label (≤ 60 chars) for the tree view and log: the prompt's first words, or — when the prompt itself
 * carries a finding, or any part carries a secret or PII value — only the number of findings and where they are.
 * A prompt may repeat a value found elsewhere (a password from an earlier turn, pasted again without its key) where
 * no rule sees it, so its words are shown beside a value found elsewhere never; beside a marker or a sensitive file
 * name only. Other sources' content is never shown at all (only their names).
 */
export function summarizePrompt(prompt: string, findings: readonly Finding[], referenceNames: readonly string[] = []): string {
  findings = restrictingFindings(findings);
  const hidesWords = findings.some(f => f.source === 'prompt' || f.kind === 'secret' || f.kind === 'pii');
  if (hidesWords) {
    const sources = [...new Set(findings.map(f => f.source))];
    const count = `${findings.length} finding${findings.length === 1 ? '' : 's'}`;
    return truncate(`[restricted] ${count} · ${sources.join(', ')}`, SUMMARY_MAX_CHARS);
  }
  const prefix = findings.length > 0 ? '[restricted] ' : '';
  const words = maskTokens(prompt.replace(/\s+/g, ' ').trim());
  if (words) {
    return truncate(prefix + words, SUMMARY_MAX_CHARS);
  }
  const attached = referenceNames.length > 0 ? referenceNames.join(', ') : 'nothing attached';
  return truncate(`${prefix}(no prompt) · ${attached}`, SUMMARY_MAX_CHARS);
}

/** A label for a request that was refused before it was scanned (binary or oversized input): no prompt words. */
export function summarizeUnscanned(what: string, sources: readonly string[]): string {
  return truncate(`[not sent] ${what}${sources.length ? ' · ' + sources.join(', ') : ''}`, SUMMARY_MAX_CHARS);
}


/**
 * A label for an agent turn that continues after tool results: which turn, and whose results it carries (tool
 * names only), marked restricted when anything was found.
 */
export function summarizeAgentTurn(findings: readonly Finding[], agent: { readonly turn: number; readonly toolResults: readonly string[] }): string {
  const prefix = restrictingFindings(findings).length > 0 ? '[restricted] ' : '';
  const results = [...new Set(agent.toolResults)];
  return truncate(`${prefix}agent turn ${agent.turn} · ${results.join(', ') || 'tool'} results`, SUMMARY_MAX_CHARS);
}
