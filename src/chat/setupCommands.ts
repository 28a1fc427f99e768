/**
 * Setup commands: mode, local model, cloud deployment, Azure sign-in, cloud API key, local runtime check (with
 * the model download Foundry Local needs), demo scenarios, settings. Settings are written through config.ts.
 */
import * as vscode from 'vscode';
import { runDemoScenarios, type DemoResult } from '../cli/demo';
import { FoundryLocalProvider } from '../providers/index';
import type { Mode } from '../router/types';
import { CLOUD_API_KEY_SECRET } from '../config';
import { openMarkdown } from '../views/decisionDocument';
import { signInToAzure } from './azureCredential';
import { toAbortSignal } from './cancellation';
import { registerGuardedCommand, type UnexpectedErrorHandler } from './commandGuard';
import { footerLine, escapeMarkdown } from './render';
import type { HybridRuntime } from './runtime';
import type { RouteAnnouncer } from './routeAnnouncer';

export const SELECT_LOCAL_MODEL_COMMAND = 'hybridAgent.selectLocalModel';
export const SELECT_CLOUD_DEPLOYMENT_COMMAND = 'hybridAgent.selectCloudDeployment';
export const SIGN_IN_COMMAND = 'hybridAgent.signIn';
export const SET_CLOUD_API_KEY_COMMAND = 'hybridAgent.setCloudApiKey';
export const CHECK_LOCAL_RUNTIME_COMMAND = 'hybridAgent.checkLocalRuntime';
export const RUN_DEMO_COMMAND = 'hybridAgent.runDemo';
export const OPEN_SETTINGS_COMMAND = 'hybridAgent.openSettings';
export const SET_MODE_COMMAND = 'hybridAgent.setMode';

export const EXTENSION_ID = 'hybrid-agent.hybrid-agent';

export interface SetupCommandDeps {
  readonly runtime: HybridRuntime;
  readonly secrets: vscode.SecretStorage;
  readonly updateSetting: (key: string, value: unknown) => Promise<void>;
  readonly announcer: RouteAnnouncer;
  /** Called after the API key changed, so providers are rebuilt. */
  readonly onDidChangeCredentials: () => void;
  readonly unexpected: UnexpectedErrorHandler;
}

const MODES: readonly { mode: Mode; label: string; detail: string }[] = [
  { mode: 'auto', label: 'Auto', detail: 'Secrets and simple work stay local; hard work goes to the cloud.' },
  { mode: 'preferLocal', label: 'Prefer local', detail: 'Only very complex or very long requests go to the cloud.' },
  { mode: 'preferCloud', label: 'Prefer cloud', detail: 'Only trivial requests stay local (restricted content always stays local).' },
  { mode: 'localOnly', label: 'Local only', detail: 'Nothing ever goes to the cloud.' },
];

/** Foundry Local aliases offered in the picker (the catalog may hold more; "Other…" takes any name). */
export const LOCAL_MODEL_CHOICES: readonly string[] = ['phi-4-mini', 'qwen2.5-coder-1.5b', 'qwen2.5-coder-7b', 'phi-4', 'deepseek-r1-7b', 'mistral-7b-v0.2'];
export const CLOUD_DEPLOYMENT_CHOICES: readonly string[] = ['model-router', 'gpt-5-mini', 'gpt-5', 'gpt-4.1', 'gpt-4o', 'o4-mini'];

export function registerSetupCommands(deps: SetupCommandDeps): vscode.Disposable[] {
  const reg = <A extends unknown[], R>(id: string, run: (...args: A) => R | Promise<R>) => registerGuardedCommand(id, run, deps.unexpected);
  return [
    reg(SET_MODE_COMMAND, async (mode?: Mode) => {
      const current = deps.runtime.config().router.mode;
      const picked = mode ? MODES.find(m => m.mode === mode) : await vscode.window.showQuickPick(
        MODES.map(m => ({ ...m, description: m.mode === current ? '(current)' : undefined })), { title: 'Hybrid Agent: routing mode' });
      if (picked) { await deps.updateSetting('mode', picked.mode); }
    }),
    reg(SELECT_LOCAL_MODEL_COMMAND, async () => {
      const local = deps.runtime.config().local;
      const usesEndpoint = local.provider === 'openaiCompatible' || (local.provider === 'auto' && local.endpoint !== '');
      const name = await pickName('Local model', usesEndpoint ? [local.model || local.modelAlias] : LOCAL_MODEL_CHOICES, usesEndpoint ? local.model : local.modelAlias);
      if (name) { await deps.updateSetting(usesEndpoint ? 'local.model' : 'local.modelAlias', name); }
    }),
    reg(SELECT_CLOUD_DEPLOYMENT_COMMAND, async () => {
      const name = await pickName('Cloud deployment', CLOUD_DEPLOYMENT_CHOICES, deps.runtime.config().cloud.deployment);
      if (name) { await deps.updateSetting('cloud.deployment', name); }
    }),
    reg(SIGN_IN_COMMAND, async () => {
      const account = await signInToAzure(vscode.authentication);
      if (account) { void vscode.window.showInformationMessage(`Hybrid Agent: signed in to Azure as ${account}.`); }
      deps.onDidChangeCredentials();
      return account;
    }),
    reg(SET_CLOUD_API_KEY_COMMAND, async () => {
      const key = await vscode.window.showInputBox({ title: 'Cloud API key', prompt: 'Stored in VS Code SecretStorage, never in settings. Leave empty to remove it.', password: true, ignoreFocusOut: true });
      if (key === undefined) { return; }
      if (key.trim()) { await deps.secrets.store(CLOUD_API_KEY_SECRET, key.trim()); } else { await deps.secrets.delete(CLOUD_API_KEY_SECRET); }
      void vscode.window.showInformationMessage(key.trim() ? 'Hybrid Agent: cloud API key saved.' : 'Hybrid Agent: cloud API key removed.');
      deps.onDidChangeCredentials();
    }),
    reg(CHECK_LOCAL_RUNTIME_COMMAND, () => checkLocalRuntime(deps)),
    reg(RUN_DEMO_COMMAND, () => runDemo(deps)),
    reg(OPEN_SETTINGS_COMMAND, () => vscode.commands.executeCommand('workbench.action.openSettings', `@ext:${EXTENSION_ID}`)),
  ];
}

async function pickName(title: string, choices: readonly string[], current: string): Promise<string | undefined> {
  const other = 'Other…';
  const picked = await vscode.window.showQuickPick([...new Set(choices.filter(Boolean))].map(label => ({ label, description: label === current ? '(current)' : undefined })).concat({ label: other, description: undefined }), { title: `Hybrid Agent: ${title}` });
  if (!picked) { return undefined; }
  if (picked.label !== other) { return picked.label; }
  const typed = await vscode.window.showInputBox({ title: `Hybrid Agent: ${title}`, value: current });
  return typed?.trim() || undefined;
}

/** Probes the local side and says what to do; offers the download Foundry Local needs. Returns the probe result. */
async function checkLocalRuntime(deps: SetupCommandDeps): Promise<{ available: boolean; detail?: string }> {
  const { local } = deps.runtime.providers();
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Hybrid Agent: checking the local model' },
    () => local.probe(AbortSignal.timeout(15_000)));
  if (result.available) {
    void vscode.window.showInformationMessage(`Hybrid Agent: ${local.label} is ready${result.model ? ` (${result.model})` : ''}.${local.isDemo ? ' This is the built-in demo; set up Foundry Local for real answers.' : ''}`);
    return result;
  }
  const actions = local instanceof FoundryLocalProvider ? ['Download model', 'Select local model', 'Open settings'] : ['Select local model', 'Open settings'];
  const choice = await vscode.window.showWarningMessage(`Hybrid Agent: ${local.label} is unavailable. ${result.detail ?? ''}`, ...actions);
  if (choice === 'Download model' && local instanceof FoundryLocalProvider) {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Downloading ${local.model}`, cancellable: true }, async (progress, token) => {
      const linked = toAbortSignal(token);
      let last = 0;
      try {
        await local.download(local.model, percent => { progress.report({ increment: percent - last, message: `${Math.round(percent)}%` }); last = percent; }, linked.signal);
        void vscode.window.showInformationMessage(`Hybrid Agent: ${local.model} downloaded.`);
      } catch (e) {
        // ProviderError messages say what to do and hold no secrets.
        if (!linked.signal.aborted) { void vscode.window.showErrorMessage(`Hybrid Agent: ${e instanceof Error ? e.message : 'download failed'}`); }
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
      try { return await runDemoScenarios(linked.signal, deps.announcer); } finally { linked.dispose(); }
    });
  await openMarkdown(vscode.workspace, vscode.window, demoDocument(results), vscode.ViewColumn.Active);
  return results;
}

export function demoDocument(results: readonly DemoResult[]): string {
  const lines = ['# Hybrid Agent — demo scenarios (demo models, nothing leaves this machine)', ''];
  results.forEach((r, i) => {
    const ok = r.mismatches.length === 0;
    lines.push(`## ${i + 1}. ${escapeMarkdown(r.scenario)} ${ok ? '✓' : '✗'}`, '');
    if ('path' in r.result) {
      lines.push(`${footerLine(r.result, true)}`, '', `> ${escapeMarkdown(r.result.reason)}`);
    } else if ('error' in r.result) {
      lines.push(`Error \`${r.result.error.code}\`: ${escapeMarkdown(r.result.error.message)}`);
    } else {
      lines.push('Cancelled.');
    }
    lines.push('', `Cloud calls: ${r.cloudCalls} · router-model calls: ${r.routerCalls}`);
    if (!ok) { lines.push('', ...r.mismatches.map(m => `- ${escapeMarkdown(m)}`)); }
    lines.push('');
  });
  return lines.join('\n');
}
