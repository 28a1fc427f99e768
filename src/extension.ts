/**
 * Composition root for VS Code: read settings → build providers and the router service → register the chat layer
 * → register the views. Each registration is guarded (it logs and the rest continues); everything goes through
 * context.subscriptions; nothing is created at module load. activate() returns the API host tests use.
 */
import * as vscode from 'vscode';
import { detectFoundryLocalService } from './providers/index';
import { BudgetLedger } from './router/budget';
import { checkPrivacy } from './router/privacyGate';
import { RouteLog } from './router/routeLog';
import type { RouterService } from './router/service';
import type { ModelProvider } from './router/types';
import { apiKeyGetters, onDidChangeConfig, readConfig, updateUserSetting, type HybridConfig } from './config';
import { VsCodeAzureCredential } from './chat/azureCredential';
import { registerEditorCommands, rerunOnSide, type EditorCommandDeps } from './chat/editorCommands';
import { RecentRequests } from './chat/followups';
import { registerLanguageModelProvider } from './chat/lmProvider';
import { registerChatParticipant } from './chat/participant';
import { RouteAnnouncer } from './chat/routeAnnouncer';
import { HybridRuntime } from './chat/runtime';
import { CHECK_LOCAL_RUNTIME_COMMAND, OPEN_SETTINGS_COMMAND, registerSetupCommands, SELECT_LOCAL_MODEL_COMMAND, SET_MODE_COMMAND, SIGN_IN_COMMAND } from './chat/setupCommands';
import { LOG_CHANNEL_NAME, LogChannelSink } from './views/logChannel';
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
}

const BUDGET_STATE_KEY = 'hybridAgent.budget';
/** Attached files above this size are not read (the service refuses requests over 50 MB anyway). */
const HUGE_FILE_BYTES = 64 * 1024 * 1024;
/** How long after activation the status bar probes the sides and looks for a running Foundry Local service. */
const STARTUP_PROBE_DELAY_MS = 1500;

export function activate(context: vscode.ExtensionContext): HybridAgentApi {
  const channel = vscode.window.createOutputChannel(LOG_CHANNEL_NAME, { log: true });
  const sink = new LogChannelSink(channel);
  const announcer = new RouteAnnouncer(sink);
  const routeLog = new RouteLog();
  const budget = new BudgetLedger();
  budget.restore(context.globalState.get(BUDGET_STATE_KEY));
  context.subscriptions.push(channel, { dispose: () => routeLog.dispose() });

  const guard = (what: string, register: () => vscode.Disposable | vscode.Disposable[]): void => {
    try {
      context.subscriptions.push(...[register()].flat());
    } catch (e) {
      sink.unexpected(`activation (${what})`, e);
    }
  };

  /** The edge handler of commands and the chat: log once with the stack, tell the person briefly. */
  const unexpected = (where: string, error: unknown): void => {
    sink.unexpected(where, error);
    void vscode.window.showErrorMessage(`Hybrid Agent: ${where} failed unexpectedly. Details are in the "Hybrid Agent" log.`, 'Show Log')
      .then(choice => { if (choice) { channel.show(true); } });
  };

  // 1. Settings, providers and the service.
  const keys = apiKeyGetters(context.secrets);
  const azure = new VsCodeAzureCredential(vscode.authentication);
  let detectedFoundryLocal: string | undefined;
  const runtime = new HybridRuntime({
    log: routeLog, events: announcer, budget,
    credentials: { cloudApiKey: keys.cloud, localApiKey: keys.local, azure: () => azure },
    machine: () => ({ detectedFoundryLocal, storageDir: context.globalStorageUri.fsPath }),
    note: (level, message) => sink.note(level, message),
  }, readConfig(vscode.workspace));
  context.subscriptions.push(runtime);
  const sidesChanged = new vscode.EventEmitter<void>();
  context.subscriptions.push(sidesChanged, { dispose: runtime.onDidChange(() => sidesChanged.fire()).dispose });

  // 2. The chat layer.
  const recent = new RecentRequests();
  const fixCommands = { signIn: SIGN_IN_COMMAND, openSettings: OPEN_SETTINGS_COMMAND, checkLocalRuntime: CHECK_LOCAL_RUNTIME_COMMAND, selectLocalModel: SELECT_LOCAL_MODEL_COMMAND, openInLog: OPEN_IN_LOG_COMMAND };
  let statusBar: HybridStatusBar | undefined;
  const editorDeps: EditorCommandDeps = {
    service: () => runtime.service(), announcer, recent,
    onDidFinish: () => undefined, // the status bar follows the route log instead
    showLog: id => void vscode.commands.executeCommand(OPEN_IN_LOG_COMMAND, id),
    unexpected,
  };
  guard('chat participant', () => registerChatParticipant({
    service: () => runtime.service(), announcer, recent, commands: fixCommands, cloudUsable: () => runtime.cloudUsable(),
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
    runtime, secrets: context.secrets, announcer,
    updateSetting: (key, value) => updateUserSetting(vscode.workspace, key, value),
    onDidChangeCredentials: () => void refreshAvailability(), unexpected,
  }));

  // 3. The views.
  let tree: RoutingLogTree | undefined;
  guard('routing decisions view', () => {
    tree = new RoutingLogTree(routeLog);
    return [tree, vscode.window.createTreeView(ROUTING_LOG_VIEW_ID, { treeDataProvider: tree, showCollapseAll: true })];
  });
  guard('view commands', () => registerViewCommands({
    log: routeLog, sink, channel, cloudUsable: () => runtime.cloudUsable(),
    rerun: (id, target) => rerunOnSide(editorDeps, id, target), unexpected,
  }));
  guard('status bar', () => {
    statusBar = new HybridStatusBar(vscode.window.createStatusBarItem('hybridAgent.status', vscode.StatusBarAlignment.Right, 100), sidesState(runtime), SET_MODE_COMMAND, v => new vscode.MarkdownString(v));
    return statusBar;
  });

  /** Probes both sides for the status bar. Probes never throw by contract; anything else is logged, not shown. */
  async function refreshAvailability(): Promise<void> {
    await probeSides().catch(e => sink.unexpected('status bar probe', e));
  }
  async function probeSides(): Promise<void> {
    statusBar?.update(sidesState(runtime));
    const { local, cloud } = runtime.providers();
    const [l, c] = await Promise.all([local.probe(AbortSignal.timeout(10_000)), cloud?.probe(AbortSignal.timeout(10_000))]);
    if (runtime.providers().local !== local) { return; } // settings changed meanwhile; a newer refresh is running
    statusBar?.update({ local: { ...sidesState(runtime).local, available: l.available, detail: l.detail }, cloud: { ...sidesState(runtime).cloud, available: c?.available, detail: c?.detail } });
  }

  // Live settings, route log → status bar and budget, Foundry Local auto-detection.
  context.subscriptions.push(onDidChangeConfig(vscode.workspace, cfg => {
    runtime.reconfigure(cfg);
    void refreshAvailability();
    void detectLocalService().catch(e => sink.unexpected('Foundry Local detection', e));
  }));
  context.subscriptions.push(routeLog.onDidAppend(record => {
    if (record.kind === 'answered') {
      statusBar?.update({ lastPath: record.response.path });
      if (record.response.costUsd > 0) { void context.globalState.update(BUDGET_STATE_KEY, budget.snapshot()); }
    }
  }));
  async function detectLocalService(): Promise<void> {
    const local = runtime.config().local;
    if (local.provider !== 'auto' || local.endpoint) { return; }
    const found = await detectFoundryLocalService(fetch, AbortSignal.timeout(5_000)).catch(() => undefined);
    if (found?.baseUrl !== detectedFoundryLocal) {
      detectedFoundryLocal = found?.baseUrl;
      runtime.reconfigure(runtime.config());
      void refreshAvailability();
    }
  }
  // Probing loads SDK chunks and detection starts Node's HTTP client: both wait until activation is over, so
  // activate() stays cheap and lazy SDKs stay lazy at startup.
  const startup = setTimeout(() => {
    void detectLocalService().catch(e => sink.unexpected('Foundry Local detection', e));
    void refreshAvailability();
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
  };
}

export function deactivate(): void {}

function sidesState(runtime: HybridRuntime): ConstructorParameters<typeof HybridStatusBar>[1] {
  const { local, cloud } = runtime.providers();
  return {
    mode: runtime.config().router.mode,
    local: { configured: true, isDemo: local.isDemo, label: local.label },
    cloud: { configured: runtime.cloudUsable(), isDemo: cloud?.isDemo ?? false, label: cloud?.label ?? 'off' },
  };
}

/** Reads chat references through VS Code: open documents first (unsaved edits count), then the file system. */
function workspaceReader(): import('./chat/convert').ReferenceReader {
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
