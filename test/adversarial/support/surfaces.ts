/**
 * Every place a person (or a log collector) can read: emitted events and their log-channel lines, route-log
 * records, tree rows (labels, descriptions, tooltips, children), the chat result metadata and markdown, the decision
 * JSON a person can copy, error messages. `leakReport` says where any 8-character piece of a secret appears.
 */
import * as assert from 'node:assert/strict';
import { toChatResult, type ResultContext } from '../../../src/chat/chatResult';
import { decisionJson as cliDecisionJson } from '../../../src/cli/render';
import { decisionOf, type RouteLog, type RouteRecord } from '../../../src/router/routeLog';
import type { AskOutcome } from '../../../src/router/service';
import { formatEventLine } from '../../../src/views/logChannel';
import { detailsOf, recordView, type DetailView } from '../../../src/views/treeModel';
import type { MemoryEventSink } from '../../fakes';

/** Named texts that must never hold a secret. */
export type Surfaces = Record<string, string>;

const CHAT_CONTEXT: ResultContext = {
  stickyRestricted: false,
  cloudUsable: true,
  commands: { signIn: 's', setCloudApiKey: 'k', openSettings: 'o', checkLocalRuntime: 'c', selectLocalModel: 'm', openInLog: 'l' },
  isDemo: id => id.startsWith('demo-'),
};

function flattenDetails(views: readonly DetailView[]): string[] {
  return views.flatMap(v => [v.label, v.description ?? '', ...flattenDetails(v.children ?? [])]);
}

/** Tree rows of one record, as text. */
export function treeText(record: RouteRecord): string {
  const view = recordView(record);
  return [view.label, view.description, view.tooltip, ...flattenDetails(detailsOf(record))].join('\n');
}

/** What the chat shows and keeps for an outcome: markdown written by toChatResult, and the ChatResult itself. */
export function chatText(outcome: AskOutcome): string {
  const written: string[] = [];
  const stream = {
    markdown: (value: unknown) => { written.push(typeof value === 'string' ? value : JSON.stringify(value)); return stream; },
    button: (value: unknown) => { written.push(JSON.stringify(value)); return stream; },
  };
  // The structural stream is enough for toChatResult (it only calls markdown and button).
  const result = toChatResult(outcome, stream as unknown as Parameters<typeof toChatResult>[1], CHAT_CONTEXT);
  return written.join('\n') + '\n' + JSON.stringify(result);
}

/** Surfaces of a service run: events, log lines, route records, tree rows, decision JSON, error messages, chat. */
export function serviceSurfaces(sink: MemoryEventSink, log: RouteLog, outcomes: readonly AskOutcome[] = []): Surfaces {
  const records = log.recent();
  const surfaces: Surfaces = {
    events: sink.dump(),
    logLines: sink.events.map(formatEventLine).join('\n'),
    routeRecords: JSON.stringify(records),
    tree: records.map(treeText).join('\n'),
    decisionJson: records.map(r => JSON.stringify(decisionOf(r) ? cliDecisionJson(decisionOf(r)!) : r)).join('\n'),
  };
  outcomes.forEach((outcome, i) => {
    surfaces[`chat#${i}`] = chatText(outcome);
    if (outcome.kind === 'failed') {
      surfaces[`error#${i}`] = JSON.stringify(outcome.error);
    }
    if (outcome.kind === 'answered') {
      // The answer and the tool calls come from the model; everything around them is ours.
      const { answer: _answer, toolCalls: _calls, ...rest } = outcome.response;
      surfaces[`response#${i}`] = JSON.stringify(rest);
    }
  });
  return surfaces;
}

/** Every 8-character window of `secret` (the unit a leak is measured in). */
export function windowsOf(secret: string, size = 8): string[] {
  const out = new Set<string>();
  for (let i = 0; i + size <= secret.length; i++) {
    out.add(secret.slice(i, i + size));
  }
  return out.size > 0 ? [...out] : [secret];
}

/** Where any 8-character piece of `secret` appears, as `surface: piece` lines. */
export function leakReport(secret: string, surfaces: Surfaces): string[] {
  const pieces = windowsOf(secret);
  const found: string[] = [];
  for (const [name, text] of Object.entries(surfaces)) {
    const hit = pieces.find(p => text.includes(p));
    if (hit !== undefined) {
      found.push(`${name} holds a piece of the secret`);
    }
  }
  return found;
}

export function assertNoLeak(secret: string, surfaces: Surfaces, what: string): void {
  const report = leakReport(secret, surfaces);
  // The message names surfaces only, never the secret.
  assert.deepEqual(report, [], `${what}: ${report.join('; ')}`);
}
