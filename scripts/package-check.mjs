// Packages the extension the way `npm run package` does (vsce, offline, no dependencies: dist/ is self-contained
// except foundry-local-sdk, loaded at run time when installed) into .vscode-test/hybrid-agent.vsix and reports its
// size and file count. Used by the e2e layer (scripts/vscode-tests.mjs), which installs the result into code-server.
// Run alone: `node scripts/package-check.mjs` (expects a fresh `node scripts/build.mjs`).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const VSIX_PATH = join(ROOT, '.vscode-test', 'hybrid-agent.vsix');

/** Number of entries in a zip file, from its end-of-central-directory record. */
export function zipEntryNames(path) {
  const bytes = readFileSync(path);
  const eocd = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) {
    throw new Error(`${path} is not a zip file`);
  }
  const count = bytes.readUInt16LE(eocd + 10);
  let offset = bytes.readUInt32LE(eocd + 16);
  const names = [];
  for (let i = 0; i < count; i++) {
    const nameLength = bytes.readUInt16LE(offset + 28);
    const extraLength = bytes.readUInt16LE(offset + 30);
    const commentLength = bytes.readUInt16LE(offset + 32);
    names.push(bytes.toString('utf8', offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

/** Runs vsce package; returns { path, bytes, files, names }. Throws with vsce's output when it fails. */
export function packageVsix(say = console.log) {
  if (!existsSync(join(ROOT, 'dist', 'extension.js'))) {
    throw new Error('dist/extension.js is missing: run `node scripts/build.mjs` first');
  }
  mkdirSync(join(ROOT, '.vscode-test'), { recursive: true });
  rmSync(VSIX_PATH, { force: true });
  say('packaging: vsce package --no-dependencies');
  const result = spawnSync('npx', ['--no-install', 'vsce', 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links',
    '--out', VSIX_PATH], { cwd: ROOT, encoding: 'utf8', timeout: 180_000, input: '' });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
  if (result.status !== 0 || !existsSync(VSIX_PATH)) {
    throw new Error(`vsce package failed (${result.status ?? result.signal}):\n${output}`);
  }
  const names = zipEntryNames(VSIX_PATH).filter(name => !name.endsWith('/'));
  const bytes = statSync(VSIX_PATH).size;
  say(`packaging: ${names.length} files, ${(bytes / 1024).toFixed(0)} KiB`);
  return { path: VSIX_PATH, bytes, files: names.length, names };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const vsix = packageVsix();
  for (const name of vsix.names) {
    console.log(`  ${name}`);
  }
  console.log(`${vsix.path}: ${vsix.files} files, ${vsix.bytes} bytes`);
}
