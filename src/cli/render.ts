import type { AgentResponse, HybridError, RouteEvent, RouterModelVerdict, RoutingDecision } from '../router/types';

/** The footer under a streamed answer: path · model · latency · tokens · ~$cost · reason. */
export function renderFooter(r: AgentResponse, isDemo: boolean): string {
  const parts = [
    r.path,
    isDemo ? `${r.model} (demo)` : r.model,
    `${r.latencyMs} ms`,
    `${r.promptTokens}+${r.completionTokens} tokens`,
    r.costUsd > 0 ? `~$${r.costUsd.toFixed(4)} (estimate)` : '$0',
    r.reason,
  ];
  const fallback = r.fallback && r.fallbackReason ? `\nfallback: ${r.fallbackReason}` : '';
  return `— ${parts.join(' · ')}${fallback}\ncorrelation id: ${r.correlationId}\n`;
}

/** A readable RoutingDecision. Findings show rule, place and masked preview only (they never hold the value). */
export function renderDecision(d: RoutingDecision): string {
  const lines = [
    `target:     ${d.target}`,
    `privacy:    ${d.privacy}`,
    `complexity: ${d.complexity} (confidence ${d.confidence.toFixed(2)})`,
    `stage:      ${d.stage}${d.deterministic ? ' (deterministic)' : ' (router model consulted)'}`,
    `reason:     ${d.reason}`,
  ];
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

/** One stderr line per error. */
export function renderErrorLine(e: HybridError): string {
  return `hybrid-agent: error ${e.code}: ${oneLine(e.message)} [${e.correlationId}]\n`;
}

/** The error contract object. */
export function errorJson(e: HybridError): string {
  return JSON.stringify({ error: { code: e.code, message: e.message, correlationId: e.correlationId, privacy: e.privacy } }, null, 2) + '\n';
}

/** A --verbose event line: the event is already redacted (no prompt text, no secret) by construction. */
export function renderEvent(e: RouteEvent): string {
  return JSON.stringify({ at: new Date().toISOString(), ...e }) + '\n';
}

export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}

/** A RoutingDecision with exactly the contract's keys, in the contract's order (DESIGN.md). */
export function decisionJson(d: RoutingDecision): RoutingDecision {
  return {
    target: d.target, privacy: d.privacy, complexity: d.complexity, confidence: d.confidence, reason: d.reason,
    deterministic: d.deterministic, stage: d.stage,
    findings: d.findings.map(f => ({ rule: f.rule, kind: f.kind, source: f.source, line: f.line, column: f.column, preview: f.preview })),
    signals: d.signals.map(s => (s.detail === undefined ? { id: s.id, weight: s.weight } : { id: s.id, weight: s.weight, detail: s.detail })),
    routerModel: verdictJson(d.routerModel),
    correlationId: d.correlationId,
  };
}

/** An AgentResponse with exactly the contract's keys, in the contract's order. */
export function responseJson(r: AgentResponse): AgentResponse {
  return {
    answer: r.answer, path: r.path, model: r.model, provider: r.provider, reason: r.reason, confidence: r.confidence,
    latencyMs: r.latencyMs, correlationId: r.correlationId, privacy: r.privacy, complexity: r.complexity,
    promptTokens: r.promptTokens, completionTokens: r.completionTokens, costUsd: r.costUsd, fallback: r.fallback,
    fallbackReason: r.fallbackReason, decision: decisionJson(r.decision),
  };
}

function verdictJson(v: RouterModelVerdict): RouterModelVerdict {
  const out: { -readonly [K in keyof RouterModelVerdict]: RouterModelVerdict[K] } = { used: v.used };
  if (v.target !== undefined) { out.target = v.target; }
  if (v.confidence !== undefined) { out.confidence = v.confidence; }
  if (v.latencyMs !== undefined) { out.latencyMs = v.latencyMs; }
  if (v.error !== undefined) { out.error = v.error; }
  return out;
}
