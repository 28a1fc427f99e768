/**
 * Commands of the Routing Decisions view and the routing log: show, clear, copy a decision as JSON (the contract
 * object: rule ids and masked previews only), open a request's lines in the log, re-run on the other side.
 * Item commands receive the tree node; "open in log" also accepts a correlation id (chat error buttons).
 */
import * as vscode from 'vscode';
import type { RouteLog, RouteRecord } from '../router/routeLog';
import type { Target } from '../router/types';
import { registerGuardedCommand, type UnexpectedErrorHandler } from '../commandGuard';
import { logDocument } from '../present/documents';
import type { LogChannelSink } from './logChannel';
import { ROUTING_LOG_VIEW_ID, type RoutingNode } from './routingLogTree';
import { correlationIdOf, decisionJson, decisionOf, otherSide } from './treeModel';

export const SHOW_ROUTING_LOG_COMMAND = 'hybridAgent.showRoutingLog';
export const CLEAR_DECISIONS_COMMAND = 'hybridAgent.clearDecisions';
export const COPY_DECISION_JSON_COMMAND = 'hybridAgent.copyDecisionJson';
export const RERUN_OTHER_SIDE_COMMAND = 'hybridAgent.rerunOtherSide';
export const OPEN_IN_LOG_COMMAND = 'hybridAgent.openInLog';

export interface ViewCommandDeps {
  readonly log: RouteLog;
  readonly sink: LogChannelSink;
  readonly channel: { show(preserveFocus?: boolean): void };
  /** Shows markdown in a read-only rendered preview. */
  readonly preview: (key: string, title: string, markdown: string) => Promise<unknown> | void;
  /** Re-runs a remembered request on `target` (chat layer). */
  readonly rerun: (correlationId: string, target: Target) => Promise<unknown>;
  /** Whether the cloud may be used at all right now. */
  readonly cloudUsable: () => boolean;
  readonly unexpected: UnexpectedErrorHandler;
}

function recordOf(arg: unknown, log: RouteLog): RouteRecord | undefined {
  const node = arg as RoutingNode | undefined;
  if (node?.type === 'record') { return node.record; }
  if (typeof arg === 'string') { return log.recent().find(r => correlationIdOf(r) === arg); }
  return undefined;
}

export function registerViewCommands(deps: ViewCommandDeps): vscode.Disposable[] {
  const { log } = deps;
  const reg = <A extends unknown[], R>(id: string, run: (...args: A) => R | Promise<R>) => registerGuardedCommand(id, run, deps.unexpected);
  return [
    reg(SHOW_ROUTING_LOG_COMMAND, async () => {
      deps.channel.show(true);
      await vscode.commands.executeCommand(`${ROUTING_LOG_VIEW_ID}.focus`);
    }),
    reg(CLEAR_DECISIONS_COMMAND, () => log.clear()),
    reg(COPY_DECISION_JSON_COMMAND, async (arg?: unknown) => {
      const record = recordOf(arg, log);
      if (!record) { return undefined; }
      const json = decisionJson(record);
      await vscode.env.clipboard.writeText(json);
      void vscode.window.setStatusBarMessage('Hybrid Agent: decision JSON copied', 3000);
      return json;
    }),
    reg(OPEN_IN_LOG_COMMAND, async (arg?: unknown) => {
      const id = typeof arg === 'string' ? arg : (() => { const r = recordOf(arg, log); return r && correlationIdOf(r); })();
      deps.channel.show(true);
      if (!id) { return; }
      await deps.preview(`log-${id}`, 'Hybrid Agent log', logDocument(id, deps.sink.linesFor(id)));
    }),
    reg(RERUN_OTHER_SIDE_COMMAND, async (arg?: unknown) => {
      const record = recordOf(arg, log);
      const target = record && otherSide(record);
      if (!record || !target) { return undefined; }
      if (target === 'cloud' && (decisionOf(record)?.privacy === 'restricted' || !deps.cloudUsable())) {
        void vscode.window.showWarningMessage(decisionOf(record)?.privacy === 'restricted'
          ? 'This request holds restricted content: it never goes to the cloud.'
          : 'No cloud model is usable (it is off, not configured, or the mode is local-only).');
        return undefined;
      }
      return deps.rerun(correlationIdOf(record), target);
    }),
  ];
}
