// SCAFFOLD: minimal activate(); the VS Code surface is its own issue.
import type * as vscode from 'vscode';

export function activate(_context: vscode.ExtensionContext): void {
  // Registrations are added by the VS Code extension work.
}

export function deactivate(): void {}
