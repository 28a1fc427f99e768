/**
 * Setup commands: mode, local model (from the server's list or Foundry Local's catalog), cloud deployment, Azure
 * sign-in, cloud API key, local runtime check (with the model download Foundry Local needs), demo scenarios (their
 * events go to their own channel, their results to a read-only preview), settings. Settings and secrets are written
 * through functions extension.ts passes in (config.ts is the only place that touches them).
 */
import * as vscode from 'vscode';
import { FoundryLocalProvider } from '../providers/index';
import type { EventSink, Mode, ModelProvider } from '../router/types';
import { demoDocument } from '../present/documents';
import { MODE_WORDS } from '../present/modes';
import { plainText } from '../present/text';
import { runDemoScenarios, type DemoResult } from '../runtime/demoScenarios';
import { listLocalModels } from '../runtime/localModels';
import type { HybridConfig } from '../runtime/settings';
import { signInToAzure } from './azureCredential';
import { toAbortSignal } from './cancellation';
import { registerGuardedCommand, type UnexpectedErrorHandler } from '../commandGuard';
import type { ShowPreview } from './editorCommands';

export const SELECT_LOCAL_MODEL_COMMAND = 'hybridAgent.selectLocalModel';
export const SELECT_CLOUD_DEPLOYMENT_COMMAND = 'hybridAgent.selectCloudDeployment';
export const SIGN_IN_COMMAND = 'hybridAgent.signIn';
export const SET_CLOUD_API_KEY_COMMAND = 'hybridAgent.setCloudApiKey';
export const SET_LOCAL_API_KEY_COMMAND = 'hybridAgent.setLocalApiKey';
export const CHECK_LOCAL_RUNTIME_COMMAND = 'hybridAgent.checkLocalRuntime';
export const RUN_DEMO_COMMAND = 'hybridAgent.runDemo';
export const OPEN_SETTINGS_COMMAND = 'hybridAgent.openSettings';
export const SET_MODE_COMMAND = 'hybridAgent.setMode';

export const EXTENSION_ID = 'hybrid-agent.hybrid-agent';

export interface SetupCommandDeps {
  readonly config: () => HybridConfig;
  readonly providers: () => { readonly local: ModelProvider; readonly cloud?: ModelProvider };
  /** Stores (or, with an empty key, removes) the cloud API key in SecretStorage. */
  readonly storeCloudApiKey: (key: string) => Promise<void>;
  /** Stores (or removes) the API key of an OpenAI-compatible local server that asks for one. */
  readonly storeLocalApiKey: (key: string) => Promise<void>;
  readonly updateSetting: (key: string, value: unknown) => Promise<void>;
  /** Where demo-scenario events go: their own channel, never the real routing log. */
  readonly demoEvents: () => EventSink;
  readonly preview: ShowPreview;
  /** Called after the API key changed, so providers are rebuilt. */
  readonly onDidChangeCredentials: () => void;
  readonly unexpected: UnexpectedErrorHandler;
}

/** Foundry Local aliases offered in the picker (the catalog may hold more; "Other…" takes any name). */
export const LOCAL_MODEL_CHOICES: readonly string[] = ['phi-4-mini', 'qwen2.5-coder-1.5b', 'qwen2.5-coder-7b', 'phi-4', 'deepseek-r1-7b', 'mistral-7b-v0.2'];
export const CLOUD_DEPLOYMENT_CHOICES: readonly string[] = ['model-router', 'gpt-5-mini', 'gpt-5', 'gpt-4.1', 'gpt-4o', 'o4-mini'];

export function registerSetupCommands(deps: SetupCommandDeps): vscode.Disposable[] {
  const reg = <A extends unknown[], R>(id: string, run: (...args: A) => R | Promise<R>) => registerGuardedCommand(id, run, deps.unexpected);
  return [
    reg(SET_MODE_COMMAND, async (mode?: Mode) => {
      const current = deps.config().router.mode;
      const picked = mode ? MODE_WORDS.find(m => m.mode === mode) : await vscode.window.showQuickPick(
        MODE_WORDS.map(m => ({ ...m, description: m.mode === current ? '(current)' : undefined })), { title: 'Hybrid Agent: routing mode' });
      if (picked) { await deps.updateSetting('mode', picked.mode); }
    }),
    reg(SELECT_LOCAL_MODEL_COMMAND, async () => {
      const local = deps.config().local;
      const usesEndpoint = local.provider === 'openaiCompatible' || (local.provider === 'auto' && local.endpoint !== '');
      const current = usesEndpoint ? local.model || local.modelAlias : local.modelAlias;
      const listed = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Hybrid Agent: asking the local runtime for its models' },
        () => listLocalModels(deps.providers().local));
      const name = await pickName('Local model', listed.length ? listed : usesEndpoint ? [current] : LOCAL_MODEL_CHOICES, current,
        listed.length ? undefined : 'the local runtime listed no models (is it running?)');
      if (name) { await deps.updateSetting(usesEndpoint ? 'local.model' : 'local.modelAlias', name); }
      return name;
    }),
    reg(SELECT_CLOUD_DEPLOYMENT_COMMAND, async () => {
      const name = await pickName('Cloud deployment', CLOUD_DEPLOYMENT_CHOICES, deps.config().cloud.deployment);
      if (name) { await deps.updateSetting('cloud.deployment', name); }
    }),
    reg(SIGN_IN_COMMAND, async () => {
      const account = await signInToAzure(vscode.authentication);
      if (account) { void vscode.window.showInformationMessage(`Hybrid Agent: signed in to Azure as ${account}.`); }
      deps.onDidChangeCredentials();
      return account;
    }),
    reg(SET_CLOUD_API_KEY_COMMAND, () => setApiKey('Cloud API key', deps.storeCloudApiKey, deps)),
    reg(SET_LOCAL_API_KEY_COMMAND, () => setApiKey('Local server API key', deps.storeLocalApiKey, deps)),
    reg(CHECK_LOCAL_RUNTIME_COMMAND, () => checkLocalRuntime(deps)),
    reg(RUN_DEMO_COMMAND, () => runDemo(deps)),
    reg(OPEN_SETTINGS_COMMAND, () => vscode.commands.executeCommand('workbench.action.openSettings', `@ext:${EXTENSION_ID}`)),
  ];
}

/** Asks for a key (hidden input) and stores it in SecretStorage; never in settings, never logged. */
async function setApiKey(title: string, store: (key: string) => Promise<void>, deps: SetupCommandDeps): Promise<void> {
  const key = await vscode.window.showInputBox({ title, prompt: 'Stored in VS Code SecretStorage, never in settings. Leave empty to remove it.', password: true, ignoreFocusOut: true });
  if (key === undefined) { return; }
  await store(key.trim());
  void vscode.window.showInformationMessage(`Hybrid Agent: ${title.toLowerCase()} ${key.trim() ? 'saved' : 'removed'}.`);
  deps.onDidChangeCredentials();
}

async function pickName(title: string, choices: readonly string[], current: string, placeholder?: string): Promise<string | undefined> {
  const other = 'Other…';
  const picked = await vscode.window.showQuickPick([...new Set(choices.filter(Boolean))].map(label => ({ label, description: label === current ? '(current)' : undefined })).concat({ label: other, description: undefined }), { title: `Hybrid Agent: ${title}`, placeHolder: placeholder });
  if (!picked) { return undefined; }
  if (picked.label !== other) { return picked.label; }
  const typed = await vscode.window.showInputBox({ title: `Hybrid Agent: ${title}`, value: current });
  return typed?.trim() || undefined;
}

/** Probes the local side and says what to do; offers the download Foundry Local needs. Returns the probe result. */
async function checkLocalRuntime(deps: SetupCommandDeps): Promise<{ available: boolean; detail?: string }> {
  const { local } = deps.providers();
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Hybrid Agent: checking the local model' },
    () => local.probe(AbortSignal.timeout(15_000)));
  if (result.available) {
    const warning = result.warning ? ` ${plainText(result.warning)}` : '';
    void vscode.window.showInformationMessage(`Hybrid Agent: ${local.label} is ready${result.model ? ` (${result.model})` : ''}.${warning}${local.isDemo ? ' This is the built-in demo; set up Foundry Local or a local endpoint for real answers.' : ''}`);
    return result;
  }
  const actions = local instanceof FoundryLocalProvider ? ['Download model', 'Select local model', 'Open settings'] : ['Select local model', 'Open settings'];
  const choice = await vscode.window.showWarningMessage(`Hybrid Agent: ${local.label} is unavailable. ${plainText(result.detail ?? '')}`, ...actions);
  if (choice === 'Download model' && local instanceof FoundryLocalProvider) {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Downloading ${local.model}`, cancellable: true }, async (progress, token) => {
      const linked = toAbortSignal(token);
      let last = 0;
      try {
        await local.download(local.model, percent => { progress.report({ increment: percent - last, message: `${Math.round(percent)}%` }); last = percent; }, linked.signal);
        void vscode.window.showInformationMessage(`Hybrid Agent: ${local.model} downloaded.`);
      } catch (e) {
        // ProviderError messages say what to do and hold no secrets.
        if (!linked.signal.aborted) { void vscode.window.showErrorMessage(`Hybrid Agent: ${e instanceof Error ? plainText(e.message) : 'download failed'}`); }
      } finally {
        linked.dispose();
      }
    });
  } else if (choice === 'Select local model') {
    await vscode.commands.executeCommand(SELECT_LOCAL_MODEL_COMMAND);
  } else if (choice === 'Open settings') {
    await vscode.commands.executeCommand(OPEN_SETTINGS_COMMAND);
  }
  return result;
}

/** Runs the canonical scenarios on demo models (nothing leaves the machine) and shows the results as a document. */
async function runDemo(deps: SetupCommandDeps): Promise<readonly DemoResult[]> {
  const results = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Hybrid Agent: running the demo scenarios', cancellable: true },
    async (_p, token) => {
      const linked = toAbortSignal(token);
      try { return await runDemoScenarios(linked.signal, deps.demoEvents()); } finally { linked.dispose(); }
    });
  await deps.preview('demo', 'Hybrid Agent demo scenarios', demoDocument(results));
  return results;
}
