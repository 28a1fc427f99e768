import assert from 'node:assert/strict';
import { parseArguments, ToolCallAssembler } from '../../../src/providers/toolCallAssembly';
import { ProviderError } from '../../../src/router/errors';
import { aGithubToken } from '../../fakes';

function assembler(): ToolCallAssembler {
  return new ToolCallAssembler({ provider: 'openai-local', url: 'http://127.0.0.1:8080/v1', model: () => 'qwen3:8b' });
}

function thrown(fn: () => unknown): ProviderError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ProviderError, String(e));
    return e;
  }
  assert.fail('expected a ProviderError');
}

describe('ToolCallAssembler', () => {
  it('joins Chat Completions deltas by index: id and name from the first, arguments from all, in call order', () => {
    const calls = assembler();
    calls.addChatDelta({ index: 1, id: 'b', function: { name: 'grep_search', arguments: '' } });
    calls.addChatDelta({ index: 0, id: 'a', function: { name: 'read_file', arguments: '{"pa' } });
    calls.addChatDelta({ index: 1, function: { arguments: '{"query":"x"' } });
    calls.addChatDelta({ index: 0, function: { arguments: 'th":"a.ts"}' } });
    calls.addChatDelta({ index: 1, function: { arguments: '}' } });
    assert.ok(calls.hasPending);
    assert.deepEqual(calls.finishAll(), [
      { id: 'b', name: 'grep_search', arguments: { query: 'x' } },
      { id: 'a', name: 'read_file', arguments: { path: 'a.ts' } },
    ]);
    assert.equal(calls.hasPending, false);
  });

  it('without an index, a new id starts a new call and deltas without one continue the last', () => {
    const calls = assembler();
    calls.addChatDelta({ id: 'a', function: { name: 'one', arguments: '{"n":' } });
    calls.addChatDelta({ function: { arguments: '1}' } });
    calls.addChatDelta({ id: 'b', function: { name: 'two', arguments: '{}' } });
    assert.deepEqual(calls.finishAll().map(c => [c.id, c.name, c.arguments]), [['a', 'one', { n: 1 }], ['b', 'two', {}]]);
  });

  it('gives a call without an id one, unique across turns, so its result can be paired with it', () => {
    const ids = [assembler(), assembler()].map(calls => {
      calls.addChatDelta({ index: 0, function: { name: 'list_dir', arguments: '' } });
      const [call] = calls.finishAll();
      assert.deepEqual({ ...call, id: 'x' }, { id: 'x', name: 'list_dir', arguments: {} });
      return call.id;
    });
    assert.match(ids[0], /^call_[0-9a-f]{8}_1$/);
    assert.notEqual(ids[0], ids[1]);
  });

  it('assembles a Responses item from added, argument deltas and done; the done item has the last word', () => {
    const calls = assembler();
    calls.setItem(3, { call_id: 'c', name: 'read_file', arguments: '' });
    calls.addItemArguments(3, '{"path":', false);
    calls.addItemArguments(3, '"x.md"}', false);
    calls.setItem(3, { call_id: 'c', name: 'read_file', arguments: '{"path":"x.md"}' }, true);
    assert.deepEqual(calls.finishItem(3), { id: 'c', name: 'read_file', arguments: { path: 'x.md' } });
    assert.equal(calls.finishItem(3), undefined, 'reported once');
  });

  it('malformed or non-object arguments are bad-response naming the tool, never the text', () => {
    for (const args of ['{"token": "s3cr3t-value"', '[1,2]', '"just text s3cr3t-value"', 'null', '42']) {
      const calls = assembler();
      calls.addChatDelta({ index: 0, id: 'a', function: { name: 'run_in_terminal', arguments: args } });
      const error = thrown(() => calls.finishAll());
      assert.equal(error.code, 'bad-response');
      assert.match(error.message, /^Model "qwen3:8b" at http:\/\/127\.0\.0\.1:8080\/v1 sent malformed arguments \(not a JSON object\) for tool "run_in_terminal"\./);
      assert.ok(!error.message.includes('s3cr3t'), args);
    }
  });

  it('says when the output limit may have cut the arguments', () => {
    const calls = assembler();
    calls.addChatDelta({ index: 0, id: 'a', function: { name: 'create_file', arguments: '{"content": "abc' } });
    calls.truncated = true;
    assert.match(thrown(() => calls.finishAll()).message, /stopped at the output limit/);
  });

  it('a call without a name, or with a name that is not a name, is reported without echoing it', () => {
    const calls = assembler();
    calls.addChatDelta({ index: 0, id: 'a', function: { arguments: '{}' } });
    assert.match(thrown(() => calls.finishAll()).message, /a tool call without a tool name/);
    const odd = assembler();
    odd.addChatDelta({ index: 0, id: 'a', function: { name: 'password=hunter2 please', arguments: '{' } });
    const message = thrown(() => odd.finishAll()).message;
    assert.match(message, /for tool \(an unusual name\)/);
    assert.ok(!message.includes('hunter2'));
    // A name shaped like a name that holds a token (a model may name a call after one it read): not echoed either.
    const token = aGithubToken();
    const named = assembler();
    named.addChatDelta({ index: 0, id: 'a', function: { name: token, arguments: '{' } });
    const tokenMessage = thrown(() => named.finishAll()).message;
    assert.match(tokenMessage, /for tool \(an unusual name\)/);
    assert.ok(!tokenMessage.includes(token.slice(4, 20)));
  });

  it('parses empty arguments as {}', () => {
    assert.deepEqual(parseArguments(''), {});
    assert.deepEqual(parseArguments('  \n'), {});
    assert.deepEqual(parseArguments('{"a":[1]}'), { a: [1] });
    assert.equal(parseArguments('{"a":'), undefined);
  });
});
