/**
 * The pieces every registration shares, made once per activation: the routing log channel and its sink, the route
 * log, the budget, the runtime (settings → providers → service), the side monitor, the route announcer, the
 * read-only previews and the demo channel. Everything is pushed to context.subscriptions.
 */
import * as vscode from 'vscode';
import { BudgetLedger } from './router/budget';
import { RouteLog } from './router/routeLog';
import type { EventSink } from './router/types';
import { HybridRuntime } from './runtime/hybridRuntime';
import { SideMonitor } from './runtime/sideMonitor';
import type { HybridConfig } from './runtime/settings';
import { apiKeyGetters } from './config';
import { VsCodeAzureCredential } from './chat/azureCredential';
import { rerunOnSide, type EditorCommandDeps, type ShowPreview } from './chat/editorCommands';
import { RecentRequests } from './chat/followups';
import { RouteAnnouncer } from './chat/routeAnnouncer';
import { DEMO_CHANNEL_NAME, LOG_CHANNEL_NAME, LogChannelSink } from './views/logChannel';
import { MarkdownPreviews } from './views/markdownPreview';

export interface Core {
  readonly channel: vscode.LogOutputChannel;
  readonly sink: LogChannelSink;
  readonly routeLog: RouteLog;
  readonly budget: BudgetLedger;
  readonly runtime: HybridRuntime;
  readonly sides: SideMonitor;
  readonly announcer: RouteAnnouncer;
  readonly recent: RecentRequests;
  readonly previews: MarkdownPreviews;
  readonly preview: ShowPreview;
  readonly isDemo: (providerId: string) => boolean;
  readonly editorDeps: EditorCommandDeps;
  readonly rerun: (correlationId: string, target: 'local' | 'cloud') => Promise<unknown>;
  /** Fires when the configured sides change (settings, a detected Foundry Local service). */
  readonly onDidChangeSides: vscode.Event<void>;
  readonly demoSink: () => EventSink;
  readonly demoLines: () => readonly string[];
  /** The edge handler of commands: log once with the stack, tell the person briefly. */
  readonly unexpected: (where: string, error: unknown) => void;
}

export function createCore(context: vscode.ExtensionContext, config: HybridConfig, budgetState: unknown): Core {
  const channel = vscode.window.createOutputChannel(LOG_CHANNEL_NAME, { log: true });
  const sink = new LogChannelSink(channel);
  const routeLog = new RouteLog();
  const budget = new BudgetLedger();
  budget.restore(budgetState);
  const agentLines = routeLog.onDidAppend(record => sink.agentTurn(record));
  context.subscriptions.push(channel, agentLines, { dispose: () => routeLog.dispose() });
  const unexpected = (where: string, error: unknown): void => {
    sink.unexpected(where, error);
    void vscode.window.showErrorMessage(`Hybrid Agent: ${where} failed unexpectedly. Details are in the "Hybrid Agent" log.`, 'Show Log')
      .then(choice => { if (choice) { channel.show(true); } });
  };

  const keys = apiKeyGetters(context.secrets);
  const azure = new VsCodeAzureCredential(vscode.authentication);
  // Events reach the announcer (route lines) and the side monitor (status bar); both are built right below.
  const events: EventSink = { emit: e => { announcer.emit(e); sides.emit(e); } };
  const runtime = new HybridRuntime({
    log: routeLog, events, budget,
    credentials: { cloudApiKey: keys.cloud, localApiKey: keys.local, azure: () => azure },
    machine: () => ({ storageDir: context.globalStorageUri.fsPath }),
    note: (level, message) => sink.note(level, message),
  }, config);
  const isDemo = (id: string) => runtime.isDemo(id);
  const announcer = new RouteAnnouncer(sink, isDemo);
  const sidesOf = () => ({ ...runtime.providers(), cloudUsable: runtime.cloudUsable() });
  const sides = new SideMonitor(sidesOf());
  const sidesChanged = new vscode.EventEmitter<void>();
  const followSettings = runtime.onDidChange(() => { sidesChanged.fire(); void sides.reset(sidesOf()); });
  const previews = new MarkdownPreviews();
  context.subscriptions.push(runtime, sides, sidesChanged, followSettings, previews);
  const preview: ShowPreview = (key, title, markdown) => previews.show(key, title, markdown);
  const recent = new RecentRequests();
  const editorDeps: EditorCommandDeps = { service: () => runtime.service(), announcer, recent, isDemo, preview, unexpected };
  const demo = lazyDemoChannel(context);
  return {
    channel, sink, routeLog, budget, runtime, sides, announcer, recent, previews, preview, isDemo, editorDeps,
    rerun: (id, target) => rerunOnSide(editorDeps, id, target),
    onDidChangeSides: sidesChanged.event, demoSink: demo.sink, demoLines: demo.lines, unexpected,
  };
}

/** The "Hybrid Agent Demo" channel, created on the first demo run: demo events never mix into the routing log. */
function lazyDemoChannel(context: vscode.ExtensionContext): { sink: () => EventSink; lines: () => readonly string[] } {
  let demoSink: LogChannelSink | undefined;
  const sink = (): LogChannelSink => {
    if (!demoSink) {
      const channel = vscode.window.createOutputChannel(DEMO_CHANNEL_NAME, { log: true });
      context.subscriptions.push(channel);
      demoSink = new LogChannelSink(channel);
    }
    return demoSink;
  };
  return { sink, lines: () => demoSink?.lines() ?? [] };
}
