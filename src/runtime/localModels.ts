/** What the local runtime can serve, for the model picker: Foundry Local's catalog, or the server's model list. */
import { FoundryLocalProvider } from '../providers/index';
import type { ModelProvider } from '../router/types';

const LIST_TIMEOUT_MS = 10_000;

/** Model names the local side offers; empty when it cannot say (the demo, a server that is down). */
export async function listLocalModels(local: ModelProvider, signal: AbortSignal = AbortSignal.timeout(LIST_TIMEOUT_MS)): Promise<string[]> {
  if (local.isDemo) { return []; }
  if (local instanceof FoundryLocalProvider) {
    const catalog = await local.runtime.catalogAliases().catch(() => []);
    if (catalog.length) { return catalog; }
  }
  const probe = await local.probe(signal);
  return [...new Set(probe.models ?? [])];
}
