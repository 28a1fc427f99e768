/** The CLI's JSON output: exactly the contract objects of DESIGN.md, in the contract's key order. */
import type { AgentResponse, HybridError, RouteEvent, RouterModelVerdict, RoutingDecision } from '../router/types';

/** The error contract object. */
export function errorJson(e: HybridError): string {
  return JSON.stringify({ error: { code: e.code, message: e.message, correlationId: e.correlationId, privacy: e.privacy } }, null, 2) + '\n';
}

/** A --verbose event line: the event is already redacted (no prompt text, no secret) by construction. */
export function renderEvent(e: RouteEvent): string {
  return JSON.stringify({ at: new Date().toISOString(), ...e }) + '\n';
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
    // Counts and rule ids only: which placeholder stands for which value never leaves the vault.
    ...(d.redaction ? { redaction: { count: d.redaction.count, rules: [...d.redaction.rules] } } : {}),
  };
}

/** An AgentResponse with exactly the contract's keys, in the contract's order. */
export function responseJson(r: AgentResponse): AgentResponse {
  return {
    answer: r.answer, path: r.path, model: r.model, provider: r.provider, reason: r.reason, confidence: r.confidence,
    latencyMs: r.latencyMs, correlationId: r.correlationId, privacy: r.privacy, complexity: r.complexity,
    promptTokens: r.promptTokens, completionTokens: r.completionTokens, costUsd: r.costUsd, fallback: r.fallback,
    fallbackReason: r.fallbackReason, decision: decisionJson(r.decision),
    // Only when the model asked for tools: run them, then send the next turn.
    ...(r.toolCalls && r.toolCalls.length > 0 ? { toolCalls: r.toolCalls.map(c => ({ id: c.id, name: c.name, arguments: c.arguments })) } : {}),
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
