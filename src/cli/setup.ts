/**
 * Where the command line's models are, from flags first, then the environment. The providers for those endpoints
 * and the service are built by the runtime (runtime/endpointProviders.ts, runtime/hybridRuntime.ts).
 */
import { isHttpUrl } from '../providers/index';
import { DEFAULT_ROUTER_CONFIG } from '../router/defaults';
import type { Mode, OnSecret, RouterConfig } from '../router/types';
import type { Endpoints, Env } from '../runtime/endpointProviders';
import type { CliOptions } from './args';

/** The routing configuration of the command line: the extension's defaults, with --mode and --on-secret. */
export function cliRouterConfig(mode: Mode = 'auto', onSecret: OnSecret = 'stayLocal'): RouterConfig {
  return { ...DEFAULT_ROUTER_CONFIG, mode, onSecret };
}

export function resolveEndpoints(opts: CliOptions, env: Env): Endpoints | { readonly usageError: string } {
  const pick = (flag: string | undefined, name: string) => flag ?? (env[name]?.trim() || undefined);
  const localBaseUrl = pick(opts.localBaseUrl, 'HYBRID_LOCAL_BASE_URL');
  const localModel = pick(opts.localModel, 'HYBRID_LOCAL_MODEL');
  const projectEndpoint = opts.cloudBaseUrl ? undefined : pick(opts.cloudProjectEndpoint, 'HYBRID_CLOUD_PROJECT_ENDPOINT');
  const cloudBaseUrl = projectEndpoint ? undefined : pick(opts.cloudBaseUrl, 'HYBRID_CLOUD_BASE_URL');
  const cloudModel = pick(opts.cloudModel, 'HYBRID_CLOUD_MODEL');
  for (const [what, url] of [['local base URL', localBaseUrl], ['cloud base URL', cloudBaseUrl], ['cloud project endpoint', projectEndpoint]] as const) {
    if (url !== undefined && !isHttpUrl(url)) {
      return { usageError: `the ${what} must be an http(s) URL` };
    }
  }
  if (localBaseUrl && !localModel) {
    return { usageError: 'a local endpoint needs a model name: --local-model NAME (or HYBRID_LOCAL_MODEL)' };
  }
  if (cloudBaseUrl && !cloudModel) {
    return { usageError: 'a cloud endpoint needs a model name: --cloud-model NAME (or HYBRID_CLOUD_MODEL)' };
  }
  return {
    local: localBaseUrl && localModel ? { baseUrl: localBaseUrl, model: localModel } : undefined,
    cloud: projectEndpoint
      ? { kind: 'foundry', projectEndpoint, deployment: cloudModel ?? 'model-router' }
      : cloudBaseUrl && cloudModel ? { kind: 'openai', baseUrl: cloudBaseUrl, model: cloudModel } : undefined,
  };
}

