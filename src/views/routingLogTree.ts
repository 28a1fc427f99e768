/**
 * Routing Decisions tree (the FTP sample's three parts: the model is RouteLog, this is the provider, the wiring is
 * in extension.ts). One item per RouteRecord, newest first, under a session summary node.
 */
import * as vscode from 'vscode';
import type { RouteLog, RouteRecord } from '../router/routeLog';
import { groupAgentTurns, sessionView, turnView, type AgentSession } from './agentSessions';
import { detailsOf, recordView, sessionStats, summaryView, type DetailView, type IconSpec, type RecordView, type SessionStats } from './treeModel';

export const ROUTING_LOG_VIEW_ID = 'hybridAgent.routingLog';

export type RoutingNode =
  | { readonly type: 'summary' }
  | { readonly type: 'record'; readonly record: RouteRecord; readonly inSession?: boolean }
  | { readonly type: 'session'; readonly session: AgentSession }
  | { readonly type: 'detail'; readonly detail: DetailView };

const SUMMARY: RoutingNode = { type: 'summary' };

export class RoutingLogTree implements vscode.TreeDataProvider<RoutingNode>, vscode.Disposable {
  private readonly _onDidChangeTreeData = new vscode.EventEmitter<RoutingNode | undefined>();
  readonly onDidChangeTreeData = this._onDidChangeTreeData.event;
  private readonly subscriptions: { dispose(): void }[];

  constructor(private readonly log: RouteLog, private readonly stats: () => SessionStats = () => sessionStats(log.stats(), log.recent())) {
    this.subscriptions = [
      log.onDidAppend(() => this._onDidChangeTreeData.fire(undefined)),
      log.onDidClear(() => this._onDidChangeTreeData.fire(undefined)),
    ];
  }

  getChildren(node?: RoutingNode): RoutingNode[] {
    if (!node) {
      return [SUMMARY, ...groupAgentTurns(this.log.recent()).map((e): RoutingNode => (e.kind === 'record' ? { type: 'record', record: e.record } : { type: 'session', session: e.session }))];
    }
    switch (node.type) {
      case 'summary': return summaryView(this.stats()).children.map(detail => ({ type: 'detail', detail }));
      case 'session': return node.session.turns.map((record): RoutingNode => ({ type: 'record', record, inSession: true }));
      case 'record': return detailsOf(node.record).map(detail => ({ type: 'detail', detail }));
      case 'detail': return (node.detail.children ?? []).map(detail => ({ type: 'detail', detail }));
    }
  }

  getTreeItem(node: RoutingNode): vscode.TreeItem {
    switch (node.type) {
      case 'summary': {
        const view = summaryView(this.stats());
        const item = new vscode.TreeItem(view.label, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = 'summary';
        item.description = view.description;
        item.iconPath = new vscode.ThemeIcon('graph');
        item.contextValue = 'route.summary';
        return item;
      }
      case 'record': return recordItem(node.inSession ? turnView(node.record) : recordView(node.record));
      case 'session': return recordItem(sessionView(node.session));
      case 'detail': {
        const d = node.detail;
        const item = new vscode.TreeItem(d.label, d.children?.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
        item.id = d.id;
        item.description = d.description;
        item.tooltip = d.description ? `${d.label}: ${d.description}` : d.label; // the description may be cut off: the tooltip has it all
        item.iconPath = d.icon ? themeIcon(d.icon) : undefined;
        item.contextValue = 'route.detail';
        return item;
      }
    }
  }

  dispose(): void {
    for (const s of this.subscriptions) { s.dispose(); }
    this._onDidChangeTreeData.dispose();
  }
}

function recordItem(view: RecordView): vscode.TreeItem {
  const item = new vscode.TreeItem(view.label, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = view.id;
  item.description = view.description;
  item.tooltip = new vscode.MarkdownString(view.tooltip);
  item.iconPath = themeIcon(view.icon);
  item.contextValue = view.contextValue;
  return item;
}

function themeIcon(icon: IconSpec): vscode.ThemeIcon {
  return new vscode.ThemeIcon(icon.id, icon.color ? new vscode.ThemeColor(icon.color) : undefined);
}
