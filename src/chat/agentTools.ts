/**
 * Registers the extension's read-only agent tools (contributed in package.json `languageModelTools`) with
 * vscode.lm.registerTool. Any agent may call them (VS Code's Agent mode, @hybrid's own loop); the work is done by
 * WorkspaceTools, which never looks outside the open workspace folders.
 */
import * as vscode from 'vscode';
import { WorkspaceTools, type ToolText } from './workspaceTools';

export const READ_FILE_TOOL = 'hybridAgent_readFile';
export const FIND_FILES_TOOL = 'hybridAgent_findFiles';
export const SEARCH_TEXT_TOOL = 'hybridAgent_searchText';
/** The tools @hybrid always offers its model, besides the ones the person attaches. */
export const OWN_TOOLS: readonly string[] = [READ_FILE_TOOL, FIND_FILES_TOOL, SEARCH_TEXT_TOOL];

/** The own tools by name: what each runs, and the line VS Code shows while it runs. */
export function ownTools(tools: WorkspaceTools): Record<string, { run(input: Record<string, unknown>, signal: AbortSignal): Promise<ToolText>; message(input: Record<string, unknown>): string }> {
  const shown = (value: unknown) => (typeof value === 'string' ? value : '');
  return {
    [READ_FILE_TOOL]: { run: input => tools.readFile(input), message: input => `Reading \`${shown(input.path)}\`` },
    [FIND_FILES_TOOL]: { run: (input, signal) => tools.findFiles(input, signal), message: input => `Finding files matching \`${shown(input.pattern)}\`` },
    [SEARCH_TEXT_TOOL]: { run: (input, signal) => tools.searchText(input, signal), message: input => `Searching the workspace for \`${shown(input.query)}\`` },
  };
}

/** The open workspace folders on disk (file scheme only: other schemes have no local path to check). */
export function workspaceTools(): WorkspaceTools {
  return new WorkspaceTools(() => (vscode.workspace.workspaceFolders ?? [])
    .filter(f => f.uri.scheme === 'file')
    .map(f => ({ name: f.name, path: f.uri.fsPath })));
}

function result(text: ToolText): vscode.LanguageModelToolResult {
  return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(text.text)]);
}

type Input = Record<string, unknown>;

function tool(run: (input: Input, signal: AbortSignal) => Promise<ToolText>, message: (input: Input) => string): vscode.LanguageModelTool<Input> {
  return {
    prepareInvocation: options => ({ invocationMessage: message(options.input) }),
    invoke: async (options, token) => {
      const controller = new AbortController();
      const subscription = token.onCancellationRequested(() => controller.abort());
      try {
        return result(await run(options.input, controller.signal));
      } catch (e) {
        // A file system error (permission, vanished file) is an answer the model can act on, not a crash.
        return result({ ok: false, text: `The tool failed: ${e instanceof Error ? e.message : String(e)}` });
      } finally {
        subscription.dispose();
      }
    },
  };
}

export function registerAgentTools(tools: WorkspaceTools = workspaceTools()): vscode.Disposable[] {
  return Object.entries(ownTools(tools)).map(([name, t]) => vscode.lm.registerTool<Input>(name, tool((input, signal) => t.run(input, signal), input => t.message(input))));
}
