import assert from 'node:assert/strict';
import { buildChatBody, buildResponsesBody, type RequestShape } from '../../../src/providers/openaiRequests';
import type { ProviderRequest } from '../../../src/router/types';

const shape: RequestShape = { maxTokensParam: 'max_tokens', jsonMode: 'none' };
const opts = { model: 'm', supportsTemperature: true, includeUsage: false };
const call = { id: 'call_7', name: 'read_file', arguments: { path: 'a.ts', range: [1, 20] } };

const turn: ProviderRequest = {
  purpose: 'answer',
  tools: [{ name: 'read_file' }],
  messages: [
    { role: 'user', content: 'look at a.ts' },
    { role: 'assistant', content: 'Reading it.', toolCalls: [call] },
    { role: 'tool', toolCallId: 'call_7', content: '' },
  ],
};

describe('request bodies for agent turns', () => {
  it('Chat Completions: an assistant turn with text and calls keeps both; a tool without a schema gets an empty object schema', () => {
    const body = buildChatBody(turn, shape, opts);
    assert.deepEqual(body.messages[1], { role: 'assistant', content: 'Reading it.', tool_calls: [{ id: 'call_7', type: 'function', function: { name: 'read_file', arguments: '{"path":"a.ts","range":[1,20]}' } }] });
    assert.deepEqual(body.messages[2], { role: 'tool', tool_call_id: 'call_7', content: '' });
    assert.deepEqual(body.tools, [{ type: 'function', function: { name: 'read_file', parameters: { type: 'object', properties: {} } } }]);
    assert.equal(body.tool_choice, 'auto');
  });

  it('Responses: the text as a message item, then the call as a function_call item, the result as function_call_output', () => {
    const body = buildResponsesBody({ ...turn, toolMode: 'required' }, shape, opts);
    assert.deepEqual(body.input, [
      { type: 'message', role: 'user', content: 'look at a.ts' },
      { type: 'message', role: 'assistant', content: 'Reading it.' },
      { type: 'function_call', call_id: 'call_7', name: 'read_file', arguments: '{"path":"a.ts","range":[1,20]}' },
      { type: 'function_call_output', call_id: 'call_7', output: '' },
    ]);
    assert.equal(body.tool_choice, 'required');
  });

  it('an empty tools list sends no tools and no tool_choice', () => {
    for (const body of [buildChatBody({ ...turn, tools: [] }, shape, opts), buildResponsesBody({ ...turn, tools: [] }, shape, opts)]) {
      assert.equal('tools' in body, false);
      assert.equal('tool_choice' in body, false);
    }
  });
});
