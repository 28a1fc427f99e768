/** Helpers shared by provider tests: drain a provider stream into text + the final event, or the error it threw. */
import type { ChatEvent, ProviderRequest } from '../../src/router/types';

export interface Collected {
  readonly text: string;
  readonly pieces: readonly string[];
  readonly done?: Extract<ChatEvent, { kind: 'done' }>;
  readonly error?: unknown;
}

export async function collect(stream: AsyncIterable<ChatEvent>, onText?: (text: string, index: number) => void): Promise<Collected> {
  const pieces: string[] = [];
  let done: Extract<ChatEvent, { kind: 'done' }> | undefined;
  try {
    for await (const event of stream) {
      if (event.kind === 'text') {
        pieces.push(event.text);
        onText?.(event.text, pieces.length - 1);
      } else if (event.kind === 'done') {
        done = event;
      }
    }
  } catch (error) {
    return { text: pieces.join(''), pieces, done, error };
  }
  return { text: pieces.join(''), pieces, done };
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
