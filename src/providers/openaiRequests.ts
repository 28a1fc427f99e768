/**
 * Builds request bodies for Chat Completions and the Responses API from a ProviderRequest. Kept apart from the
 * provider so the parameter quirks (max_tokens vs max_completion_tokens, temperature on reasoning deployments,
 * JSON-schema vs a plain JSON prompt) are visible in one place.
 */
import type OpenAI from 'openai';
import type { JsonSchemaFormat, ProviderMessage, ProviderRequest, ToolCall } from '../router/types';

/** Which output-cap parameter the server accepts on Chat Completions. */
export type MaxTokensParam = 'max_tokens' | 'max_completion_tokens';

/** How structured output is asked for: the server's JSON-schema format, or a plain instruction in the prompt. */
export type JsonMode = 'none' | 'schema' | 'prompt';

/** The adjustable parts of one attempt; the provider changes them after a specific 400 and tries once more. */
export interface RequestShape {
  readonly maxTokensParam: MaxTokensParam;
  readonly jsonMode: JsonMode;
}

export interface BodyOptions {
  readonly model: string;
  readonly supportsTemperature: boolean;
  readonly includeUsage: boolean;
}

type ChatBody = OpenAI.Chat.Completions.ChatCompletionCreateParamsStreaming;
type ResponsesBody = OpenAI.Responses.ResponseCreateParamsStreaming;

export function buildChatBody(req: ProviderRequest, shape: RequestShape, opts: BodyOptions): ChatBody {
  const body: ChatBody = {
    model: opts.model,
    messages: messagesFor(req, shape).map(chatMessage),
    stream: true,
  };
  if (req.tools && req.tools.length > 0) {
    body.tools = req.tools.map(t => ({
      type: 'function' as const,
      function: { name: t.name, ...(t.description ? { description: t.description } : {}), parameters: { ...(t.parameters ?? { type: 'object', properties: {} }) } },
    }));
    body.tool_choice = req.toolMode === 'required' ? 'required' : 'auto';
  }
  if (opts.includeUsage) {
    body.stream_options = { include_usage: true };
  }
  if (req.maxTokens !== undefined) {
    body[shape.maxTokensParam] = req.maxTokens;
  }
  if (req.temperature !== undefined && opts.supportsTemperature) {
    body.temperature = req.temperature;
  }
  if (req.jsonSchema && shape.jsonMode === 'schema') {
    body.response_format = {
      type: 'json_schema',
      json_schema: { name: req.jsonSchema.name, schema: req.jsonSchema.schema, strict: true },
    };
  }
  return body;
}

export function buildResponsesBody(req: ProviderRequest, shape: RequestShape, opts: BodyOptions): ResponsesBody {
  const body: ResponsesBody = {
    model: opts.model,
    input: messagesFor(req, shape).flatMap(responsesItems),
    stream: true,
    store: false,
  };
  if (req.tools && req.tools.length > 0) {
    body.tools = req.tools.map(t => ({
      type: 'function' as const, name: t.name, strict: false,
      ...(t.description ? { description: t.description } : {}),
      parameters: { ...(t.parameters ?? { type: 'object', properties: {} }) },
    }));
    body.tool_choice = req.toolMode === 'required' ? 'required' : 'auto';
  }
  if (req.maxTokens !== undefined) {
    body.max_output_tokens = req.maxTokens;
  }
  if (req.temperature !== undefined && opts.supportsTemperature) {
    body.temperature = req.temperature;
  }
  if (req.jsonSchema && shape.jsonMode === 'schema') {
    body.text = { format: { type: 'json_schema', name: req.jsonSchema.name, schema: req.jsonSchema.schema, strict: true } };
  }
  return body;
}

type ChatMessage = OpenAI.Chat.Completions.ChatCompletionMessageParam;
type ResponsesItem = OpenAI.Responses.ResponseInputItem;

/** One message on the Chat Completions wire: tool calls and results stay structured, never flattened into text. */
function chatMessage(m: ProviderMessage): ChatMessage {
  switch (m.role) {
    case 'tool':
      return { role: 'tool', tool_call_id: m.toolCallId ?? '', content: m.content };
    case 'assistant':
      return m.toolCalls && m.toolCalls.length > 0
        ? { role: 'assistant', content: m.content === '' ? null : m.content, tool_calls: m.toolCalls.map(wireToolCall) }
        : { role: 'assistant', content: m.content };
    default:
      return { role: m.role, content: m.content };
  }
}

function wireToolCall(call: ToolCall): OpenAI.Chat.Completions.ChatCompletionMessageFunctionToolCall {
  return { id: call.id, type: 'function', function: { name: call.name, arguments: JSON.stringify(call.arguments) } };
}

/** One message as Responses API input items: an assistant's tool calls are `function_call` items, results `function_call_output`. */
function responsesItems(m: ProviderMessage): ResponsesItem[] {
  if (m.role === 'tool') {
    return [{ type: 'function_call_output', call_id: m.toolCallId ?? '', output: m.content }];
  }
  const items: ResponsesItem[] = m.content === '' && m.role === 'assistant' ? [] : [{ type: 'message', role: m.role, content: m.content }];
  for (const call of m.role === 'assistant' ? m.toolCalls ?? [] : []) {
    items.push({ type: 'function_call', call_id: call.id, name: call.name, arguments: JSON.stringify(call.arguments) });
  }
  return items;
}

/** The messages to send: unchanged, or with an instruction to answer in JSON when the schema format is unavailable. */
function messagesFor(req: ProviderRequest, shape: RequestShape): readonly ProviderMessage[] {
  if (!req.jsonSchema || shape.jsonMode !== 'prompt') {
    return req.messages;
  }
  const instruction = jsonInstruction(req.jsonSchema);
  const [first, ...rest] = req.messages;
  if (first?.role === 'system') {
    return [{ role: 'system', content: `${first.content}\n\n${instruction}` }, ...rest];
  }
  return [{ role: 'system', content: instruction }, ...req.messages];
}

export function jsonInstruction(format: JsonSchemaFormat): string {
  return 'Reply with one JSON object only, no prose and no code fences. It must match this JSON schema: '
    + JSON.stringify(format.schema);
}
