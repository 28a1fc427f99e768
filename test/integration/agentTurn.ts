/**
 * One agent turn shared by the provider tests: two tools offered, a history holding the model's two earlier tool
 * calls and their results, and what the wire must carry for it (Chat Completions and Responses API shapes).
 */
import assert from 'node:assert/strict';
import type { ProviderRequest, ToolSpec } from '../../src/router/types';

export const READ_FILE: ToolSpec = {
  name: 'read_file',
  description: 'Read a file of the workspace',
  parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
};
export const GREP_SEARCH: ToolSpec = {
  name: 'grep_search',
  description: 'Search the workspace for text',
  parameters: { type: 'object', properties: { query: { type: 'string' }, isRegexp: { type: 'boolean' } }, required: ['query'] },
};

export const README_RESULT = '# Hybrid Agent\nRoutes prompts between a local and a cloud model.\nTODO: agent mode';
export const GREP_RESULT = 'README.md:3: TODO: agent mode';

/** The second turn of a loop: the model asked for two tools, the results are back, it may ask again. */
export function agentTurnRequest(extra: Partial<ProviderRequest> = {}): ProviderRequest {
  return {
    purpose: 'answer',
    maxTokens: 256,
    tools: [READ_FILE, GREP_SEARCH],
    toolMode: 'auto',
    messages: [
      { role: 'system', content: 'You are a coding assistant.' },
      { role: 'user', content: 'Where are the TODOs in README.md?' },
      { role: 'assistant', content: '', toolCalls: [
        { id: 'call_1', name: 'read_file', arguments: { path: 'README.md' } },
        { id: 'call_2', name: 'grep_search', arguments: { query: 'TODO', isRegexp: false } },
      ] },
      { role: 'tool', toolCallId: 'call_1', content: README_RESULT },
      { role: 'tool', toolCallId: 'call_2', content: GREP_RESULT },
    ],
    ...extra,
  };
}

/** The calls the tool-call fixtures stream (chat-stream-tool-calls, responses-stream-tool-calls). */
export const STREAMED_CALLS = [
  { id: 'call_replay_readme', name: 'read_file', arguments: { path: 'README.md' } },
  { id: 'call_replay_search', name: 'grep_search', arguments: { query: 'TODO', isRegexp: false } },
];

type Json = Record<string, unknown>;

/** The Chat Completions body carries tools, tool_choice, assistant tool_calls and `tool` messages, structurally. */
export function assertChatToolBody(body: Json, toolChoice: 'auto' | 'required' = 'auto'): void {
  assert.deepEqual(body.tools, [READ_FILE, GREP_SEARCH].map(t => ({ type: 'function', function: { name: t.name, description: t.description, parameters: t.parameters } })));
  assert.equal(body.tool_choice, toolChoice);
  const messages = body.messages as Json[];
  assert.deepEqual(messages.map(m => m.role), ['system', 'user', 'assistant', 'tool', 'tool']);
  const assistant = messages[2] as { content: unknown; tool_calls: { id: string; type: string; function: { name: string; arguments: string } }[] };
  assert.equal(assistant.content, null, 'an assistant turn that only called tools has no text');
  assert.deepEqual(assistant.tool_calls.map(c => ({ id: c.id, type: c.type, name: c.function.name, args: JSON.parse(c.function.arguments) as unknown })), [
    { id: 'call_1', type: 'function', name: 'read_file', args: { path: 'README.md' } },
    { id: 'call_2', type: 'function', name: 'grep_search', args: { query: 'TODO', isRegexp: false } },
  ]);
  assert.deepEqual(messages.slice(3), [
    { role: 'tool', tool_call_id: 'call_1', content: README_RESULT },
    { role: 'tool', tool_call_id: 'call_2', content: GREP_RESULT },
  ]);
  assertNotFlattened(messages.slice(0, 3));
}

/** The Responses body carries function tools, function_call and function_call_output items, structurally. */
export function assertResponsesToolBody(body: Json, toolChoice: 'auto' | 'required' = 'auto'): void {
  assert.deepEqual(body.tools, [READ_FILE, GREP_SEARCH].map(t => ({ type: 'function', name: t.name, strict: false, description: t.description, parameters: t.parameters })));
  assert.equal(body.tool_choice, toolChoice);
  const input = body.input as Json[];
  assert.deepEqual(input.map(i => i.type), ['message', 'message', 'function_call', 'function_call', 'function_call_output', 'function_call_output']);
  assert.deepEqual(input.slice(2, 4).map(i => ({ call_id: i.call_id, name: i.name, args: JSON.parse(i.arguments as string) as unknown })), [
    { call_id: 'call_1', name: 'read_file', args: { path: 'README.md' } },
    { call_id: 'call_2', name: 'grep_search', args: { query: 'TODO', isRegexp: false } },
  ]);
  assert.deepEqual(input.slice(4), [
    { type: 'function_call_output', call_id: 'call_1', output: README_RESULT },
    { type: 'function_call_output', call_id: 'call_2', output: GREP_RESULT },
  ]);
  assertNotFlattened(input.slice(0, 4));
}

/** No tool result was pasted into a text message. */
function assertNotFlattened(nonToolParts: Json[]): void {
  const text = JSON.stringify(nonToolParts);
  assert.ok(!text.includes('Routes prompts between') && !text.includes('README.md:3'), 'tool results travel only as tool messages');
}
