/** Helpers shared by provider tests: drain a provider stream into text + the final event, or the error it threw. */
import type { ChatEvent, ProviderRequest, ToolCall } from '../../src/router/types';

export interface Collected {
  readonly text: string;
  readonly pieces: readonly string[];
  readonly toolCalls: readonly ToolCall[];
  /** The kind of every event, in order (to check that tool calls come before `done`). */
  readonly kinds: readonly ChatEvent['kind'][];
  readonly done?: Extract<ChatEvent, { kind: 'done' }>;
  readonly error?: unknown;
}

export async function collect(stream: AsyncIterable<ChatEvent>, onText?: (text: string, index: number) => void): Promise<Collected> {
  const pieces: string[] = [];
  const toolCalls: ToolCall[] = [];
  const kinds: ChatEvent['kind'][] = [];
  let done: Extract<ChatEvent, { kind: 'done' }> | undefined;
  const result = (error?: unknown): Collected => ({ text: pieces.join(''), pieces, toolCalls, kinds, done, ...(error === undefined ? {} : { error }) });
  try {
    for await (const event of stream) {
      kinds.push(event.kind);
      if (event.kind === 'text') {
        pieces.push(event.text);
        onText?.(event.text, pieces.length - 1);
      } else if (event.kind === 'tool_call') {
        toolCalls.push(event.call);
      } else {
        done = event;
      }
    }
  } catch (error) {
    return result(error);
  }
  return result();
}

export function answerRequest(prompt: string, extra: Partial<ProviderRequest> = {}): ProviderRequest {
  return { messages: [{ role: 'system', content: 'You are a coding assistant.' }, { role: 'user', content: prompt }], purpose: 'answer', maxTokens: 256, ...extra };
}

export const ROUTE_SCHEMA = {
  name: 'route',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['target', 'confidence', 'complexity', 'reason'],
    properties: {
      target: { enum: ['local', 'cloud'] },
      confidence: { type: 'number' },
      complexity: { enum: ['low', 'medium', 'high', 'very_high'] },
      reason: { type: 'string' },
    },
  },
} as const;
