/**
 * `ask --messages FILE [--tools FILE]`: a conversation in the OpenAI Chat Completions shape (system, user and
 * assistant messages, assistant `tool_calls` with JSON-string arguments, `tool` messages with `tool_call_id`) and
 * an OpenAI `tools` array, turned into the core's AskRequest. Errors name the file, the message and the field,
 * never their content.
 */
import type { AskRequest, ChatTurn, ToolCall, ToolSpec } from '../router/types';

/** The parts of an AskRequest a conversation file gives. */
export type Conversation = Pick<AskRequest, 'prompt' | 'history' | 'instructions'>;

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const problem = <T>(text: string): Parsed<T> => ({ ok: false, problem: text });

/** JSON.parse, with a position instead of the parser's message (which quotes the text around the error). */
export function parseJson(text: string): Parsed<unknown> {
  try {
    return ok(JSON.parse(text) as unknown);
  } catch (e) {
    const at = /position (\d+)/.exec(e instanceof Error ? e.message : '');
    if (!at) {
      return problem('is not valid JSON');
    }
    const before = text.slice(0, Number(at[1]));
    const line = before.split('\n').length;
    return problem(`is not valid JSON (line ${line}, column ${before.length - before.lastIndexOf('\n')})`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A message's text: a string, null, or an array of `{type:'text', text}` parts. */
function contentText(content: unknown, where: string): Parsed<string> {
  if (content === undefined || content === null) {
    return ok('');
  }
  if (typeof content === 'string') {
    return ok(content);
  }
  if (Array.isArray(content) && content.every(p => isRecord(p) && typeof p.text === 'string')) {
    return ok(content.map(p => (p as { text: string }).text).join(''));
  }
  return problem(`${where}: content must be a string or an array of text parts`);
}

function toolCallOf(raw: unknown, where: string): Parsed<ToolCall> {
  const fn = isRecord(raw) ? raw.function : undefined;
  if (!isRecord(raw) || typeof raw.id !== 'string' || !isRecord(fn) || typeof fn.name !== 'string' || fn.name === '') {
    return problem(`${where}: needs an id and function.name`);
  }
  const args = typeof fn.arguments === 'string' ? parseJson(fn.arguments === '' ? '{}' : fn.arguments) : ok(fn.arguments ?? {});
  if (!args.ok || !isRecord(args.value)) {
    return problem(`${where}: function.arguments must be a JSON object (as a string)`);
  }
  return ok({ id: raw.id, name: fn.name, arguments: args.value });
}

/**
 * The conversation: system (and developer) messages become the instructions; the last message is the prompt when
 * it is the person's, else the prompt is empty and the turn continues after tool results.
 */
export function conversationOf(json: unknown): Parsed<Conversation> {
  const messages = isRecord(json) && Array.isArray(json.messages) ? json.messages : json;
  if (!Array.isArray(messages) || messages.length === 0) {
    return problem('must be a non-empty JSON array of messages (or an object with a "messages" array)');
  }
  const instructions: string[] = [];
  const turns: ChatTurn[] = [];
  const calls = new Set<string>();
  for (const [index, message] of messages.entries()) {
    const where = `message ${index + 1}`;
    if (!isRecord(message)) {
      return problem(`${where}: must be an object`);
    }
    const text = contentText(message.content, where);
    if (!text.ok) {
      return text;
    }
    switch (message.role) {
      case 'system': case 'developer':
        instructions.push(text.value);
        break;
      case 'user':
        turns.push({ role: 'user', content: text.value });
        break;
      case 'assistant': {
        const raw = message.tool_calls ?? [];
        if (!Array.isArray(raw)) {
          return problem(`${where}: tool_calls must be an array`);
        }
        const toolCalls: ToolCall[] = [];
        for (const [c, rawCall] of raw.entries()) {
          const call = toolCallOf(rawCall, `${where}, tool call ${c + 1}`);
          if (!call.ok) {
            return call;
          }
          calls.add(call.value.id);
          toolCalls.push(call.value);
        }
        turns.push(toolCalls.length > 0 ? { role: 'assistant', content: text.value, toolCalls } : { role: 'assistant', content: text.value });
        break;
      }
      case 'tool':
        if (typeof message.tool_call_id !== 'string' || !calls.has(message.tool_call_id)) {
          return problem(`${where}: a tool message needs a tool_call_id that answers an earlier assistant tool call`);
        }
        turns.push({ role: 'tool', content: text.value, toolCallId: message.tool_call_id });
        break;
      default:
        return problem(`${where}: role must be system, user, assistant or tool`);
    }
  }
  const last = turns[turns.length - 1];
  if (!last) {
    return problem('holds no user, assistant or tool message');
  }
  const prompt = last.role === 'user' ? last.content : '';
  const history = last.role === 'user' ? turns.slice(0, -1) : turns;
  return ok({ prompt, history, ...(instructions.length > 0 ? { instructions: instructions.join('\n\n') } : {}) });
}

/** An OpenAI `tools` array: `[{type:'function', function:{name, description?, parameters?}}]`. */
export function toolsOf(json: unknown): Parsed<ToolSpec[]> {
  const list = isRecord(json) && Array.isArray(json.tools) ? json.tools : json;
  if (!Array.isArray(list)) {
    return problem('must be a JSON array of tools (or an object with a "tools" array)');
  }
  const tools: ToolSpec[] = [];
  for (const [index, raw] of list.entries()) {
    const fn = isRecord(raw) ? raw.function : undefined;
    if (!isRecord(raw) || raw.type !== 'function' || !isRecord(fn) || typeof fn.name !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(fn.name)) {
      return problem(`tool ${index + 1}: needs type "function" and a function.name of letters, digits, _ or - (at most 64)`);
    }
    if (fn.parameters !== undefined && !isRecord(fn.parameters)) {
      return problem(`tool ${index + 1}: function.parameters must be a JSON schema object`);
    }
    tools.push({
      name: fn.name,
      ...(typeof fn.description === 'string' ? { description: fn.description } : {}),
      ...(fn.parameters !== undefined ? { parameters: fn.parameters as Record<string, unknown> } : {}),
    });
  }
  return ok(tools);
}
