/**
 * Editor commands. "Ask hybrid agent" and "Classify selection" put their result where people read it: the Chat view,
 * as an `@hybrid` request (Classify as `@hybrid /explain`) with the selection attached, the way VS Code's own
 * Explain works; the answer streams there with its route line. Both accept `{ silent?: boolean; prompt?: string }`:
 * silent runs the request directly and returns the outcome without UI (host tests). "Re-run on the other side"
 * streams into a read-only rendered preview. Nothing opens an unsaved buffer.
 */
import * as vscode from 'vscode';
import type { AskOutcome, ClassifyOutcome, RouterService } from '../router/service';
import { newCorrelationId } from '../router/ids';
import type { AskRequest, ContextReference } from '../router/types';
import { askDocument } from '../present/documents';
import { progressLine } from '../present/route';
import { toAbortSignal } from './cancellation';
import { registerGuardedCommand, type UnexpectedErrorHandler } from '../commandGuard';
import { LM_VENDOR, MODEL_AUTO } from './lmProvider';
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

/** Shows markdown in a read-only rendered preview, replacing what that key showed before (views/markdownPreview). */
export type ShowPreview = (key: string, title: string, markdown: string) => Promise<unknown> | void;

export interface EditorCommandDeps {
  readonly service: () => RouterService;
  readonly announcer: RouteAnnouncer;
  /** Non-restricted requests, for the tree's "Re-run on the other side". */
  readonly recent: RecentRequests;
  readonly isDemo: (providerId: string) => boolean;
  readonly preview: ShowPreview;
  readonly unexpected: UnexpectedErrorHandler;
}

const DEFAULT_QUESTION = 'Explain this code.';
/** How often a streaming preview is re-rendered. */
const PREVIEW_REFRESH_MS = 150;

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
    registerGuardedCommand(OPEN_CHAT_COMMAND, () => openChat({ query: '@hybrid ', isPartialQuery: true }), deps.unexpected),
  ];
}

/** Opens the Chat view with the Hybrid model selected (VS Code runs no participant without a selected model). */
function openChat(options: { query: string; isPartialQuery?: boolean; attachFiles?: unknown[] }): Thenable<unknown> {
  return vscode.commands.executeCommand('workbench.action.chat.open', { ...options, mode: 'ask', modelSelector: { vendor: LM_VENDOR, id: MODEL_AUTO } });
}

/** The selection as the Chat view attaches it: the file and the selected range (1-based, as the workbench takes it). */
function attachedSelection(editor: vscode.TextEditor): unknown[] {
  return editor.selections.filter(s => !s.isEmpty).map(s => ({
    uri: editor.document.uri,
    range: { startLineNumber: s.start.line + 1, startColumn: s.start.character + 1, endLineNumber: s.end.line + 1, endColumn: s.end.character + 1 },
  }));
}

async function selectionRequest(opts: SelectionCommandOptions | undefined, askQuestion: boolean): Promise<{ req: AskRequest; editor: vscode.TextEditor } | undefined> {
  const editor = vscode.window.activeTextEditor;
  const selection = editor && selectionReference(editor);
  if (!editor || !selection) {
    if (!opts?.silent) { void vscode.window.showInformationMessage('Select some code first, then run this command again.'); }
    return undefined;
  }
  let prompt = opts?.prompt ?? DEFAULT_QUESTION;
  if (askQuestion && !opts?.silent && opts?.prompt === undefined) {
    const typed = await vscode.window.showInputBox({ title: 'Ask hybrid agent', prompt: 'What should the agent do with the selected code? It goes to @hybrid in the Chat view with the selection attached.', value: DEFAULT_QUESTION });
    if (typed === undefined) { return undefined; }
    prompt = typed;
  }
  return { req: { prompt, references: [selection], correlationId: newCorrelationId() }, editor };
}

async function askSelection(deps: EditorCommandDeps, opts?: SelectionCommandOptions): Promise<AskOutcome | undefined> {
  const picked = await selectionRequest(opts, true);
  if (!picked) { return undefined; }
  if (!opts?.silent) {
    await openChat({ query: `@hybrid ${picked.req.prompt}`, attachFiles: attachedSelection(picked.editor) });
    return undefined;
  }
  const outcome = await deps.service().ask(picked.req, new AbortController().signal, () => undefined);
  deps.recent.rememberUnlessRestricted(picked.req.correlationId ?? '', picked.req, outcome);
  return outcome;
}

async function classifySelection(deps: EditorCommandDeps, opts?: SelectionCommandOptions): Promise<ClassifyOutcome | undefined> {
  const picked = await selectionRequest(opts, false);
  if (!picked) { return undefined; }
  if (!opts?.silent) {
    await openChat({ query: `@hybrid /explain ${picked.req.prompt}`, attachFiles: attachedSelection(picked.editor) });
    return undefined;
  }
  return deps.service().classify(picked.req, new AbortController().signal);
}

/**
 * Re-runs a remembered request forcing the other side (from the tree's context menu) and streams it into a
 * read-only preview. Forcing the cloud is still privacy-gated by the router; restricted requests are never
 * remembered, so they cannot be re-run at all.
 */
export async function rerunOnSide(deps: EditorCommandDeps, correlationId: string, target: 'local' | 'cloud'): Promise<AskOutcome | undefined> {
  const original = deps.recent.get(correlationId);
  if (!original) {
    void vscode.window.showInformationMessage('That request is no longer in memory (requests are never stored on disk, and restricted ones are never kept): ask again instead.');
    return undefined;
  }
  const id = newCorrelationId();
  const req: AskRequest = { ...original, force: target, correlationId: id };
  const outcome = await streamToPreview(deps, req, `Hybrid Agent: re-running on ${target}`);
  deps.recent.rememberUnlessRestricted(id, { ...original, correlationId: id }, outcome);
  return outcome;
}

/** Asks with a cancellable notification and renders the answer into the preview as tokens arrive. */
async function streamToPreview(deps: EditorCommandDeps, req: AskRequest, title: string): Promise<AskOutcome> {
  const key = `answer-${req.correlationId}`;
  let routeLine: string | undefined;
  let partial = '';
  let last = 0;
  const render = (outcome?: AskOutcome) => deps.preview(key, 'Hybrid Agent answer', askDocument(outcome, routeLine, deps.isDemo, partial));
  await render();
  const outcome = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    const linked = toAbortSignal(token);
    const watch = deps.announcer.watch(req.correlationId ?? '', a => { routeLine = progressLine(a); progress.report({ message: routeLine }); void render(); });
    try {
      return await deps.service().ask(req, linked.signal, text => {
        partial += text;
        if (Date.now() - last > PREVIEW_REFRESH_MS) { last = Date.now(); void render(); }
      });
    } finally { watch.dispose(); linked.dispose(); }
  });
  await render(outcome);
  return outcome;
}
