// Packages the extension into a temporary .vsix (vsce, offline, no dependencies) and reads its size and file count
// from the zip's end-of-central-directory record.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Number of entries in a zip file (EOCD record: signature 0x06054b50, total entries at offset 10). */
export function zipEntryCount(buffer) {
  for (let i = buffer.length - 22; i >= Math.max(0, buffer.length - 22 - 65535); i--) {
    if (buffer.readUInt32LE(i) === 0x06054b50) {
      return buffer.readUInt16LE(i + 10);
    }
  }
  throw new Error('not a zip file: no end-of-central-directory record');
}

/** Returns { sizeBytes, files, listed } or { error } when packaging is not ready. */
export function measurePackage(root) {
  const dir = mkdtempSync(join(tmpdir(), 'hybrid-vsix-'));
  const out = join(dir, 'hybrid-agent.vsix');
  try {
    const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
    const result = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '-o', out], {
      cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000,
    });
    if (result.status !== 0) {
      const why = `${result.stderr}\n${result.stdout}`.split('\n').find(l => /ERROR|error/.test(l)) ?? `vsce exited ${result.status}`;
      return { error: why.trim().slice(0, 200) };
    }
    const buffer = readFileSync(out);
    // vsce lists the files it packed; keep the extension/ entries for the README.
    const listed = result.stdout.split('\n').filter(l => /[├└]─/.test(l)).map(l => l.replace(/^[\s│├└─]+/, '').trim());
    return { sizeBytes: statSync(out).size, files: zipEntryCount(buffer), listed };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
