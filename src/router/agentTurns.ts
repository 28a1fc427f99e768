/**
 * Agent turns as the service sees them: where a turn sits in its loop and which tools it carries (by name only),
 * what the gates judge when a turn continues after tool results, and every part a request would send.
 */
import { createHash } from 'node:crypto';
import type { AgentTurnInfo } from './routeLog';
import { callNames, endsWithToolResults, toolLabel, toolNameOf, toolResultNames } from './toolParts';
import type { AskRequest, ToolCall } from './types';

/** Tool names as labels (never arguments). */
export function toolNames(calls: readonly ToolCall[]): string[] {
  return calls.map(c => toolLabel(c.name));
}

/** The last thing the person asked: the prompt, else the latest user turn of the history. */
function lastUserText(req: AskRequest): string {
  if (req.prompt.trim() !== '') {
    return req.prompt;
  }
  const history = req.history ?? [];
  for (let i = history.length - 1; i >= 0; i--) {
    if (history[i].role === 'user') {
      return history[i].content;
    }
  }
  return '';
}

/**
 * The turn's place and tools, for agent turns (a loop's ref, tools offered, or tool calls in the history); else
 * undefined. Without a ref from the caller (the command line), the turns of one request share a session id made
 * from a hash of the person's last request, and count from its first model call.
 */
export function agentTurnInfo(req: AskRequest): AgentTurnInfo | undefined {
  const history = req.history ?? [];
  const isAgent = req.agentTurn !== undefined || (req.tools?.length ?? 0) > 0 || history.some(t => t.role === 'tool' || (t.toolCalls?.length ?? 0) > 0);
  if (!isAgent) {
    return undefined;
  }
  const base = {
    toolsOffered: req.tools?.length ?? 0, toolCalls: [], toolResults: toolResultNames(req),
  };
  if (req.agentTurn) {
    return { sessionId: req.agentTurn.sessionId, turn: req.agentTurn.turn, ...base };
  }
  const lastUser = history.map(t => t.role).lastIndexOf('user');
  const turn = req.prompt.trim() !== '' ? 1 : 1 + history.slice(lastUser + 1).filter(t => t.role === 'assistant').length;
  const sessionId = `request-${createHash('sha256').update(lastUserText(req)).digest('hex').slice(0, 12)}`;
  return { sessionId, turn, ...base };
}

/** What stages 1 and 2 judge: an agent turn that continues after tool results is judged by its person's last request. */
export function routingView(req: AskRequest): AskRequest {
  return req.prompt.trim() === '' && endsWithToolResults(req) ? { ...req, prompt: lastUserText(req) } : req;
}

/** How many characters a request would send, and whether any part holds a NUL (binary content): no array is built. */
export function requestSize(req: AskRequest): { chars: number; binary: boolean } {
  let chars = 0;
  let binary = false;
  walkParts(req, undefined, text => {
    chars += text.length;
    binary ||= text.includes('\u0000');
  });
  return { chars, binary };
}

/**
 * Every text a request would send, named as findings name them (to say which parts hold binary content); a file's
 * name as `shownName` shows it (masked where it holds a value).
 */
export function requestParts(req: AskRequest, shownName: (name: string) => string): { source: string; text: string }[] {
  const parts: { source: string; text: string }[] = [];
  walkParts(req, shownName, (text, source) => parts.push({ source, text }));
  return parts;
}

/**
 * Visits the texts of a request in sending order; with `shownName`, each with its name (else ''): names cost strings,
 * and the size check of every agent turn needs none.
 */
function walkParts(req: AskRequest, shownName: ((name: string) => string) | undefined, visit: (text: string, source: string) => void): void {
  const named = shownName !== undefined;
  const history = req.history ?? [];
  const names = named ? callNames(history) : undefined;
  visit(req.prompt, 'prompt');
  if (req.instructions) {
    visit(req.instructions, 'instructions');
  }
  for (const ref of req.references ?? []) {
    visit(ref.content ?? '', shownName ? `reference:${shownName(ref.name)}` : '');
  }
  history.forEach((turn, i) => {
    visit(String(turn.content ?? ''), !names ? '' : turn.role === 'tool' ? `tool-result:${toolLabel(toolNameOf(turn, names))}` : `history:${i}`);
    for (const call of turn.toolCalls ?? []) {
      visit(JSON.stringify(call.arguments) ?? '', named ? `tool-call:${toolLabel(call.name)}` : '');
    }
  });
}
