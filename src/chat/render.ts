/**
 * Text every surface shows about a route: the progress line before an answer, the footer after it, the decision as
 * markdown, errors as markdown. Pure functions over router records, so chat, documents and the tree say the same
 * thing. Nothing here sees prompt text: decisions carry rule ids, positions and masked previews only.
 */
import type { AgentResponse, Finding, FindingKind, HybridError, RoutingDecision, ServedPath, Target } from '../router/types';

/** The provider a request is about to use, as the progress line names it. */
export interface RouteTarget {
  readonly target: Target;
  readonly model: string;
  readonly isDemo: boolean;
}

const KIND_WORDS: Record<FindingKind, string> = {
  secret: 'secret',
  pii: 'personal data',
  'sensitive-file': 'sensitive file',
  marker: 'confidentiality marker',
};

/** The reason sentence without its lead ("Kept on this device: …") and final period, trimmed for one line. */
export function reasonPhrase(reason: string, maxLength = 100): string {
  const lead = /^(Kept on this device|Stays on this device|Goes to the cloud):\s*/;
  return truncate(reason.replace(lead, '').replace(/\.$/, ''), maxLength);
}

/**
 * "→ local · phi-4-mini · a GitHub token in the selection (line 3)"; "↪ fallback → cloud · …" for the second side;
 * notes a sticky conversation and "(demo)".
 */
export function progressLine(to: RouteTarget & { readonly isFallback?: boolean; readonly reason?: string }, stickyRestricted = false): string {
  const parts = [`${to.isFallback ? '↪ fallback → ' : '→ '}${to.target}`, to.model + (to.isDemo ? ' (demo)' : '')];
  if (to.isFallback) {
    parts.push(`the ${to.target === 'cloud' ? 'local' : 'cloud'} model failed`);
  } else if (to.reason) {
    parts.push(reasonPhrase(to.reason));
  }
  if (stickyRestricted && !to.isFallback) { parts.push('this conversation carried a secret earlier, so it stays local (start a new chat to reset)'); }
  return parts.join(' · ');
}

/** "local · phi-4-mini · 1.2 s · 340→120 tokens · $0 · fallback: …" — one line after the answer. */
export function footerLine(response: Omit<AgentResponse, 'answer'>, isDemo: boolean): string {
  const parts = [
    pathLabel(response.path),
    response.model + (isDemo ? ' (demo)' : ''),
    formatLatency(response.latencyMs),
    `${response.promptTokens}→${response.completionTokens} tokens`,
    formatCost(response.costUsd, response.path),
  ];
  if (response.fallbackReason) { parts.push(`fallback: ${response.fallbackReason}`); }
  return parts.join(' · ');
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

/** One finding as a line: `github-token @ selection:3:7 ghp_****…(40 chars)` — never the value. */
export function findingLine(f: Finding): string {
  return `${f.rule} @ ${f.source}:${f.line}:${f.column} ${f.preview}`;
}

/** The whole decision as markdown (for /explain, Classify selection and documents). */
export function decisionMarkdown(decision: RoutingDecision, heading = 'Routing decision'): string {
  const lines = [
    `### ${heading}: **${decision.target}**`,
    '',
    `${escapeMarkdown(decision.reason)}`,
    '',
    `| | |`,
    `|---|---|`,
    `| Target | ${decision.target} |`,
    `| Privacy | ${decision.privacy} |`,
    `| Complexity | ${decision.complexity} |`,
    `| Confidence | ${decision.confidence.toFixed(2)} |`,
    `| Decided by | ${decision.stage}${decision.deterministic ? ' (deterministic, no model consulted)' : ''} |`,
    `| Router model | ${routerModelText(decision)} |`,
    `| Correlation id | \`${decision.correlationId}\` |`,
  ];
  if (decision.findings.length > 0) {
    lines.push('', '**Findings** (rule @ source:line:column, masked preview):', '');
    for (const f of decision.findings) { lines.push(`- \`${escapeCode(findingLine(f))}\` (${KIND_WORDS[f.kind]})`); }
  }
  if (decision.signals.length > 0) {
    lines.push('', '**Signals:** ' + decision.signals.map(s => `${s.id}${s.detail ? ` (${escapeMarkdown(s.detail)})` : ''} ${signed(s.weight)}`).join(', '));
  }
  return lines.join('\n');
}

export function routerModelText(decision: RoutingDecision): string {
  const rm = decision.routerModel;
  if (!rm.used) { return rm.error ? `not used: ${escapeMarkdown(rm.error)}` : 'not used'; }
  const verdict = rm.target ? `${rm.target} @ ${(rm.confidence ?? 0).toFixed(2)}` : 'no verdict';
  return `${verdict}${rm.latencyMs !== undefined ? ` in ${formatLatency(rm.latencyMs)}` : ''}${rm.error ? ` (${escapeMarkdown(rm.error)})` : ''}`;
}

/** A failure as readable markdown with its correlation id. */
export function errorMarkdown(error: HybridError): string {
  return [
    `**${errorTitle(error.code)}**`,
    '',
    escapeMarkdown(error.message),
    '',
    `Correlation id: \`${error.correlationId}\` · privacy: ${error.privacy}`,
  ].join('\n');
}

export function errorTitle(code: HybridError['code']): string {
  switch (code) {
    case 'empty_prompt': return 'Nothing to ask';
    case 'binary_content': return 'Binary content is never sent';
    case 'input_too_large': return 'Input too large';
    case 'restricted_local_unavailable': return 'Kept on this device, but the local model is unavailable';
    case 'local_only_unavailable': return 'Local-only mode, but the local model is unavailable';
    case 'cloud_not_allowed': return 'The cloud is not allowed for this request';
    case 'all_providers_failed': return 'Neither the local nor the cloud model answered';
    case 'provider_failed': return 'The model failed while answering';
    case 'internal': return 'Something went wrong in Hybrid Agent';
  }
}

function signed(n: number): string {
  return n >= 0 ? `+${n}` : `${n}`;
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, Math.max(0, max - 1)) + '…';
}

/** Escapes characters that would turn text into markdown links, HTML, code, emphasis or table cells. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|]/g, c => `\\${c}`);
}

function escapeCode(text: string): string {
  return text.replace(/`/g, "'");
}
