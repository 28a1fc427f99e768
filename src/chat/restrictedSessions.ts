/**
 * Agent sessions of the Hybrid language models that carried restricted content. Agents resend their history, so the
 * gate sees an earlier secret again on every turn; but an agent may also trim or summarise a long history, and then
 * the secret (or the local model's words about it) could reach a later turn in a shape the gate does not know.
 * A session marked here keeps every later turn local, whatever its history holds. Only session ids (hashes) are
 * kept, at most `capacity` of them, the least recently used dropped first.
 */
import type { AskOutcome } from '../router/service';
import type { AskRequest } from '../router/types';

export class RestrictedSessions {
  private readonly ids = new Set<string>();

  constructor(private readonly capacity = 500) {}

  /** The request, marked sticky when its agent session already carried restricted content. */
  apply(req: AskRequest): AskRequest {
    const id = req.agentTurn?.sessionId;
    if (id === undefined || !this.ids.has(id)) {
      return req;
    }
    this.touch(id);
    return { ...req, stickyRestricted: true };
  }

  /** Remembers the request's agent session when its outcome was restricted (answered, failed or cancelled). */
  record(req: AskRequest, outcome: AskOutcome): void {
    const id = req.agentTurn?.sessionId;
    if (id !== undefined && isRestricted(outcome)) {
      this.touch(id);
    }
  }

  private touch(id: string): void {
    this.ids.delete(id);
    this.ids.add(id);
    if (this.ids.size > this.capacity) {
      const oldest = this.ids.values().next().value;
      if (oldest !== undefined) {
        this.ids.delete(oldest);
      }
    }
  }
}

function isRestricted(outcome: AskOutcome): boolean {
  switch (outcome.kind) {
    case 'answered': return outcome.response.privacy === 'restricted';
    case 'failed': return outcome.error.privacy === 'restricted' || outcome.decision?.privacy === 'restricted';
    case 'cancelled': return outcome.decision?.privacy === 'restricted';
  }
}
