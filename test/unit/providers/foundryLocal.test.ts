import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FoundryLocalProvider } from '../../../src/providers/foundryLocal';
import { FoundryLocalRuntime } from '../../../src/providers/foundryLocalRuntime';
import { isAbortError } from '../../../src/providers/abort';
import { ProviderError } from '../../../src/router/errors';
import { fakeFoundryLocalSdk, type FakeSdkOptions } from '../../fakes/foundryLocalSdkFake';

const never = new AbortController().signal;
const request = { messages: [{ role: 'user' as const, content: 'hi' }], purpose: 'answer' as const };

function provider(options: FakeSdkOptions, extra: ConstructorParameters<typeof FoundryLocalProvider>[0] = {}) {
  const sdk = fakeFoundryLocalSdk(options);
  // autoDetect off: unit tests never look at ports on this machine.
  return { sdk, local: new FoundryLocalProvider({ loadSdk: async () => sdk, autoDetect: false, ...extra }) };
}

async function chatError(local: FoundryLocalProvider, signal = never): Promise<unknown> {
  try {
    for await (const _event of local.chat(request, signal)) { /* drain */ }
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('FoundryLocalProvider (SDK fake at the module boundary)', () => {
  it('creates the manager with the app name and the storage folder it is given', async () => {
    const { sdk, local } = provider({}, { storageDir: '/tmp/hybrid-storage', appName: 'hybrid-agent-test' });
    assert.deepEqual(await local.probe(never), { available: true, model: 'phi-4-mini-instruct-generic-cpu:1' });
    assert.deepEqual(sdk.configs, [{
      appName: 'hybrid-agent-test', logLevel: 'warn', appDataDir: '/tmp/hybrid-storage',
      modelCacheDir: join('/tmp/hybrid-storage', 'models'), logsDir: join('/tmp/hybrid-storage', 'logs'),
    }]);
  });

  it('runtime missing: probe is unavailable with install guidance, chat throws runtime-missing, nothing crashes', async () => {
    const { local } = provider({ runtimeMissing: true });
    const probe = await local.probe(never);
    assert.equal(probe.available, false);
    assert.match(probe.detail ?? '', /install-standard\.cjs/);
    assert.match(probe.detail ?? '', /hybridAgent\.local\.endpoint/);
    const error = await chatError(local);
    assert.ok(error instanceof ProviderError);
    assert.equal(error.code, 'runtime-missing');
  });

  it('SDK module missing: runtime-missing too', async () => {
    const local = new FoundryLocalProvider({ loadSdk: () => Promise.reject(new Error("Cannot find package 'foundry-local-sdk'")), autoDetect: false });
    const error = await chatError(local);
    assert.ok(error instanceof ProviderError && error.code === 'runtime-missing');
    assert.match(error.message, /could not be loaded/);
  });

  it('unknown alias: model-missing listing the available aliases', async () => {
    const { local } = provider({ models: [{ alias: 'phi-4-mini', cached: true }, { alias: 'qwen2.5-coder-7b' }] }, { modelAlias: 'gpt-oss-20b' });
    const probe = await local.probe(never);
    assert.equal(probe.available, false);
    assert.match(probe.detail ?? '', /"gpt-oss-20b".*phi-4-mini, qwen2\.5-coder-7b/);
    const error = await chatError(local);
    assert.ok(error instanceof ProviderError && error.code === 'model-missing');
  });

  it('not downloaded: unavailable, offers the download; download reports progress, then the model is available', async () => {
    const { sdk, local } = provider({ models: [{ alias: 'phi-4-mini', cached: false, progress: [0, 25, 80, 100] }] });
    const probe = await local.probe(never);
    assert.equal(probe.available, false);
    assert.match(probe.detail ?? '', /not downloaded.*foundry model download phi-4-mini/);
    const error = await chatError(local);
    assert.ok(error instanceof ProviderError && error.code === 'model-missing');
    const seen: number[] = [];
    await local.download('phi-4-mini', p => seen.push(p), never);
    assert.deepEqual(seen, [0, 25, 80, 100]);
    assert.equal(sdk.models[0].downloads, 1);
    assert.equal((await local.probe(never)).available, true);
  });

  it('download is cancellable part-way: abort error, model stays not downloaded', async () => {
    const controller = new AbortController();
    const { sdk, local } = provider({
      models: [{ alias: 'phi-4-mini', cached: false, progress: [0, 40, 100] }],
      beforeProgress: percent => { if (percent === 40) { controller.abort(); } },
    });
    const seen: number[] = [];
    await assert.rejects(local.download('phi-4-mini', p => seen.push(p), controller.signal), e => isAbortError(e));
    assert.deepEqual(seen, [0]);
    assert.equal(sdk.models[0].isCached, false);
  });

  it('load failure: model-missing with what to try, and the next call tries again', async () => {
    const { sdk, local } = provider({ models: [{ alias: 'phi-4-mini', cached: true, loadFails: true }] });
    const first = await chatError(local);
    assert.ok(first instanceof ProviderError && first.code === 'model-missing');
    assert.match(first.message, /could not load "phi-4-mini"/);
    await chatError(local);
    assert.equal(sdk.models[0].loads, 2, 'a failed start is not memoised');
  });

  it('web service that will not start: runtime-missing', async () => {
    const { local } = provider({ startServiceFails: true });
    const error = await chatError(local);
    assert.ok(error instanceof ProviderError && error.code === 'runtime-missing');
    assert.match(error.message, /web service did not start/);
  });

  it('shares one load per alias between concurrent requests, and a cancelled wait does not cancel the load', async () => {
    const sdk = fakeFoundryLocalSdk({ serviceUrl: 'http://127.0.0.1:9' });
    const runtime = new FoundryLocalRuntime({ loadSdk: async () => sdk });
    const controller = new AbortController();
    const cancelled = runtime.ensureServing('phi-4-mini', controller.signal);
    controller.abort();
    await assert.rejects(cancelled, e => isAbortError(e));
    const [a, b] = await Promise.all([runtime.ensureServing('phi-4-mini', never), runtime.ensureServing('phi-4-mini', never)]);
    assert.deepEqual(a, { baseUrl: 'http://127.0.0.1:9/v1', modelId: 'phi-4-mini-instruct-generic-cpu:1', supportsToolCalling: null });
    assert.equal(a, b);
    assert.equal(sdk.models[0].loads, 1);
    assert.equal(sdk.manager?.serviceStarts, 1);
  });
});

describe('foundry-local-sdk for real on this machine (native runtime absent)', () => {
  it('fails cleanly with runtime-missing, not a crash', async () => {
    const local = new FoundryLocalProvider({ autoDetect: false, storageDir: join(tmpdir(), 'hybrid-agent-sdk-test') });
    const probe = await local.probe(never);
    assert.equal(probe.available, false);
    assert.match(probe.detail ?? '', /native runtime is not installed/);
    const error = await chatError(local);
    assert.ok(error instanceof ProviderError, String(error));
    assert.equal(error.code, 'runtime-missing');
  });
});
