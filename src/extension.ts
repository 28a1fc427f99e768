/**
 * Composition root for VS Code: a short list of registrations, each guarded (it logs and the rest continues), all
 * through context.subscriptions, nothing created at module load. Logic lives in the rooms: settings (config.ts),
 * the assembly and side monitoring (runtime/), chat (chat/), views (views/). activate() returns the API host tests use.
 */
import * as vscode from 'vscode';
import { BudgetLedger } from './router/budget';
import { checkPrivacy } from './router/privacyGate';
import { RouteLog } from './router/routeLog';
import type { RouterService } from './router/service';
import type { EventSink, ModelProvider } from './router/types';
import { HybridRuntime } from './runtime/hybridRuntime';
import { SideMonitor } from './runtime/sideMonitor';
import { apiKeyGetters, onDidChangeConfig, readConfig, storeCloudApiKey, updateUserSetting, type HybridConfig } from './config';
import { VsCodeAzureCredential } from './chat/azureCredential';
import { registerEditorCommands, rerunOnSide, type EditorCommandDeps } from './chat/editorCommands';
import { RecentRequests } from './chat/followups';
import { registerLanguageModelProvider } from './chat/lmProvider';
import { registerChatParticipant } from './chat/participant';
import { RouteAnnouncer } from './chat/routeAnnouncer';
import { CHECK_LOCAL_RUNTIME_COMMAND, OPEN_SETTINGS_COMMAND, registerSetupCommands, SELECT_LOCAL_MODEL_COMMAND, SET_CLOUD_API_KEY_COMMAND, SET_MODE_COMMAND, SIGN_IN_COMMAND } from './chat/setupCommands';
import { workspaceReader } from './chat/workspaceReader';
import { DEMO_CHANNEL_NAME, LOG_CHANNEL_NAME, LogChannelSink } from './views/logChannel';
import { MarkdownPreviews } from './views/markdownPreview';
import { ROUTING_LOG_VIEW_ID, RoutingLogTree } from './views/routingLogTree';
import { HybridStatusBar } from './views/statusBar';
import { OPEN_IN_LOG_COMMAND, registerViewCommands } from './views/viewCommands';

/** What activate() returns (ids.md): for host tests and other extensions. */
export interface HybridAgentApi {
  readonly routeLog: RouteLog;
  service(): RouterService;
  config(): HybridConfig;
  providers(): { local: ModelProvider; cloud?: ModelProvider };
  /** The Routing Decisions tree provider (getChildren / getTreeItem), for tests. */
  routingTree(): RoutingLogTree;
  /** The last lines written to the "Hybrid Agent" log channel, exactly as written. */
  logLines(): readonly string[];
  /** The last lines written to the "Hybrid Agent Demo" channel. */
  demoLogLines(): readonly string[];
  /** The status bar's text and tooltip as shown. */
  statusBar(): { readonly text: string; readonly tooltip: string } | undefined;
  /** Probes both sides again now (host tests; the status bar does it on its own after activation). */
  probeSides(): Promise<void>;
  /** The read-only previews (host tests read what they show). */
  previews(): MarkdownPreviews;
}

const BUDGET_STATE_KEY = 'hybridAgent.budget';
/** How long after activation the sides are probed and a running Foundry Local service is looked for. */
const STARTUP_PROBE_DELAY_MS = 1500;
/** Context keys the walkthrough completes on: only real setup counts, never the demo. */
const CONTEXT_LOCAL_READY = 'hybridAgent.localReady';
const CONTEXT_CLOUD_READY = 'hybridAgent.cloudReady';
const CONTEXT_CHAT_ANSWERED = 'hybridAgent.chatAnswered';

export function activate(context: vscode.ExtensionContext): HybridAgentApi {
  const channel = vscode.window.createOutputChannel(LOG_CHANNEL_NAME, { log: true });
  const sink = new LogChannelSink(channel);
  const demo = lazyDemoChannel(context);
  const routeLog = new RouteLog();
  const budget = new BudgetLedger();
  budget.restore(context.globalState.get(BUDGET_STATE_KEY));
  context.subscriptions.push(channel, { dispose: () => routeLog.dispose() });
  const guard = (what: string, register: () => vscode.Disposable | vscode.Disposable[]): void => {
    try { context.subscriptions.push(...[register()].flat()); } catch (e) { sink.unexpected(`activation (${what})`, e); }
  };
  const unexpected = (where: string, error: unknown): void => {
    sink.unexpected(where, error);
    void vscode.window.showErrorMessage(`Hybrid Agent: ${where} failed unexpectedly. Details are in the "Hybrid Agent" log.`, 'Show Log')
      .then(choice => { if (choice) { channel.show(true); } });
  };

  // Settings → providers → service, and what is known about each side.
  const keys = apiKeyGetters(context.secrets);
  const azure = new VsCodeAzureCredential(vscode.authentication);
  // Events reach the announcer (route lines) and the side monitor (status bar); both are built right below.
  const events: EventSink = { emit: e => { announcer.emit(e); sides.emit(e); } };
  const runtime = new HybridRuntime({
    log: routeLog, events, budget,
    credentials: { cloudApiKey: keys.cloud, localApiKey: keys.local, azure: () => azure },
    machine: () => ({ storageDir: context.globalStorageUri.fsPath }),
    note: (level, message) => sink.note(level, message),
  }, readConfig(vscode.workspace));
  const announcer = new RouteAnnouncer(sink, id => runtime.isDemo(id));
  const sides = new SideMonitor(sidesOf(runtime));
  context.subscriptions.push(runtime, sides);
  const sidesChanged = new vscode.EventEmitter<void>();
  context.subscriptions.push(sidesChanged, { dispose: runtime.onDidChange(() => { sidesChanged.fire(); void sides.reset(sidesOf(runtime)); }).dispose });
  const previews = new MarkdownPreviews();
  context.subscriptions.push(previews);
  const preview = (key: string, title: string, markdown: string) => previews.show(key, title, markdown);

  // The chat layer.
  const recent = new RecentRequests();
  const isDemo = (id: string) => runtime.isDemo(id);
  const editorDeps: EditorCommandDeps = { service: () => runtime.service(), announcer, recent, isDemo, preview, unexpected };
  guard('chat participant', () => registerChatParticipant({
    service: () => runtime.service(), announcer, recent, isDemo, cloudUsable: () => runtime.cloudUsable(),
    cloudFix: () => (runtime.config().cloud.provider === 'openaiCompatible' ? 'apiKey' : 'signIn'),
    commands: { signIn: SIGN_IN_COMMAND, setCloudApiKey: SET_CLOUD_API_KEY_COMMAND, openSettings: OPEN_SETTINGS_COMMAND, checkLocalRuntime: CHECK_LOCAL_RUNTIME_COMMAND, selectLocalModel: SELECT_LOCAL_MODEL_COMMAND, openInLog: OPEN_IN_LOG_COMMAND },
    reader: workspaceReader(), iconPath: vscode.Uri.joinPath(context.extensionUri, 'media', 'hybrid-agent.svg'),
    unexpected: (where, e) => sink.unexpected(where, e),
  }));
  guard('language model provider', () => registerLanguageModelProvider({
    service: () => runtime.service(), onDidChangeSides: sidesChanged.event,
    sides: () => {
      const { local, cloud } = runtime.providers();
      const router = runtime.config().router;
      return { localLabel: local.label, localContextTokens: router.localContextTokens, maxOutputTokens: router.maxOutputTokens, cloudLabel: runtime.cloudUsable() ? cloud?.label : undefined };
    },
  }));
  guard('editor commands', () => registerEditorCommands(editorDeps));
  guard('setup commands', () => registerSetupCommands({
    config: () => runtime.config(), providers: () => runtime.providers(), preview, demoEvents: demo.sink,
    storeCloudApiKey: key => storeCloudApiKey(context.secrets, key),
    updateSetting: (key, value) => updateUserSetting(vscode.workspace, key, value),
    onDidChangeCredentials: () => void sides.probe(), unexpected,
  }));

  // The views.
  let tree: RoutingLogTree | undefined;
  let statusBar: HybridStatusBar | undefined;
  guard('routing decisions view', () => {
    tree = new RoutingLogTree(routeLog);
    return [tree, vscode.window.createTreeView(ROUTING_LOG_VIEW_ID, { treeDataProvider: tree, showCollapseAll: true })];
  });
  guard('view commands', () => registerViewCommands({
    log: routeLog, sink, channel, preview, cloudUsable: () => runtime.cloudUsable(),
    rerun: (id, target) => rerunOnSide(editorDeps, id, target), unexpected,
  }));
  guard('status bar', () => {
    const bar = new HybridStatusBar(vscode.window.createStatusBarItem('hybridAgent.status', vscode.StatusBarAlignment.Right, 100),
      { mode: runtime.config().router.mode, ...sides.state() }, SET_MODE_COMMAND, v => new vscode.MarkdownString(v));
    statusBar = bar;
    return [bar, { dispose: sides.onDidChange(() => bar.update({ mode: runtime.config().router.mode, ...sides.state() })).dispose }];
  });

  // Live settings, route log → status bar, budget and walkthrough, Foundry Local auto-detection, startup probe.
  context.subscriptions.push(onDidChangeConfig(vscode.workspace, cfg => {
    runtime.reconfigure(cfg);
    void runtime.detectLocalService(AbortSignal.timeout(5_000)).catch(e => sink.unexpected('Foundry Local detection', e));
  }));
  context.subscriptions.push(routeLog.onDidAppend(record => {
    if (record.kind !== 'answered') { return; }
    statusBar?.update({ lastPath: record.response.path });
    void vscode.commands.executeCommand('setContext', CONTEXT_CHAT_ANSWERED, true);
    if (record.response.costUsd > 0) { void context.globalState.update(BUDGET_STATE_KEY, budget.snapshot()); }
  }));
  context.subscriptions.push({ dispose: sides.onDidChange(() => {
    const { local, cloud } = sides.state();
    if (local.available && !local.isDemo) { void vscode.commands.executeCommand('setContext', CONTEXT_LOCAL_READY, true); }
    if (cloud.available && !cloud.isDemo && cloud.configured) { void vscode.commands.executeCommand('setContext', CONTEXT_CLOUD_READY, true); }
  }).dispose });
  // Probing loads SDK chunks and detection starts Node's HTTP client: both wait until activation is over, so
  // activate() stays cheap and lazy SDKs stay lazy at startup.
  const startup = setTimeout(() => {
    void runtime.detectLocalService(AbortSignal.timeout(5_000)).catch(e => sink.unexpected('Foundry Local detection', e));
    void sides.probe().catch(e => sink.unexpected('side probe', e));
    // The gate's first scan compiles its rules (~30–80 ms): pay it now, not on the person's first request.
    checkPrivacy({ prompt: '' }, runtime.config().router);
  }, STARTUP_PROBE_DELAY_MS);
  context.subscriptions.push({ dispose: () => clearTimeout(startup) });
  sink.note('info', `activated (mode ${runtime.config().router.mode}; local: ${runtime.providers().local.label}; cloud: ${runtime.providers().cloud?.label ?? 'off'})`);

  return {
    routeLog,
    service: () => runtime.service(),
    config: () => runtime.config(),
    providers: () => runtime.providers(),
    routingTree: () => tree ?? new RoutingLogTree(routeLog),
    logLines: () => sink.lines(),
    demoLogLines: () => demo.lines(),
    statusBar: () => statusBar?.shown(),
    probeSides: () => sides.probe(),
    previews: () => previews,
  };
}

export function deactivate(): void {}

function sidesOf(runtime: HybridRuntime): ConstructorParameters<typeof SideMonitor>[0] {
  return { ...runtime.providers(), cloudUsable: runtime.cloudUsable() };
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
