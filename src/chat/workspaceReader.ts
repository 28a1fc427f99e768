/** Reads chat references through VS Code: open documents first (unsaved edits count), then the file system. */
import * as vscode from 'vscode';
import type { ReferenceReader } from './convert';

/** Attached files above this size are not read (the service refuses requests over 50 MB anyway). */
const HUGE_FILE_BYTES = 64 * 1024 * 1024;

export function workspaceReader(): ReferenceReader {
  return {
    async readFile(uri, maxBytes) {
      try {
        const u = uri as vscode.Uri;
        const open = vscode.workspace.textDocuments.find(d => d.uri.toString() === u.toString());
        if (open) { return new TextEncoder().encode(open.getText()).subarray(0, maxBytes); }
        const stat = await vscode.workspace.fs.stat(u);
        if (stat.size > HUGE_FILE_BYTES) { return undefined; } // not read at all: only its name reaches the gate
        const bytes = await vscode.workspace.fs.readFile(u);
        return stat.size > maxBytes ? bytes.subarray(0, maxBytes) : bytes;
      } catch {
        return undefined; // unreadable (deleted, no permission): only its name is known
      }
    },
    async readRange(uri, range) {
      try {
        const doc = await vscode.workspace.openTextDocument(uri as vscode.Uri);
        return doc.getText(range as vscode.Range);
      } catch {
        return undefined;
      }
    },
    relativePath: uri => vscode.workspace.asRelativePath(uri as vscode.Uri, false),
  };
}
