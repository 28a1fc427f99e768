import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_TOOL_LIMITS, WorkspaceTools } from '../../../src/chat/workspaceTools';

describe('chat/workspaceTools: read-only tools inside the workspace', () => {
  let base: string;
  let root: string;
  let outside: string;
  let tools: WorkspaceTools;

  before(() => {
    base = mkdtempSync(join(tmpdir(), 'hybrid-tools-'));
    root = join(base, 'ws');
    outside = join(base, 'outside');
    mkdirSync(join(root, 'src', 'deep'), { recursive: true });
    mkdirSync(join(root, 'node_modules', 'pkg'), { recursive: true });
    mkdirSync(outside);
    writeFileSync(join(root, 'src', 'app.ts'), 'export const greeting = "Hello";\nexport function add(a: number, b: number) { return a + b; }\n');
    writeFileSync(join(root, 'src', 'deep', 'util.ts'), 'export const HELLO_AGAIN = 1;\n');
    writeFileSync(join(root, 'README.md'), '# Demo\nsay hello\n');
    writeFileSync(join(root, 'node_modules', 'pkg', 'index.ts'), 'hello from a package\n');
    writeFileSync(join(root, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1]));
    writeFileSync(join(root, 'big.log'), 'x'.repeat(DEFAULT_TOOL_LIMITS.readMaxBytes + 1));
    writeFileSync(join(outside, 'secret.txt'), 'outside the workspace\n');
    symlinkSync(join(outside, 'secret.txt'), join(root, 'escape.txt'));
    symlinkSync(outside, join(root, 'escape-dir'));
    tools = new WorkspaceTools(() => [{ name: 'ws', path: root }]);
  });
  after(() => rmSync(base, { recursive: true, force: true }));

  it('reads a workspace file by relative or absolute path', async () => {
    const rel = await tools.readFile({ path: 'src/app.ts' });
    assert.equal(rel.ok, true);
    assert.match(rel.text, /export function add/);
    assert.deepEqual(await tools.readFile({ filePath: join(root, 'src', 'app.ts') }), rel);
  });

  it('refuses paths outside the workspace, links leading out of it, and files that are not there', async () => {
    for (const path of ['../outside/secret.txt', join(outside, 'secret.txt'), '/etc/passwd']) {
      const r = await tools.readFile({ path });
      assert.equal(r.ok, false, path);
      assert.match(r.text, /outside the workspace/);
    }
    for (const path of ['escape.txt', 'escape-dir/secret.txt']) {
      const r = await tools.readFile({ path });
      assert.equal(r.ok, false, path);
      assert.match(r.text, /link that leads outside the workspace/);
      assert.doesNotMatch(r.text, /outside the workspace\n/, 'the file\'s text is not returned');
    }
    assert.match((await tools.readFile({ path: 'nope.ts' })).text, /no file or folder at `nope.ts`/);
    assert.match((await tools.readFile({})).text, /No path given/);
  });

  it('keeps binary, huge files and folders out, saying why', async () => {
    assert.deepEqual(await tools.readFile({ path: 'logo.png' }), { ok: false, text: '`logo.png` is a binary file: it was not read.' });
    const big = await tools.readFile({ path: 'big.log' });
    assert.equal(big.ok, false);
    assert.match(big.text, /over the 256 KB this tool reads/);
    assert.match((await tools.readFile({ path: 'src' })).text, /is a folder/);
  });

  it('finds files by glob (a bare pattern matches at any depth), skipping node_modules and never following links', async () => {
    assert.equal((await tools.findFiles({ pattern: '**/*.ts' })).text, 'src/app.ts\nsrc/deep/util.ts');
    assert.equal((await tools.findFiles({ pattern: '*.md' })).text, 'README.md');
    assert.equal((await tools.findFiles({ pattern: 'src/*.ts' })).text, 'src/app.ts');
    assert.match((await tools.findFiles({ pattern: '*.txt' })).text, /No workspace file matches/);
    assert.equal((await tools.findFiles({})).ok, false);
  });

  it('searches text case-insensitively, with line numbers, skipping binary files, packages and links', async () => {
    const r = await tools.searchText({ query: 'hello' });
    assert.deepEqual(r.text.split('\n'), ['README.md:2: say hello', 'src/app.ts:1: export const greeting = "Hello";', 'src/deep/util.ts:1: export const HELLO_AGAIN = 1;']);
    assert.equal((await tools.searchText({ query: 'hello', include: 'src/**' })).text.split('\n').length, 2);
    assert.match((await tools.searchText({ query: 'outside the workspace' })).text, /No workspace file contains/);
  });

  it('caps results and says so', async () => {
    const small = new WorkspaceTools(() => [{ name: 'ws', path: root }], { ...DEFAULT_TOOL_LIMITS, findMaxResults: 1, searchMaxMatches: 1 });
    assert.match((await small.findFiles({ pattern: '**/*.ts' })).text, /^src\/app.ts\n\(first 1 matches/);
    assert.match((await small.searchText({ query: 'hello' })).text, /^README.md:2: say hello\n\(first 1 matches/);
  });

  it('with several folders, paths carry the folder name; with none, it says no folder is open', async () => {
    const multi = new WorkspaceTools(() => [{ name: 'ws', path: root }, { name: 'other', path: outside }]);
    assert.match((await multi.readFile({ path: 'other/secret.txt' })).text, /outside the workspace/);
    assert.equal((await multi.readFile({ path: 'other/secret.txt' })).ok, true, 'a second open folder is part of the workspace');
    assert.match((await multi.findFiles({ pattern: '**/*.txt' })).text, /^other\/secret.txt$/m);
    assert.match((await new WorkspaceTools(() => []).readFile({ path: 'a' })).text, /No folder is open/);
  });
});
