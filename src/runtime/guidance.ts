/**
 * What a failure tells the person to do, from the provider kind actually configured and the surface they use:
 * inside VS Code it names settings and commands (never a CLI flag or variable), on the command line it names flags
 * and environment variables. Messages use `code` spans; surfaces render them (present/text.ts).
 */
import type { ProviderGuidance } from '../providers/openaiErrors';
import type { CloudAuth } from './settings';

export type Surface = 'extension' | 'cli';
export type GuidedProvider = 'openai-local' | 'foundry-local' | 'openai-cloud' | 'foundry-cloud';

const SELECT_LOCAL = '"Hybrid Agent: Select Local Model"';
const CHECK_LOCAL = '"Hybrid Agent: Check Local Model Runtime"';

export function guidanceFor(provider: GuidedProvider, surface: Surface, auth: CloudAuth = 'vscode'): ProviderGuidance {
  const cli = surface === 'cli';
  switch (provider) {
    case 'openai-local': return cli ? {
      unreachable: 'Start the local server, or pass --local-base-url (or HYBRID_LOCAL_BASE_URL) of one that is running.',
      auth: 'Set HYBRID_LOCAL_API_KEY to the key the local server expects.',
      notFound: 'Pass --local-model (or HYBRID_LOCAL_MODEL) with a model the server lists.',
      toolsUnsupported: 'Pass --local-model (or HYBRID_LOCAL_MODEL) with a model that supports tool calling.',
    } : {
      unreachable: 'Start the local server, or set `hybridAgent.local.endpoint` to one that is running.',
      auth: 'The local server wants an API key: run "Hybrid Agent: Set Local API Key", or turn its authentication off.',
      notFound: `Run ${SELECT_LOCAL} to pick one of the models the server lists (\`hybridAgent.local.model\`).`,
      toolsUnsupported: `Run ${SELECT_LOCAL} to pick a model that supports tool calling (\`hybridAgent.local.model\`).`,
    };
    case 'foundry-local': return {
      unreachable: cli
        ? 'Is Foundry Local running? Start it with `foundry service start`.'
        : `Is Foundry Local running? Start it with \`foundry service start\`, or run ${CHECK_LOCAL}.`,
      auth: 'Foundry Local does not use keys; check that the service at the configured address is Foundry Local.',
      notFound: cli
        ? 'Load the model with `foundry model run <alias>`.'
        : `Run ${CHECK_LOCAL} to download it, or ${SELECT_LOCAL} (\`hybridAgent.local.modelAlias\`).`,
      toolsUnsupported: cli
        ? 'Pass --local-model with a Foundry Local model that supports tool calling.'
        : `Run ${SELECT_LOCAL} to pick a Foundry Local model that supports tool calling (\`hybridAgent.local.modelAlias\`).`,
    };
    case 'openai-cloud': return cli ? {
      unreachable: 'Check --cloud-base-url (or HYBRID_CLOUD_BASE_URL) and your network.',
      auth: 'Set HYBRID_CLOUD_API_KEY to a valid key.',
      notFound: 'Pass --cloud-model (or HYBRID_CLOUD_MODEL) with a model the endpoint serves.',
      toolsUnsupported: 'Pass --cloud-model (or HYBRID_CLOUD_MODEL) with a model that supports tool calling.',
    } : {
      unreachable: 'Check `hybridAgent.cloud.endpoint` and your network.',
      auth: 'Run "Hybrid Agent: Set Cloud API Key" with a valid key.',
      notFound: 'Set `hybridAgent.cloud.deployment` to a model the endpoint serves ("Hybrid Agent: Select Cloud Deployment").',
      toolsUnsupported: 'Set `hybridAgent.cloud.deployment` to a model that supports tool calling ("Hybrid Agent: Select Cloud Deployment").',
    };
    case 'foundry-cloud': return {
      unreachable: cli ? 'Check --cloud-project-endpoint (or HYBRID_CLOUD_PROJECT_ENDPOINT) and your network.' : 'Check `hybridAgent.cloud.projectEndpoint` and your network.',
      auth: cli || auth === 'defaultAzureCredential'
        ? 'Sign in with `az login` (or set the Azure environment variables) and check your role on the Foundry project.'
        : 'Run "Hybrid Agent: Sign in to Azure" and check your role on the Foundry project.',
      notFound: cli
        ? 'Pass --cloud-model (or HYBRID_CLOUD_MODEL) with a deployment of your project, or `model-router`.'
        : 'Set `hybridAgent.cloud.deployment` to a deployment of your project, or `model-router`.',
      toolsUnsupported: cli
        ? 'Pass --cloud-model (or HYBRID_CLOUD_MODEL) with a deployment of a model that supports tool calling.'
        : 'Set `hybridAgent.cloud.deployment` to a deployment of a model that supports tool calling.',
    };
  }
}

/** What to set when the stage-2 router model fails, said once per model (the log). */
export function routerModelHint(localProvider: 'openai-local' | 'foundry-local' | 'demo-local', surface: Surface): string {
  if (surface === 'cli') { return 'pass --local-model with a model the server lists'; }
  return localProvider === 'foundry-local'
    ? 'set `hybridAgent.local.routerModelAlias` to a Foundry Local alias you have downloaded, or turn stage 2 off with `hybridAgent.router.enabled`'
    : 'set `hybridAgent.local.routerModel` to a model the server lists (empty: the local model itself), or turn stage 2 off with `hybridAgent.router.enabled`';
}
