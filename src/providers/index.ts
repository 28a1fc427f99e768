/**
 * The provider factory: one typed options object per backend, gathered in a union keyed by `id`, and an
 * exhaustive switch. Callers (src/chat/runtime.ts, src/cli.ts) build these plain objects from settings or flags.
 */
import type { TokenCredential } from '@azure/core-auth';
import type { ModelProvider } from '../router/types';
import { DemoProvider, type DemoProviderOptions } from './demo';
import { FoundryCloudProvider, type FoundryCloudOptions } from './foundryCloud';
import { FoundryLocalProvider, type FoundryLocalOptions } from './foundryLocal';
import { OpenAICompatibleProvider, type OpenAICompatibleOptions } from './openaiCompatible';

/** Any OpenAI-compatible endpoint: local (Ollama, LM Studio, llama.cpp, a Foundry Local service) or cloud with a key. */
export type OpenAICompatibleConfig = {
  readonly id: 'openai-local' | 'openai-cloud';
  readonly baseUrl: string;
  readonly model: string;
  /** Model for the router (stage 2) when different from `model`. */
  readonly routerModel?: string;
  /** Read the key when needed; never stored in settings or logs. */
  readonly apiKey?: () => Promise<string | undefined>;
  readonly timeoutMs?: number;
} & Partial<Omit<OpenAICompatibleOptions, 'id' | 'target' | 'baseUrl' | 'model' | 'routerModel' | 'apiKey' | 'timeoutMs' | 'createClient'>>;

/** Foundry Local through its SDK (or a running service at `endpoint`). */
export type FoundryLocalConfig = { readonly id: 'foundry-local' } & FoundryLocalOptions;

/** Microsoft Foundry project (keyless). `credential` undefined → DefaultAzureCredential. */
export type FoundryCloudConfig = { readonly id: 'foundry-cloud'; readonly credential?: TokenCredential } & FoundryCloudOptions;

/** Built-in demo models (deterministic, labelled as demo). */
export type DemoConfig = { readonly id: 'demo-local' | 'demo-cloud' } & Partial<Omit<DemoProviderOptions, 'target'>>;

/** Options of each backend; each provider file owns its own options type and this union gathers them. */
export type ProviderConfig = DemoConfig | OpenAICompatibleConfig | FoundryLocalConfig | FoundryCloudConfig;

export function createProvider(cfg: ProviderConfig): ModelProvider {
  switch (cfg.id) {
    case 'demo-local':
    case 'demo-cloud': {
      const { id, ...rest } = cfg;
      return new DemoProvider({ ...rest, target: id === 'demo-local' ? 'local' : 'cloud' });
    }
    case 'openai-local':
    case 'openai-cloud': {
      const { id, baseUrl, ...rest } = cfg;
      if (!isHttpUrl(baseUrl)) {
        throw new Error(`${id === 'openai-local' ? 'hybridAgent.local.endpoint' : 'the cloud endpoint'} must be an http(s) URL`);
      }
      return new OpenAICompatibleProvider({ ...rest, id, baseUrl, target: id === 'openai-local' ? 'local' : 'cloud' });
    }
    case 'foundry-local': {
      const { id: _id, ...options } = cfg;
      return new FoundryLocalProvider(options);
    }
    case 'foundry-cloud': {
      const { id: _id, ...options } = cfg;
      return new FoundryCloudProvider(options);
    }
    default:
      return assertNever(cfg);
  }
}

/** True for an absolute http(s) URL; endpoints of any other scheme are refused. */
export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function assertNever(value: never): never {
  throw new Error(`unknown provider ${JSON.stringify((value as { id?: unknown }).id)}`);
}

export { DemoProvider } from './demo';
export { FoundryCloudProvider } from './foundryCloud';
export { FoundryLocalProvider } from './foundryLocal';
export { OpenAICompatibleProvider } from './openaiCompatible';
export { detectFoundryLocalService } from './foundryLocalDetect';
export { isAbortError } from './abort';
