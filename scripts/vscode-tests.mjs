// The host and e2e test layers, in a real VS Code: code-server 1.139.1 on Node 24, driven by Debian Chromium through
// playwright-core (recipe: shared/TESTING.md). Layers come from HYBRID_TEST_LAYERS (default "host,e2e").
//   host: the extension under extensionDevelopmentPath, mocha INSIDE the extension host (out/test/host/index.js).
//   e2e:  the packaged .vsix installed into code-server, then out/test/e2e/*.test.js drive the workbench UI.
// After each layer the server's state and log folders are scanned for the run's fake secret.
// Each layer prints `<layer>: N passed, N failed`; the exit code is non-zero if anything failed.
// Env: HYBRID_UPDATE_SCREENSHOTS=1 rewrites media/screenshots/*.png; HYBRID_KEEP_TEMP=1 keeps the temp folder;
// HYBRID_VSCODE_VERBOSE=1 echoes code-server's own output; HYBRID_HOST_GREP filters host tests.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
process.chdir(ROOT);
const require = createRequire(import.meta.url);

const REPORT_PREFIX = '[host-test] '; // test/host/reporter.ts marks its lines with it
const HARD_LIMIT_MS = 9 * 60_000; // CI must never hang here
const HOST_TIMEOUT_MS = 4 * 60_000;
const E2E_TIMEOUT_MS = 5 * 60_000;
const verbose = process.env.HYBRID_VSCODE_VERBOSE === '1';
const layers = (process.env.HYBRID_TEST_LAYERS ?? 'host,e2e').split(',').map(s => s.trim()).filter(l => l === 'host' || l === 'e2e');
const cleanups = [];
let tmp; // removed at the very end (HYBRID_KEEP_TEMP=1 keeps it)
const results = [];
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const say = message => console.log(`[vscode-tests ${elapsed()}] ${message}`);

/** Stops what the current layer started (servers, browsers, test processes), newest first. */
async function cleanup() {
  while (cleanups.length) {
    await cleanups.pop()().catch(error => say(`cleanup: ${error.message}`));
  }
}
async function finish(code) {
  await cleanup();
  if (tmp && process.env.HYBRID_KEEP_TEMP !== '1') {
    rmSync(tmp, { recursive: true, force: true });
  } else if (tmp) {
    say(`kept ${tmp}`);
  }
  process.exit(code);
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => { say(`${signal}: stopping`); finish(130); });
}
const watchdog = setTimeout(() => {
  say(`hard time limit of ${HARD_LIMIT_MS / 60_000} min reached: stopping everything`);
  finish(1);
}, HARD_LIMIT_MS);
watchdog.unref();

function setup() {
  say('setting up code-server, Node 24 and Chromium (idempotent)');
  const result = spawnSync('bash', ['scripts/setup-vscode.sh'], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', timeout: 15 * 60_000 });
  if (result.status !== 0) {
    throw new Error(`scripts/setup-vscode.sh failed (${result.status ?? result.signal})`);
  }
  const values = Object.fromEntries(result.stdout.split('\n').filter(l => l.includes('=')).map(l => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  process.env.HYBRID_CHROMIUM = values.CHROMIUM;
  return { node: values.NODE24, entry: values.CODE_SERVER_ENTRY };
}

/** True when a .ts under the given folders is newer than its compiled .js (or the .js is missing). */
function isStale(folders) {
  const stale = dir => readdirSync(dir, { withFileTypes: true }).some(entry => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) { return stale(path); }
    if (!entry.name.endsWith('.ts') || entry.name.endsWith('.d.ts')) { return false; }
    const out = join('out', path.replace(/\.ts$/, '.js'));
    return !existsSync(out) || statSync(out).mtimeMs < statSync(path).mtimeMs;
  });
  return folders.some(folder => existsSync(folder) && stale(folder));
}

function compileAndBuild() {
  if (isStale(['src', 'test/host', 'test/e2e'])) {
    say('compiling (tsc -p .)');
    // tsc emits even when a file elsewhere has a type error; the files this runner needs are checked below.
    spawnSync('npx', ['--no-install', 'tsc', '-p', '.'], { stdio: 'inherit' });
  }
  for (const file of ['out/test/host/index.js', 'out/test/e2e/support/codeServer.js']) {
    if (!existsSync(file)) { throw new Error(`${file} missing after compile`); }
  }
  say('building the extension (node scripts/build.mjs)');
  const build = spawnSync('node', ['scripts/build.mjs'], { stdio: 'inherit' });
  if (build.status !== 0 || !existsSync('dist/extension.js')) { throw new Error('node scripts/build.mjs failed'); }
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms / 1000} s`)), ms); });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function countsFrom(output, layer) {
  const match = new RegExp(`^${layer}: (\\d+) passed, (\\d+) failed`, 'm').exec(output);
  return match ? { passed: Number(match[1]), failed: Number(match[2]) } : undefined;
}

async function startServer(paths, stateDir, smokeTestDriver) {
  const { startCodeServer } = require(join(ROOT, 'out/test/e2e/support/codeServer.js'));
  const server = await startCodeServer({ ...paths, stateDir, smokeTestDriver, onOutput: line => verbose && console.log(`  [code-server] ${line}`) });
  cleanups.push(() => server.stop());
  say(`code-server listening on ${server.origin}`);
  return server;
}

async function runHostLayer(paths, tmp, workspace) {
  const { launchChromium, workbenchUrl } = require(join(ROOT, 'out/test/e2e/support/browser.js'));
  const stateDir = join(tmp, 'host-server');
  const server = await startServer(paths, stateDir, true);
  const browser = await launchChromium();
  cleanups.push(() => browser.close());
  const page = browser.context.pages()[0] ?? await browser.context.newPage();
  let output = '';
  const workbenchLines = []; // the workbench's own console output: shown when the run fails or with verbose
  let exitCode;
  const exited = new Promise(resolve => { exitCode = resolve; });
  await page.exposeFunction('codeAutomationExit', code => exitCode(code));
  await page.exposeFunction('codeAutomationLog', (_type, args) => {
    const text = (Array.isArray(args) ? args : [args]).map(a => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
    for (const line of text.split('\n')) {
      if (line.startsWith(REPORT_PREFIX)) {
        output += `${line.slice(REPORT_PREFIX.length)}\n`;
        console.log(`  ${line.slice(REPORT_PREFIX.length)}`);
      } else if (verbose) {
        console.log(`  (${elapsed()}) ${line}`);
      } else {
        workbenchLines.push(line);
      }
    }
  });
  const remote = path => `vscode-remote://127.0.0.1:${server.port}${path}`;
  const payload = [
    ['extensionDevelopmentPath', remote(ROOT)],
    ['extensionTestsPath', remote(join(ROOT, 'out/test/host/index'))],
  ];
  say('host: opening the workbench with the extension tests payload');
  await page.goto(workbenchUrl(server.origin, workspace.folder, payload));
  const code = await withTimeout(exited, HOST_TIMEOUT_MS, 'host layer');
  await browser.close();
  await server.stop();
  const counts = countsFrom(output, 'host') ?? { passed: 0, failed: 1 };
  if (code !== 0 && counts.failed === 0) {
    counts.failed = 1; // the suite failed to load or run
  }
  if (code !== 0) {
    say(`host: extension host test run exited with ${code}; last workbench console lines:`);
    workbenchLines.filter(l => !/^\[(AgentHost|ChatModelSelection)\]/.test(l)).slice(-40).forEach(l => console.log(`  | ${l}`));
  }
  return { ...counts, stateDir };
}

async function runE2eLayer(paths, tmp, workspace) {
  const { installExtension } = require(join(ROOT, 'out/test/e2e/support/codeServer.js'));
  const { packageVsix } = await import('./package-check.mjs');
  const stateDir = join(tmp, 'e2e-server');
  // The packaging check counts as one e2e check. If vsce fails, the UI tests still run, on the development copy.
  let vsix;
  try {
    vsix = packageVsix(say);
    say(`e2e: installing ${relative(ROOT, vsix.path)} into code-server`);
    installExtension(paths, stateDir, vsix.path);
  } catch (error) {
    say(`e2e: packaging check failed, running the UI tests on the development copy instead:\n${error.message}`);
    vsix = undefined;
  }
  // Without the smoke-test driver flag VS Code ignores an extensionDevelopmentPath payload.
  const server = await startServer(paths, stateDir, !vsix);
  const files = readdirSync('out/test/e2e').filter(f => f.endsWith('.test.js')).sort().map(f => join('out/test/e2e', f));
  if (files.length === 0) { throw new Error('no compiled e2e tests in out/test/e2e'); }
  const env = {
    ...process.env,
    HYBRID_TEST_LAYER: 'e2e',
    HYBRID_E2E_ORIGIN: server.origin,
    HYBRID_E2E_FOLDER: workspace.folder,
    HYBRID_E2E_SECRET: workspace.secret,
    HYBRID_E2E_ARTIFACTS: join(tmp, 'e2e-artifacts'),
    ...(vsix ? {} : { HYBRID_E2E_DEV_PATH: ROOT }),
  };
  const child = spawn('npx', ['--no-install', 'mocha', '--config', '.mocharc.json', '--timeout', '120000', '--exit', ...files], { env, detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
  const stopChild = async () => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already exited */ } };
  cleanups.push(stopChild);
  let output = '';
  child.stdout.on('data', data => { output += data; process.stdout.write(data); });
  const code = await withTimeout(new Promise(resolve => child.once('exit', resolve)), E2E_TIMEOUT_MS, 'e2e layer').catch(async error => {
    await stopChild();
    say(error.message);
    return 1;
  });
  await server.stop();
  const counts = countsFrom(output, 'e2e') ?? { passed: 0, failed: 1 };
  if (code !== 0 && counts.failed === 0) { counts.failed = 1; }
  if (vsix) {
    counts.passed++;
    say(`e2e: packaging check passed (${vsix.files} files, ${(vsix.bytes / 1024).toFixed(0)} KiB, installed and tested)`);
  } else {
    counts.failed++;
  }
  return { ...counts, stateDir, vsix };
}

/**
 * The run's fake secret must be nowhere in the server's state: logs (the "Hybrid Agent" output channel is a file
 * there), global and workspace storage, backups. Controls: the scan finds the secret in the workspace file that
 * holds it, and it did read the extension's output channel file.
 */
function leakScan(layer, stateDir, workspace) {
  const { scanForSecret } = require(join(ROOT, 'out/test/e2e/support/leakScan.js'));
  const { SECRET_FILE } = require(join(ROOT, 'out/test/e2e/support/fixtureWorkspace.js'));
  const control = scanForSecret([workspace.folder], workspace.secret);
  if (!control.hits.some(p => p.endsWith(SECRET_FILE))) {
    say(`${layer}: leak scan control failed: the secret was not found in ${SECRET_FILE}`);
    return false;
  }
  const { hits, scanned } = scanForSecret([stateDir], workspace.secret);
  const channel = scanned.filter(p => p.endsWith('/Hybrid Agent.log'));
  if (channel.length === 0) {
    say(`${layer}: leak scan did not find the "Hybrid Agent" output channel file under ${stateDir}`);
    return false;
  }
  if (hits.length) {
    say(`${layer}: the fake secret was found in server state or logs: ${hits.map(p => relative(stateDir, p)).join(', ')}`);
    return false;
  }
  say(`${layer}: leak scan clean (${scanned.length} files: server logs, "Hybrid Agent" channel, global/workspace state)`);
  return true;
}

async function main() {
  if (layers.length === 0) {
    say('no host/e2e layer requested');
    return 0;
  }
  const paths = setup();
  compileAndBuild();
  tmp = mkdtempSync(join(tmpdir(), 'hybrid-vscode-'));
  process.env.HYBRID_VSCODE_TMP = tmp; // browser profiles go there too (test/e2e/support/browser.ts)
  const { createFixtureWorkspace, fakePassword } = require(join(ROOT, 'out/test/e2e/support/fixtureWorkspace.js'));
  const secret = fakePassword();
  for (const layer of layers) {
    // Each layer gets its own copy: the host tests write .vscode/settings.json into theirs.
    const workspace = createFixtureWorkspace(join(tmp, `${layer}-workspace`), secret);
    const layerStart = Date.now();
    let result;
    try {
      result = layer === 'host' ? await runHostLayer(paths, tmp, workspace) : await runE2eLayer(paths, tmp, workspace);
      const clean = leakScan(layer, result.stateDir, workspace);
      result = clean ? { ...result, passed: result.passed + 1 } : { ...result, failed: result.failed + 1 };
    } catch (error) {
      say(`${layer}: ${error.message}`);
      result = { passed: 0, failed: 1 };
    }
    await cleanup(); // servers and browsers of this layer
    results.push({ layer, ...result, seconds: (Date.now() - layerStart) / 1000 });
  }
  for (const r of results) {
    console.log(`${r.layer}: ${r.passed} passed, ${r.failed} failed (${r.seconds.toFixed(1)} s, including the leak scan)`);
  }
  say(`done in ${elapsed()}`);
  return results.some(r => r.failed > 0) ? 1 : 0;
}

main().then(finish, error => { say(`error: ${error.stack ?? error}`); finish(1); });
