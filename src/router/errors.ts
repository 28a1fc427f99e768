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

/** The only error a ModelProvider throws (besides an abort). Its message says what to do, naming the setting or command. */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  constructor(
    readonly code: ProviderErrorCode,
    readonly provider: string,
    message: string,
    readonly details: { readonly status?: number; readonly retryAfterMs?: number; readonly url?: string } = {},
  ) {
    super(message);
  }
}

export function isProviderError(e: unknown): e is ProviderError {
  return e instanceof ProviderError;
}

/** Builds the error contract object. Callers pass messages that were written without prompt text. */
export function hybridError(code: HybridErrorCode, message: string, correlationId: string, privacy: Privacy): HybridError {
  return { code, message, correlationId, privacy };
}
