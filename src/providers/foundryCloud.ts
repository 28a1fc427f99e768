/**
 * Microsoft Foundry (cloud) through `@azure/ai-projects`: `new AIProjectClient(projectEndpoint, credential)
 * .getOpenAIClient()` gives an `openai` client on `${endpoint}/openai/v1` with bearer tokens for the project.
 * Keyless: any TokenCredential (the VS Code layer passes one on VS Code's Microsoft sign-in), else
 * DefaultAzureCredential. Streaming, timeouts and error mapping are OpenAICompatibleProvider's (composed).
 */
import type { TokenCredential } from '@azure/core-auth';
import { ProviderError } from '../router/errors';
import type { ChatEvent, ModelProvider, ProbeResult, ProviderRequest } from '../router/types';
import { FOUNDRY_CLOUD_GUIDANCE, toProviderError, type ProviderGuidance } from './openaiErrors';
import { OpenAICompatibleProvider, type OpenAIClient } from './openaiCompatible';
import type { MaxTokensParam } from './openaiRequests';
import type { Timers } from './streamWatchdog';

/** Token scope of Foundry projects (what getOpenAIClient asks the credential for). */
export const FOUNDRY_SCOPE = 'https://ai.azure.com/.default';

export interface FoundryCloudOptions {
  /** `https://<resource>.services.ai.azure.com/api/projects/<project>` (setting `hybridAgent.cloud.projectEndpoint`). */
  readonly projectEndpoint: string;
  /** Deployment name, e.g. `gpt-5.4`, or `model-router` (setting `hybridAgent.cloud.deployment`). */
  readonly deployment: string;
  /** Any TokenCredential; when absent DefaultAzureCredential is loaded on first use. */
  readonly credential?: TokenCredential;
  /** Responses API or Chat Completions (default `chat`). */
  readonly apiStyle?: 'chat' | 'responses';
  readonly label?: string;
  /** First-token timeout in ms (default 30000). */
  readonly timeoutMs?: number;
  /** Timeout between chunks in ms (default: timeoutMs). */
  readonly idleTimeoutMs?: number;
  /** Client retries (default 1: one quick retry on 5xx/connection errors, then let the service fall back). */
  readonly maxRetries?: number;
  /** Default `max_completion_tokens` (reasoning deployments reject `max_tokens`). */
  readonly maxTokensParam?: MaxTokensParam;
  /** Reasoning deployments reject a custom temperature (default false). */
  readonly supportsTemperature?: boolean;
  readonly probeTimeoutMs?: number;
  /** What failure messages tell the person to do (names the settings or flags of the caller). */
  readonly guidance?: ProviderGuidance;
  readonly timers?: Timers;
}

export class FoundryCloudProvider implements ModelProvider {
  readonly id = 'foundry-cloud' as const;
  readonly target = 'cloud' as const;
  readonly label: string;
  readonly model: string;
  readonly isDemo = false;
  private readonly inner: OpenAICompatibleProvider;
  private credentialPromise: Promise<TokenCredential> | undefined;

  constructor(private readonly options: FoundryCloudOptions) {
    this.model = options.deployment;
    this.label = options.label ?? `Foundry · ${options.deployment}`;
    this.inner = new OpenAICompatibleProvider({
      id: this.id,
      target: 'cloud',
      label: this.label,
      baseUrl: `${options.projectEndpoint.replace(/\/+$/, '')}/openai/v1`,
      model: options.deployment,
      apiStyle: options.apiStyle ?? 'chat',
      timeoutMs: options.timeoutMs,
      idleTimeoutMs: options.idleTimeoutMs,
      probeTimeoutMs: options.probeTimeoutMs,
      maxRetries: options.maxRetries ?? 1,
      maxTokensParam: options.maxTokensParam ?? 'max_completion_tokens',
      supportsTemperature: options.supportsTemperature ?? false,
      requireListedModel: false,
      guidance: options.guidance ?? FOUNDRY_CLOUD_GUIDANCE,
      timers: options.timers,
      createClient: () => this.createClient(),
    });
  }

  /** Checks the endpoint setting and that a token can be had (the usual failure: not signed in), then reachability. */
  async probe(signal: AbortSignal): Promise<ProbeResult> {
    const invalid = this.endpointProblem();
    if (invalid) {
      return { available: false, detail: invalid };
    }
    try {
      const credential = await this.credential();
      const token = await credential.getToken(FOUNDRY_SCOPE, { abortSignal: signal });
      if (!token) {
        return { available: false, detail: `No sign-in token for the Foundry project. ${(this.options.guidance ?? FOUNDRY_CLOUD_GUIDANCE).auth}` };
      }
    } catch (e) {
      if (signal.aborted) {
        return { available: false, detail: 'Check cancelled.' };
      }
      return { available: false, detail: toProviderError(wrapCredentialError(e), this.errorContext()).message };
    }
    return this.inner.probe(signal);
  }

  chat(req: ProviderRequest, signal: AbortSignal): AsyncIterable<ChatEvent> {
    return this.inner.chat(req, signal);
  }

  private async createClient(): Promise<OpenAIClient> {
    const invalid = this.endpointProblem();
    if (invalid) {
      throw new ProviderError('bad-request', this.id, invalid);
    }
    const credential = await this.credential();
    const { AIProjectClient } = await import('@azure/ai-projects');
    const project = new AIProjectClient(this.options.projectEndpoint.replace(/\/+$/, ''), credential);
    const client = project.getOpenAIClient({ maxRetries: this.options.maxRetries ?? 1 });
    // The dynamic import resolves ESM typings of the same openai client class.
    return client as unknown as OpenAIClient;
  }

  private credential(): Promise<TokenCredential> {
    this.credentialPromise ??= this.options.credential
      ? Promise.resolve(this.options.credential)
      : import('@azure/identity').then(identity => new identity.DefaultAzureCredential() as TokenCredential);
    return this.credentialPromise;
  }

  /** The project endpoint must be an https URL (plain http only on loopback, for tests and proxies). */
  private endpointProblem(): string | undefined {
    let url: URL;
    try {
      url = new URL(this.options.projectEndpoint);
    } catch {
      return 'Set `hybridAgent.cloud.projectEndpoint` to your Foundry project endpoint (https://<resource>.services.ai.azure.com/api/projects/<project>).';
    }
    const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
      return '`hybridAgent.cloud.projectEndpoint` must be an https URL.';
    }
    return undefined;
  }

  private errorContext() {
    return { provider: this.id, url: this.options.projectEndpoint, model: this.model, guidance: this.options.guidance ?? FOUNDRY_CLOUD_GUIDANCE };
  }
}

/** A credential error thrown straight from getToken (not through openai): mark it so the mapper sees a credential cause. */
function wrapCredentialError(e: unknown): unknown {
  const name = (e as { name?: unknown } | null)?.name;
  if (typeof name === 'string' && /Credential|Authentication/.test(name)) {
    return e;
  }
  const wrapped = new Error('credential failure');
  wrapped.name = 'CredentialUnavailableError';
  return wrapped;
}
