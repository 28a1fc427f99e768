/**
 * Which backend each side uses, and why, from HybridConfig alone (pure). First run (nothing configured) gives the
 * demo models on both sides; every provider gets failure guidance for its kind and the surface that asks.
 */
import type { TokenCredential } from '@azure/core-auth';
import type { ProviderConfig } from '../providers/index';
import { guidanceFor, type Surface } from './guidance';
import { isCloudConfigured, type HybridConfig } from './settings';

export interface ProviderPlan {
  readonly local: ProviderConfig;
  /** Undefined: no cloud at all (disabled, local-only, or not configured while the local side is real). */
  readonly cloud?: ProviderConfig;
  /** Why a side is what it is, for the log ("cloud: not configured — using the demo"). No secrets. */
  readonly notes: readonly string[];
}

/** Machine facts the plan depends on besides settings. */
export interface PlanContext {
  /** A Foundry Local service found running on 127.0.0.1 (auto mode uses it). */
  readonly detectedFoundryLocal?: string;
  /** Folder for Foundry Local's app data and logs (the extension's global storage). */
  readonly storageDir?: string;
}

export interface Credentials {
  readonly cloudApiKey: () => Promise<string | undefined>;
  readonly localApiKey: () => Promise<string | undefined>;
  /** Microsoft Entra credential for the Foundry cloud (VS Code sign-in or DefaultAzureCredential). */
  readonly azure: () => TokenCredential | undefined;
}

/** Which backend each side uses. First run (nothing configured) → demo models on both sides. */
export function planProviders(cfg: HybridConfig, creds: Credentials, machine: PlanContext = {}, surface: Surface = 'extension'): ProviderPlan {
  const notes: string[] = [];
  const local = planLocal(cfg, creds, machine, notes, surface);
  const cloud = planCloud(cfg, creds, local.id === 'demo-local', notes, surface);
  return { local, cloud, notes };
}

function planLocal(cfg: HybridConfig, creds: Credentials, machine: PlanContext, notes: string[], surface: Surface): ProviderConfig {
  const { provider, endpoint, model, modelAlias, routerModelAlias, routerModel } = cfg.local;
  // Stage 2 asks the server for a model it has: its own setting, else the answering model (never a Foundry alias).
  const openai = (): ProviderConfig => ({
    id: 'openai-local', baseUrl: endpoint, model: model || modelAlias, routerModel: routerModel || model || modelAlias, apiKey: creds.localApiKey,
    guidance: guidanceFor('openai-local', surface),
  });
  const foundryGuidance = guidanceFor('foundry-local', surface);
  switch (provider) {
    case 'demo':
      notes.push('local: the demo model (hybridAgent.local.provider is "demo")');
      return { id: 'demo-local' };
    case 'openaiCompatible':
      if (endpoint) { return openai(); }
      notes.push('local: hybridAgent.local.endpoint is empty, so the demo model answers');
      return { id: 'demo-local' };
    case 'foundryLocal':
      return { id: 'foundry-local', modelAlias, routerModelAlias, storageDir: machine.storageDir, guidance: foundryGuidance, ...(endpoint ? { endpoint } : {}) };
    case 'auto':
      if (endpoint) { return openai(); }
      if (machine.detectedFoundryLocal) {
        notes.push(`local: Foundry Local service found at ${machine.detectedFoundryLocal}`);
        return { id: 'foundry-local', modelAlias, routerModelAlias, storageDir: machine.storageDir, guidance: foundryGuidance, endpoint: machine.detectedFoundryLocal };
      }
      notes.push('local: nothing configured, so the demo model answers (start Foundry Local, or set hybridAgent.local.provider / hybridAgent.local.endpoint)');
      return { id: 'demo-local' };
  }
}

function planCloud(cfg: HybridConfig, creds: Credentials, localIsDemo: boolean, notes: string[], surface: Surface): ProviderConfig | undefined {
  if (!isCloudConfigured(cfg)) {
    notes.push(`cloud: off (${!cfg.cloud.enabled ? 'hybridAgent.cloud.enabled is false' : cfg.cloud.provider === 'none' ? 'hybridAgent.cloud.provider is "none"' : 'local-only mode'})`);
    return undefined;
  }
  const { provider, projectEndpoint, endpoint, deployment, apiStyle } = cfg.cloud;
  if (provider === 'foundry' && projectEndpoint) {
    // credential undefined → the provider uses DefaultAzureCredential.
    return { id: 'foundry-cloud', projectEndpoint, deployment, apiStyle, credential: cfg.cloud.auth === 'vscode' ? creds.azure() : undefined, guidance: guidanceFor('foundry-cloud', surface, cfg.cloud.auth) };
  }
  if (provider === 'openaiCompatible' && endpoint) {
    return { id: 'openai-cloud', baseUrl: endpoint, model: deployment, apiKey: creds.cloudApiKey, apiStyle, guidance: guidanceFor('openai-cloud', surface) };
  }
  if (localIsDemo) {
    notes.push('cloud: nothing configured, so the demo cloud model answers');
    return { id: 'demo-cloud' };
  }
  notes.push(`cloud: not configured (${provider === 'foundry' ? 'hybridAgent.cloud.projectEndpoint' : 'hybridAgent.cloud.endpoint'} is empty), so everything stays local`);
  return undefined;
}
