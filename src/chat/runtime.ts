/**
 * Providers and the RouterService for the current settings, rebuilt when settings change. The route log, the
 * event sink and the budget ledger outlive rebuilds, so history, spend and the tree survive a settings change.
 * `planProviders` is pure: which backend each side uses, and why, from HybridConfig alone.
 */
import type { TokenCredential } from '@azure/core-auth';
import { createProvider, type ProviderConfig } from '../providers/index';
import { compileUserPatterns } from '../router/privacy/userPatterns';
import { RouterService } from '../router/service';
import type { BudgetLedger } from '../router/budget';
import { Emitter } from '../router/event';
import type { RouteLog } from '../router/routeLog';
import type { EventSink, ModelProvider } from '../router/types';
import { isCloudConfigured, type HybridConfig } from '../config';

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
export function planProviders(cfg: HybridConfig, creds: Credentials, machine: PlanContext = {}): ProviderPlan {
  const notes: string[] = [];
  const local = planLocal(cfg, creds, machine, notes);
  const cloud = planCloud(cfg, creds, local.id === 'demo-local', notes);
  return { local, cloud, notes };
}

function planLocal(cfg: HybridConfig, creds: Credentials, machine: PlanContext, notes: string[]): ProviderConfig {
  const { provider, endpoint, model, modelAlias, routerModelAlias } = cfg.local;
  const openai = (): ProviderConfig => ({
    id: 'openai-local', baseUrl: endpoint, model: model || modelAlias, routerModel: routerModelAlias, apiKey: creds.localApiKey,
  });
  switch (provider) {
    case 'demo':
      notes.push('local: the demo model (hybridAgent.local.provider is "demo")');
      return { id: 'demo-local' };
    case 'openaiCompatible':
      if (endpoint) { return openai(); }
      notes.push('local: hybridAgent.local.endpoint is empty, so the demo model answers');
      return { id: 'demo-local' };
    case 'foundryLocal':
      return { id: 'foundry-local', modelAlias, routerModelAlias, storageDir: machine.storageDir, ...(endpoint ? { endpoint } : {}) };
    case 'auto':
      if (endpoint) { return openai(); }
      if (machine.detectedFoundryLocal) {
        notes.push(`local: Foundry Local service found at ${machine.detectedFoundryLocal}`);
        return { id: 'foundry-local', modelAlias, routerModelAlias, storageDir: machine.storageDir, endpoint: machine.detectedFoundryLocal };
      }
      notes.push('local: nothing configured, so the demo model answers (start Foundry Local, or set hybridAgent.local.provider / hybridAgent.local.endpoint)');
      return { id: 'demo-local' };
  }
}

function planCloud(cfg: HybridConfig, creds: Credentials, localIsDemo: boolean, notes: string[]): ProviderConfig | undefined {
  if (!isCloudConfigured(cfg)) {
    notes.push(`cloud: off (${!cfg.cloud.enabled ? 'hybridAgent.cloud.enabled is false' : cfg.cloud.provider === 'none' ? 'hybridAgent.cloud.provider is "none"' : 'local-only mode'})`);
    return undefined;
  }
  const { provider, projectEndpoint, endpoint, deployment, apiStyle } = cfg.cloud;
  if (provider === 'foundry' && projectEndpoint) {
    // credential undefined → the provider uses DefaultAzureCredential.
    return { id: 'foundry-cloud', projectEndpoint, deployment, apiStyle, credential: cfg.cloud.auth === 'vscode' ? creds.azure() : undefined };
  }
  if (provider === 'openaiCompatible' && endpoint) {
    return { id: 'openai-cloud', baseUrl: endpoint, model: deployment, apiKey: creds.cloudApiKey, apiStyle };
  }
  if (localIsDemo) {
    notes.push('cloud: nothing configured, so the demo cloud model answers');
    return { id: 'demo-cloud' };
  }
  notes.push(`cloud: not configured (${provider === 'foundry' ? 'hybridAgent.cloud.projectEndpoint' : 'hybridAgent.cloud.endpoint'} is empty), so everything stays local`);
  return undefined;
}

export interface RuntimeDeps {
  readonly log: RouteLog;
  readonly events: EventSink;
  readonly budget: BudgetLedger;
  readonly credentials: Credentials;
  readonly machine: () => PlanContext;
  /** Reports notes and construction failures to the log channel. */
  readonly note: (level: 'info' | 'warn', message: string) => void;
}

interface Built {
  readonly config: HybridConfig;
  readonly local: ModelProvider;
  readonly cloud?: ModelProvider;
  readonly service: RouterService;
}

/** Holds the current providers and service; `reconfigure` swaps them atomically. */
export class HybridRuntime {
  private built: Built;
  private readonly _onDidChange = new Emitter<void>();
  readonly onDidChange = this._onDidChange.event;

  constructor(private readonly deps: RuntimeDeps, config: HybridConfig) {
    this.built = this.build(config);
  }

  config(): HybridConfig { return this.built.config; }
  service(): RouterService { return this.built.service; }
  providers(): { local: ModelProvider; cloud?: ModelProvider } { return { local: this.built.local, cloud: this.built.cloud }; }

  /** Whether a cloud model exists and the mode allows it (privacy is still checked per request). */
  cloudUsable(): boolean {
    return this.built.cloud !== undefined && this.built.config.router.mode !== 'localOnly';
  }

  reconfigure(config: HybridConfig): void {
    this.built = this.build(config);
    this._onDidChange.fire();
  }

  dispose(): void {
    this._onDidChange.dispose();
  }

  private build(config: HybridConfig): Built {
    const plan = planProviders(config, this.deps.credentials, this.deps.machine());
    for (const note of plan.notes) { this.deps.note('info', note); }
    if (config.ignoredWorkspaceSettings.length > 0) {
      this.deps.note('warn', `workspace settings ignored (only user settings may send data elsewhere or loosen routing): ${config.ignoredWorkspaceSettings.join(', ')}`);
    }
    // An invalid or unsafe extra pattern is skipped by the gate; tell the person which one (by index, never its text).
    // Compiling only the person's patterns keeps activation free of the built-in rules' first-use cost.
    for (const problem of compileUserPatterns(config.router.extraPatterns).diagnostics) {
      this.deps.note('warn', `hybridAgent.privacy.${problem}`);
    }
    const local = this.create(plan.local) ?? createProvider({ id: 'demo-local' });
    const cloud = plan.cloud ? this.create(plan.cloud) : undefined;
    const service = new RouterService({
      config: () => this.built.config.router,
      local,
      cloud,
      routerModel: local,
      log: this.deps.log,
      events: this.deps.events,
      budget: this.deps.budget,
    });
    return { config, local, cloud, service };
  }

  /** A provider that cannot be built (bad settings) is reported, not thrown: the side falls back or is off. */
  private create(cfg: ProviderConfig): ModelProvider | undefined {
    try {
      return createProvider(cfg);
    } catch (e) {
      this.deps.note('warn', `could not set up the ${cfg.id} provider (${e instanceof Error ? e.message : String(e)}); check the hybridAgent settings`);
      return undefined;
    }
  }
}
