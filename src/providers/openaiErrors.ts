/**
 * Maps what the openai client (or a credential) throws to a ProviderError a person can act on. Branches on HTTP
 * status and class shape, never on message text. Messages are written here: they never quote the server's text,
 * the request body or a key, so neither a prompt nor a secret can leak through an error.
 */
import { ProviderError } from '../router/errors';
import type { Target } from '../router/types';

/** What to tell the person for each failure class; the defaults name the settings and commands to use. */
export interface ProviderGuidance {
  readonly unreachable: string;
  readonly auth: string;
  readonly notFound: string;
  /** The model cannot call tools: which setting to change, and to what kind of model. */
  readonly toolsUnsupported: string;
}

export const LOCAL_GUIDANCE: ProviderGuidance = {
  unreachable: 'Is Foundry Local running? Start it with `foundry service start` and `foundry model run <alias>`, '
    + 'or set `hybridAgent.local.endpoint` to a running OpenAI-compatible server.',
  auth: 'Check the local server\'s API key (HYBRID_LOCAL_API_KEY).',
  notFound: 'Load the model with `foundry model run <alias>`, or set the local model to one the server lists.',
  toolsUnsupported: 'Pick a local model that supports tool calling (`hybridAgent.local.model`, or `hybridAgent.local.modelAlias` for Foundry Local).',
};

export const CLOUD_KEY_GUIDANCE: ProviderGuidance = {
  unreachable: 'Check the cloud endpoint (`hybridAgent.cloud.projectEndpoint` or HYBRID_CLOUD_BASE_URL) and your network.',
  auth: 'Check the cloud API key (HYBRID_CLOUD_API_KEY or the key stored by Hybrid Agent).',
  notFound: 'Check that `hybridAgent.cloud.deployment` names a deployment of your project.',
  toolsUnsupported: 'Set `hybridAgent.cloud.deployment` to a model that supports tool calling.',
};

export const FOUNDRY_CLOUD_GUIDANCE: ProviderGuidance = {
  unreachable: 'Check `hybridAgent.cloud.projectEndpoint` and your network.',
  auth: 'Run "Hybrid Agent: Sign in to Azure" (or `az login` for the CLI) and check your role on the Foundry project.',
  notFound: 'Check that `hybridAgent.cloud.deployment` names a deployment of your project (or use `model-router`).',
  toolsUnsupported: 'Set `hybridAgent.cloud.deployment` to a deployment of a model that supports tool calling.',
};

export function defaultGuidance(target: Target): ProviderGuidance {
  return target === 'local' ? LOCAL_GUIDANCE : CLOUD_KEY_GUIDANCE;
}

/** Where the failing call went; used to name the URL and model in messages. */
export interface ErrorContext {
  readonly provider: string;
  readonly url: string;
  readonly model: string;
  readonly guidance: ProviderGuidance;
  /** The request offered tools, so a refusal of them means the model or server cannot call tools. */
  readonly offeredTools?: boolean;
}

/** Names @azure/identity gives its errors (it sets `name` explicitly, so they survive bundling). */
const CREDENTIAL_ERROR_NAMES = new Set([
  'CredentialUnavailableError', 'AuthenticationRequiredError', 'AggregateAuthenticationError', 'AuthenticationError',
]);

/** Maps any error from a request (or from reading its stream, `duringStream`) to a ProviderError. */
export function toProviderError(e: unknown, ctx: ErrorContext, duringStream = false): ProviderError {
  if (e instanceof ProviderError) {
    return e;
  }
  const { provider, url, model, guidance } = ctx;
  if (hasCredentialCause(e)) {
    return new ProviderError('auth', provider, `Could not get a sign-in token for ${url}. ${guidance.auth}`, { url });
  }
  const status = statusOf(e);
  if (ctx.offeredTools && isToolsRefusal(e)) {
    return toolsUnsupportedError(e, ctx);
  }
  if (status !== undefined) {
    return fromStatus(status, e, ctx);
  }
  if (duringStream && typeof (e as { error?: unknown }).error === 'object' && (e as { error?: unknown }).error !== null) {
    // An error event inside the SSE stream: the server failed after it started answering.
    const code = apiField((e as { error: unknown }).error, 'code') ?? apiField((e as { error: unknown }).error, 'type') ?? 'unknown';
    return new ProviderError('server', provider, `${url} reported a failure while answering (${code}). Try again later.`, { url });
  }
  const classes = classNames(e);
  if (classes.includes('APIConnectionTimeoutError')) {
    return new ProviderError('timeout', provider, `${url} did not answer in time. ${guidance.unreachable}`, { url });
  }
  if (classes.includes('APIConnectionError')) {
    return new ProviderError('unreachable', provider, `Could not connect to ${url}. ${guidance.unreachable}`, { url });
  }
  if (e instanceof SyntaxError) {
    return new ProviderError('bad-response', provider, `${url} sent a response that is not valid JSON for model ${model}.`, { url });
  }
  if (duringStream) {
    return new ProviderError('bad-response', provider, `The stream from ${url} was cut before the answer was complete. Try again.`, { url });
  }
  return new ProviderError('bad-response', provider, `Unexpected failure talking to ${url} (${classes[0] ?? typeof e}).`, { url });
}

function fromStatus(status: number, e: unknown, ctx: ErrorContext): ProviderError {
  const { provider, url, model, guidance } = ctx;
  const details = { status, url };
  if (status === 401 || status === 403) {
    const what = status === 401 ? 'rejected the credentials' : 'denied access';
    return new ProviderError('auth', provider, `${url} ${what} (HTTP ${status}). ${guidance.auth}`, details);
  }
  if (status === 404) {
    return new ProviderError('not-found', provider, `Model or deployment "${model}" was not found at ${url} (HTTP 404). ${guidance.notFound}`, details);
  }
  if (status === 429) {
    const retryAfterMs = retryAfterOf(e);
    const wait = retryAfterMs === undefined ? '' : ` The server asked to wait ${Math.ceil(retryAfterMs / 1000)} s.`;
    return new ProviderError('rate-limit', provider, `${url} is rate limiting requests for "${model}" (HTTP 429).${wait}`, { ...details, retryAfterMs });
  }
  if (status === 408) {
    return new ProviderError('timeout', provider, `${url} timed out the request (HTTP 408).`, details);
  }
  if (status >= 500) {
    return new ProviderError('server', provider, `${url} failed with HTTP ${status} for "${model}". Try again later.`, details);
  }
  const code = apiField(e, 'code');
  const param = apiField(e, 'param');
  const hint = [code && `code ${code}`, param && `parameter ${param}`].filter(Boolean).join(', ');
  return new ProviderError('bad-request', provider, `${url} rejected the request for "${model}" (HTTP ${status}${hint ? `; ${hint}` : ''}).`, details);
}

/** HTTP status of an openai APIError (duck-typed: the SDK may come from another bundle copy). */
export function statusOf(e: unknown): number | undefined {
  const status = (e as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

/**
 * A server refusing the tools of a request because the model or the server cannot call tools: Ollama ("… does not
 * support tools", 400), llama.cpp's server without `--jinja` (500), vLLM without auto tool choice (400), and the
 * generic wordings of other servers (Foundry Local, LM Studio, cloud deployments). Servers rarely fill `code` or
 * `param` for this; their message is the only hint, read here and never quoted.
 */
export function isToolsRefusal(e: unknown): boolean {
  const status = statusOf(e);
  if (status === undefined || ![400, 422, 500, 501].includes(status)) {
    return false;
  }
  const param = apiField(e, 'param') ?? '';
  if (/^(tools|tool_choice|functions)\b/.test(param) && /^unsupported_(parameter|value)$/.test(apiField(e, 'code') ?? '')) {
    return true;
  }
  const text = serverText(e);
  // Only words (no punctuation) between the subject and the refusal, so "Invalid 'tools': unsupported schema" is not one.
  return /\b(does not|doesn't|do not|cannot|can't) support (tools|tool[ _-]?call|function[ _-]?call)/i.test(text)
    || /\b(tools?|tool[ _]choice|tool[ _-]?calling|function[ _-]?calling|function tools)\b[\w\s-]{0,40}?\b(not supported|unsupported|not enabled|requires --)/i.test(text);
}

/** What a person reads when the model cannot call tools: the model, the setting, and what to pick instead. */
export function toolsUnsupportedError(e: unknown, ctx: ErrorContext): ProviderError {
  const { provider, url, model, guidance } = ctx;
  const status = statusOf(e);
  const text = serverText(e);
  const server = /--jinja/.test(text)
    ? ' The llama.cpp server calls tools only when started with `--jinja`.'
    : /enable-auto-tool-choice/.test(text)
      ? ' vLLM calls tools only when started with `--enable-auto-tool-choice` and a `--tool-call-parser`.'
      : '';
  return new ProviderError('tools-unsupported', provider,
    `Model "${model}" at ${url} cannot call tools (the server refused them, HTTP ${status ?? '?'}).${server} ${guidance.toolsUnsupported}`, { status, url });
}

/** The server's own error text (body `error.message`, a bare `error` string, the client's message), for matching only. */
export function serverText(e: unknown): string {
  const body = (e as { error?: unknown } | null)?.error;
  const inner = typeof body === 'string' ? body : typeof body === 'object' && body ? (body as { message?: unknown }).message : '';
  return `${typeof inner === 'string' ? inner : ''} ${(e as Error | null)?.message ?? ''}`;
}

/** A short identifier-like field of the API error body (`code`, `param`), or undefined. */
export function apiField(e: unknown, field: 'code' | 'param' | 'type'): string | undefined {
  const value = (e as Record<string, unknown> | null)?.[field];
  return typeof value === 'string' && /^[\w.\-[\]]{1,64}$/.test(value) ? value : undefined;
}

/** Retry-after in ms from `retry-after-ms` or `retry-after` (seconds or an HTTP date). */
export function retryAfterOf(e: unknown, now = Date.now()): number | undefined {
  const headers = (e as { headers?: unknown } | null)?.headers;
  if (!headers || typeof (headers as Headers).get !== 'function') {
    return undefined;
  }
  const ms = Number((headers as Headers).get('retry-after-ms') ?? NaN);
  if (Number.isFinite(ms) && ms >= 0) {
    return ms;
  }
  const raw = (headers as Headers).get('retry-after');
  if (!raw) {
    return undefined;
  }
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) {
    return seconds * 1000;
  }
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function hasCredentialCause(e: unknown): boolean {
  for (let current = e, depth = 0; current && depth < 5; current = (current as { cause?: unknown }).cause, depth++) {
    const name = (current as { name?: unknown }).name;
    // openai's own AuthenticationError (HTTP 401) has a status and no name of its own; identity errors have no status.
    if (typeof name === 'string' && CREDENTIAL_ERROR_NAMES.has(name) && statusOf(current) === undefined) {
      return true;
    }
  }
  return false;
}

function classNames(e: unknown): string[] {
  const names: string[] = [];
  if (typeof e !== 'object' || e === null) {
    return names;
  }
  for (let proto = Object.getPrototypeOf(e); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    const name = (proto as { constructor?: { name?: string } }).constructor?.name;
    if (name) {
      names.push(name);
    }
  }
  return names;
}
