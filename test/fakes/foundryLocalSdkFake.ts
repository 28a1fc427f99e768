/**
 * A stand-in for the `foundry-local-sdk` module at its boundary (its native runtime cannot be installed here).
 * Typed against the SDK's real types (IModel members, FoundryLocalConfig, FoundryLocalManager members), so a
 * change in the SDK's surface breaks compilation. Behaviour follows the SDK's JS: getModel throws "Model with
 * alias 'x' not found. Available models: …", download reports 0–100 and rejects with an AbortError when the
 * signal fires, the web service binds 127.0.0.1 and fills `urls`.
 */
import type { FoundryLocalConfig, IModel } from 'foundry-local-sdk' with { 'resolution-mode': 'import' };
import type { FoundryLocalSdk, LocalCatalog, LocalManager, LocalModel } from '../../src/providers/foundryLocalRuntime';

export interface FakeModelSpec {
  readonly alias: string;
  readonly id?: string;
  readonly cached?: boolean;
  readonly loadFails?: boolean;
  /** The catalog's tool-calling flag (the SDK reports null when the catalog does not say). */
  readonly toolCalling?: boolean | null;
  /** Progress values reported by download(); the test can pause between them with `beforeProgress`. */
  readonly progress?: readonly number[];
}

export interface FakeSdkOptions {
  readonly models?: readonly FakeModelSpec[];
  /** Make createAsync throw the way the SDK does without its native runtime. */
  readonly runtimeMissing?: boolean;
  /** URL the fake web service reports (a ReplayServer origin in tests). */
  readonly serviceUrl?: string;
  readonly startServiceFails?: boolean;
  /** Awaited before each progress report: lets a test cancel mid-download. */
  readonly beforeProgress?: (percent: number) => Promise<void> | void;
}

export class FakeModel implements LocalModel {
  loaded = false;
  downloads = 0;
  loads = 0;
  cachedNow: boolean;
  constructor(private readonly spec: FakeModelSpec, private readonly sdk: FakeSdkOptions) {
    this.cachedNow = spec.cached ?? false;
  }
  get id(): IModel['id'] { return this.spec.id ?? `${this.spec.alias}-instruct-generic-cpu:1`; }
  get alias(): IModel['alias'] { return this.spec.alias; }
  get isCached(): IModel['isCached'] { return this.cachedNow; }
  get supportsToolCalling(): IModel['supportsToolCalling'] { return this.spec.toolCalling ?? null; }
  async isLoaded(): ReturnType<IModel['isLoaded']> { return this.loaded; }

  async download(...[progressOrSignal, maybeSignal]: Parameters<IModel['download']>): ReturnType<IModel['download']> {
    const progress = typeof progressOrSignal === 'function' ? progressOrSignal : undefined;
    const signal = typeof progressOrSignal === 'function' ? maybeSignal : (progressOrSignal ?? maybeSignal);
    this.downloads++;
    for (const percent of this.spec.progress ?? [0, 50, 100]) {
      await this.sdk.beforeProgress?.(percent);
      if (signal?.aborted) {
        const error = new Error('Operation cancelled');
        error.name = 'AbortError';
        throw error;
      }
      progress?.(percent);
    }
    this.cachedNow = true;
  }

  async load(): ReturnType<IModel['load']> {
    this.loads++;
    if (this.spec.loadFails) {
      throw new Error(`Failed to load model ${this.id}: not enough memory`);
    }
    this.loaded = true;
  }
}

class FakeCatalog implements LocalCatalog {
  constructor(readonly models: FakeModel[]) {}
  async getModel(alias: string): Promise<FakeModel> {
    const model = this.models.find(m => m.alias === alias);
    if (!model) {
      throw new Error(`Model with alias '${alias}' not found. Available models: ${this.models.map(m => m.alias).join(', ') || '(none)'}`);
    }
    return model;
  }
  async getModels(): Promise<FakeModel[]> { return this.models; }
}

export class FakeManager implements LocalManager {
  urls: string[] = [];
  serviceStarts = 0;
  constructor(readonly catalog: FakeCatalog, readonly config: FoundryLocalConfig, private readonly options: FakeSdkOptions) {}
  get isWebServiceRunning(): boolean { return this.urls.length > 0; }
  startWebService(): void {
    this.serviceStarts++;
    if (this.options.startServiceFails) {
      throw new Error('Failed to start service');
    }
    this.urls = [this.options.serviceUrl ?? 'http://127.0.0.1:5273'];
  }
}

/** The fake module plus what it recorded (configs passed to createAsync, the manager it made). */
export interface FakeSdk extends FoundryLocalSdk {
  readonly configs: FoundryLocalConfig[];
  readonly models: FakeModel[];
  manager?: FakeManager;
}

export function fakeFoundryLocalSdk(options: FakeSdkOptions = {}): FakeSdk {
  const models = (options.models ?? [{ alias: 'phi-4-mini', cached: true }]).map(spec => new FakeModel(spec, options));
  const sdk: FakeSdk = {
    configs: [],
    models,
    FoundryLocalManager: {
      createAsync(config: FoundryLocalConfig): Promise<FakeManager> {
        sdk.configs.push(config);
        if (options.runtimeMissing) {
          // The real SDK throws synchronously from createAsync here (CoreInterop constructor).
          throw new Error("FoundryLocalCorePath not specified in configuration and could not auto-discover binaries. Please run 'npm install' to download native libraries.");
        }
        sdk.manager ??= new FakeManager(new FakeCatalog(models), config, options);
        return Promise.resolve(sdk.manager);
      },
    },
  };
  return sdk;
}
