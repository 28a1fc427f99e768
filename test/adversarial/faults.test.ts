/**
 * Faults at the wire, through real providers and the real `openai` client against loopback servers: every HTTP
 * error the cloud can return, refused and unreachable hosts, a TLS mismatch, timeouts before and during the stream
 * (fired by hand, no waiting), a cut stream, an empty completion, malformed JSON and SSE; Foundry Local with its
 * runtime missing (the real SDK here), a model not downloaded, a load failure; both sides down. Each ends in the
 * right `path` or a structured error with a correlation id, with no unhandled rejection and every connection closed.
 */
import * as assert from 'node:assert/strict';
import { FoundryLocalProvider } from '../../src/providers/foundryLocal';
import type { AskOutcome } from '../../src/router/service';
import { fakeFoundryLocalSdk, type FakeSdkOptions } from '../fakes/foundryLocalSdkFake';
import { RecordingServer, type Behavior, type Responder } from '../fakes/recordingServer';
import { ManualTimers } from './support/manualTimers';
import { echoResponder, newNonce, startRig, type Rig, type RigOptions } from './support/rig';

const ID = /^[A-Za-z0-9._:-]{4,64}$/;
const PUBLIC_PROMPT = (nonce: string) => `Why does this loop never terminate? ${nonce}`;

/** Answers GETs with a model list and every completion with `behavior`. */
const always = (behavior: Behavior, side: 'local' | 'cloud'): Responder => call => (call.method === 'POST' ? behavior : echoResponder(side)(call));

let unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => { unhandled.push(reason); };

async function run(options: RigOptions, force: 'local' | 'cloud' | undefined, during?: (rig: Rig) => Promise<void>): Promise<{ rig: Rig; outcome: AskOutcome; nonce: string }> {
  const rig = await startRig({ withRouter: false, ...options });
  const nonce = newNonce();
  try {
    const pending = rig.ask({ prompt: PUBLIC_PROMPT(nonce), force });
    await during?.(rig);
    const { outcome } = await pending;
    await Promise.all([rig.localServer.allClosed(), rig.cloudServer.allClosed()]);
    assert.deepEqual([...rig.localServer.openCalls(), ...rig.cloudServer.openCalls()].map(c => c.path), [], 'orphaned requests');
    return { rig, outcome, nonce };
  } finally {
    await rig.stop();
  }
}

function expectFallback(outcome: AskOutcome, path: 'local_fallback' | 'cloud_fallback', nonce: string): void {
  assert.equal(outcome.kind, 'answered', `expected ${path}, got ${JSON.stringify(outcome.kind === 'failed' ? outcome.error : outcome.kind)}`);
  if (outcome.kind === 'answered') {
    assert.equal(outcome.response.path, path);
    assert.equal(outcome.response.fallback, true);
    assert.ok(outcome.response.fallbackReason);
    assert.equal(outcome.response.answer, `${path === 'local_fallback' ? 'local' : 'cloud'} answered ${nonce}`);
    assert.match(outcome.response.correlationId, ID);
  }
}

function expectError(outcome: AskOutcome, code: string): void {
  assert.equal(outcome.kind, 'failed');
  if (outcome.kind === 'failed') {
    assert.equal(outcome.error.code, code);
    assert.match(outcome.error.correlationId, ID);
    assert.ok(outcome.error.message.length > 10 && !/\n\s+at /.test(outcome.error.message), 'a readable message, no stack');
  }
}

describe('adversarial: faults end in the right path or a structured error', function () {
  before(() => { process.on('unhandledRejection', onUnhandled); });
  after(() => { process.off('unhandledRejection', onUnhandled); });
  beforeEach(() => { unhandled = []; });
  afterEach(async () => {
    // Let any stray rejection surface before checking.
    await new Promise(resolve => setImmediate(resolve));
    assert.deepEqual(unhandled.map(String), [], 'unhandled rejections');
  });

  for (const status of [401, 403, 404, 408, 429, 500, 503]) {
    it(`cloud answers ${status}: the local model answers (local_fallback)`, async () => {
      const { outcome, nonce } = await run({ cloud: always({ kind: 'status', status }, 'cloud') }, 'cloud');
      expectFallback(outcome, 'local_fallback', nonce);
      assert.match(outcome.kind === 'answered' ? outcome.response.fallbackReason ?? '' : '', new RegExp(`cloud: ${status}|cloud:`));
    });
  }

  const wireFaults: ReadonlyArray<[string, Behavior]> = [
    ['an empty completion', { kind: 'empty' }],
    ['malformed JSON', { kind: 'malformed-json' }],
    ['malformed SSE', { kind: 'malformed-sse' }],
  ];
  for (const [name, behavior] of wireFaults) {
    it(`cloud sends ${name}: local_fallback`, async () => {
      const { outcome, nonce } = await run({ cloud: always(behavior, 'cloud') }, 'cloud');
      expectFallback(outcome, 'local_fallback', nonce);
    });
  }

  it('cloud cuts the stream before any text: local_fallback', async () => {
    const { outcome, nonce } = await run({ cloud: always({ kind: 'cut', text: 'partial answer', afterChunks: 0 }, 'cloud') }, 'cloud');
    expectFallback(outcome, 'local_fallback', nonce);
  });

  it('cloud cuts the stream mid-answer: provider_failed (a half answer is never silently completed elsewhere)', async () => {
    const { outcome } = await run({ cloud: always({ kind: 'cut', text: 'the first half of the answer', afterChunks: 2 }, 'cloud') }, 'cloud');
    expectError(outcome, 'provider_failed');
  });

  it('cloud connection refused (closed loopback port): local_fallback', async () => {
    const { outcome, nonce } = await run({ cloudBaseUrl: 'http://127.0.0.1:1/v1' }, 'cloud');
    expectFallback(outcome, 'local_fallback', nonce);
  });

  it('cloud host unreachable (127.0.0.2, nothing listening): local_fallback', async () => {
    const { outcome, nonce } = await run({ cloudBaseUrl: 'http://127.0.0.2:9/v1' }, 'cloud');
    expectFallback(outcome, 'local_fallback', nonce);
  });

  it('TLS failure (https to a plain-http server): local_fallback, and that server saw no request', async () => {
    const plain = await RecordingServer.start();
    try {
      const { outcome, nonce } = await run({ cloudBaseUrl: `https://127.0.0.1:${plain.portNumber}/v1` }, 'cloud');
      expectFallback(outcome, 'local_fallback', nonce);
      await plain.allClosed();
      assert.ok(plain.connections.length > 0, 'the TLS handshake reached the server');
      assert.equal(plain.calls.length, 0, 'no HTTP request was understood');
    } finally {
      await plain.stop();
    }
  });

  it('cloud sends nothing before the first-token timeout: local_fallback, request closed', async () => {
    const timers = new ManualTimers();
    const { outcome, nonce } = await run({ timers, cloud: always({ kind: 'hang' }, 'cloud') }, 'cloud', async rig => {
      await rig.cloudServer.requestCount(1);
      assert.ok(timers.fireAll() > 0);
    });
    expectFallback(outcome, 'local_fallback', nonce);
  });

  it('cloud stalls mid-stream (idle timeout): provider_failed, request closed', async () => {
    const timers = new ManualTimers();
    const rig = await startRig({ withRouter: false, timers, cloud: always({ kind: 'stall', text: 'part one, part two', afterChunks: 1 }, 'cloud') });
    try {
      let firstText: () => void = () => undefined;
      const gotText = new Promise<void>(resolve => { firstText = resolve; });
      const pending = rig.service.ask({ prompt: PUBLIC_PROMPT(newNonce()), force: 'cloud' }, new AbortController().signal, () => firstText());
      await gotText;
      assert.equal(timers.fireAll(), 1, 'only the idle timer of the stalled stream is armed');
      expectError(await pending, 'provider_failed');
      await rig.cloudServer.allClosed();
      assert.deepEqual(rig.cloudServer.openCalls(), []);
      assert.equal(rig.localServer.calls.length, 0, 'a half-streamed answer is not retried elsewhere');
    } finally {
      await rig.stop();
    }
  });

  const localFaults: ReadonlyArray<[string, RigOptions]> = [
    ['local answers 500', { local: always({ kind: 'status', status: 500 }, 'local') }],
    ['local connection refused', { localBaseUrl: 'http://127.0.0.1:1/v1' }],
    ['local sends an empty completion', { local: always({ kind: 'empty' }, 'local') }],
  ];
  for (const [name, options] of localFaults) {
    it(`${name}, public prompt: cloud_fallback`, async () => {
      const { outcome, nonce } = await run(options, undefined);
      expectFallback(outcome, 'cloud_fallback', nonce);
    });
  }

  const foundry = (sdk: FakeSdkOptions | 'real'): RigOptions['localProvider'] => server => new FoundryLocalProvider({
    autoDetect: false, timeoutMs: 20_000,
    ...(sdk === 'real' ? {} : { loadSdk: async () => fakeFoundryLocalSdk({ serviceUrl: server.origin, ...sdk }) }),
  });
  const sdkFaults: ReadonlyArray<[string, FakeSdkOptions | 'real']> = [
    ['Foundry Local runtime missing (the real SDK, no native runtime here)', 'real'],
    ['Foundry Local model not downloaded', { models: [{ alias: 'phi-4-mini', cached: false }] }],
    ['Foundry Local model fails to load (out of memory)', { models: [{ alias: 'phi-4-mini', cached: true, loadFails: true }] }],
    ['Foundry Local alias unknown', { models: [{ alias: 'qwen2.5-0.5b', cached: true }] }],
    ['Foundry Local web service does not start', { startServiceFails: true }],
  ];
  for (const [name, sdk] of sdkFaults) {
    it(`${name}: cloud_fallback for a public prompt`, async () => {
      const { outcome, nonce } = await run({ localProvider: foundry(sdk) }, undefined);
      expectFallback(outcome, 'cloud_fallback', nonce);
    });
    it(`${name}: restricted_local_unavailable for a secret, no cloud connection`, async () => {
      const rig = await startRig({ withRouter: false, localProvider: foundry(sdk) });
      try {
        const { outcome } = await rig.ask({ prompt: `fix auth ${'ghp' + '_' + 'k7Qm2Xv9Lp4Rt8Wz3Nb6Yc1Hd5Gf0Js2Ae7Bu'}`, force: 'cloud' });
        expectError(outcome, 'restricted_local_unavailable');
        assert.equal(rig.cloudServer.connections.length, 0);
      } finally {
        await rig.stop();
      }
    });
  }

  it('Foundry Local with a working (fake) SDK serves from its web service: local', async () => {
    const { outcome, nonce } = await run({ localProvider: foundry({}) }, 'local');
    assert.equal(outcome.kind === 'answered' && outcome.response.path, 'local');
    assert.equal(outcome.kind === 'answered' && outcome.response.answer, `local answered ${nonce}`);
  });

  it('both sides down: all_providers_failed with a correlation id', async () => {
    const { outcome } = await run({ local: always({ kind: 'status', status: 503 }, 'local'), cloud: always({ kind: 'status', status: 500 }, 'cloud') }, 'cloud');
    expectError(outcome, 'all_providers_failed');
  });

  it('both sides unreachable: all_providers_failed', async () => {
    const { outcome } = await run({ localBaseUrl: 'http://127.0.0.1:1/v1', cloudBaseUrl: 'http://127.0.0.2:9/v1' }, undefined);
    expectError(outcome, 'all_providers_failed');
  });
});
