/**
 * Editor commands: "Ask hybrid agent" (answer in a readable markdown document with the decision and footer),
 * "Classify selection" (the decision only; nothing is sent to an answering model) and "Hybrid: Open Chat".
 * Both selection commands accept `{ silent?: boolean; prompt?: string }` and return their outcome, so host tests
 * can assert on them without UI.
 */
import * as vscode from 'vscode';
import type { AskOutcome, ClassifyOutcome, RouterService } from '../router/service';
import { newCorrelationId } from '../router/ids';
import type { AskRequest, ContextReference } from '../router/types';
import { askDocument, classifyDocument, openMarkdown } from '../views/decisionDocument';
import { toAbortSignal } from './cancellation';
import { registerGuardedCommand, type UnexpectedErrorHandler } from './commandGuard';
import { LM_VENDOR, MODEL_AUTO } from './lmProvider';
import { errorTitle, progressLine } from './render';
import type { RecentRequests } from './followups';
import type { RouteAnnouncer } from './routeAnnouncer';

export const ASK_SELECTION_COMMAND = 'hybridAgent.askSelection';
export const CLASSIFY_SELECTION_COMMAND = 'hybridAgent.classifySelection';
export const OPEN_CHAT_COMMAND = 'hybridAgent.openChat';

export interface SelectionCommandOptions {
  readonly silent?: boolean;
  /** The question; default "Explain this code." (asked for in an input box unless silent). */
  readonly prompt?: string;
}

export interface EditorCommandDeps {
  readonly service: () => RouterService;
  readonly announcer: RouteAnnouncer;
  /** Called after each request (status bar: last route). */
  readonly onDidFinish: (outcome: AskOutcome | ClassifyOutcome) => void;
  readonly showLog: (correlationId: string) => void;
  /** Non-restricted requests, for the tree's "Re-run on the other side". */
  readonly recent: RecentRequests;
  readonly unexpected: UnexpectedErrorHandler;
}

const DEFAULT_QUESTION = 'Explain this code.';

/** The selected text of the active editor as a selection reference (all non-empty selections, in order). */
export function selectionReference(editor: vscode.TextEditor): ContextReference | undefined {
  const selections = editor.selections.filter(s => !s.isEmpty);
  if (selections.length === 0) { return undefined; }
  const doc = editor.document;
  const first = selections[0];
  const path = doc.uri.scheme === 'untitled' ? doc.uri.path : vscode.workspace.asRelativePath(doc.uri, false);
  return {
    kind: 'selection', name: 'selection', path, startLine: first.start.line + 1, id: 'hybridAgent.selection',
    content: selections.map(s => doc.getText(s)).join('\n'),
  };
}

export function registerEditorCommands(deps: EditorCommandDeps): vscode.Disposable[] {
  return [
    registerGuardedCommand(ASK_SELECTION_COMMAND, (opts?: SelectionCommandOptions) => askSelection(deps, opts), deps.unexpected),
    registerGuardedCommand(CLASSIFY_SELECTION_COMMAND, (opts?: SelectionCommandOptions) => classifySelection(deps, opts), deps.unexpected),
    registerGuardedCommand(OPEN_CHAT_COMMAND, () => vscode.commands.executeCommand('workbench.action.chat.open', {
      query: '@hybrid ', isPartialQuery: true, mode: 'ask', modelSelector: { vendor: LM_VENDOR, id: MODEL_AUTO },
    }), deps.unexpected),
  ];
}

async function selectionRequest(opts: SelectionCommandOptions | undefined, askQuestion: boolean): Promise<AskRequest | undefined> {
  const editor = vscode.window.activeTextEditor;
  const selection = editor && selectionReference(editor);
  if (!selection) {
    if (!opts?.silent) { void vscode.window.showInformationMessage('Select some code first, then run this command again.'); }
    return undefined;
  }
  let prompt = opts?.prompt ?? DEFAULT_QUESTION;
  if (askQuestion && !opts?.silent && opts?.prompt === undefined) {
    const typed = await vscode.window.showInputBox({ title: 'Ask hybrid agent', prompt: 'What should the agent do with the selected code?', value: DEFAULT_QUESTION });
    if (typed === undefined) { return undefined; }
    prompt = typed;
  }
  return { prompt, references: [selection], correlationId: newCorrelationId() };
}

async function askSelection(deps: EditorCommandDeps, opts?: SelectionCommandOptions): Promise<AskOutcome | undefined> {
  const req = await selectionRequest(opts, true);
  if (!req?.correlationId) { return undefined; }
  const id = req.correlationId;
  const { outcome, routeLine } = await askWithProgress(deps, req, 'Hybrid Agent');
  deps.onDidFinish(outcome);
  const decision = outcome.kind === 'answered' ? outcome.response.decision : outcome.decision;
  if (decision && decision.privacy !== 'restricted') { deps.recent.remember(id, req); }
  if (!opts?.silent) {
    if (outcome.kind === 'failed') { void showFailure(deps, outcome.error.code, outcome.error.message, outcome.error.correlationId); }
    if (outcome.kind !== 'cancelled') { await openMarkdown(vscode.workspace, vscode.window, askDocument(outcome, routeLine), vscode.ViewColumn.Beside); }
  }
  return outcome;
}

async function classifySelection(deps: EditorCommandDeps, opts?: SelectionCommandOptions): Promise<ClassifyOutcome | undefined> {
  const req = await selectionRequest(opts, false);
  if (!req) { return undefined; }
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: 'Hybrid Agent: classifying', cancellable: true },
    async (_progress, token) => {
      const linked = toAbortSignal(token);
      try { return await deps.service().classify(req, linked.signal); } finally { linked.dispose(); }
    });
  deps.onDidFinish(outcome);
  if (!opts?.silent && outcome.kind !== 'cancelled') {
    await openMarkdown(vscode.workspace, vscode.window, classifyDocument(outcome), vscode.ViewColumn.Beside);
  }
  return outcome;
}

async function showFailure(deps: EditorCommandDeps, code: Parameters<typeof errorTitle>[0], message: string, correlationId: string): Promise<void> {
  const choice = await vscode.window.showErrorMessage(`${errorTitle(code)}: ${message}`, 'Show Log');
  if (choice === 'Show Log') { deps.showLog(correlationId); }
}

/**
 * Re-runs a remembered request forcing the other side (from the tree's context menu). Forcing the cloud is still
 * privacy-gated by the router; restricted requests are never remembered, so they cannot be re-run at all.
 */
export async function rerunOnSide(deps: EditorCommandDeps, correlationId: string, target: 'local' | 'cloud'): Promise<AskOutcome | undefined> {
  const original = deps.recent.get(correlationId);
  if (!original) {
    void vscode.window.showInformationMessage('That request is no longer in memory (requests are never stored on disk, and restricted ones are never kept): ask again instead.');
    return undefined;
  }
  const req: AskRequest = { ...original, force: target, correlationId: newCorrelationId() };
  const id = req.correlationId ?? '';
  const { outcome, routeLine } = await askWithProgress(deps, req, `Hybrid Agent: re-running on ${target}`);
  deps.onDidFinish(outcome);
  const decision = outcome.kind === 'answered' ? outcome.response.decision : outcome.decision;
  if (decision && decision.privacy !== 'restricted') { deps.recent.remember(id, { ...original, correlationId: id }); }
  if (outcome.kind !== 'cancelled') { await openMarkdown(vscode.workspace, vscode.window, askDocument(outcome, routeLine), vscode.ViewColumn.Beside); }
  return outcome;
}

/** Asks with a cancellable notification that shows the route line as soon as the provider is chosen. */
async function askWithProgress(deps: EditorCommandDeps, req: AskRequest, title: string): Promise<{ outcome: AskOutcome; routeLine?: string }> {
  let routeLine: string | undefined;
  const outcome = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    const linked = toAbortSignal(token);
    const watch = deps.announcer.watch(req.correlationId ?? '', a => { routeLine = progressLine(a); progress.report({ message: routeLine }); });
    try { return await deps.service().ask(req, linked.signal, () => undefined); } finally { watch.dispose(); linked.dispose(); }
  });
  return { outcome, routeLine };
}
