/**
 * Foundry Local as a ModelProvider: the SDK finds (downloads, loads, serves) the model, then the answer streams
 * over HTTP from its OpenAI-compatible web service through OpenAICompatibleProvider. Only endpoint discovery
 * differs; streaming, cancellation, timeouts and errors are the composed provider's. The SDK's in-process
 * completeChat is a blocking native call that cannot be cancelled, so it is not used.
 */
import { isProviderError, ProviderError } from '../router/errors';
import type { ChatEvent, ModelProvider, ProbeResult, ProviderRequest } from '../router/types';
import { isAbortError, throwIfAborted } from './abort';
import { OpenAICompatibleProvider } from './openaiCompatible';
import { FoundryLocalRuntime, type FoundryLocalRuntimeOptions, type LocalServing } from './foundryLocalRuntime';
import { detectFoundryLocalService } from './foundryLocalDetect';
import { LOCAL_GUIDANCE, type ProviderGuidance } from './openaiErrors';
import type { Timers } from './streamWatchdog';

/** Router model alias used when none is configured: small, fast, and good at following a JSON schema. */
export const DEFAULT_ROUTER_ALIAS = 'phi-4-mini';

export interface FoundryLocalOptions extends FoundryLocalRuntimeOptions {
  /** Alias of the model that answers (default `phi-4-mini`). */
  readonly modelAlias?: string;
  /** Alias of the router model (requests with purpose `route`; default `phi-4-mini`). */
  readonly routerModelAlias?: string;
  readonly label?: string;
  /** First-token timeout in ms (default 60000: a first answer may wait for the model to warm up). */
  readonly timeoutMs?: number;
  readonly idleTimeoutMs?: number;
  readonly maxRetries?: number;
  readonly fetch?: typeof globalThis.fetch;
  readonly timers?: Timers;
  /** URL of a Foundry Local service already running (`hybridAgent.local.endpoint`): the SDK is then not used. */
  readonly endpoint?: string;
  /** When the SDK runtime is missing, look for a running service on 127.0.0.1 (default true). */
  readonly autoDetect?: boolean;
  /** Share one runtime (one SDK manager) between providers. */
  readonly runtime?: FoundryLocalRuntime;
  /** What failure messages tell the person to do (names the settings or flags of the caller). */
  readonly guidance?: Partial<ProviderGuidance>;
}

export class FoundryLocalProvider implements ModelProvider {
  readonly id = 'foundry-local' as const;
  readonly target = 'local' as const;
  readonly label: string;
  readonly model: string;
  readonly isDemo = false;
  readonly runtime: FoundryLocalRuntime;
  private readonly routerAlias: string;
  private readonly clients = new Map<string, OpenAICompatibleProvider>();

  constructor(private readonly options: FoundryLocalOptions = {}) {
    this.model = options.modelAlias ?? DEFAULT_ROUTER_ALIAS;
    this.routerAlias = options.routerModelAlias ?? DEFAULT_ROUTER_ALIAS;
    this.label = options.label ?? `Foundry Local · ${this.model}`;
    this.runtime = options.runtime ?? new FoundryLocalRuntime(options);
  }

  /** Cheap: runtime present, alias known, model downloaded. Loading waits for the first request. */
  async probe(signal: AbortSignal): Promise<ProbeResult> {
    try {
      throwIfAborted(signal);
      const service = this.runningService();
      if (service) {
        return await this.clientFor(service).probe(signal);
      }
      const model = await this.runtime.model(this.model);
      if (!model.isCached) {
        return { available: false, model: model.id, detail: `Model "${this.model}" is not downloaded yet. Download it (Hybrid Agent offers to) or run \`foundry model download ${this.model}\`.` };
      }
      return { available: true, model: model.id };
    } catch (e) {
      if (isAbortError(e)) {
        return { available: false, detail: 'Check cancelled.' };
      }
      if (isProviderError(e) && e.code === 'runtime-missing') {
        const detected = this.options.autoDetect === false ? undefined : await this.detect(this.model, signal);
        if (detected) {
          return this.clientFor(detected).probe(signal);
        }
      }
      return { available: false, detail: isProviderError(e) ? e.message : 'Foundry Local failed unexpectedly; see the log.' };
    }
  }

  async *chat(req: ProviderRequest, signal: AbortSignal): AsyncIterable<ChatEvent> {
    const alias = req.purpose === 'route' ? this.routerAlias : this.model;
    const serving = await this.serving(alias, signal);
    if ((req.tools?.length ?? 0) > 0 && serving.supportsToolCalling === false) {
      // Foundry Local would drop the tools and answer in prose; say so before sending anything.
      throw await this.toolsUnsupported(alias);
    }
    yield* this.clientFor(serving).chat(req, signal);
  }

  /** The catalog says `alias` cannot call tools: name it, the setting, and the catalog's models that can. */
  private async toolsUnsupported(alias: string): Promise<ProviderError> {
    const able = await this.runtime.toolCallingAliases().catch(() => []);
    const choices = able.length ? ` Models of the catalog that can: ${able.slice(0, 8).join(', ')}.` : '';
    const guidance = { ...LOCAL_GUIDANCE, ...this.options.guidance };
    return new ProviderError('tools-unsupported', this.id, `Foundry Local model "${alias}" cannot call tools (its catalog entry says so). ${guidance.toolsUnsupported}${choices}`);
  }

  /** Where `alias` is served: the configured service, else the SDK (load + web service), else a detected service. */
  private async serving(alias: string, signal: AbortSignal): Promise<LocalServing> {
    const service = this.runningService(alias);
    if (service) {
      return service;
    }
    try {
      return await this.runtime.ensureServing(alias, signal);
    } catch (e) {
      if (isProviderError(e) && e.code === 'runtime-missing' && this.options.autoDetect !== false) {
        const detected = await this.detect(alias, signal);
        if (detected) {
          return detected;
        }
      }
      throw e;
    }
  }

  /** The configured service URL, when there is one. */
  private runningService(alias = this.model): LocalServing | undefined {
    const endpoint = this.options.endpoint?.trim();
    return endpoint ? { baseUrl: endpoint.replace(/\/+$/, ''), modelId: alias, external: true } : undefined;
  }

  private async detect(alias: string, signal: AbortSignal): Promise<LocalServing | undefined> {
    const found = await detectFoundryLocalService(this.options.fetch ?? globalThis.fetch, signal);
    if (!found) {
      return undefined;
    }
    const wanted = alias.toLowerCase();
    const id = found.models.find(m => m.toLowerCase() === wanted) ?? found.models.find(m => m.toLowerCase().startsWith(`${wanted}-`));
    return { baseUrl: found.baseUrl, modelId: id ?? alias, external: true };
  }

  /** Downloads a model into the cache with progress (0–100); cancellable. Defaults to the answering model. */
  download(alias: string = this.model, onProgress: (percent: number) => void = () => undefined, signal: AbortSignal = new AbortController().signal): Promise<void> {
    return this.runtime.download(alias, onProgress, signal);
  }

  private clientFor(serving: LocalServing): OpenAICompatibleProvider {
    const key = `${serving.baseUrl} ${serving.modelId}`;
    let client = this.clients.get(key);
    if (!client) {
      client = new OpenAICompatibleProvider({
        id: this.id,
        target: 'local',
        label: this.label,
        baseUrl: serving.baseUrl,
        model: serving.modelId,
        timeoutMs: this.options.timeoutMs ?? 60_000,
        idleTimeoutMs: this.options.idleTimeoutMs,
        maxRetries: this.options.maxRetries ?? 0,
        maxTokensParam: 'max_tokens',
        supportsTemperature: true,
        // A service found by URL may know the model under its full id rather than the alias: do not insist on a listing.
        requireListedModel: !serving.external,
        fetch: this.options.fetch,
        timers: this.options.timers,
        guidance: this.options.guidance,
      });
      this.clients.set(key, client);
    }
    return client;
  }
}
