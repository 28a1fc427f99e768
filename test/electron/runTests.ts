/**
 * The same extension host suite (test/host) in desktop VS Code, through the standard runner @vscode/test-electron,
 * for contributors whose machines can download VS Code: `npm run test:electron`.
 * CI and machines without that download run the suite in code-server instead (scripts/vscode-tests.mjs).
 * Env: HYBRID_VSCODE_VERSION (default "stable"), HYBRID_VSCODE_EXECUTABLE (use an installed VS Code instead).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createFixtureWorkspace } from '../e2e/support/fixtureWorkspace';

async function main(): Promise<number> {
  const { runTests } = await import('@vscode/test-electron');
  const root = resolve(__dirname, '..', '..', '..');
  const tmp = mkdtempSync(join(tmpdir(), 'hybrid-electron-'));
  try {
    const workspace = createFixtureWorkspace(join(tmp, 'workspace'));
    await runTests({
      version: process.env.HYBRID_VSCODE_VERSION ?? 'stable',
      ...(process.env.HYBRID_VSCODE_EXECUTABLE ? { vscodeExecutablePath: process.env.HYBRID_VSCODE_EXECUTABLE } : {}),
      extensionDevelopmentPath: root,
      extensionTestsPath: join(root, 'out', 'test', 'host', 'index'),
      // Fresh profile, no other extensions, no trust prompt: the same conditions as the code-server run.
      launchArgs: [workspace.folder, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome',
        '--user-data-dir', join(tmp, 'user-data'), '--extensions-dir', join(tmp, 'extensions')],
    });
    console.log('electron host tests passed');
    return 0;
  } catch (error) {
    console.error(`electron host tests failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

void main().then(code => process.exit(code));
