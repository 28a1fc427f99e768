/**
 * Foundry Local's manager lifecycle over `foundry-local-sdk` 1.x, loaded with a real dynamic import on first use
 * (ESM-only, native addon: never bundled). Catalog lookup by alias, download with progress and cancellation, load,
 * and the SDK's OpenAI-compatible web service. Every failure becomes a ProviderError that says how to fix it.
 */
import type { FoundryLocalConfig, FoundryLocalManager, IModel } from 'foundry-local-sdk' with { 'resolution-mode': 'import' };
import { join } from 'node:path';
import { ProviderError } from '../router/errors';
import { abortError, isAbortError, throwIfAborted } from './abort';

/** The model operations this provider uses, typed from the SDK's own IModel so drift breaks compilation. */
export type LocalModel = Pick<IModel, 'id' | 'alias' | 'isCached' | 'isLoaded' | 'download' | 'load' | 'supportsToolCalling'>;

/** The catalog operations used (the SDK's Catalog class has private members, so it is described structurally). */
export interface LocalCatalog {
  getModel(alias: string): Promise<LocalModel>;
  getModels(): Promise<LocalModel[]>;
}

/** The manager operations used. */
export type LocalManager = Pick<FoundryLocalManager, 'urls' | 'isWebServiceRunning' | 'startWebService'> & { readonly catalog: LocalCatalog };

/** The part of the `foundry-local-sdk` module used; the real module is assignable to it (checked in loadRealSdk). */
export interface FoundryLocalSdk {
  readonly FoundryLocalManager: { createAsync(config: FoundryLocalConfig): Promise<LocalManager> };
}

export interface FoundryLocalRuntimeOptions {
  /** Application name given to the SDK (default `hybrid-agent`). */
  readonly appName?: string;
  /** Folder for Foundry Local's app data, model cache and logs (the extension's global storage). */
  readonly storageDir?: string;
  /** Loads the SDK module; injectable because its native runtime cannot be installed everywhere. */
  readonly loadSdk?: () => Promise<FoundryLocalSdk>;
}

/** Where a loaded model is served: the web service's OpenAI-compatible base URL and the model id it answers to. */
export interface LocalServing {
  readonly baseUrl: string;
  readonly modelId: string;
  /** Served by a separately started service (configured URL or detected), not by this process's SDK manager. */
  readonly external?: boolean;
  /** What the catalog says about tool calling: false = it cannot; null/absent = unknown (the server decides). */
  readonly supportsToolCalling?: boolean | null;
}

const PROVIDER = 'foundry-local';

export const RUNTIME_MISSING_HELP = 'Install Foundry Local (https://aka.ms/foundry-local), or fetch the SDK runtime with '
  + '`node node_modules/foundry-local-sdk/script/install-standard.cjs` where the network allows, or set '
  + '`hybridAgent.local.endpoint` to a running Foundry Local service (`foundry service start`).';

async function loadRealSdk(): Promise<FoundryLocalSdk> {
  const sdk: FoundryLocalSdk = await import('foundry-local-sdk');
  return sdk;
}

export class FoundryLocalRuntime {
  private managerPromise: Promise<LocalManager> | undefined;
  private readonly serving = new Map<string, Promise<LocalServing>>();

  constructor(private readonly options: FoundryLocalRuntimeOptions = {}) {}

  /** The manager, created once; a failed creation is retried on the next call (the person may have installed it). */
  manager(): Promise<LocalManager> {
    this.managerPromise ??= this.createManager();
    this.managerPromise.catch(() => { this.managerPromise = undefined; });
    return this.managerPromise;
  }

  /** Aliases the catalog lists (for the model picker). */
  async catalogAliases(): Promise<string[]> {
    const models = await (await this.manager()).catalog.getModels();
    return [...new Set(models.map(m => m.alias))];
  }

  /** Aliases the catalog marks as able to call tools (what to pick instead of one that cannot). */
  async toolCallingAliases(): Promise<string[]> {
    const models = await (await this.manager()).catalog.getModels();
    return [...new Set(models.filter(m => m.supportsToolCalling === true).map(m => m.alias))];
  }

  /** The catalog entry for `alias`; an unknown alias lists the available ones. */
  async model(alias: string): Promise<LocalModel> {
    const catalog = (await this.manager()).catalog;
    try {
      return await catalog.getModel(alias);
    } catch {
      const aliases = await catalog.getModels().then(models => [...new Set(models.map(m => m.alias))], () => []);
      const known = aliases.length ? `Available aliases: ${aliases.slice(0, 20).join(', ')}.` : 'The catalog lists no models.';
      throw new ProviderError('model-missing', PROVIDER, `Foundry Local has no model with alias "${alias}". ${known} Pick one for the local model.`);
    }
  }

  /** Downloads `alias` into the cache, reporting 0–100; cancellable with `signal`. */
  async download(alias: string, onProgress: (percent: number) => void, signal: AbortSignal): Promise<void> {
    throwIfAborted(signal);
    const model = await this.model(alias);
    try {
      await model.download(percent => onProgress(Math.max(0, Math.min(100, percent))), signal);
    } catch (e) {
      if (signal.aborted || isAbortError(e)) {
        throw abortError('The download was cancelled.');
      }
      throw new ProviderError('model-missing', PROVIDER, `Downloading "${alias}" failed. Check the network and free disk space, then try again (or run \`foundry model download ${alias}\`).`);
    }
    this.serving.delete(alias);
  }

  /** Makes `alias` answerable: cached, loaded, web service started. Memoised per alias; failures are not. */
  ensureServing(alias: string, signal: AbortSignal): Promise<LocalServing> {
    let pending = this.serving.get(alias);
    if (!pending) {
      pending = this.startServing(alias);
      this.serving.set(alias, pending);
      pending.catch(() => this.serving.delete(alias));
    }
    // The caller may cancel its wait; loading continues so the next request finds the model ready.
    return new Promise<LocalServing>((resolve, reject) => {
      const onAbort = () => reject(abortError());
      if (signal.aborted) {
        onAbort();
        return;
      }
      signal.addEventListener('abort', onAbort, { once: true });
      pending.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  private async startServing(alias: string): Promise<LocalServing> {
    const manager = await this.manager();
    const model = await this.model(alias);
    if (!model.isCached) {
      throw new ProviderError('model-missing', PROVIDER, `Model "${alias}" is not downloaded yet. Download it (Hybrid Agent offers to) or run \`foundry model download ${alias}\`.`);
    }
    try {
      if (!(await model.isLoaded())) {
        await model.load();
      }
    } catch {
      throw new ProviderError('model-missing', PROVIDER, `Foundry Local could not load "${alias}" (often not enough memory, or a damaged download). Try a smaller alias, or remove and download it again.`);
    }
    try {
      if (!manager.isWebServiceRunning) {
        manager.startWebService();
      }
    } catch {
      throw new ProviderError('runtime-missing', PROVIDER, `Foundry Local's web service did not start. ${RUNTIME_MISSING_HELP}`);
    }
    const url = manager.urls[0];
    if (!url) {
      throw new ProviderError('runtime-missing', PROVIDER, `Foundry Local's web service reported no address. ${RUNTIME_MISSING_HELP}`);
    }
    return { baseUrl: `${url.replace(/\/+$/, '')}/v1`, modelId: model.id, supportsToolCalling: model.supportsToolCalling };
  }

  private async createManager(): Promise<LocalManager> {
    let sdk: FoundryLocalSdk;
    try {
      sdk = await (this.options.loadSdk ?? loadRealSdk)();
    } catch {
      throw new ProviderError('runtime-missing', PROVIDER, `The foundry-local-sdk module could not be loaded. ${RUNTIME_MISSING_HELP}`);
    }
    const dir = this.options.storageDir;
    const config: FoundryLocalConfig = {
      appName: this.options.appName ?? 'hybrid-agent',
      logLevel: 'warn',
      ...(dir ? { appDataDir: dir, modelCacheDir: join(dir, 'models'), logsDir: join(dir, 'logs') } : {}),
    };
    try {
      // createAsync throws synchronously when the native runtime is missing; the await covers both forms.
      return await sdk.FoundryLocalManager.createAsync(config);
    } catch {
      throw new ProviderError('runtime-missing', PROVIDER, `Foundry Local's native runtime is not installed here. ${RUNTIME_MISSING_HELP}`);
    }
  }
}
