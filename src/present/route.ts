/**
 * The route of one request in words: the progress line before an answer and the route line after it. One format
 * for chat, documents, the tree and the CLI. Pure functions over router records: nothing here sees prompt text
 * (decisions carry rule ids, positions and masked previews only).
 */
import type { AgentResponse, RedactionSummary, ServedPath, Target } from '../router/types';
import { truncate } from './text';

/** The provider a request is about to use, as the progress line names it. */
export interface RouteTarget {
  readonly target: Target;
  readonly model: string;
  readonly isDemo: boolean;
}

/** The reason sentence without its lead ("Kept on this device: …") and final period, for a short line. */
export function reasonPhrase(reason: string, maxLength = 100): string {
  const lead = /^(Kept on this device|Stays on this device|Goes to the cloud):\s*/;
  return truncate(reason.replace(lead, '').replace(/\.$/, ''), maxLength);
}

/**
 * "→ local · phi-4-mini · a GitHub token in the selection (line 3)"; "↪ fallback → cloud · …" for the second side;
 * notes a sticky conversation and "(demo)".
 */
export function progressLine(
  to: RouteTarget & { readonly isFallback?: boolean; readonly reason?: string; readonly redaction?: RedactionSummary }, stickyRestricted = false,
): string {
  const parts = [`${to.isFallback ? '↪ fallback → ' : '→ '}${to.target}`, modelName(to.model, to.isDemo)];
  if (to.isFallback) {
    parts.push(`the ${to.target === 'cloud' ? 'local' : 'cloud'} model failed`);
  } else if (to.redaction && to.target === 'cloud') {
    parts.push(redactionPhrase(to.redaction));
  } else if (to.reason) {
    parts.push(reasonPhrase(to.reason));
  }
  if (stickyRestricted && !to.isFallback) { parts.push('this conversation carried a secret earlier, so it stays local (start a new chat to reset)'); }
  return parts.join(' · ');
}

/** "2 secrets redacted (github-token, postgres-password)": counts and rule ids, never a value or a placeholder's. */
export function redactionPhrase(redaction: RedactionSummary): string {
  const rules = redaction.rules.slice(0, 3).join(', ') + (redaction.rules.length > 3 ? ', …' : '');
  return `${redaction.count} secret${redaction.count === 1 ? '' : 's'} redacted${rules ? ` (${rules})` : ''}`;
}

/**
 * The one-sentence why of an answer: the fallback when there was one (it is what happened), else the decision's
 * reason, which already names the secret kind and place, a sticky restriction, a refused override or the budget.
 */
export function routeReason(response: Pick<AgentResponse, 'path' | 'fallbackReason' | 'decision'>): string {
  const reason = response.decision.reason.trim().replace(/\.$/, '');
  if (response.path === 'local_fallback' || response.path === 'cloud_fallback') {
    const failed = response.path === 'local_fallback' ? 'cloud' : 'local';
    return `The ${failed} model failed${response.fallbackReason ? ` (${response.fallbackReason.replace(/\.$/, '')})` : ''}, so the ${failed === 'cloud' ? 'local' : 'cloud'} model answered. Decided: ${reason}.`;
  }
  return `${reason}.`;
}

/** "local · phi-4-mini", "cloud (2 secrets redacted) · gpt-4o" — where an answer came from. */
export function routeHead(response: Pick<AgentResponse, 'path' | 'model'> & { readonly decision?: Pick<AgentResponse['decision'], 'redaction'> }, isDemo: boolean): string {
  const redaction = response.path === 'cloud' || response.path === 'cloud_fallback' ? response.decision?.redaction : undefined;
  const redacted = redaction ? `${redaction.count} secret${redaction.count === 1 ? '' : 's'} redacted` : '';
  const where = !redaction ? pathLabel(response.path)
    : response.path === 'cloud' ? `cloud (${redacted})` : `cloud (fallback: local failed; ${redacted})`;
  return `${where} · ${modelName(response.model, isDemo)}`;
}

/** "158 ms · 147→28 tokens · $0 (local)" — what the answer cost. */
export function usageLine(response: Pick<AgentResponse, 'latencyMs' | 'promptTokens' | 'completionTokens' | 'costUsd' | 'path'>): string {
  return [formatLatency(response.latencyMs), `${response.promptTokens}→${response.completionTokens} tokens`, formatCost(response.costUsd, response.path)].join(' · ');
}

/** The one footer format: "local · phi-4-mini · 1.2 s · 340→120 tokens · $0 (local)". */
export function footerLine(response: Omit<AgentResponse, 'answer'>, isDemo: boolean): string {
  return `${routeHead(response, isDemo)} · ${usageLine(response)}`;
}

/** Footer plus the why, for surfaces that show one line per answer (CLI, documents). */
export function routeLine(response: Omit<AgentResponse, 'answer'>, isDemo: boolean): string {
  return `${footerLine(response, isDemo)} — ${routeReason(response)}`;
}

export function modelName(model: string, isDemo: boolean): string {
  return isDemo && !/\(demo\)$/.test(model) ? `${model} (demo)` : model;
}

export function pathLabel(path: ServedPath): string {
  switch (path) {
    case 'local': return 'local';
    case 'cloud': return 'cloud';
    case 'local_fallback': return 'local (fallback: cloud failed)';
    case 'cloud_fallback': return 'cloud (fallback: local failed)';
  }
}

export function formatLatency(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** Local is free; cloud cost is an estimate from the price table and says so. */
export function formatCost(usd: number, path: ServedPath): string {
  if (usd <= 0 && (path === 'local' || path === 'local_fallback')) { return '$0 (local)'; }
  return `~$${usd < 0.01 ? usd.toFixed(4) : usd.toFixed(2)} (estimate)`;
}
