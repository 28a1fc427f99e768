/**
 * Child: activation cost. Loads dist/extension.js under a fake `vscode` module (a Module._resolveFilename hook, in
 * this benchmark only), times require() and activate(), and lists every module loaded, CommonJS and ESM, to show
 * that openai, @azure/* and foundry-local-sdk stay unloaded until first use.
 *   node --expose-gc out/bench/activation.js <repo root> [--watch-esm] [--prewarm-fetch]
 * The ESM watch runs hooks on a separate thread, which can slow import() down: timed runs go without it, and one
 * extra run with it checks the ESM side. --prewarm-fetch makes one failing fetch() first, so Node's lazily loaded
 * HTTP client (undici) is already in memory, as in a host process that has used fetch before: the difference
 * shows what a fetch() started inside activate() costs.
 */
import Module, { register } from 'node:module';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { report, runMain } from './harness';
import { createFakeContext, createFakeVscode } from './fakeVscode';

/** What must not load during activation. */
const HEAVY = /node_modules[\\/](openai|@azure[\\/][^\\/]+|foundry-local-sdk)[\\/]|[\\/]dist[\\/]sdk[\\/]/;

const FAKE_VSCODE_PATH = path.join(os.tmpdir(), 'hybrid-bench-fake-vscode.js');

function installFakeVscode(): void {
  const fakeModule = new Module(FAKE_VSCODE_PATH);
  fakeModule.exports = createFakeVscode();
  fakeModule.loaded = true;
  require.cache[FAKE_VSCODE_PATH] = fakeModule;
  const resolver = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
  const original = resolver._resolveFilename;
  resolver._resolveFilename = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? FAKE_VSCODE_PATH : original.call(this, request, ...rest);
  };
}

runMain('activation', async () => {
  const root = path.resolve(process.argv[2] ?? '.');
  const bundle = path.join(root, 'dist', 'extension.js');
  const watchEsm = process.argv.includes('--watch-esm');
  const esmLoaded: string[] = [];
  const { port1, port2 } = new MessageChannel();
  const marker = `data:text/javascript,export default ${Date.now()}`;
  let sawMarker: () => void = () => undefined;
  const markerSeen = new Promise<void>(resolve => { sawMarker = resolve; });
  if (watchEsm) {
    port1.on('message', (url: string) => (url === marker ? sawMarker() : esmLoaded.push(url)));
    port1.unref();
    register(pathToFileURL(path.join(root, 'bench', 'esmWatch.mjs')).href, { parentURL: pathToFileURL(__filename).href, data: { port: port2 }, transferList: [port2] });
  }
  const prewarmFetch = process.argv.includes('--prewarm-fetch');
  if (prewarmFetch) {
    await fetch('http://127.0.0.1:9/', { signal: AbortSignal.timeout(1000) }).catch(() => undefined);
  }
  installFakeVscode();
  const before = new Set(Object.keys(require.cache));

  const t0 = performance.now();
  const extension = Module.createRequire(__filename)(bundle) as { activate(ctx: unknown): unknown; deactivate?(): unknown };
  const t1 = performance.now();
  const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'hybrid-bench-'));
  const context = createFakeContext(root, storage);
  const activated = extension.activate(context);
  if (activated instanceof Promise) await activated;
  const t2 = performance.now();

  if (watchEsm) {
    await import(marker); // flushes the ESM watch: messages arrive in order
    await markerSeen;
  }
  const cjsLoaded = Object.keys(require.cache).filter(k => !before.has(k));
  const heavy = [...cjsLoaded, ...esmLoaded].filter(m => HEAVY.test(m) || /foundry-local-sdk|openai|@azure/.test(m));
  report({
    bench: 'activation',
    watchEsm,
    prewarmFetch,
    requireMs: t1 - t0,
    activateMs: t2 - t1,
    subscriptions: (context.subscriptions as unknown[]).length,
    modulesLoaded: cjsLoaded.length + esmLoaded.length,
    heavyLoaded: heavy.map(m => path.relative(root, m.replace(/^file:\/\//, ''))),
  });
  for (const d of context.subscriptions as Array<{ dispose(): unknown }>) {
    try { d.dispose(); } catch { /* a fake disposable may throw at shutdown; not what we measure */ }
  }
  await extension.deactivate?.();
  fs.rmSync(storage, { recursive: true, force: true });
});
