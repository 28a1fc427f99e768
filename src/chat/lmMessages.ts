/**
 * Language-model requests (LanguageModelChatProvider) → AskRequest, structurally: assistant tool calls become
 * ChatTurn.toolCalls, tool results become `tool` turns (named after their call), never text. Parts are recognised
 * by shape, not instanceof, so this runs in unit tests without VS Code. Everything that would be sent ends up in
 * the request, so the privacy gate scans all of it (tool results as `tool-result:<name>`).
 */
import { createHash } from 'node:crypto';
import type { AgentTurnRef, AskRequest, ChatTurn, ToolCall, ToolMode, ToolSpec } from '../router/types';

export interface LmMessageLike { readonly role: number; readonly content: readonly unknown[] | string }

/** vscode.LanguageModelChatMessageRole: User 1, Assistant 2, System 3 (the agent's own instructions). */
const ASSISTANT_ROLE = 2;
const SYSTEM_ROLE = 3;

interface ToolCallPartLike { readonly callId: string; readonly name: string; readonly input: unknown }
interface ToolResultPartLike { readonly callId: string; readonly content: readonly unknown[] }
interface DataPartLike { readonly mimeType: string; readonly data: Uint8Array }

export function isToolCallPart(part: unknown): part is ToolCallPartLike {
  const p = part as ToolCallPartLike;
  return typeof part === 'object' && part !== null && typeof p.callId === 'string' && typeof p.name === 'string' && 'input' in p;
}

export function isToolResultPart(part: unknown): part is ToolResultPartLike {
  const p = part as ToolResultPartLike;
  return typeof part === 'object' && part !== null && typeof p.callId === 'string' && Array.isArray(p.content);
}

function isDataPart(part: unknown): part is DataPartLike {
  const p = part as DataPartLike;
  return typeof part === 'object' && part !== null && typeof p.mimeType === 'string' && p.data instanceof Uint8Array;
}

const TEXTUAL_MIME = /^(text\/|application\/(json|xml|javascript|x-sh|yaml|toml)|[^;]*\+(json|xml))/i;
/** Strings found inside an unknown part (a prompt-tsx tree, say): every one is kept, so the gate still sees them. */
const MAX_LEAF_DEPTH = 24;

function stringLeaves(value: unknown, depth = 0): string[] {
  if (typeof value === 'string') { return [value]; }
  if (typeof value !== 'object' || value === null || depth > MAX_LEAF_DEPTH) { return []; }
  return Object.values(value as Record<string, unknown>).flatMap(v => stringLeaves(v, depth + 1));
}

/**
 * Text of one content part of a tool result or a message: text parts as they are, textual data parts decoded,
 * binary data named by type and size, anything else by the strings it holds.
 */
export function partText(part: unknown): string {
  if (typeof part === 'string') { return part; }
  if (typeof part !== 'object' || part === null) { return ''; }
  const value = (part as { value?: unknown }).value;
  if (typeof value === 'string') { return value; }
  if (isDataPart(part)) {
    return TEXTUAL_MIME.test(part.mimeType)
      ? new TextDecoder('utf-8', { fatal: false }).decode(part.data)
      : `[${part.mimeType} data, ${part.data.byteLength} bytes]`;
  }
  if (isToolResultPart(part)) { return toolResultText(part.content); }
  if (isToolCallPart(part)) { return JSON.stringify(part.input ?? {}); }
  return stringLeaves(value ?? part).join('\n');
}

/** A tool result's content parts, joined: text parts run together, other parts on their own lines. */
export function toolResultText(content: readonly unknown[]): string {
  return content.map(partText).filter(t => t !== '').join('');
}

/** All text of a message (token counting): tool calls by their input, tool results by their content. */
export function messageText(message: LmMessageLike): string {
  return typeof message.content === 'string' ? message.content : message.content.map(partText).join('');
}

function callArguments(input: unknown): Readonly<Record<string, unknown>> {
  return typeof input === 'object' && input !== null && !Array.isArray(input) ? input as Record<string, unknown> : { input };
}

/** One LM message → its turns: an assistant turn (text + tool calls), or tool turns then a user turn. */
function toTurns(message: LmMessageLike, callNames: Map<string, string>): ChatTurn[] {
  const parts = typeof message.content === 'string' ? [message.content] : message.content;
  if (message.role === ASSISTANT_ROLE) {
    const toolCalls: ToolCall[] = parts.filter(isToolCallPart).map(p => ({ id: p.callId, name: p.name, arguments: callArguments(p.input) }));
    toolCalls.forEach(c => callNames.set(c.id, c.name));
    const content = parts.filter(p => !isToolCallPart(p)).map(partText).join('');
    return content === '' && toolCalls.length === 0 ? [] : [{ role: 'assistant', content, ...(toolCalls.length ? { toolCalls } : {}) }];
  }
  const turns: ChatTurn[] = parts.filter(isToolResultPart).map(p => {
    const toolName = callNames.get(p.callId);
    return { role: 'tool', content: toolResultText(p.content), toolCallId: p.callId, ...(toolName ? { toolName } : {}) };
  });
  const text = parts.filter(p => !isToolResultPart(p)).map(partText).join('');
  if (text !== '') { turns.push({ role: 'user', content: text }); }
  return turns;
}

/** LM messages → structural turns, tool results named after the call they answer. */
export function toLmTurns(messages: readonly LmMessageLike[]): ChatTurn[] {
  const callNames = new Map<string, string>();
  return messages.flatMap(m => toTurns(m, callNames));
}

/** Options of a LM request, by shape (vscode.ProvideLanguageModelChatResponseOptions). */
export interface LmRequestOptionsLike {
  readonly tools?: readonly { readonly name: string; readonly description?: string; readonly inputSchema?: object | undefined }[];
  /** vscode.LanguageModelChatToolMode: Auto 1, Required 2. */
  readonly toolMode?: number;
}

const REQUIRED_TOOL_MODE = 2;

export function toToolSpecs(options: LmRequestOptionsLike): ToolSpec[] {
  return (options.tools ?? []).map(t => ({
    name: t.name,
    ...(t.description ? { description: t.description } : {}),
    ...(t.inputSchema ? { parameters: t.inputSchema as Record<string, unknown> } : {}),
  }));
}

export function toToolMode(options: LmRequestOptionsLike): ToolMode | undefined {
  if (!options.tools?.length) { return undefined; }
  return options.toolMode === REQUIRED_TOOL_MODE ? 'required' : 'auto';
}

/**
 * Where this request sits in an agent loop. VS Code gives a model provider no session id: the session is named by
 * a hash of the model and the opening request (the turns before the first answer), which every later turn of the
 * loop resends unchanged; the turn is the number of answers so far plus one.
 */
export function agentTurnOf(turns: readonly ChatTurn[], modelId: string): AgentTurnRef {
  const firstAnswer = turns.findIndex(t => t.role === 'assistant');
  const opening = (firstAnswer < 0 ? turns : turns.slice(0, firstAnswer)).filter(t => t.role === 'user');
  const hash = createHash('sha256').update(modelId).update('\0');
  for (const t of opening) { hash.update(t.content).update('\0'); }
  return { sessionId: `lm-${hash.digest('hex').slice(0, 12)}`, turn: turns.filter(t => t.role === 'assistant').length + 1 };
}

/**
 * LM messages → AskRequest. System messages become the request's instructions. A conversation that ends with the user's words makes them the prompt; one that ends
 * with tool results (the agent continues) has an empty prompt and the whole conversation as history. Tools and
 * their mode come from the options; a request that offers tools or carries tool turns is an agent turn.
 */
export function messagesToAskRequest(
  messages: readonly LmMessageLike[], options: LmRequestOptionsLike = {}, extra: Pick<AskRequest, 'force' | 'correlationId'> & { readonly modelId?: string } = {},
): AskRequest {
  const { modelId, ...rest } = extra;
  // The agent's system message travels as instructions (after ours, scanned like everything else), not as a turn.
  const instructions = messages.filter(m => m.role === SYSTEM_ROLE).map(messageText).filter(t => t.trim() !== '').join('\n\n');
  const turns = toLmTurns(messages.filter(m => m.role !== SYSTEM_ROLE));
  const last = turns[turns.length - 1];
  const endsWithUser = last?.role === 'user';
  const prompt = endsWithUser ? last.content : '';
  const history = endsWithUser ? turns.slice(0, -1) : turns;
  const tools = toToolSpecs(options);
  const isAgentTurn = tools.length > 0 || turns.some(t => t.role === 'tool' || t.toolCalls?.length);
  return {
    prompt,
    history,
    ...(instructions ? { instructions } : {}),
    ...(tools.length ? { tools, toolMode: toToolMode(options) } : {}),
    ...(isAgentTurn ? { agentTurn: agentTurnOf(turns, modelId ?? '') } : {}),
    ...rest,
  };
}
