/**
 * Reads the two streaming shapes (Chat Completions chunks, Responses API events) into text pieces and complete
 * tool calls while recording what a provider reports at the end: the model that answered, usage, and whether the
 * server said the answer was complete (a stream that just stops is a cut stream, not an answer).
 */
import type OpenAI from 'openai';
import type { ToolCall, Usage } from '../router/types';
import type { ToolCallAssembler } from './toolCallAssembly';

/** What the stream told us besides text. Mutated while reading. */
export interface StreamState {
  model: string;
  usage?: Usage;
  /** The server marked the answer complete (finish_reason / response.completed or .incomplete). */
  finished: boolean;
  /** A server-side failure event: code (identifier-like) for the message. */
  failure?: { readonly code: string };
}

/** Text as it arrives, or a tool call once all of it has arrived. */
export type StreamPiece = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'tool_call'; readonly call: ToolCall };

type ChatChunk = OpenAI.Chat.Completions.ChatCompletionChunk;
type ResponseEvent = OpenAI.Responses.ResponseStreamEvent;

/** Pieces of a Chat Completions stream. `onChunk` runs for every chunk (the idle timer). */
export async function* chatPieces(stream: AsyncIterable<ChatChunk>, state: StreamState, calls: ToolCallAssembler, onChunk: () => void): AsyncGenerator<StreamPiece> {
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
        yield { kind: 'text', text };
      }
      for (const delta of choice.delta?.tool_calls ?? []) {
        calls.addChatDelta(delta);
      }
      if (choice.finish_reason) {
        state.finished = true;
        calls.truncated = choice.finish_reason === 'length';
        yield* toolCallPieces(calls.finishAll());
      }
    }
  }
}

/** Pieces of a Responses API stream. */
export async function* responsePieces(stream: AsyncIterable<ResponseEvent>, state: StreamState, calls: ToolCallAssembler, onChunk: () => void): AsyncGenerator<StreamPiece> {
  for await (const event of stream) {
    onChunk();
    switch (event.type) {
      case 'response.created':
      case 'response.in_progress':
        state.model = event.response.model || state.model;
        break;
      case 'response.output_text.delta':
        if (event.delta) {
          yield { kind: 'text', text: event.delta };
        }
        break;
      case 'response.output_item.added':
      case 'response.output_item.done':
        if (event.item.type === 'function_call') {
          calls.setItem(event.output_index, event.item, event.type === 'response.output_item.done');
          if (event.type === 'response.output_item.done') {
            yield* toolCallPieces([calls.finishItem(event.output_index)]);
          }
        }
        break;
      case 'response.function_call_arguments.delta':
        calls.addItemArguments(event.output_index, event.delta, false);
        break;
      case 'response.function_call_arguments.done':
        calls.addItemArguments(event.output_index, event.arguments, true);
        break;
      case 'response.completed':
      case 'response.incomplete':
        state.model = event.response.model || state.model;
        if (event.response.usage) {
          state.usage = { promptTokens: event.response.usage.input_tokens ?? 0, completionTokens: event.response.usage.output_tokens ?? 0 };
        }
        state.finished = true;
        calls.truncated = event.type === 'response.incomplete';
        // Calls whose item-done event never came are complete now, or reported as malformed.
        yield* toolCallPieces(calls.finishAll());
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

function* toolCallPieces(calls: readonly (ToolCall | undefined)[]): Generator<StreamPiece> {
  for (const call of calls) {
    if (call) {
      yield { kind: 'tool_call', call };
    }
  }
}

function safeCode(code: unknown): string {
  return typeof code === 'string' && /^[\w.-]{1,64}$/.test(code) ? code : 'unknown';
}
