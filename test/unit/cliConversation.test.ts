import * as assert from 'node:assert/strict';
import { parseArgs } from '../../src/cli/args';
import { conversationOf, parseJson, toolsOf } from '../../src/cli/conversation';

const call = (id: string, name: string, args: string) => ({ id, type: 'function', function: { name, arguments: args } });

describe('CLI agent turns: OpenAI-shaped conversation and tools', () => {
  it('system messages become instructions; a conversation ending with tool results has an empty prompt and keeps the order', () => {
    const parsed = conversationOf([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: [{ type: 'text', text: 'Why ' }, { type: 'text', text: 'fail?' }] },
      { role: 'assistant', content: null, tool_calls: [call('c1', 'read_file', '{"path":"a.ts"}'), call('c2', 'grep_search', '')] },
      { role: 'tool', tool_call_id: 'c1', content: 'export {}' },
      { role: 'tool', tool_call_id: 'c2', content: 'no match' },
    ]);
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.value, {
      prompt: '',
      instructions: 'Be brief.',
      history: [
        { role: 'user', content: 'Why fail?' },
        { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'read_file', arguments: { path: 'a.ts' } }, { id: 'c2', name: 'grep_search', arguments: {} }] },
        { role: 'tool', content: 'export {}', toolCallId: 'c1' },
        { role: 'tool', content: 'no match', toolCallId: 'c2' },
      ],
    });
  });

  it('a last user message is the prompt; an object with a messages array is accepted', () => {
    const parsed = conversationOf({ messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'hello' }, { role: 'user', content: 'and now?' }] });
    assert.ok(parsed.ok);
    assert.equal(parsed.value.prompt, 'and now?');
    assert.equal(parsed.value.history?.length, 2);
  });

  it('says which message and field is wrong, never quoting content', () => {
    const secretish = 'value-that-must-not-be-echoed';
    const cases: [unknown, RegExp][] = [
      [[], /non-empty JSON array/],
      [[{ role: 'wizard', content: secretish }], /message 1: role must be/],
      [[{ role: 'user', content: 42 }], /message 1: content must be/],
      [[{ role: 'assistant', tool_calls: [call('c1', 'run', `{"x": "${secretish}"`)] }], /message 1, tool call 1: function.arguments must be a JSON object/],
      [[{ role: 'assistant', tool_calls: [{ id: 'c1' }] }], /message 1, tool call 1: needs an id and function.name/],
      [[{ role: 'user', content: 'x' }, { role: 'tool', tool_call_id: 'c9', content: secretish }], /message 2: a tool message needs a tool_call_id/],
      [[{ role: 'system', content: 'only instructions' }], /no user, assistant or tool message/],
    ];
    for (const [json, expected] of cases) {
      const parsed = conversationOf(json);
      assert.ok(!parsed.ok, JSON.stringify(json));
      assert.match(parsed.problem, expected);
      assert.ok(!parsed.problem.includes(secretish));
    }
  });

  it('JSON errors give a line and column, not the parser message (which quotes the text)', () => {
    const parsed = parseJson('[\n  {"role": "user", "content": "my-private-text"\n');
    assert.ok(!parsed.ok);
    assert.match(parsed.problem, /^is not valid JSON/);
    assert.ok(!parsed.problem.includes('my-private-text'));
  });

  it('reads an OpenAI tools array', () => {
    const parsed = toolsOf([{ type: 'function', function: { name: 'read_file', description: 'Read', parameters: { type: 'object' } } }, { type: 'function', function: { name: 'list' } }]);
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.value, [{ name: 'read_file', description: 'Read', parameters: { type: 'object' } }, { name: 'list' }]);
    const bad = toolsOf([{ type: 'function', function: { name: 'has spaces' } }]);
    assert.ok(!bad.ok && /tool 1: needs type "function"/.test(bad.problem));
    assert.ok(!toolsOf({ nope: 1 }).ok);
  });

  it('--messages and --tools: ask and classify, --tools needs --messages, --messages excludes --prompt', () => {
    const ok = parseArgs(['ask', '--messages', 'm.json', '--tools', 't.json', '--json']);
    assert.ok(ok.kind === 'run' && ok.options.messagesFile === 'm.json' && ok.options.toolsFile === 't.json');
    const errors: [string[], RegExp][] = [
      [['ask', '--tools', 't.json', '--prompt', 'x'], /--tools FILE needs --messages FILE/],
      [['ask', '--messages', 'm.json', '--prompt', 'x'], /either --messages FILE or --prompt TEXT/],
      [['demo', '--messages', 'm.json'], /demo does not accept --messages/],
    ];
    for (const [argv, expected] of errors) {
      const parsed = parseArgs(argv);
      assert.ok(parsed.kind === 'usage-error' && expected.test(parsed.message), argv.join(' '));
    }
  });
});
