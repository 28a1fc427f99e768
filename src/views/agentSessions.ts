/**
 * Agent sessions in the Routing Decisions tree, as plain data: the turns of one agent loop (same session id) are
 * grouped under one parent that says how many turns went where and which tools were called, by name only (never
 * their arguments or results). Each turn stays a full record with its own decision and reason.
 */
import type { RouteRecord } from '../router/routeLog';
import { decisionOf } from '../router/routeLog';
import { escapeMarkdown, truncate } from '../present/text';
import { describeRecord, recordId, recordView, toolNames, type IconSpec, type RecordView } from './treeModel';

const LABEL_MAX_CHARS = 28;

/** The turns of one agent loop, oldest first. */
export interface AgentSession {
  readonly sessionId: string;
  readonly turns: readonly RouteRecord[];
}

/** A top-level row: a record on its own, or an agent session of two or more turns. */
export type TreeEntry = { readonly kind: 'record'; readonly record: RouteRecord } | { readonly kind: 'session'; readonly session: AgentSession };

/**
 * Records (newest first, as RouteLog.recent gives them) → rows, newest first. A turn joins the latest session with
 * its id, unless it is a new first turn after an answered one (the same opening asked again: a new session).
 */
export function groupAgentTurns(recent: readonly RouteRecord[]): TreeEntry[] {
  const open = new Map<string, { sessionId: string; turns: RouteRecord[] }>();
  const order: ({ record: RouteRecord } | { group: { sessionId: string; turns: RouteRecord[] } })[] = [];
  for (const record of [...recent].reverse()) {
    const agent = record.agent;
    if (!agent) { order.push({ record }); continue; }
    const current = open.get(agent.sessionId);
    const last = current?.turns[current.turns.length - 1];
    if (current && last && !(agent.turn === 1 && last.kind !== 'failed')) {
      current.turns.push(record);
      // The session moves to where its newest turn is.
      order.splice(order.findIndex(e => 'group' in e && e.group === current), 1);
      order.push({ group: current });
      continue;
    }
    const group = { sessionId: agent.sessionId, turns: [record] };
    open.set(agent.sessionId, group);
    order.push({ group });
  }
  return order.reverse().map((e): TreeEntry => {
    if ('record' in e) { return { kind: 'record', record: e.record }; }
    return e.group.turns.length === 1 ? { kind: 'record', record: e.group.turns[0] } : { kind: 'session', session: { sessionId: e.group.sessionId, turns: e.group.turns } };
  });
}

function sideOf(record: RouteRecord): string {
  if (record.kind === 'answered') { return record.response.path.startsWith('local') ? 'local' : 'cloud'; }
  return record.kind === 'failed' ? 'failed' : record.kind === 'cancelled' ? 'cancelled' : decisionOf(record)?.target ?? '?';
}

function count(items: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const i of items) { counts.set(i, (counts.get(i) ?? 0) + 1); }
  return [...counts].map(([i, c]) => `${c} ${i}`).join(' · ');
}

export function sessionView(session: AgentSession): RecordView {
  const first = session.turns[0];
  const sides = session.turns.map(sideOf);
  const called = session.turns.flatMap(r => r.agent?.toolCalls ?? []);
  const restricted = session.turns.some(r => decisionOf(r)?.privacy === 'restricted');
  const icon: IconSpec = sides.every(s => s === 'local') ? { id: 'shield', color: 'charts.green' }
    : sides.every(s => s === 'cloud') ? { id: 'cloud', color: 'charts.blue' } : { id: 'arrow-both' };
  const description = [`${session.turns.length} turns`, count(sides), called.length ? `tools: ${toolNames(called)}` : ''].filter(Boolean).join(' · ');
  const lines = [`**Agent session: ${escapeMarkdown(first.summary)}**`, ''];
  for (const r of session.turns) {
    lines.push(`- ${escapeMarkdown(turnLabel(r))}: ${escapeMarkdown(describeRecord(r))}${r.agent?.toolCalls.length ? ` · called ${escapeMarkdown(toolNames(r.agent.toolCalls))}` : ''}`);
  }
  if (restricted) { lines.push('', 'A turn held restricted content: it and every later turn stayed on this device.'); }
  return {
    id: `session:${session.sessionId}:${recordId(first)}`,
    label: `Agent: ${truncate(first.summary, LABEL_MAX_CHARS - 7)}`,
    description, tooltip: lines.join('\n'), icon, contextValue: 'route.session',
  };
}

function turnLabel(record: RouteRecord): string {
  return `Turn ${record.agent?.turn ?? '?'}`;
}

/** A turn under its session: "Turn 2" · local · model · latency · called read_file; the rest as any record. */
export function turnView(record: RouteRecord): RecordView {
  const view = recordView(record);
  const called = record.agent?.toolCalls.length ? ` · called ${toolNames(record.agent.toolCalls)}` : '';
  return { ...view, label: turnLabel(record), description: `${view.description}${called}` };
}
