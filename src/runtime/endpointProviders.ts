/**
 * Providers for plain endpoints (the command line's flags and environment): real endpoints where given, the demo
 * models where nothing is configured. Failure messages name the flags and variables (guidance.ts, surface "cli").
 */
import { DemoProvider } from '../providers/demo';
import { createProvider } from '../providers/index';
import type { ModelProvider } from '../router/types';
import { guidanceFor } from './guidance';

export type Env = Readonly<Record<string, string | undefined>>;

/** Where the models are, from flags first, then the environment. */
export interface Endpoints {
  readonly local?: { readonly baseUrl: string; readonly model: string };
  readonly cloud?:
    | { readonly kind: 'openai'; readonly baseUrl: string; readonly model: string }
    | { readonly kind: 'foundry'; readonly projectEndpoint: string; readonly deployment: string };
}

/** The providers a command runs on, and the notes the text output prints about them. */
export interface CliProviders {
  readonly local: ModelProvider;
  readonly cloud?: ModelProvider;
  readonly routerModel?: ModelProvider;
  readonly notes: readonly string[];
  readonly usesDemo: boolean;
}

/** Providers for `ask`: real endpoints where given; with none at all, the demo models (and the note says so). */
export function askProviders(endpoints: Endpoints, env: Env): CliProviders {
  if (!endpoints.local && !endpoints.cloud) {
    const local = new DemoProvider({ target: 'local' });
    return {
      local, cloud: new DemoProvider({ target: 'cloud' }), routerModel: local, usesDemo: true,
      notes: ['no model endpoints configured: using the built-in demo models (answers are labelled demo)'],
    };
  }
  const notes: string[] = [];
  const configured = endpoints.local ? localProvider(endpoints.local, env) : undefined;
  const local = configured ?? new DemoProvider({ target: 'local' });
  if (!configured) {
    notes.push('no local endpoint configured: the demo local model stands in for the local side');
  }
  const cloud = endpoints.cloud ? cloudProvider(endpoints.cloud, env) : undefined;
  if (!cloud) {
    notes.push('no cloud endpoint configured: cloud-bound requests are answered locally');
  }
  return { local, cloud, routerModel: configured, notes, usesDemo: !configured };
}

/**
 * Providers for `classify`: nothing is answered, so the cloud side is only a placeholder that lets the policy say
 * where a request would go. Stage 2 runs only when a real local endpoint is configured.
 */
export function classifyProviders(endpoints: Endpoints, env: Env): CliProviders {
  const configured = endpoints.local ? localProvider(endpoints.local, env) : undefined;
  const notes = configured ? [] : ['no local endpoint: decided on the deterministic stages alone (no router model)'];
  return { local: configured ?? new DemoProvider({ target: 'local' }), cloud: new DemoProvider({ target: 'cloud' }), routerModel: configured, notes, usesDemo: false };
}

function localProvider(local: NonNullable<Endpoints['local']>, env: Env): ModelProvider {
  return createProvider({ id: 'openai-local', baseUrl: local.baseUrl, model: local.model, apiKey: keyFrom(env, 'HYBRID_LOCAL_API_KEY'), guidance: guidanceFor('openai-local', 'cli') });
}

function cloudProvider(cloud: NonNullable<Endpoints['cloud']>, env: Env): ModelProvider {
  if (cloud.kind === 'openai') {
    return createProvider({ id: 'openai-cloud', baseUrl: cloud.baseUrl, model: cloud.model, apiKey: keyFrom(env, 'HYBRID_CLOUD_API_KEY'), guidance: guidanceFor('openai-cloud', 'cli') });
  }
  // Keyless: the Foundry provider signs in with DefaultAzureCredential (az login, environment, managed identity).
  return createProvider({ id: 'foundry-cloud', projectEndpoint: cloud.projectEndpoint, deployment: cloud.deployment, guidance: guidanceFor('foundry-cloud', 'cli') });
}

/** Keys are read when a provider needs them and never printed. */
function keyFrom(env: Env, name: string): () => Promise<string | undefined> {
  return async () => env[name]?.trim() || undefined;
}
