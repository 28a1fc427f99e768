/**
 * The one assembly: HybridConfig -> providers -> RouterService, used by the extension and the CLI. Rebuilt when
 * settings change; the route log, the event sink and the budget ledger outlive rebuilds, so history, spend and the
 * tree survive a settings change.
 */
import { createProvider, detectFoundryLocalService, type ProviderConfig } from '../providers/index';
import { compileUserPatterns } from '../router/privacy/userPatterns';
import { RouterService } from '../router/service';
import type { BudgetLedger } from '../router/budget';
import { Emitter } from '../router/event';
import type { RouteLog } from '../router/routeLog';
import type { EventSink, ModelProvider, RouteEvent, RouterConfig } from '../router/types';
import { routerModelHint, type Surface } from './guidance';
import { planProviders, type Credentials, type PlanContext } from './providerPlan';
import type { HybridConfig } from './settings';

export interface RuntimeDeps {
  readonly log?: RouteLog;
  readonly events: EventSink;
  readonly budget?: BudgetLedger;
  readonly credentials: Credentials;
  readonly machine: () => PlanContext;
  /** Reports notes and construction failures (the log channel; stderr for the CLI). */
  readonly note: (level: 'info' | 'warn', message: string) => void;
  /** Which words failure messages use (settings and commands, or flags and variables). Default: extension. */
  readonly surface?: Surface;
}

interface Built {
  readonly config: HybridConfig;
  readonly local: ModelProvider;
  readonly cloud?: ModelProvider;
  readonly service: RouterService;
}

/** Providers → RouterService: the one place a service is put together (the extension's runtime and the CLI). */
export function assembleService(
  providers: { readonly local: ModelProvider; readonly cloud?: ModelProvider; readonly routerModel?: ModelProvider },
  deps: { readonly config: () => RouterConfig; readonly log?: RouteLog; readonly events?: EventSink; readonly budget?: BudgetLedger },
): RouterService {
  return new RouterService({ ...deps, local: providers.local, cloud: providers.cloud, routerModel: providers.routerModel });
}

/** Holds the current providers and service; `reconfigure` swaps them atomically. */
export class HybridRuntime {
  private built: Built;
  private readonly _onDidChange = new Emitter<void>();
  readonly onDidChange = this._onDidChange.event;
  /** Router models whose failure was already reported (once each, with what to set). */
  private readonly reportedRouterFailures = new Set<string>();
  /** A Foundry Local service found running on 127.0.0.1 (auto mode uses it). */
  private detectedFoundryLocal: string | undefined;

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

  /** Whether the provider with this id is a built-in demo: the providers say so themselves. */
  isDemo(providerId: string): boolean {
    const { local, cloud } = this.built;
    return [local, cloud].some(p => p?.id === providerId && p.isDemo);
  }

  /** In auto mode with no endpoint, looks for a running Foundry Local service and switches to it (or away). */
  async detectLocalService(signal: AbortSignal): Promise<void> {
    const local = this.config().local;
    if (local.provider !== 'auto' || local.endpoint) { return; }
    const found = await detectFoundryLocalService(fetch, signal).catch(() => undefined);
    if (found?.baseUrl !== this.detectedFoundryLocal) {
      this.detectedFoundryLocal = found?.baseUrl;
      this.reconfigure(this.config());
    }
  }

  reconfigure(config: HybridConfig): void {
    this.built = this.build(config);
    this._onDidChange.fire();
  }

  dispose(): void {
    this._onDidChange.dispose();
  }

  private build(config: HybridConfig): Built {
    const plan = planProviders(config, this.deps.credentials, { detectedFoundryLocal: this.detectedFoundryLocal, ...this.deps.machine() }, this.deps.surface);
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
    const routerModelName = 'routerModel' in plan.local && plan.local.routerModel ? plan.local.routerModel
      : 'routerModelAlias' in plan.local && plan.local.routerModelAlias ? plan.local.routerModelAlias : local.model;
    const service = assembleService({ local, cloud, routerModel: local }, {
      config: () => this.built.config.router,
      log: this.deps.log,
      events: { emit: event => { this.deps.events.emit(event); this.noteRouterFailure(event, local, routerModelName); } },
      budget: this.deps.budget,
    });
    return { config, local, cloud, service };
  }

  /** A failing router model fails on every request; say it once per model, with the setting that fixes it. */
  private noteRouterFailure(event: RouteEvent, local: ModelProvider, routerModel: string): void {
    // Only failures of the call itself (not a low-confidence or malformed verdict, which the next request may not repeat).
    if (event.type !== 'router-model' || !/provider error|timed? ?out|failed unexpectedly/i.test(event.message) || local.isDemo) { return; }
    const key = `${local.id} ${routerModel}`;
    if (this.reportedRouterFailures.has(key)) { return; }
    this.reportedRouterFailures.add(key);
    const hint = routerModelHint(local.id === 'foundry-local' ? 'foundry-local' : 'openai-local', this.deps.surface ?? 'extension');
    this.deps.note('warn', `stage 2: the router model "${routerModel}" failed (${event.message.replace(/^router model:?\s*/, '')}); the heuristic decides meanwhile. To fix it, ${hint}.`);
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
