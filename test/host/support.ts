/** Helpers shared by the extension host tests: the extension's test API, the fixture workspace, tree and log text. */
import * as vscode from 'vscode';
import type { HybridConfig } from '../../src/config';
import type { RouteLog, RouteRecord } from '../../src/router/routeLog';
import type { RouterService } from '../../src/router/service';
import type { ModelProvider } from '../../src/router/types';
import { locateFakeSecret, SECRET_FILE } from '../e2e/support/fixtureWorkspace';

export const EXTENSION_ID = 'hybrid-agent.hybrid-agent';

/**
 * What activate() returns (ids.md), plus the two test views D exposes (routingTree, logLines). Mirrored here so
 * the tests do not load extension.ts themselves: they must see the instance VS Code activated.
 */
export interface HybridAgentApi {
  readonly routeLog: RouteLog;
  service(): RouterService;
  config(): HybridConfig;
  providers(): { local: ModelProvider; cloud?: ModelProvider };
  routingTree?(): vscode.TreeDataProvider<unknown>;
  logLines?(): readonly string[];
  demoLogLines?(): readonly string[];
  statusBar?(): { readonly text: string; readonly tooltip: string } | undefined;
  probeSides?(): Promise<void>;
  previews?(): { contentOf(key: string): string | undefined };
}

export async function activateExtension(): Promise<HybridAgentApi> {
  const extension = vscode.extensions.getExtension<HybridAgentApi>(EXTENSION_ID);
  if (!extension) {
    throw new Error(`${EXTENSION_ID} is not installed in this extension host`);
  }
  const api = await extension.activate();
  if (!api) {
    throw new Error('activate() returned no API object');
  }
  return api;
}

/** Resolves with the next record appended to the route log that matches (the test's own timeout bounds the wait). */
export function nextRecord(log: RouteLog, matches: (record: RouteRecord) => boolean = () => true): Promise<RouteRecord> {
  return new Promise(resolve => {
    const subscription = log.onDidAppend(record => {
      if (matches(record)) {
        subscription.dispose();
        resolve(record);
      }
    });
  });
}

/** Resolves once the extension's config satisfies `predicate` (checked now and after each configuration event). */
export function untilConfig(api: HybridAgentApi, predicate: (config: HybridConfig) => boolean): Promise<HybridConfig> {
  if (predicate(api.config())) {
    return Promise.resolve(api.config());
  }
  return new Promise(resolve => {
    const subscription = vscode.workspace.onDidChangeConfiguration(() => {
      // The extension's own listener may run after ours: look again once the current event has been delivered.
      setImmediate(() => {
        if (predicate(api.config())) {
          subscription.dispose();
          resolve(api.config());
        }
      });
    });
  });
}

/** Opens the fixture file holding the fake connection string and selects its line. Returns the fake password. */
export async function selectFakeSecret(): Promise<{ editor: vscode.TextEditor; secret: string; line: number }> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    throw new Error('the host tests need the fixture workspace folder open');
  }
  const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, SECRET_FILE));
  const editor = await vscode.window.showTextDocument(document);
  const found = locateFakeSecret(document.getText());
  if (!found) {
    throw new Error(`${SECRET_FILE} holds no fake connection string`);
  }
  editor.selection = new vscode.Selection(found.line, 0, found.line, found.lineText.length);
  return { editor, secret: found.secret, line: found.line + 1 };
}

/** Opens a workspace file and selects all of it. */
export async function selectWholeFile(relativePath: string): Promise<vscode.TextEditor> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    throw new Error('the host tests need the fixture workspace folder open');
  }
  const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, relativePath));
  const editor = await vscode.window.showTextDocument(document);
  const end = document.lineAt(document.lineCount - 1).range.end;
  editor.selection = new vscode.Selection(0, 0, end.line, end.character);
  return editor;
}

/** Every label, description and tooltip of a tree, walked from the root (bounded depth). */
export async function treeTexts(tree: vscode.TreeDataProvider<unknown>, maxDepth = 4): Promise<string[]> {
  const texts: string[] = [];
  const visit = async (node: unknown, depth: number): Promise<void> => {
    for (const child of (await tree.getChildren(node)) ?? []) {
      const item = await tree.getTreeItem(child);
      texts.push(labelText(item.label), String(item.description ?? ''), tooltipText(item.tooltip));
      if (depth < maxDepth && item.collapsibleState !== vscode.TreeItemCollapsibleState.None) {
        await visit(child, depth + 1);
      }
    }
  };
  await visit(undefined, 0);
  return texts.filter(Boolean);
}

function labelText(label: string | vscode.TreeItemLabel | undefined): string {
  return typeof label === 'string' ? label : label?.label ?? '';
}

function tooltipText(tooltip: string | vscode.MarkdownString | undefined): string {
  return typeof tooltip === 'string' ? tooltip : tooltip?.value ?? '';
}
