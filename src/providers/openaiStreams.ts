/**
 * Reads the two streaming shapes (Chat Completions chunks, Responses API events) into plain text pieces while
 * recording what a provider reports at the end: the model that answered, usage, and whether the server said the
 * answer was complete (a stream that just stops is a cut stream, not an answer).
 */
import type OpenAI from 'openai';
import type { Usage } from '../router/types';

/** What the stream told us besides text. Mutated while reading. */
export interface StreamState {
  model: string;
  usage?: Usage;
  /** The server marked the answer complete (finish_reason / response.completed or .incomplete). */
  finished: boolean;
  /** A server-side failure event: code (identifier-like) for the message. */
  failure?: { readonly code: string };
}

type ChatChunk = OpenAI.Chat.Completions.ChatCompletionChunk;
type ResponseEvent = OpenAI.Responses.ResponseStreamEvent;

/** Text pieces of a Chat Completions stream. `onChunk` runs for every chunk (the idle timer). */
export async function* chatTextPieces(stream: AsyncIterable<ChatChunk>, state: StreamState, onChunk: () => void): AsyncGenerator<string> {
  for await (const chunk of stream) {
    onChunk();
    if (chunk.model) {
      state.model = chunk.model;
    }
    if (chunk.usage) {
      state.usage = { promptTokens: chunk.usage.prompt_tokens ?? 0, completionTokens: chunk.usage.completion_tokens ?? 0 };
    }
    for (const choice of chunk.choices ?? []) {
      const text = choice.delta?.content;
      if (text) {
        yield text;
      }
      if (choice.finish_reason) {
        state.finished = true;
      }
    }
  }
}

/** Text pieces of a Responses API stream. */
export async function* responseTextPieces(stream: AsyncIterable<ResponseEvent>, state: StreamState, onChunk: () => void): AsyncGenerator<string> {
  for await (const event of stream) {
    onChunk();
    switch (event.type) {
      case 'response.created':
      case 'response.in_progress':
        state.model = event.response.model || state.model;
        break;
      case 'response.output_text.delta':
        if (event.delta) {
          yield event.delta;
        }
        break;
      case 'response.completed':
      case 'response.incomplete':
        state.model = event.response.model || state.model;
        if (event.response.usage) {
          state.usage = { promptTokens: event.response.usage.input_tokens ?? 0, completionTokens: event.response.usage.output_tokens ?? 0 };
        }
        state.finished = true;
        return;
      case 'response.failed':
        state.failure = { code: safeCode(event.response.error?.code) };
        return;
      case 'error':
        state.failure = { code: safeCode(event.code) };
        return;
      default:
        break;
    }
  }
}

function safeCode(code: unknown): string {
  return typeof code === 'string' && /^[\w.-]{1,64}$/.test(code) ? code : 'unknown';
}
