/**
 * Bad input: empty and whitespace-only prompts, a 50 MB selection, binary files, invalid UTF-16 and UTF-8, a
 * 100k-line file, deeply nested JSON, a 1 MB single line. Each gets a clear, structured answer (code + message)
 * and completes — in the CLI (`main(argv, io)`) and in the service VS Code uses. Completion is asserted, not time.
 */
import * as assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli';
import { DemoProvider } from '../../src/providers/demo';
import { RouteLog } from '../../src/router/routeLog';
import { DEFAULT_MAX_INPUT_CHARS, RouterService } from '../../src/router/service';
import type { AskRequest } from '../../src/router/types';
import { aConfig, MemoryEventSink } from '../fakes';

const ID = /^[A-Za-z0-9._:-]{4,64}$/;

function demoService(): RouterService {
  const local = new DemoProvider({ target: 'local' });
  return new RouterService({ config: () => aConfig(), local, cloud: new DemoProvider({ target: 'cloud' }), routerModel: local, log: new RouteLog(), events: new MemoryEventSink() });
}

const nested = (depth: number): string => '{"a":['.repeat(depth) + '1' + ']}'.repeat(depth);
const lines = (count: number): string => Array.from({ length: count }, (_, i) => `let v${i} = ${i};`).join('\n');

describe('adversarial: bad input in the service', function () {
  this.timeout(60_000);
  const service = demoService();
  const signal = new AbortController().signal;

  const refused: ReadonlyArray<[string, () => AskRequest, string, RegExp]> = [
    ['an empty prompt', () => ({ prompt: '' }), 'empty_prompt', /empty/i],
    ['a whitespace-only prompt', () => ({ prompt: ' \n\t\u00a0 \r\n' }), 'empty_prompt', /empty/i],
    ['whitespace prompt with an empty selection', () => ({ prompt: '   ', references: [{ kind: 'selection', name: 'selection', content: '\n\n' }] }), 'empty_prompt', /empty/i],
    ['a 50 MB selection', () => ({ prompt: 'explain', references: [{ kind: 'selection', name: 'selection', content: 'x'.repeat(DEFAULT_MAX_INPUT_CHARS + 1) }] }), 'input_too_large', /too large/i],
    ['a binary file', () => ({ prompt: 'explain', references: [{ kind: 'file', name: 'logo.png', path: 'logo.png', content: '\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR' }] }), 'binary_content', /binary/i],
    ['a NUL byte in the prompt', () => ({ prompt: 'explain\u0000this' }), 'binary_content', /binary/i],
  ];
  for (const [name, build, code, message] of refused) {
    it(`${name}: ${code}`, async () => {
      for (const outcome of [await service.ask(build(), signal, () => undefined), await service.classify(build(), signal)]) {
        assert.equal(outcome.kind, 'failed');
        if (outcome.kind === 'failed') {
          assert.equal(outcome.error.code, code);
          assert.match(outcome.error.message, message);
          assert.match(outcome.error.correlationId, ID);
        }
      }
    });
  }

  const accepted: ReadonlyArray<[string, () => AskRequest]> = [
    ['lone surrogates (invalid UTF-16)', () => ({ prompt: 'why \ud800 does \udfff this \ud83d fail?' })],
    ['a 100k-line file', () => ({ prompt: 'summarise', references: [{ kind: 'file', name: 'gen.ts', path: 'gen.ts', content: lines(100_000) }] })],
    ['deeply nested JSON', () => ({ prompt: 'validate', references: [{ kind: 'file', name: 'deep.json', path: 'deep.json', content: nested(50_000) }] })],
    ['a 1 MB single line', () => ({ prompt: 'minified bundle', references: [{ kind: 'file', name: 'bundle.min.js', path: 'bundle.min.js', content: 'a=1;'.repeat(262_144) }] })],
    ['deeply nested brackets in the prompt', () => ({ prompt: '('.repeat(100_000) + ')'.repeat(100_000) })],
  ];
  for (const [name, build] of accepted) {
    it(`${name}: decided and answered`, async () => {
      const classified = await service.classify(build(), signal);
      assert.equal(classified.kind, 'classified');
      const asked = await service.ask(build(), signal, () => undefined);
      assert.equal(asked.kind, 'answered', JSON.stringify(asked.kind === 'failed' ? asked.error : asked.kind));
    });
  }
});

describe('adversarial: bad input in the CLI', function () {
  this.timeout(60_000);
  let dir: string;
  before(async () => { dir = await mkdtemp(join(tmpdir(), 'hybrid-bad-')); });
  after(async () => { await rm(dir, { recursive: true, force: true }); });

  async function cli(args: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const code = await main(args, { stdin: async () => stdin, stdout: t => { out += t; }, stderr: t => { err += t; }, env: {}, cwd: dir });
    return { code, out, err };
  }

  async function expectCliError(args: string[], code: string, message: RegExp, stdin = ''): Promise<void> {
    const run = await cli([...args, '--json'], stdin);
    assert.equal(run.code, 1, run.err);
    const parsed = JSON.parse(run.out) as { error: { code: string; message: string; correlationId: string } };
    assert.equal(parsed.error.code, code);
    assert.match(parsed.error.message, message);
    assert.match(parsed.error.correlationId, ID);
    assert.equal(run.err.trim().split('\n').length, 1, 'one stderr line per error');
    assert.doesNotMatch(run.err, /\n\s+at /, 'no stack trace');
  }

  it('empty prompt on stdin: empty_prompt', async () => {
    await expectCliError(['ask'], 'empty_prompt', /empty/i, '');
    await expectCliError(['classify'], 'empty_prompt', /empty/i, '   \n\t ');
  });

  it('a binary --file: binary_content, named', async () => {
    await writeFile(join(dir, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]));
    await expectCliError(['ask', '--prompt', 'explain', '--file', 'logo.png'], 'binary_content', /logo\.png/);
  });

  it('a 51 MB --file: input_too_large', async () => {
    await writeFile(join(dir, 'huge.txt'), Buffer.alloc(51 * 1024 * 1024, 0x61));
    await expectCliError(['classify', '--prompt', 'explain', '--file', 'huge.txt'], 'input_too_large', /too large/i);
  });

  it('a missing --file: a clear message and exit 1', async () => {
    const run = await cli(['classify', '--prompt', 'x', '--file', 'nope.txt']);
    assert.equal(run.code, 1);
    assert.match(run.err, /cannot read --file nope\.txt \(ENOENT\)/);
  });

  const fine: ReadonlyArray<[string, string, Buffer | string]> = [
    ['invalid UTF-8 bytes', 'latin1.txt', Buffer.from([0x63, 0x61, 0x66, 0xe9, 0xff, 0xfe, 0x0a, 0x78])],
    ['a 100k-line file', 'gen.ts', lines(100_000)],
    ['deeply nested JSON', 'deep.json', nested(50_000)],
  ];
  for (const [name, file, content] of fine) {
    it(`${name}: classify and ask complete (exit 0, valid JSON)`, async () => {
      await writeFile(join(dir, file), content);
      for (const command of ['classify', 'ask']) {
        const run = await cli([command, '--json', '--prompt', 'look at this', '--file', file]);
        assert.equal(run.code, 0, run.err);
        const parsed = JSON.parse(run.out) as { correlationId: string };
        assert.match(parsed.correlationId, ID);
      }
    });
  }

  it('lone surrogates in --prompt: exit 0', async () => {
    const run = await cli(['classify', '--json', '--prompt', 'why \ud800 fail \udfff']);
    assert.equal(run.code, 0, run.err);
  });
});
