/**
 * The only reader of VS Code settings (`hybridAgent.*`) and secrets. It inspects values and hands them to the pure
 * settings model (src/runtime/settings.ts); the workspace API is passed in, so this file has no runtime dependency
 * on 'vscode'.
 */
import type * as vscode from 'vscode';
import { buildConfig, type HybridConfig } from './runtime/settings';

export { buildConfig, isCloudConfigured, stricterMode, USER_ONLY_SETTINGS, type HybridConfig, type InspectedSetting, type SettingsLookup } from './runtime/settings';

export const SETTINGS_SECTION = 'hybridAgent';

type WorkspaceApi = Pick<typeof vscode.workspace, 'getConfiguration' | 'onDidChangeConfiguration'>;

/** Reads `hybridAgent.*` through inspect() and builds the HybridConfig. */
export function readConfig(workspace: WorkspaceApi): HybridConfig {
  const section = workspace.getConfiguration(SETTINGS_SECTION);
  return buildConfig(key => section.inspect(key));
}

/** Calls back (with the new config) whenever a `hybridAgent.*` setting changes. */
export function onDidChangeConfig(workspace: WorkspaceApi, cb: (cfg: HybridConfig) => void): vscode.Disposable {
  return workspace.onDidChangeConfiguration(e => {
    if (e.affectsConfiguration(SETTINGS_SECTION)) { cb(readConfig(workspace)); }
  });
}

/** Writes a user-level setting (quick picks: mode, local model, cloud deployment). */
export async function updateUserSetting(workspace: WorkspaceApi, key: string, value: unknown): Promise<void> {
  await workspace.getConfiguration(SETTINGS_SECTION).update(key, value, true);
}

/** SecretStorage key of the OpenAI-compatible cloud API key. */
export const CLOUD_API_KEY_SECRET = 'hybridAgent.cloud.apiKey';
/** SecretStorage key of an API key for an OpenAI-compatible local server (rarely needed). */
export const LOCAL_API_KEY_SECRET = 'hybridAgent.local.apiKey';

/** Stores the cloud API key in SecretStorage; an empty key removes it. */
export async function storeCloudApiKey(secrets: vscode.SecretStorage, key: string): Promise<void> {
  if (key) { await secrets.store(CLOUD_API_KEY_SECRET, key); } else { await secrets.delete(CLOUD_API_KEY_SECRET); }
}

/** Stores the local server's API key in SecretStorage; an empty key removes it. */
export async function storeLocalApiKey(secrets: vscode.SecretStorage, key: string): Promise<void> {
  if (key) { await secrets.store(LOCAL_API_KEY_SECRET, key); } else { await secrets.delete(LOCAL_API_KEY_SECRET); }
}

/** Getters for API keys: SecretStorage first, then the environment (as the CLI does). Never cached in settings. */
export function apiKeyGetters(secrets: vscode.SecretStorage, env: NodeJS.ProcessEnv = process.env): {
  readonly cloud: () => Promise<string | undefined>;
  readonly local: () => Promise<string | undefined>;
} {
  return {
    cloud: async () => (await secrets.get(CLOUD_API_KEY_SECRET)) || env.HYBRID_CLOUD_API_KEY || undefined,
    local: async () => (await secrets.get(LOCAL_API_KEY_SECRET)) || env.HYBRID_LOCAL_API_KEY || undefined,
  };
}

/** Settings of @hybrid's own tool loop. */
export interface AgentSettings {
  /** Model turns per @hybrid request while the model keeps calling tools. */
  readonly maxTurns: number;
}

export const DEFAULT_AGENT_MAX_TURNS = 8;
const MAX_AGENT_TURNS = 50;

/** Reads `hybridAgent.agent.*` (a number out of range or of the wrong type falls back to the default). */
export function readAgentSettings(workspace: WorkspaceApi): AgentSettings {
  const value = workspace.getConfiguration(SETTINGS_SECTION).get<unknown>('agent.maxTurns');
  const turns = typeof value === 'number' && Number.isFinite(value) ? Math.floor(value) : DEFAULT_AGENT_MAX_TURNS;
  return { maxTurns: turns >= 1 ? Math.min(turns, MAX_AGENT_TURNS) : DEFAULT_AGENT_MAX_TURNS };
}
