/**
 * Follow-ups after a @hybrid answer: "Ask the cloud instead" only when the cloud is allowed for that request
 * (never after restricted content), and "Why local?" / "Why cloud?" which explain the last decision (/explain).
 */
import type * as vscode from 'vscode';
import { readMetadata } from './chatResult';

/** Prompts kept in memory (never logged, never persisted) so "Ask the cloud instead" can resend them. Non-restricted only. */
export class RecentPrompts {
  private readonly prompts = new Map<string, string>();

  constructor(private readonly capacity = 20) {}

  remember(correlationId: string, prompt: string): void {
    this.prompts.set(correlationId, prompt);
    if (this.prompts.size > this.capacity) {
      const oldest = this.prompts.keys().next().value;
      if (oldest !== undefined) { this.prompts.delete(oldest); }
    }
  }

  get(correlationId: string): string | undefined {
    return this.prompts.get(correlationId);
  }

  forget(correlationId: string): void {
    this.prompts.delete(correlationId);
  }
}

/** The "why" prompts /explain answers from the previous decision instead of classifying again. */
export const WHY_PROMPT = /^\s*why(\s+(local|cloud|this route))?\s*\??\s*$/i;

export function followupsFor(result: vscode.ChatResult, prompts: RecentPrompts): vscode.ChatFollowup[] {
  const meta = readMetadata(result);
  if (!meta) { return []; }
  const out: vscode.ChatFollowup[] = [];
  const prompt = prompts.get(meta.correlationId);
  if (meta.canAskCloud && prompt && meta.privacy !== 'restricted' && !meta.stickyRestricted) {
    out.push({ prompt, command: 'cloud', label: 'Ask the cloud instead' });
  }
  const target = meta.decision?.target;
  if (target && meta.command !== 'explain') {
    const label = target === 'local' ? 'Why local?' : 'Why cloud?';
    out.push({ prompt: label, command: 'explain', label });
  }
  return out;
}
