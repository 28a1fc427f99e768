import type { HybridError, HybridErrorCode, Privacy } from './types';

/** Expected provider failures, typed so the service can apply the fallback table without reading messages. */
export type ProviderErrorCode =
  | 'unreachable'      // connection refused / DNS / TLS: is the runtime running? which URL was tried
  | 'auth'             // 401/403, credential unavailable, not signed in
  | 'not-found'        // 404: deployment or model name unknown
  | 'rate-limit'       // 429 (retryAfterMs when the server said)
  | 'timeout'          // before the first token or mid-stream
  | 'server'           // 5xx
  | 'bad-request'      // other 4xx
  | 'bad-response'     // malformed JSON / SSE, cut stream
  | 'empty'            // completion with no text
  | 'runtime-missing'  // Foundry Local native runtime / SDK not installed
  | 'model-missing'    // model alias unknown or not downloaded
  | 'tools-unsupported'; // the model or runtime cannot call tools (which model, what to pick instead)

/**
 * The only error a ModelProvider throws (besides an abort). Its message says what to do, naming the setting or command.
 * Messages name the endpoint they failed on; an endpoint written with credentials (`https://user:pass@host`) is
 * named without them, here, for every provider, since these messages reach logs, the tree and error objects.
 */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  readonly details: { readonly status?: number; readonly retryAfterMs?: number; readonly url?: string };
  constructor(
    readonly code: ProviderErrorCode,
    readonly provider: string,
    message: string,
    details: { readonly status?: number; readonly retryAfterMs?: number; readonly url?: string } = {},
  ) {
    super(withoutUserInfo(message));
    this.details = details.url === undefined ? details : { ...details, url: withoutUserInfo(details.url) };
  }
}

/** URLs without the user info part: `https://user:pass@host/v1` → `https://host/v1`. */
export function withoutUserInfo(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@]*@/gi, '$1');
}

export function isProviderError(e: unknown): e is ProviderError {
  return e instanceof ProviderError;
}

/** Builds the error contract object. Callers pass messages that were written without prompt text. */
export function hybridError(code: HybridErrorCode, message: string, correlationId: string, privacy: Privacy): HybridError {
  return { code, message, correlationId, privacy };
}
