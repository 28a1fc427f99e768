// SCAFFOLD: the providers work completes this factory (one case per ProviderId).
import type { ModelProvider } from '../router/types';

/** Options of each backend; each provider file owns its own options type and this union gathers them. */
export type ProviderConfig =
  | { readonly id: 'demo-local' }
  | { readonly id: 'demo-cloud' }
  | {
      readonly id: 'openai-local' | 'openai-cloud';
      readonly baseUrl: string;
      readonly model: string;
      /** Model for the router (stage 2) when different from `model`. */
      readonly routerModel?: string;
      /** Read the key when needed; never stored in settings or logs. */
      readonly apiKey?: () => Promise<string | undefined>;
      readonly timeoutMs?: number;
    };

export function createProvider(_cfg: ProviderConfig): ModelProvider {
  throw new Error('not implemented');
}
