/**
 * Commands are an edge (STYLE.md §4): an unexpected error is logged once with its stack and shown as a short
 * message with a "Show Log" action — never a raw stack in a notification, never an unhandled rejection.
 */
import * as vscode from 'vscode';

/** Logs the error (with stack) and tells the person; supplied by extension.ts. */
export type UnexpectedErrorHandler = (where: string, error: unknown) => void;

export function registerGuardedCommand<A extends unknown[], R>(
  id: string, run: (...args: A) => R | Promise<R>, onUnexpected: UnexpectedErrorHandler,
): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: A): Promise<R | undefined> => {
    try {
      return await run(...args);
    } catch (e) {
      onUnexpected(id, e);
      return undefined;
    }
  });
}
