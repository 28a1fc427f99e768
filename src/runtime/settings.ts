/**
 * The settings model: a plain, frozen HybridConfig built from inspected values (`hybridAgent.*`). Pure, so it runs
 * under plain Node (unit tests, the CLI); src/config.ts is the only place that reads VS Code settings and feeds it.
 *
 * Security: settings that decide where data goes (endpoints, enabling the cloud, budget, prices) are taken from
 * user settings or defaults only — a cloned repository's .vscode/settings.json cannot redirect traffic. A workspace
 * may only make routing stricter: a stricter mode, fallback to the cloud off, redaction off, more sensitive globs and
 * patterns.
 */
import type { Mode, ModelPrice, OnSecret, RouterConfig } from '../router/types';

export type LocalProviderSetting = 'auto' | 'foundryLocal' | 'openaiCompatible' | 'demo';
export type CloudProviderSetting = 'foundry' | 'openaiCompatible' | 'none';
export type CloudApiStyle = 'responses' | 'chat';
export type CloudAuth = 'vscode' | 'defaultAzureCredential';

export interface LocalSettings {
  readonly provider: LocalProviderSetting;
  /** Foundry Local alias of the answering model. */
  readonly modelAlias: string;
  /** Foundry Local alias of the small router model (stage 2). */
  readonly routerModelAlias: string;
  /** Router model (stage 2) at `endpoint`; empty = the local model itself. */
  readonly routerModel: string;
  /** OpenAI-compatible base URL of a local server; empty = not set. User settings only. */
  readonly endpoint: string;
  /** Model name at `endpoint`; empty = use the alias. */
  readonly model: string;
}

export interface CloudSettings {
  /** False = nothing ever goes to a cloud model. User settings only. */
  readonly enabled: boolean;
  readonly provider: CloudProviderSetting;
  /** Microsoft Foundry project endpoint. User settings only. */
  readonly projectEndpoint: string;
  /** OpenAI-compatible cloud base URL. User settings only. */
  readonly endpoint: string;
  /** Deployment name, or `model-router`. User settings only. */
  readonly deployment: string;
  readonly apiStyle: CloudApiStyle;
  readonly auth: CloudAuth;
}

/** Everything the extension needs from settings, as plain data. */
export interface HybridConfig {
  readonly router: RouterConfig;
  readonly local: LocalSettings;
  readonly cloud: CloudSettings;
  /** Names of workspace values that were ignored or only applied in part (never their values). */
  readonly ignoredWorkspaceSettings: readonly string[];
}

/** What `WorkspaceConfiguration.inspect()` returns for one key, reduced to the parts we use. */
export interface InspectedSetting {
  readonly defaultValue?: unknown;
  readonly globalValue?: unknown;
  readonly workspaceValue?: unknown;
  readonly workspaceFolderValue?: unknown;
}

/** Looks up one setting (key relative to `hybridAgent.`). */
export type SettingsLookup = (key: string) => InspectedSetting | undefined;

const MODES_BY_STRICTNESS: readonly Mode[] = ['preferCloud', 'auto', 'preferLocal', 'localOnly'];
const MAX_OUTPUT_TOKENS = 4096;

/** Settings whose workspace values are never read (they decide where data goes or how much is spent). */
export const USER_ONLY_SETTINGS: readonly string[] = [
  'local.endpoint', 'local.contextTokens', 'cloud.enabled', 'cloud.provider', 'cloud.projectEndpoint', 'cloud.endpoint',
  'cloud.deployment', 'cloud.auth', 'budget.dailyUsd', 'prices',
];

type Guard<T> = (v: unknown) => v is T;
const isString: Guard<string> = (v): v is string => typeof v === 'string';
const isBool: Guard<boolean> = (v): v is boolean => typeof v === 'boolean';
const isNumber: Guard<number> = (v): v is number => typeof v === 'number' && Number.isFinite(v);
const isStringArray: Guard<string[]> = (v): v is string[] => Array.isArray(v) && v.every(isString);
const oneOf = <T extends string>(values: readonly T[]): Guard<T> => (v): v is T => typeof v === 'string' && (values as readonly string[]).includes(v);
const isPrices: Guard<Record<string, ModelPrice>> = (v): v is Record<string, ModelPrice> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) &&
  Object.values(v).every(p => typeof p === 'object' && p !== null && isNumber((p as ModelPrice).inputPerMTok) && isNumber((p as ModelPrice).outputPerMTok));

/** Builds the frozen HybridConfig from inspected settings. Pure. */
export function buildConfig(lookup: SettingsLookup): HybridConfig {
  const ignored: string[] = [];
  const hasWorkspaceValue = (s: InspectedSetting | undefined): boolean => s?.workspaceValue !== undefined || s?.workspaceFolderValue !== undefined;

  /** User value, else default, else fallback. Workspace values are ignored (and noted). */
  const userValue = <T>(key: string, guard: Guard<T>, fallback: T): T => {
    const s = lookup(key);
    return [s?.globalValue, s?.defaultValue].find(guard) ?? fallback;
  };
  const userOnly = <T>(key: string, guard: Guard<T>, fallback: T): T => {
    if (hasWorkspaceValue(lookup(key))) { ignored.push(key); }
    return userValue(key, guard, fallback);
  };
  /** Most specific valid value (folder, workspace, user, default). For settings that cannot loosen privacy. */
  const anyScope = <T>(key: string, guard: Guard<T>, fallback: T): T => {
    const s = lookup(key);
    return [s?.workspaceFolderValue, s?.workspaceValue, s?.globalValue, s?.defaultValue].find(guard) ?? fallback;
  };
  const workspaceValues = <T>(key: string, guard: Guard<T>): T[] => {
    const s = lookup(key);
    return [s?.workspaceValue, s?.workspaceFolderValue].filter(guard);
  };

  const userMode = userValue('mode', oneOf(MODES_BY_STRICTNESS), 'auto');
  const mode = workspaceValues('mode', oneOf(MODES_BY_STRICTNESS)).reduce((m, w) => stricterMode(m, w), userMode);
  // A workspace value looser than the user's mode is ignored, and noted.
  if (workspaceValues('mode', oneOf(MODES_BY_STRICTNESS)).some(w => stricterMode(userMode, w) !== w)) { ignored.push('mode'); }

  const userFallbackToCloud = userValue('fallback.toCloud', isBool, true);
  const fallbackToCloud = userFallbackToCloud && !workspaceValues('fallback.toCloud', isBool).includes(false);
  if (!userFallbackToCloud && workspaceValues('fallback.toCloud', isBool).includes(true)) { ignored.push('fallback.toCloud'); }

  // Redaction sends (redacted) restricted requests to the cloud: the user turns it on; a workspace may only turn it off.
  const userOnSecret = userValue('privacy.onSecret', oneOf<OnSecret>(['stayLocal', 'redactForCloud']), 'stayLocal');
  const workspaceOnSecret = workspaceValues('privacy.onSecret', oneOf<OnSecret>(['stayLocal', 'redactForCloud']));
  const onSecret: OnSecret = workspaceOnSecret.includes('stayLocal') ? 'stayLocal' : userOnSecret;
  if (userOnSecret === 'stayLocal' && workspaceOnSecret.includes('redactForCloud')) { ignored.push('privacy.onSecret'); }

  const union = (key: string): string[] => {
    const s = lookup(key);
    const all = [s?.defaultValue, s?.globalValue, s?.workspaceValue, s?.workspaceFolderValue].filter(isStringArray).flat();
    return [...new Set(all.map(x => x.trim()).filter(x => x.length > 0))];
  };

  // A stricter gate only keeps more on the device: any scope may turn it on, none can turn another's choice off.
  const unknownTokenFormats = (() => {
    const s = lookup('privacy.unknownTokenFormats');
    return [s?.defaultValue, s?.globalValue, s?.workspaceValue, s?.workspaceFolderValue].some(v => v === true);
  })();

  const contextTokens = userOnly('local.contextTokens', isNumber, 8192);
  const router: RouterConfig = {
    mode,
    confidenceThreshold: clamp(anyScope('router.confidenceThreshold', isNumber, 0.6), 0, 1),
    routerTimeoutMs: clamp(anyScope('router.timeoutMs', isNumber, 1500), 100, 30_000),
    routerModelEnabled: anyScope('router.enabled', isBool, true),
    fallbackToCloud,
    fallbackToLocal: anyScope('fallback.toLocal', isBool, true),
    localContextTokens: clamp(contextTokens, 512, 10_000_000),
    dailyBudgetUsd: userOnly('budget.dailyUsd', isNumber, 0),
    prices: userOnly('prices', isPrices, {}),
    sensitiveFileGlobs: union('privacy.sensitiveFileGlobs'),
    extraPatterns: union('privacy.extraPatterns'),
    unknownTokenFormats,
    maxOutputTokens: MAX_OUTPUT_TOKENS,
    onSecret,
  };
  const local: LocalSettings = {
    provider: anyScope('local.provider', oneOf<LocalProviderSetting>(['auto', 'foundryLocal', 'openaiCompatible', 'demo']), 'auto'),
    modelAlias: anyScope('local.modelAlias', isString, 'phi-4-mini').trim() || 'phi-4-mini',
    routerModelAlias: anyScope('local.routerModelAlias', isString, 'phi-4-mini').trim() || 'phi-4-mini',
    endpoint: userOnly('local.endpoint', isString, '').trim(),
    model: anyScope('local.model', isString, '').trim(),
    routerModel: anyScope('local.routerModel', isString, '').trim(),
  };
  const cloud: CloudSettings = {
    enabled: userOnly('cloud.enabled', isBool, true),
    provider: userOnly('cloud.provider', oneOf<CloudProviderSetting>(['foundry', 'openaiCompatible', 'none']), 'foundry'),
    projectEndpoint: userOnly('cloud.projectEndpoint', isString, '').trim(),
    endpoint: userOnly('cloud.endpoint', isString, '').trim(),
    deployment: userOnly('cloud.deployment', isString, 'model-router').trim() || 'model-router',
    apiStyle: anyScope('cloud.apiStyle', oneOf<CloudApiStyle>(['responses', 'chat']), 'chat'),
    auth: userOnly('cloud.auth', oneOf<CloudAuth>(['vscode', 'defaultAzureCredential']), 'vscode'),
  };
  return deepFreeze({ router, local, cloud, ignoredWorkspaceSettings: [...new Set(ignored)] });
}

/** The stricter of two modes: localOnly > preferLocal > auto > preferCloud. */
export function stricterMode(a: Mode, b: Mode): Mode {
  return MODES_BY_STRICTNESS.indexOf(b) > MODES_BY_STRICTNESS.indexOf(a) ? b : a;
}

/** Whether the cloud may be used at all under this config (it still never sees restricted content). */
export function isCloudConfigured(cfg: HybridConfig): boolean {
  return cfg.cloud.enabled && cfg.cloud.provider !== 'none' && cfg.router.mode !== 'localOnly';
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) { deepFreeze(v); }
  }
  return value;
}
