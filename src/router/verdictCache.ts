import { createHash } from 'node:crypto';
import type { ComplexityResult } from './complexity';
import type { RouterModelResult } from './routerModel';
import type { AskRequest } from './types';
import type { WorkKind, WorkScope } from './scope';

/**
 * Stage-2 verdicts reused for follow-up turns of the same conversation, so a laptop pays for the router model once
 * per conversation rather than once per turn. A conversation is known by a hash of its first user turn (the prompt of
 * a first turn, `history[0]` of its follow-ups): no prompt text is kept. A follow-up reuses the verdict only while the
 * scope has not grown: the same or a smaller scope, and the same kind of work or a light one (a question, a fix).
 */
export class VerdictCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly capacity = 64) {}

  /** The earlier verdict of this conversation, when this turn is a follow-up whose scope has not changed. */
  lookup(req: AskRequest, stage1: ComplexityResult): RouterModelResult | undefined {
    if (!isFollowUp(req)) { return undefined; }
    const key = conversationKey(req);
    const entry = key ? this.entries.get(key) : undefined;
    if (!entry || !sameScope(entry, stage1)) { return undefined; }
    return { ...entry.result, verdict: { ...entry.result.verdict, latencyMs: 0 }, reused: true };
  }

  /** Keeps an applicable verdict for later turns (the first one of a conversation wins). */
  remember(req: AskRequest, stage1: ComplexityResult, result: RouterModelResult): void {
    const key = conversationKey(req);
    if (!key || !result.applicable || this.entries.has(key)) { return; }
    if (this.entries.size >= this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) { this.entries.delete(oldest); }
    }
    this.entries.set(key, { scope: stage1.scope ?? 'file', kind: stage1.kind ?? 'request', result });
  }

  get size(): number {
    return this.entries.size;
  }
}

interface Entry {
  readonly scope: WorkScope;
  readonly kind: WorkKind;
  readonly result: RouterModelResult;
}

const SCOPE_RANK: Readonly<Record<WorkScope, number>> = { snippet: 0, file: 1, module: 2, system: 3 };
/** Work that continues a conversation without widening it. */
const LIGHT_KINDS: ReadonlySet<WorkKind> = new Set(['question', 'explain', 'fix', 'small-change', 'write', 'request']);

function sameScope(entry: Entry, now: ComplexityResult): boolean {
  const scope = now.scope ?? 'file';
  const kind = now.kind ?? 'request';
  return SCOPE_RANK[scope] <= SCOPE_RANK[entry.scope] && (kind === entry.kind || LIGHT_KINDS.has(kind));
}

function isFollowUp(req: AskRequest): boolean {
  return (req.history ?? []).some(turn => turn.role === 'user');
}

/** Hash of the conversation's first user turn; undefined when there is nothing to key on. */
export function conversationKey(req: AskRequest): string | undefined {
  const first = (req.history ?? []).find(turn => turn.role === 'user')?.content ?? req.prompt;
  if (typeof first !== 'string' || first.length === 0) { return undefined; }
  return createHash('sha256').update(first).digest('hex');
}
