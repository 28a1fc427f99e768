import { randomUUID } from 'node:crypto';

/**
 * A short correlation id for one request, e.g. `hr-5f2c9a1e7b40`. It ties together the decision, provider calls,
 * fallbacks and errors in the log, the tree view and the CLI output. Random, so it reveals nothing about the prompt.
 */
export function newCorrelationId(): string {
  return 'hr-' + randomUUID().replace(/-/g, '').slice(0, 12);
}

/** Whether a caller-supplied id is safe to reuse (short, plain characters: it ends up in log lines). */
export function isValidCorrelationId(id: string): boolean {
  return /^[A-Za-z0-9._:-]{4,64}$/.test(id);
}
