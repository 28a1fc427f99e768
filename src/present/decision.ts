/**
 * A RoutingDecision in words: markdown for chat (/explain, "Why local?") and documents, plain text for the CLI.
 * Findings show rule, place and masked preview only (they never hold the value).
 */
import type { Finding, FindingKind, RoutingDecision } from '../router/types';
import { formatLatency, redactionPhrase } from './route';
import { escapeCode, escapeMarkdown } from './text';

const KIND_WORDS: Record<FindingKind, string> = {
  secret: 'secret',
  pii: 'personal data',
  'sensitive-file': 'sensitive file',
  marker: 'confidentiality marker',
};

/** One finding as a line: `github-token @ selection:3:7 ghp_****…(40 chars)` — never the value. */
export function findingLine(f: Finding): string {
  return `${f.rule} @ ${f.source}:${f.line}:${f.column} ${f.preview}`;
}

/** The whole decision as markdown (for /explain, "Why …?" and documents). */
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
    ...(decision.redaction ? [`| Redaction | ${escapeMarkdown(redactionPhrase(decision.redaction))}; the answer is restored on this device |`] : []),
    `| Router model | ${escapeMarkdown(routerModelText(decision))} |`,
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

/** The router model's part in plain words (the tree and tables). */
export function routerModelText(decision: RoutingDecision): string {
  const rm = decision.routerModel;
  if (!rm.used) { return rm.error ? `not used: ${rm.error}` : 'not used'; }
  const verdict = rm.target ? `${rm.target} @ ${(rm.confidence ?? 0).toFixed(2)}` : 'no verdict';
  return `${verdict}${rm.latencyMs !== undefined ? ` in ${formatLatency(rm.latencyMs)}` : ''}${rm.error ? ` (${rm.error})` : ''}`;
}

/** A readable decision for a terminal. */
export function decisionText(d: RoutingDecision): string {
  const lines = [
    `target:     ${d.target}`,
    `privacy:    ${d.privacy}`,
    `complexity: ${d.complexity} (confidence ${d.confidence.toFixed(2)})`,
    `stage:      ${d.stage}${d.deterministic ? ' (deterministic)' : ' (router model consulted)'}`,
    `reason:     ${d.reason}`,
  ];
  if (d.redaction) {
    lines.push(`redaction:  ${redactionPhrase(d.redaction)}`);
  }
  if (d.findings.length > 0) {
    lines.push(`findings:   ${d.findings.length}`);
    for (const f of d.findings) {
      lines.push(`  - ${f.rule} (${f.kind}) at ${f.source}:${f.line}:${f.column}  ${f.preview}`);
    }
  }
  if (d.signals.length > 0) {
    lines.push(`signals:    ${d.signals.map(s => (s.detail ? `${s.id} (${s.detail})` : s.id)).join(', ')}`);
  }
  const rm = d.routerModel;
  lines.push(`router:     ${rm.used ? `said ${rm.target ?? '?'} at ${rm.confidence?.toFixed(2) ?? '?'} in ${rm.latencyMs ?? '?'} ms${rm.error ? ` — ${rm.error}` : ''}` : (rm.error ?? 'not consulted')}`);
  lines.push(`correlation id: ${d.correlationId}`);
  return lines.join('\n') + '\n';
}

function signed(n: number): string {
  return n >= 0 ? `+${n}` : `${n}`;
}
