/**
 * Starts code-server (VS Code 1.139.1 on Node 24, installed by scripts/setup-vscode.sh) on a free loopback port in
 * its own process group, with fresh user-data, extensions and XDG folders, and stops the whole group.
 * Used by scripts/vscode-tests.mjs for both the host and the e2e layer (recipe: shared/TESTING.md).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export interface CodeServerPaths {
  /** Node 24 binary. */
  readonly node: string;
  /** code-server's out/node/entry.js. */
  readonly entry: string;
}

export interface CodeServerOptions extends CodeServerPaths {
  /** Folder for this server's user-data, extensions, XDG dirs and config file (created). */
  readonly stateDir: string;
  /** Needed for extension tests: without it VS Code never starts the tests. */
  readonly smokeTestDriver?: boolean;
  /** Rejects if the server has not said it listens within this many ms. */
  readonly startTimeoutMs?: number;
  /** Written to the fresh user-data folder's User/settings.json before start. */
  readonly userSettings?: Readonly<Record<string, unknown>>;
  /** Receives the server's own output lines (for diagnostics). */
  readonly onOutput?: (line: string) => void;
}

export interface CodeServer {
  readonly port: number;
  readonly origin: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  /** Kills the process group; resolves when the main process has exited. Safe to call twice. */
  stop(): Promise<void>;
}

/** A quiet, deterministic workbench: no welcome page, tips, recommendations or telemetry. */
const QUIET_WORKBENCH = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  // Unwrapped markdown keeps a whole answer document within the rendered (virtualized) lines the e2e tests read.
  '[markdown]': { 'editor.wordWrap': 'off' },
};

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function dirsOf(stateDir: string) {
  const dirs = {
    userDataDir: join(stateDir, 'user-data'),
    extensionsDir: join(stateDir, 'extensions'),
    xdgData: join(stateDir, 'xdg-data'),
    xdgConfig: join(stateDir, 'xdg-config'),
    // VS Code's built-in chat, once set up, writes a lock file under ~/.copilot: keep it in this server's state.
    home: join(stateDir, 'home'),
  };
  for (const dir of Object.values(dirs)) {
    mkdirSync(dir, { recursive: true });
  }
  return dirs;
}

function serverEnv(xdgData: string, xdgConfig: string, home: string): NodeJS.ProcessEnv {
  // XDG dirs and HOME keep code-server out of the real $HOME; VSCODE_* from a parent VS Code would confuse the server.
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_DATA_HOME: xdgData, XDG_CONFIG_HOME: xdgConfig, HOME: home };
  for (const key of Object.keys(env)) {
    if (key.startsWith('VSCODE_') || key === 'ELECTRON_RUN_AS_NODE') {
      delete env[key];
    }
  }
  return env;
}

/** Installs a .vsix into the server's extensions dir (before start). Throws with code-server's output on failure. */
export function installExtension(paths: CodeServerPaths, stateDir: string, vsix: string): string {
  const { userDataDir, extensionsDir, xdgData, xdgConfig, home } = dirsOf(stateDir);
  const result = spawnSync(paths.node, [paths.entry, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir,
    '--install-extension', vsix, '--force'], { env: serverEnv(xdgData, xdgConfig, home), encoding: 'utf8', timeout: 120_000 });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
  if (result.status !== 0) {
    throw new Error(`code-server --install-extension failed (${result.status ?? result.signal}): ${output}`);
  }
  return output;
}

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const { userDataDir, extensionsDir, xdgData, xdgConfig, home } = dirsOf(options.stateDir);
  const port = await freePort();
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...QUIET_WORKBENCH, ...options.userSettings }, null, 2));
  const configFile = join(options.stateDir, 'config.yaml');
  writeFileSync(configFile, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const args = [options.entry, '--config', configFile, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override'];
  if (options.smokeTestDriver) {
    args.push('--vscode-option', 'enable-smoke-test-driver');
  }
  // Its own process group: children outlive a plain kill of the main process by ~25 s.
  const child = spawn(options.node, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: serverEnv(xdgData, xdgConfig, home) });
  const exited = new Promise<void>(resolve => child.once('exit', () => resolve()));
  const stop = once(async () => {
    killGroup(child);
    await exited;
  });
  try {
    await waitForListening(child, options);
  } catch (error) {
    await stop();
    throw error;
  }
  return { port, origin: `http://127.0.0.1:${port}`, userDataDir, extensionsDir, stop };
}

function waitForListening(child: ChildProcess, options: CodeServerOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (error?: Error) => {
      if (!settled) {
        settled = true;
        clearTimeout(timer);
        if (error) { reject(error); } else { resolve(); }
      }
    };
    const timeoutMs = options.startTimeoutMs ?? 30_000;
    const timer = setTimeout(() => finish(new Error(`code-server did not start within ${timeoutMs} ms`)), timeoutMs);
    const onData = (data: Buffer) => {
      for (const line of data.toString('utf8').split('\n').filter(Boolean)) {
        options.onOutput?.(line);
        if (line.includes('HTTP server listening on')) {
          finish();
        }
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', code => finish(new Error(`code-server exited early with code ${code}`)));
    child.once('error', error => finish(error));
  });
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL'); // group already gone: make sure the main process is too
  }
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let promise: Promise<void> | undefined;
  return () => (promise ??= fn());
}
