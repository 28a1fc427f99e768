import { strict as assert } from 'node:assert';
import {
  hadRestrictedTurn, MAX_REFERENCE_BYTES, responseText, toAskRequest, toChatTurns, toContextReference, toContextReferences,
  type LocationLike, type RangeLike, type ReferenceReader, type UriLike,
} from '../../../src/chat/convert';

const PARTICIPANT = 'hybridAgent.chat';

function uri(path: string): UriLike {
  return { scheme: 'file', path, fsPath: path, toString: () => `file://${path}` };
}
function range(startLine: number, endLine: number): RangeLike {
  return { start: { line: startLine, character: 0 }, end: { line: endLine, character: 5 } };
}

/** An in-memory workspace: files by path; readRange returns the lines of the range. */
function reader(files: Record<string, string | Uint8Array>): ReferenceReader & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    async readFile(u, maxBytes) {
      reads.push(u.path);
      const f = files[u.path];
      if (f === undefined) { return undefined; }
      const bytes = typeof f === 'string' ? new TextEncoder().encode(f) : f;
      return bytes.subarray(0, maxBytes);
    },
    async readRange(u, r) {
      const f = files[u.path];
      if (typeof f !== 'string') { return undefined; }
      return f.split('\n').slice(r.start.line, r.end.line + 1).join('\n');
    },
    relativePath: u => u.path.replace(/^\/ws\//, ''),
  };
}

describe('chat/convert: references', () => {
  it('an implicit selection (Location) becomes a selection reference with its text, path and start line', async () => {
    const r = reader({ '/ws/src/db.ts': 'line1\nline2\nconst x = 1;\nline4' });
    const loc: LocationLike = { uri: uri('/ws/src/db.ts'), range: range(2, 2) };
    const ref = await toContextReference({ id: 'vscode.implicit.selection', value: loc }, r);
    assert.deepEqual(ref, { kind: 'selection', name: 'selection', path: 'src/db.ts', content: 'const x = 1;', startLine: 3, id: 'vscode.implicit.selection' });
  });

  it('an implicit viewport is an implicit reference named by path and lines', async () => {
    const r = reader({ '/ws/a.ts': 'a\nb\nc\nd' });
    const ref = await toContextReference({ id: 'vscode.implicit.viewport', value: { uri: uri('/ws/a.ts'), range: range(1, 2) } }, r);
    assert.equal(ref.kind, 'implicit');
    assert.equal(ref.name, 'a.ts:2-3');
    assert.equal(ref.content, 'b\nc');
  });

  it('a file (Uri) is read whole; a string value is sent as is', async () => {
    const r = reader({ '/ws/.env': 'A=1\n' });
    const file = await toContextReference({ id: 'vscode.file', value: uri('/ws/.env') }, r);
    assert.deepEqual(file, { kind: 'file', name: '.env', path: '.env', content: 'A=1\n', startLine: 1, id: 'vscode.file' });
    const text = await toContextReference({ id: 'my.var', value: 'some text' }, r);
    assert.deepEqual(text, { kind: 'snippet', name: 'my.var', content: 'some text', id: 'my.var' });
  });

  it('NUL bytes survive decoding so the gate can refuse binary content', async () => {
    const r = reader({ '/ws/img.bin': new Uint8Array([0x89, 0x50, 0x00, 0x01]) });
    const ref = await toContextReference({ id: 'vscode.file', value: uri('/ws/img.bin') }, r);
    assert.ok(ref.content?.includes('\u0000'));
  });

  it('an unreadable file keeps its name (sensitive-file rules still see it) but no content', async () => {
    const ref = await toContextReference({ id: 'vscode.file', value: uri('/ws/id_rsa') }, reader({}));
    assert.equal(ref.path, 'id_rsa');
    assert.equal(ref.content, undefined);
  });

  it('a file larger than the cap is truncated and says so', async () => {
    const big = new Uint8Array(MAX_REFERENCE_BYTES + 10).fill(0x61);
    const ref = await toContextReference({ id: 'vscode.file', value: uri('/ws/big.txt') }, reader({ '/ws/big.txt': big }));
    assert.equal(ref.content?.length, MAX_REFERENCE_BYTES);
    assert.match(ref.name, /first 2 MB/);
  });

  it('unknown value types are named but not read', async () => {
    const r = reader({});
    const ref = await toContextReference({ id: 'some.tool', value: { weird: true } }, r);
    assert.deepEqual(ref, { kind: 'snippet', name: 'some.tool', id: 'some.tool' });
    assert.deepEqual(r.reads, []);
  });

  it('the same file attached implicitly and explicitly is sent once', async () => {
    const r = reader({ '/ws/a.ts': 'x' });
    const refs = await toContextReferences([
      { id: 'vscode.implicit.file', value: uri('/ws/a.ts') },
      { id: 'vscode.file', value: uri('/ws/a.ts') },
      { id: 'vscode.implicit.selection', value: { uri: uri('/ws/a.ts'), range: range(0, 0) } },
    ], r);
    assert.equal(refs.length, 2);
    assert.deepEqual(refs.map(x => x.kind), ['implicit', 'selection']);
  });
});

describe('chat/convert: history', () => {
  const md = (value: string) => ({ value: { value } });
  const request = (prompt: string, command?: string, participant = PARTICIPANT) => ({ prompt, participant, command, references: [] });
  const response = (text: string, metadata: Record<string, unknown> = {}, command?: string, participant = PARTICIPANT) =>
    ({ response: [md(text)], result: { metadata }, participant, command });

  it('replays this participant\'s turns in order, without the footer and without /explain turns', () => {
    const history = [
      request('first question'), response('first answer\n\n---\n_local · demo-local · 5 ms_'),
      request('why local?', 'explain'), response('### Routing decision …', {}, 'explain'),
      request('other participant', undefined, 'someone.else'), response('not ours', {}, undefined, 'someone.else'),
      request('second question'),
    ];
    assert.deepEqual(toChatTurns(history, PARTICIPANT), [
      { role: 'user', content: 'first question' },
      { role: 'assistant', content: 'first answer' },
      { role: 'user', content: 'second question' },
    ]);
  });

  it('responseText joins markdown parts (string or MarkdownString values) and ignores other parts', () => {
    assert.equal(responseText({ response: [{ value: 'a' }, md('b'), { uri: 'x' }], result: {}, participant: PARTICIPANT }), 'ab');
  });

  it('a conversation stays restricted once any earlier result was restricted', () => {
    assert.equal(hadRestrictedTurn([request('q'), response('a', { privacy: 'internal' })], PARTICIPANT), false);
    assert.equal(hadRestrictedTurn([request('q'), response('a', { privacy: 'restricted' }), request('r'), response('b', { privacy: 'public' })], PARTICIPANT), true);
    assert.equal(hadRestrictedTurn([response('a', { stickyRestricted: true })], PARTICIPANT), true);
  });

  it('toAskRequest: slash commands force a side, /refactor frames the prompt, history and stickiness carry over', async () => {
    const history = [request('q'), response('a', { privacy: 'restricted' })];
    const r = reader({ '/ws/a.ts': 'code' });
    const cloud = await toAskRequest({ prompt: 'explain', command: 'cloud', references: [{ id: 'vscode.file', value: uri('/ws/a.ts') }] }, history, r, PARTICIPANT, 'hr-test1234');
    assert.equal(cloud.force, 'cloud');
    assert.equal(cloud.stickyRestricted, true);
    assert.equal(cloud.correlationId, 'hr-test1234');
    assert.equal(cloud.references?.[0].content, 'code');
    assert.deepEqual(cloud.history, [{ role: 'user', content: 'q' }, { role: 'assistant', content: 'a' }]);
    const refactor = await toAskRequest({ prompt: 'make it async', command: 'refactor', references: [] }, [], r, PARTICIPANT, 'hr-test1234');
    assert.match(refactor.prompt, /^Refactor the attached code\. make it async$/);
    assert.equal(refactor.force, undefined);
    assert.equal(refactor.stickyRestricted, undefined);
  });

  it('toAskRequest: the Hybrid (local)/(cloud) model picked in the UI forces that side unless a slash command says otherwise', async () => {
    const r = reader({});
    const viaModel = await toAskRequest({ prompt: 'x', references: [], model: { vendor: 'hybrid-agent', id: 'hybrid-local' } }, [], r, PARTICIPANT, 'hr-abcd');
    assert.equal(viaModel.force, 'local');
    const slashWins = await toAskRequest({ prompt: 'x', command: 'cloud', references: [], model: { vendor: 'hybrid-agent', id: 'hybrid-local' } }, [], r, PARTICIPANT, 'hr-abcd');
    assert.equal(slashWins.force, 'cloud');
    const otherVendor = await toAskRequest({ prompt: 'x', references: [], model: { vendor: 'copilot', id: 'hybrid-local' } }, [], r, PARTICIPANT, 'hr-abcd');
    assert.equal(otherVendor.force, undefined);
  });
});
