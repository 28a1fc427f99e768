import { strict as assert } from 'node:assert';
import { agentTurnOf, messagesToAskRequest, messageText, partText, toLmTurns } from '../../../src/chat/lmMessages';

const text = (value: string) => ({ value });
const call = (callId: string, name: string, input: unknown) => ({ callId, name, input });
const result = (callId: string, ...content: unknown[]) => ({ callId, content });
const USER = 1;
const ASSISTANT = 2;
const SYSTEM = 3;

describe('chat/lmMessages: language-model messages', () => {
  it('the last user message is the prompt; earlier turns are history, tool calls and results kept structural', () => {
    const req = messagesToAskRequest([
      { role: USER, content: [text('read a.ts please')] },
      { role: ASSISTANT, content: [text('Reading it.'), call('c1', 'readFile', { path: 'a.ts' })] },
      { role: USER, content: [result('c1', text('file '), text('body'))] },
      { role: ASSISTANT, content: [text('It exports f.')] },
      { role: USER, content: [text('the question')] },
    ], {}, { force: 'cloud', correlationId: 'hr-lm000001' });
    assert.equal(req.prompt, 'the question');
    assert.equal(req.force, 'cloud');
    assert.equal(req.correlationId, 'hr-lm000001');
    assert.deepEqual(req.history, [
      { role: 'user', content: 'read a.ts please' },
      { role: 'assistant', content: 'Reading it.', toolCalls: [{ id: 'c1', name: 'readFile', arguments: { path: 'a.ts' } }] },
      { role: 'tool', content: 'file body', toolCallId: 'c1', toolName: 'readFile' },
      { role: 'assistant', content: 'It exports f.' },
    ]);
  });

  it('a conversation ending in tool results (the agent continues) has an empty prompt and every turn as history', () => {
    const req = messagesToAskRequest([
      { role: SYSTEM, content: [text('You are an agent.')] },
      { role: USER, content: [text('what is in .env?')] },
      { role: ASSISTANT, content: [call('c1', 'read_file', { filePath: '/w/.env' }), call('c2', 'list_dir', { path: '/w' })] },
      { role: USER, content: [result('c1', text('TOKEN=x')), result('c2', text('.env\nsrc/'))] },
    ], { tools: [{ name: 'read_file', description: 'Read a file', inputSchema: { type: 'object' } }], toolMode: 1 }, { modelId: 'hybrid-auto' });
    assert.equal(req.prompt, '');
    assert.equal(req.instructions, 'You are an agent.', 'the system message is the instructions, not a turn');
    assert.deepEqual(req.history?.map(t => [t.role, t.toolName ?? '', t.toolCallId ?? '', t.toolCalls?.map(c => c.name).join(',') ?? '']), [
      ['user', '', '', ''], ['assistant', '', '', 'read_file,list_dir'], ['tool', 'read_file', 'c1', ''], ['tool', 'list_dir', 'c2', ''],
    ]);
    assert.equal(req.history?.[2].content, 'TOKEN=x', 'the result is its own turn, not flattened into text');
    assert.deepEqual(req.tools, [{ name: 'read_file', description: 'Read a file', parameters: { type: 'object' } }]);
    assert.equal(req.toolMode, 'auto');
    assert.equal(req.agentTurn?.turn, 2);
  });

  it('tool mode Required maps to required; no tools → no tool mode and (without tool turns) no agent turn', () => {
    const tools = [{ name: 't', description: '', inputSchema: undefined }];
    assert.equal(messagesToAskRequest([{ role: USER, content: [text('x')] }], { tools, toolMode: 2 }).toolMode, 'required');
    assert.deepEqual(messagesToAskRequest([{ role: USER, content: [text('x')] }], { tools }).tools, [{ name: 't' }]);
    const plain = messagesToAskRequest([{ role: USER, content: [text('x')] }], { toolMode: 2 });
    assert.equal(plain.tools, undefined);
    assert.equal(plain.toolMode, undefined);
    assert.equal(plain.agentTurn, undefined);
  });

  it('a result whose call is not in the conversation has no tool name (the router labels it)', () => {
    const [turn] = toLmTurns([{ role: USER, content: [result('gone', text('x'))] }]);
    assert.deepEqual(turn, { role: 'tool', content: 'x', toolCallId: 'gone' });
  });

  it('tool-result parts by shape: textual data decoded (so the gate sees it), binary data named, unknown parts by their strings', () => {
    const json = { mimeType: 'application/json', data: new TextEncoder().encode('{"password":"hunter2"}') };
    const png = { mimeType: 'image/png', data: new Uint8Array(10) };
    const tsx = { value: { node: { children: [{ text: 'inner secret text' }] } } };
    assert.equal(partText(json), '{"password":"hunter2"}');
    assert.equal(partText(png), '[image/png data, 10 bytes]');
    assert.equal(partText(tsx), 'inner secret text');
    const [turn] = toLmTurns([{ role: ASSISTANT, content: [call('c', 'x', {})] }, { role: USER, content: [result('c', text('a'), json)] }]).slice(1);
    assert.equal(turn.content, 'a{"password":"hunter2"}');
  });

  it('a call whose input is not an object keeps it under `input`; an empty assistant message is dropped', () => {
    const turns = toLmTurns([{ role: ASSISTANT, content: [call('c', 'x', 'raw')] }, { role: ASSISTANT, content: [] }]);
    assert.deepEqual(turns, [{ role: 'assistant', content: '', toolCalls: [{ id: 'c', name: 'x', arguments: { input: 'raw' } }] }]);
  });

  it('messageText counts text, call inputs and result contents', () => {
    assert.equal(messageText({ role: USER, content: [text('a'), result('c', text('b'))] }), 'ab');
    assert.equal(messageText({ role: ASSISTANT, content: [call('c', 'x', { p: 1 })] }), '{"p":1}');
    assert.equal(messageText({ role: USER, content: 'plain' }), 'plain');
  });

  it('agent turns: one session id for every turn of a loop, per model and opening request; turn = answers + 1', () => {
    const opening = toLmTurns([{ role: SYSTEM, content: [text('sys')] }, { role: USER, content: [text('fix the bug')] }]);
    const later = toLmTurns([
      { role: SYSTEM, content: [text('sys')] }, { role: USER, content: [text('fix the bug')] },
      { role: ASSISTANT, content: [call('c1', 'read_file', {})] }, { role: USER, content: [result('c1', text('x'))] },
      { role: ASSISTANT, content: [call('c2', 'read_file', {})] }, { role: USER, content: [result('c2', text('y'))] },
    ]);
    const first = agentTurnOf(opening, 'hybrid-auto');
    const third = agentTurnOf(later, 'hybrid-auto');
    assert.equal(first.turn, 1);
    assert.equal(third.turn, 3);
    assert.equal(first.sessionId, third.sessionId);
    assert.match(first.sessionId, /^lm-[0-9a-f]{12}$/);
    assert.notEqual(agentTurnOf(opening, 'hybrid-local').sessionId, first.sessionId);
    assert.notEqual(agentTurnOf(toLmTurns([{ role: USER, content: [text('another task')] }]), 'hybrid-auto').sessionId, first.sessionId);
  });
});
