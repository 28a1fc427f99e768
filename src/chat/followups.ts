/**
 * Follow-ups after a @hybrid answer: "Ask the cloud instead" only when the cloud is allowed for that request
 * (never after restricted content), "Answer locally instead" after an answer to a redacted copy, and "Why local?" /
 * "Why cloud?" which explain the last decision (/explain).
 */
import type * as vscode from 'vscode';
import type { AskOutcome, ClassifyOutcome } from '../router/service';
import type { AskRequest } from '../router/types';
import { readMetadata } from './chatResult';

/**
 * Requests kept in memory (never logged, never persisted) so "Ask the cloud instead" and "Re-run on the other side"
 * can resend them. Only requests that were not restricted are kept, and only small ones.
 */
export class RecentRequests {
  private readonly requests = new Map<string, AskRequest>();

  constructor(private readonly capacity = 20, private readonly maxChars = 1_000_000) {}

  remember(correlationId: string, request: AskRequest): void {
    const size = request.prompt.length + (request.references ?? []).reduce((n, r) => n + (r.content?.length ?? 0), 0) +
      (request.history ?? []).reduce((n, t) => n + t.content.length, 0);
    if (size > this.maxChars) { return; }
    this.requests.delete(correlationId);
    this.requests.set(correlationId, request);
    if (this.requests.size > this.capacity) {
      const oldest = this.requests.keys().next().value;
      if (oldest !== undefined) { this.requests.delete(oldest); }
    }
  }

  /** Keeps a request for re-runs only when nothing in it was restricted (a restricted request is never kept). */
  rememberUnlessRestricted(correlationId: string, request: AskRequest, outcome: AskOutcome | ClassifyOutcome): void {
    const decision = outcome.kind === 'answered' ? outcome.response.decision : 'decision' in outcome ? outcome.decision : undefined;
    if (decision && decision.privacy !== 'restricted' && !request.stickyRestricted) { this.remember(correlationId, request); }
  }

  get(correlationId: string): AskRequest | undefined {
    return this.requests.get(correlationId);
  }

  clear(): void {
    this.requests.clear();
  }
}

/**
 * What "Answer locally instead" sends with /local. The restricted request itself is never kept for re-runs; the
 * local model reads it, unredacted, from the replayed history.
 */
export const ANSWER_LOCALLY_PROMPT = 'Answer my previous question again, on this device.';

/** The "why" prompts /explain answers from the previous decision instead of classifying again. */
export const WHY_PROMPT = /^\s*why(\s+(local|cloud|this route))?\s*\??\s*$/i;

export function followupsFor(result: { readonly metadata?: unknown }, recent: RecentRequests): vscode.ChatFollowup[] {
  const meta = readMetadata(result);
  if (!meta) { return []; }
  const out: vscode.ChatFollowup[] = [];
  const prompt = recent.get(meta.correlationId)?.prompt;
  if (meta.canAskCloud && prompt && meta.privacy !== 'restricted' && !meta.stickyRestricted) {
    out.push({ prompt, command: 'cloud', label: 'Ask the cloud instead' });
  }
  if (meta.decision?.redaction && meta.path === 'cloud') {
    out.push({ prompt: ANSWER_LOCALLY_PROMPT, command: 'local', label: 'Answer locally instead' });
  }
  const target = meta.decision?.target;
  if (target && meta.command !== 'explain') {
    const label = target === 'local' ? 'Why local?' : 'Why cloud?';
    out.push({ prompt: label, command: 'explain', label });
  }
  return out;
}
