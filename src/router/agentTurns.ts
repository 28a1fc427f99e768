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

/** Every text a request would send, unnamed: the size and binary checks of every agent turn need no names. */
export function requestTexts(req: AskRequest): string[] {
  return walkParts(req, false).texts;
}

/** Every text a request would send, named as findings name them (to say which parts hold binary content). */
export function requestParts(req: AskRequest): { source: string; text: string }[] {
  const { texts, sources } = walkParts(req, true);
  return texts.map((text, k) => ({ source: sources[k], text }));
}

/** The texts of a request in sending order, and (only when asked: names cost strings on every turn) their names. */
function walkParts(req: AskRequest, named: boolean): { texts: string[]; sources: string[] } {
  const texts: string[] = [];
  const sources: string[] = [];
  const add = (text: string, source: () => string): void => {
    texts.push(text);
    if (named) {
      sources.push(source());
    }
  };
  const history = req.history ?? [];
  const names = named ? callNames(history) : new Map<string, string>();
  add(req.prompt, () => 'prompt');
  if (req.instructions) {
    add(req.instructions, () => 'instructions');
  }
  for (const ref of req.references ?? []) {
    add(ref.content ?? '', () => `reference:${ref.name}`);
  }
  history.forEach((turn, i) => {
    add(String(turn.content ?? ''), () => (turn.role === 'tool' ? `tool-result:${toolLabel(toolNameOf(turn, names))}` : `history:${i}`));
    for (const call of turn.toolCalls ?? []) {
      add(JSON.stringify(call.arguments) ?? '', () => `tool-call:${toolLabel(call.name)}`);
    }
  });
  return { texts, sources };
}
