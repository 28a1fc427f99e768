import assert from 'node:assert/strict';
import { DemoProvider } from '../../../src/providers/demo';
import type { ChatEvent, ProviderMessage, ProviderRequest, ToolSpec } from '../../../src/router/types';

async function events(req: ProviderRequest, target: 'local' | 'cloud' = 'local'): Promise<ChatEvent[]> {
  const out: ChatEvent[] = [];
  for await (const e of new DemoProvider({ target }).chat(req, new AbortController().signal)) {
    out.push(e);
  }
  return out;
}

const textOf = (list: ChatEvent[]) => list.flatMap(e => (e.kind === 'text' ? [e.text] : [])).join('');
const callsOf = (list: ChatEvent[]) => list.flatMap(e => (e.kind === 'tool_call' ? [e.call] : []));

const readFile = (name: string, parameters?: ToolSpec['parameters']): ToolSpec => ({ name, parameters: parameters ?? { type: 'object', properties: { path: { type: 'string' } } } });
const FIND_FILES: ToolSpec = { name: 'file_search', parameters: { type: 'object', properties: { query: { type: 'string' } } } };

function ask(content: string, tools: ToolSpec[] = [FIND_FILES, readFile('read_file')]): ProviderRequest {
  return { purpose: 'answer', tools, messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content }] };
}

describe('DemoProvider in an agent loop', () => {
  it('asked about a file with a file reader offered, calls it once with the path, then done', async () => {
    const list = await events(ask('What does src/app.ts export?'));
    assert.deepEqual(list.map(e => e.kind), ['tool_call', 'done']);
    assert.deepEqual(callsOf(list), [{ id: 'call_demo_1', name: 'read_file', arguments: { path: 'src/app.ts' } }]);
    assert.deepEqual(await events(ask('What does src/app.ts export?')), list, 'deterministic');
  });

  const readers: [string, ToolSpec, Record<string, unknown>][] = [
    ['readFile with a filePath', readFile('readFile', { type: 'object', properties: { filePath: { type: 'string' } } }), { filePath: 'README.md' }],
    ['our own tool, first string property', readFile('hybridAgent_readFile', { type: 'object', properties: { maxBytes: { type: 'number' }, target: { type: 'string' } } }), { target: 'README.md' }],
    ['VS Code\'s read_file with required line numbers', readFile('read_file', { type: 'object', properties: { filePath: { type: 'string' }, startLine: { type: 'number' }, endLine: { type: 'number' } }, required: ['filePath', 'startLine', 'endLine'] }), { filePath: 'README.md', startLine: 1, endLine: 500 }],
    ['a schema without properties', { name: 'read-file' }, { path: 'README.md' }],
  ];
  for (const [label, tool, args] of readers) {
    it(`fills the path argument for ${label}`, async () => {
      const calls = callsOf(await events(ask('Summarise README.md.', [tool])));
      assert.deepEqual(calls.map(c => [c.name, c.arguments]), [[tool.name, args]]);
    });
  }

  const paths: [string, string][] = [
    ['Read `.env` please', '.env'],
    ['What is in /tmp/ws/config/.npmrc?', '/tmp/ws/config/.npmrc'],
    ['Open C:\\repo\\src\\Program.cs.', 'C:\\repo\\src\\Program.cs'],
    ['Check "docs/setup-guide.md", then fix it', 'docs/setup-guide.md'],
  ];
  for (const [prompt, path] of paths) {
    it(`finds the path in: ${prompt}`, async () => {
      assert.deepEqual(callsOf(await events(ask(prompt)))[0]?.arguments, { path });
    });
  }

  it('prefers the words of VS Code\'s <userRequest> over paths in its context', async () => {
    const content = '<context>The current file is src/other.ts</context>\n<userRequest>Explain /work/ws/README.md</userRequest>';
    assert.deepEqual(callsOf(await events(ask(content)))[0]?.arguments, { path: '/work/ws/README.md' });
  });

  it('answers as usual when no file is named, no reader is offered, or no tools at all', async () => {
    for (const req of [ask('How do I write a loop?'), ask('Read README.md', [FIND_FILES]), { ...ask('Read README.md'), tools: undefined }]) {
      const list = await events(req);
      assert.deepEqual(callsOf(list), []);
      assert.match(textOf(list), /^\[demo\] This answer comes from the built-in demo local model/);
    }
  });

  it('handed a tool result, says which tool returned how much and its first line, labelled as demo', async () => {
    const result = '\n  # Hybrid Agent: a router between a local model on this device and a cloud model in Foundry\nmore';
    const messages: ProviderMessage[] = [
      ...ask('What is README.md about?').messages,
      { role: 'assistant', content: '', toolCalls: [{ id: 'call_demo_1', name: 'read_file', arguments: { path: 'README.md' } }] },
      { role: 'tool', toolCallId: 'call_demo_1', content: result },
    ];
    const list = await events({ purpose: 'answer', tools: [readFile('read_file')], messages }, 'cloud');
    assert.deepEqual(callsOf(list), [], 'no second call: the loop ends');
    const text = textOf(list);
    assert.match(text, new RegExp(`^\\[demo\\] The tool \`read_file\` returned ${result.length} characters; its first line: "# Hybrid Agent: a router between a local model on this devic…"\\.`));
    assert.match(text, /built-in demo cloud model/);
    assert.equal(list[list.length - 1]?.kind, 'done');
  });

  it('says so when the tool returned nothing', async () => {
    const messages: ProviderMessage[] = [{ role: 'user', content: 'go' }, { role: 'tool', toolCallId: 'x', content: '' }];
    assert.match(textOf(await events({ purpose: 'answer', messages })), /^\[demo\] The tool call returned 0 characters and no text\./);
  });
});
