/**
 * What the Routing Decisions tree shows, as plain data (no 'vscode' here, so it is unit-tested under Node).
 * routingLogTree.ts turns these views into vscode.TreeItems. Labels come from RouteRecord.summary (already
 * redacted by the core); nothing else from the prompt is shown, and findings show masked previews only.
 */
import { correlationIdOf, decisionOf, type AgentTurnInfo, type RouteRecord, type RouteStats } from '../router/routeLog';
import type { Target } from '../router/types';
import { findingLine, routerModelText } from '../present/decision';
import { errorTitle } from '../present/errors';
import { formatCost, formatLatency, modelName, pathLabel, redactionPhrase } from '../present/route';
import { escapeMarkdown, markdownWithCode, plainText, truncate } from '../present/text';

/** Labels fit the default sidebar width; the rest goes to the description and the tooltip. */
const LABEL_MAX_CHARS = 28;

/** A codicon id plus an optional theme colour id. */
export interface IconSpec {
  readonly id: string;
  readonly color?: string;
}

/** A record's row. `contextValue` is `route.<kind>` and drives the context actions. */
export interface RecordView {
  readonly id: string;
  readonly label: string;
  readonly description: string;
  readonly tooltip: string;
  readonly icon: IconSpec;
  readonly contextValue: string;
}

/** A child row under a record (or under the session summary). */
export interface DetailView {
  readonly id: string;
  readonly label: string;
  readonly description?: string;
  readonly icon?: IconSpec;
  readonly children?: readonly DetailView[];
}

/** Counts for the session summary node. */
export interface SessionStats {
  readonly total: number;
  readonly byPath: Readonly<Record<string, number>>;
  readonly classified: number;
  readonly failed: number;
  readonly cancelled: number;
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly estimatedSpendUsd: number;
  /** Requests kept on the device because of privacy (restricted). */
  readonly cloudCallsAvoided: number;
  readonly demoAnswers: number;
}

export function recordId(record: RouteRecord): string {
  return `${record.kind}:${correlationIdOf(record)}:${record.at}`;
}

export { correlationIdOf, decisionOf };

export function iconFor(record: RouteRecord): IconSpec {
  switch (record.kind) {
    case 'answered':
      switch (record.response.path) {
        case 'local': return { id: 'shield', color: 'charts.green' };
        case 'cloud': return { id: 'cloud', color: 'charts.blue' };
        case 'local_fallback':
        case 'cloud_fallback': return { id: 'warning', color: 'charts.orange' };
      }
      break;
    case 'classified': return record.decision.target === 'local' ? { id: 'shield', color: 'charts.green' } : { id: 'cloud', color: 'charts.blue' };
    case 'failed': return { id: 'error', color: 'charts.red' };
    case 'cancelled': return { id: 'circle-slash' };
  }
}

export function describeRecord(record: RouteRecord): string {
  switch (record.kind) {
    case 'answered': {
      const r = record.response;
      return [pathLabel(r.path).split(' ')[0], modelName(r.model, record.isDemo), formatLatency(r.latencyMs)].join(' · ');
    }
    case 'classified': return `classified → ${record.decision.target}`;
    case 'failed': return `failed · ${record.error.code}`;
    case 'cancelled': return 'cancelled';
  }
}

export function recordView(record: RouteRecord): RecordView {
  const decision = decisionOf(record);
  const lines = [`**${escapeMarkdown(record.summary)}**`, ''];
  if (record.kind === 'answered') {
    const r = record.response;
    lines.push(`Served: ${pathLabel(r.path)} · ${escapeMarkdown(modelName(r.model, record.isDemo))} · ${formatLatency(r.latencyMs)} · ${formatCost(r.costUsd, r.path)}`);
  }
  if (record.kind === 'classified') { lines.push('Classified only: nothing was sent to an answering model.'); }
  if (record.kind === 'failed') { lines.push(`${errorTitle(record.error.code)}: ${markdownWithCode(record.error.message)}`); }
  if (decision) { lines.push('', `Decision: ${decision.target} · privacy ${decision.privacy} · complexity ${decision.complexity}`, '', escapeMarkdown(decision.reason)); }
  lines.push('', `Correlation id: \`${correlationIdOf(record)}\``);
  return {
    id: recordId(record),
    label: truncate(record.summary, LABEL_MAX_CHARS),
    description: describeRecord(record),
    tooltip: lines.join('\n'),
    icon: iconFor(record),
    contextValue: `route.${record.kind}`,
  };
}

/** Children of a record: reason, privacy + findings, complexity + signals, router model, fallback, ids. */
export function detailsOf(record: RouteRecord): DetailView[] {
  const base = recordId(record);
  const out: DetailView[] = [];
  const add = (key: string, label: string, description?: string, icon?: IconSpec, children?: DetailView[]): void => {
    out.push({ id: `${base}/${key}`, label, description, icon, children });
  };
  const decision = decisionOf(record);
  if (record.kind === 'answered' && record.isDemo) { add('demo', '(demo)', 'answered by the built-in demo model; no real model is configured', { id: 'beaker' }); }
  if (record.kind === 'failed') { add('error', 'Error', `${errorTitle(record.error.code)}: ${plainText(record.error.message)}`, { id: 'error', color: 'charts.red' }); }
  if (record.kind === 'answered') {
    const r = record.response;
    add('served', 'Served', `${pathLabel(r.path)} · ${modelName(r.model, record.isDemo)} · ${r.provider}`, iconFor(record));
    add('usage', 'Usage', `${r.promptTokens}→${r.completionTokens} tokens · ${formatLatency(r.latencyMs)} · ${formatCost(r.costUsd, r.path)}`, { id: 'dashboard' });
    if (r.fallbackReason) { add('fallback', 'Fallback', r.fallbackReason, { id: 'warning', color: 'charts.orange' }); }
  }
  if (decision) {
    add('reason', 'Reason', decision.reason, { id: 'info' });
    if (decision.redaction) { add('redaction', 'Redaction', `${redactionPhrase(decision.redaction)} · restored on this device`, { id: 'shield' }); }
    const findings = decision.findings.map((f, i): DetailView => ({ id: `${base}/finding/${i}`, label: f.rule, description: `${f.kind} · ${findingLine(f).slice(f.rule.length + 3)}`, icon: { id: 'key' } }));
    add('privacy', `Privacy: ${decision.privacy}`, findings.length ? `${findings.length} finding${findings.length > 1 ? 's' : ''}` : undefined,
      { id: decision.privacy === 'restricted' ? 'lock' : 'unlock' }, findings.length ? findings : undefined);
    const signals = decision.signals.map((s, i): DetailView => ({ id: `${base}/signal/${i}`, label: s.id, description: `${s.detail ? s.detail + ' · ' : ''}weight ${s.weight}` }));
    add('complexity', `Complexity: ${decision.complexity}`, `confidence ${decision.confidence.toFixed(2)} · ${decision.stage}`, { id: 'pulse' }, signals.length ? signals : undefined);
    add('router', 'Router model', routerModelText(decision), { id: 'hubot' });
  }
  if (record.agent) { out.push(agentDetails(base, record.agent)); }
  add('correlation', 'Correlation id', correlationIdOf(record), { id: 'symbol-key' });
  return out;
}

/** "read_file ×2, grep_search": tool names with counts, in first-use order. */
export function toolNames(names: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const n of names) { counts.set(n, (counts.get(n) ?? 0) + 1); }
  return [...counts].map(([n, c]) => (c > 1 ? `${n} ×${c}` : n)).join(', ');
}

/** The agent facts of a turn: tools offered, called, and whose results it carried (names only). */
export function agentDetails(base: string, agent: AgentTurnInfo): DetailView {
  const children: DetailView[] = [
    { id: `${base}/agent/called`, label: 'Tools called', description: agent.toolCalls.length ? toolNames(agent.toolCalls) : 'none (answered)' },
    { id: `${base}/agent/results`, label: 'Tool results sent', description: agent.toolResults.length ? toolNames(agent.toolResults) : 'none' },
  ];
  return { id: `${base}/agent`, label: 'Agent turn', description: `turn ${agent.turn} · ${agent.toolsOffered} tool${agent.toolsOffered === 1 ? '' : 's'} offered`, icon: { id: 'tools' }, children };
}


/** Session counts: the log's running totals (not limited by its ring buffer) plus demo answers still held. */
export function sessionStats(totals: RouteStats, records: readonly RouteRecord[]): SessionStats {
  return {
    total: totals.answered + totals.classified + totals.failed + totals.cancelled,
    byPath: totals.byPath,
    classified: totals.classified,
    failed: totals.failed,
    cancelled: totals.cancelled,
    promptTokens: totals.promptTokens,
    completionTokens: totals.completionTokens,
    estimatedSpendUsd: totals.estimatedCostUsd,
    cloudCallsAvoided: totals.keptLocalForPrivacy,
    demoAnswers: records.filter(r => r.kind === 'answered' && r.isDemo).length,
  };
}

/** Summary row: "Session: 6 requests" + "3 local · 1 cloud · 1 failed". */
export function summaryView(stats: SessionStats): { label: string; description: string; children: DetailView[] } {
  const paths = Object.entries(stats.byPath).filter(([, n]) => n > 0).map(([p, n]) => `${n} ${p.replace('_', ' ')}`);
  const rest = [stats.classified && `${stats.classified} classified`, stats.failed && `${stats.failed} failed`, stats.cancelled && `${stats.cancelled} cancelled`].filter(Boolean) as string[];
  const children: DetailView[] = [
    { id: 'summary/paths', label: 'Served', description: paths.join(' · ') || 'nothing yet', icon: { id: 'arrow-both' } },
    { id: 'summary/tokens', label: 'Tokens', description: `${stats.promptTokens} in · ${stats.completionTokens} out`, icon: { id: 'dashboard' } },
    { id: 'summary/spend', label: 'Estimated cloud spend', description: `~$${stats.estimatedSpendUsd.toFixed(4)} (estimate)`, icon: { id: 'credit-card' } },
    { id: 'summary/avoided', label: 'Kept local for privacy', description: `${stats.cloudCallsAvoided} request${stats.cloudCallsAvoided === 1 ? '' : 's'}`, icon: { id: 'shield', color: 'charts.green' } },
  ];
  if (stats.demoAnswers > 0) { children.push({ id: 'summary/demo', label: '(demo)', description: `${stats.demoAnswers} answers from the built-in demo models`, icon: { id: 'beaker' } }); }
  return { label: `Session: ${stats.total} request${stats.total === 1 ? '' : 's'}`, description: [...paths, ...rest].join(' · '), children };
}

/** The side a re-run would use: the opposite of where the record was (or would be) served. */
export function otherSide(record: RouteRecord): Target | undefined {
  if (record.kind === 'answered') {
    return record.response.path === 'local' || record.response.path === 'local_fallback' ? 'cloud' : 'local';
  }
  const decision = decisionOf(record);
  return decision ? (decision.target === 'local' ? 'cloud' : 'local') : undefined;
}

/** JSON for "Copy decision JSON": the RoutingDecision contract, or the error contract when there is no decision. */
export function decisionJson(record: RouteRecord): string {
  const decision = decisionOf(record);
  if (decision) { return JSON.stringify(decision, null, 2); }
  if (record.kind === 'failed') { return JSON.stringify({ error: record.error }, null, 2); }
  return JSON.stringify({ correlationId: correlationIdOf(record), kind: record.kind }, null, 2);
}
