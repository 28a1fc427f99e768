/**
 * Read-only rendered previews: markdown served from memory under the `hybrid-agent:` scheme and shown with VS Code's
 * markdown preview, which re-renders when the content changes (a streaming answer). Nothing is an editable buffer,
 * so nothing asks "Do you want to save?", and nothing is written to disk.
 */
import * as vscode from 'vscode';

export const PREVIEW_SCHEME = 'hybrid-agent';

export class MarkdownPreviews implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly shown = new Set<string>();
  private readonly _onDidChange = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this._onDidChange.event;
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, this);

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.path) ?? '';
  }

  /** Shows (first call for a key) or updates (later calls) the preview of `key`. Returns its document URI. */
  async show(key: string, title: string, markdown: string): Promise<vscode.Uri> {
    const uri = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `/${key}/${title.replace(/[^\w .-]/g, '')}.md` });
    this.contents.set(uri.path, markdown);
    if (this.shown.has(uri.path)) {
      this._onDidChange.fire(uri);
    } else {
      this.shown.add(uri.path);
      await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
    }
    return uri;
  }

  /** The current markdown of the preview shown under `key` (host tests). */
  contentOf(key: string): string | undefined {
    const path = [...this.contents.keys()].find(p => p.startsWith(`/${key}/`));
    return path === undefined ? undefined : this.contents.get(path);
  }

  dispose(): void {
    this.registration.dispose();
    this._onDidChange.dispose();
  }
}
