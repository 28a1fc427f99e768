/**
 * Composition root for VS Code: activate() is a short list of registrations, each guarded (it logs and the rest
 * continues), all through context.subscriptions, nothing created at module load. The shared pieces (log, runtime,
 * side monitor, previews) are made once in extensionCore.ts; logic lives in the rooms. activate() returns the API
 * host tests use.
 */
import * as vscode from 'vscode';
import { checkPrivacy } from './router/privacyGate';
import type { RouteLog } from './router/routeLog';
import type { RouterService } from './router/service';
import type { ModelProvider } from './router/types';
import { onDidChangeConfig, readAgentSettings, readConfig, storeCloudApiKey, storeLocalApiKey, updateUserSetting, type HybridConfig } from './config';
import { registerAgentTools } from './chat/agentTools';
import { registerEditorCommands } from './chat/editorCommands';
import { registerLanguageModelProvider } from './chat/lmProvider';
import { registerChatParticipant } from './chat/participant';
import { CHECK_LOCAL_RUNTIME_COMMAND, OPEN_SETTINGS_COMMAND, registerSetupCommands, SELECT_LOCAL_MODEL_COMMAND, SET_CLOUD_API_KEY_COMMAND, SET_MODE_COMMAND, SIGN_IN_COMMAND } from './chat/setupCommands';
import { workspaceReader } from './chat/workspaceReader';
import { createCore, type Core } from './extensionCore';
import type { MarkdownPreviews } from './views/markdownPreview';
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

type Registration = vscode.Disposable | vscode.Disposable[];

export function activate(context: vscode.ExtensionContext): HybridAgentApi {
  const core = createCore(context, readConfig(vscode.workspace), context.globalState.get(BUDGET_STATE_KEY));
  const guard = (what: string, register: () => Registration): void => {
    try { context.subscriptions.push(...[register()].flat()); } catch (e) { core.sink.unexpected(`activation (${what})`, e); }
  };
  let tree: RoutingLogTree | undefined;
  let statusBar: HybridStatusBar | undefined;
  guard('chat participant', () => registerChatParticipant(participantDeps(context, core)));
  guard('language model provider', () => registerLanguageModelProvider(languageModelDeps(core)));
  guard('agent tools', () => registerAgentTools());
  guard('editor commands', () => registerEditorCommands(core.editorDeps));
  guard('setup commands', () => registerSetupCommands(setupDeps(context, core)));
  guard('routing decisions view', () => { tree = new RoutingLogTree(core.routeLog); return [tree, vscode.window.createTreeView(ROUTING_LOG_VIEW_ID, { treeDataProvider: tree, showCollapseAll: true })]; });
  guard('view commands', () => registerViewCommands({ log: core.routeLog, sink: core.sink, channel: core.channel, preview: core.preview, cloudUsable: () => core.runtime.cloudUsable(), rerun: core.rerun, unexpected: core.unexpected }));
  guard('status bar', () => { statusBar = createStatusBar(core); return [statusBar, followSides(core, statusBar)]; });
  guard('live settings', () => onDidChangeConfig(vscode.workspace, cfg => { core.runtime.reconfigure(cfg); detectLocalService(core); }));
  guard('route follow-ups', () => followRoutes(context, core, () => statusBar));
  guard('walkthrough', () => completeWalkthroughSteps(core));
  guard('startup probe', () => probeAfterStartup(core));
  core.sink.note('info', `activated (mode ${core.runtime.config().router.mode}; local: ${core.runtime.providers().local.label}; cloud: ${core.runtime.providers().cloud?.label ?? 'off'})`);
  return {
    routeLog: core.routeLog,
    service: () => core.runtime.service(),
    config: () => core.runtime.config(),
    providers: () => core.runtime.providers(),
    routingTree: () => tree ?? new RoutingLogTree(core.routeLog),
    logLines: () => core.sink.lines(),
    demoLogLines: () => core.demoLines(),
    statusBar: () => statusBar?.shown(),
    probeSides: () => core.sides.probe(),
    previews: () => core.previews,
  };
}

export function deactivate(): void {}

function participantDeps(context: vscode.ExtensionContext, core: Core): Parameters<typeof registerChatParticipant>[0] {
  const { runtime } = core;
  return {
    service: () => runtime.service(), announcer: core.announcer, recent: core.recent, isDemo: core.isDemo, cloudUsable: () => runtime.cloudUsable(),
    cloudFix: () => (runtime.config().cloud.provider === 'openaiCompatible' ? 'apiKey' : 'signIn'),
    commands: { signIn: SIGN_IN_COMMAND, setCloudApiKey: SET_CLOUD_API_KEY_COMMAND, openSettings: OPEN_SETTINGS_COMMAND, checkLocalRuntime: CHECK_LOCAL_RUNTIME_COMMAND, selectLocalModel: SELECT_LOCAL_MODEL_COMMAND, openInLog: OPEN_IN_LOG_COMMAND },
    reader: workspaceReader(), iconPath: vscode.Uri.joinPath(context.extensionUri, 'media', 'hybrid-agent.svg'),
    unexpected: (where, e) => core.sink.unexpected(where, e),
    maxAgentTurns: () => readAgentSettings(vscode.workspace).maxTurns,
  };
}

function languageModelDeps(core: Core): Parameters<typeof registerLanguageModelProvider>[0] {
  const { runtime } = core;
  return {
    service: () => runtime.service(), onDidChangeSides: core.onDidChangeSides,
    sides: () => {
      const { local, cloud } = runtime.providers();
      const router = runtime.config().router;
      return { localLabel: local.label, localContextTokens: router.localContextTokens, maxOutputTokens: router.maxOutputTokens, cloudLabel: runtime.cloudUsable() ? cloud?.label : undefined };
    },
  };
}

function setupDeps(context: vscode.ExtensionContext, core: Core): Parameters<typeof registerSetupCommands>[0] {
  return {
    config: () => core.runtime.config(), providers: () => core.runtime.providers(), preview: core.preview, demoEvents: core.demoSink,
    storeCloudApiKey: key => storeCloudApiKey(context.secrets, key),
    storeLocalApiKey: key => storeLocalApiKey(context.secrets, key),
    updateSetting: (key, value) => updateUserSetting(vscode.workspace, key, value),
    onDidChangeCredentials: () => void core.sides.probe(), unexpected: core.unexpected,
  };
}

function createStatusBar(core: Core): HybridStatusBar {
  return new HybridStatusBar(vscode.window.createStatusBarItem('hybridAgent.status', vscode.StatusBarAlignment.Right, 100),
    { mode: core.runtime.config().router.mode, ...core.sides.state() }, SET_MODE_COMMAND, v => new vscode.MarkdownString(v));
}

/** The status bar shows what the side monitor last saw (probes and real calls) and the current mode. */
function followSides(core: Core, bar: HybridStatusBar): vscode.Disposable {
  return core.sides.onDidChange(() => bar.update({ mode: core.runtime.config().router.mode, ...core.sides.state() }));
}

/** After each answer: the status bar's last route, the walkthrough's chat step and the budget's persistence. */
function followRoutes(context: vscode.ExtensionContext, core: Core, statusBar: () => HybridStatusBar | undefined): vscode.Disposable {
  return core.routeLog.onDidAppend(record => {
    if (record.kind !== 'answered') { return; }
    statusBar()?.update({ lastPath: record.response.path });
    void vscode.commands.executeCommand('setContext', CONTEXT_CHAT_ANSWERED, true);
    if (record.response.costUsd > 0) { void context.globalState.update(BUDGET_STATE_KEY, core.budget.snapshot()); }
  });
}

/** Set-up steps are ticked when a real (not demo) side has answered a probe or a call. */
function completeWalkthroughSteps(core: Core): vscode.Disposable {
  return core.sides.onDidChange(() => {
    const { local, cloud } = core.sides.state();
    if (local.available && !local.isDemo) { void vscode.commands.executeCommand('setContext', CONTEXT_LOCAL_READY, true); }
    if (cloud.available && !cloud.isDemo && cloud.configured) { void vscode.commands.executeCommand('setContext', CONTEXT_CLOUD_READY, true); }
  });
}

function detectLocalService(core: Core): void {
  void core.runtime.detectLocalService(AbortSignal.timeout(5_000)).catch(e => core.sink.unexpected('Foundry Local detection', e));
}

/**
 * Probing loads SDK chunks and detection starts Node's HTTP client: both wait until activation is over, so
 * activate() stays cheap and lazy SDKs stay lazy at startup.
 */
function probeAfterStartup(core: Core): vscode.Disposable {
  const startup = setTimeout(() => {
    detectLocalService(core);
    void core.sides.probe().catch(e => core.sink.unexpected('side probe', e));
    // The gate's first scan compiles its rules (~30–80 ms): pay it now, not on the person's first request.
    checkPrivacy({ prompt: '' }, core.runtime.config().router);
  }, STARTUP_PROBE_DELAY_MS);
  return { dispose: () => clearTimeout(startup) };
}
