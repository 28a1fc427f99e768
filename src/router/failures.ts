/**
 * How the service words provider failures and the messages around them. Pure: built from error codes, classes and
 * providers' own messages, never from prompt text.
 */
import { isProviderError } from './errors';
import { fallbackAllowed } from './policy';
import { truncate } from './truncate';
import type { ModelProvider, RouterConfig, RoutingDecision, Target } from './types';

/** A provider failure, in words. */
export interface Failure {
  readonly target: Target;
  /** ProviderError code, or `unexpected`. */
  readonly code: string;
  /** Words for fallbackReason and error messages (`cloud: 401 — …`); from the provider's message, never prompt text. */
  readonly text: string;
  /** The same without the target prefix, for sentences that already name the side. */
  readonly detail: string;
}

/** Turns a provider failure into words for fallbackReason: `cloud: 401 — sign in again`. Never includes prompt text. */
export function describeFailure(target: Target, e: unknown): Failure {
  if (isProviderError(e)) {
    const status = e.details.status ? `${e.details.status} — ` : '';
    return failureOf(target, e.code, `${status}${truncate(e.message, 200).replace(/[.\s]+$/, '')}`);
  }
  // An unexpected error's message could hold anything: report only its class.
  return failureOf(target, 'unexpected', `unexpected error (${errorName(e)})`);
}

export function failureOf(target: Target, code: string, detail: string): Failure {
  return { target, code, detail, text: `${target}: ${detail}` };
}

/** policy.fallbackAllowed, failing closed: if it throws, no fallback. */
export function safeFallbackAllowed(decision: RoutingDecision, failed: Target, config: RouterConfig, context: Parameters<typeof fallbackAllowed>[3]): { allowed: boolean; reason: string } {
  try {
    return fallbackAllowed(decision, failed, config, context);
  } catch (e) {
    return { allowed: false, reason: `the fallback rule could not be evaluated (${errorName(e)})` };
  }
}

/** The log component of a provider. */
export function componentOf(provider: ModelProvider): string {
  switch (provider.id) {
    case 'demo-local': case 'demo-cloud': return 'demo';
    case 'openai-local': case 'openai-cloud': return 'openai';
    case 'foundry-local': return 'foundryLocal';
    case 'foundry-cloud': return 'foundryCloud';
  }
}

export function binaryMessage(sources: readonly string[]): string {
  return `Binary content cannot be sent to a model (${sources.join(', ')}): attach text files or a text selection.`;
}

export function errorName(e: unknown): string {
  return e instanceof Error ? e.name : typeof e;
}


export function formatSize(chars: number): string {
  return chars >= 1024 * 1024 ? `${(chars / (1024 * 1024)).toFixed(1)} MB` : `${Math.ceil(chars / 1024)} KB`;
}
