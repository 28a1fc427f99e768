/**
 * Load: 200 concurrent asks through one RouterService against two loopback servers that inject seeded faults
 * (500, 429, empty, malformed SSE, streams cut before or during the answer). Every call ends in an answer or a
 * structured error; none is lost or answered twice; answers are never crossed (each echoes its own nonce, from the
 * side its `path` names); restricted requests never reach the cloud; memory returns near its baseline.
 */
import * as assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { correlationIdOf } from '../../src/router/routeLog';
import type { AskOutcome } from '../../src/router/service';
import type { AskRequest } from '../../src/router/types';
import { isRouterCall, type Behavior, type Responder } from '../fakes/recordingServer';
import { echoResponder, nonceOf, startRig, type Rig } from './support/rig';
import { SECRET_GENERATORS, seeded } from './support/secrets';

const COUNT = 200;
const ID = /^[A-Za-z0-9._:-]{4,64}$/;

/** A fault chosen from the nonce, so a request meets the same fault whatever the arrival order. */
function faulty(side: 'local' | 'cloud', seed: number): Responder {
  const echo = echoResponder(side, '{"target":"local","confidence":0.2,"complexity":"medium","reason":"load"}');
  return call => {
    if (call.method !== 'POST' || isRouterCall(call)) {
      return echo(call);
    }
    const nonce = nonceOf(call);
    const rand = seeded(seed ^ hash(nonce));
    const roll = rand();
    const text = `${side} answered ${nonce}`;
    const faults: Behavior[] = [
      { kind: 'status', status: 500 }, { kind: 'status', status: 429 }, { kind: 'empty' }, { kind: 'malformed-sse' },
      { kind: 'cut', text, afterChunks: 0 }, { kind: 'cut', text, afterChunks: 1 },
    ];
    return roll < 0.55 ? { kind: 'answer', text, chunks: 1 + Math.floor(rand() * 4) } : faults[Math.floor(rand() * faults.length)];
  };
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  }
  return h >>> 0;
}

function collectGarbage(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

describe('adversarial: 200 concurrent asks with injected faults', function () {
  this.timeout(120_000);
  let rig: Rig;
  before(async () => {
    rig = await startRig({ local: faulty('local', 11), cloud: faulty('cloud', 29) });
  });
  after(async () => { await rig.stop(); });

  it('every call ends once, in its own answer or a structured error; no crossing, no leak, memory back near baseline', async () => {
    const gc = collectGarbage();
    gc();
    const baseline = process.memoryUsage().heapUsed;
    const rand = seeded(2026);
    const secrets = new Map<string, string>();
    const requests: AskRequest[] = Array.from({ length: COUNT }, (_, i) => {
      const nonce = `NONCE-${i.toString(36)}x${Math.floor(rand() * 1e9).toString(36)}`;
      const roll = rand();
      if (roll < 0.3) {
        const secret = SECRET_GENERATORS.github(rand);
        secrets.set(nonce, secret.value);
        return { prompt: `Why is this slow? ${nonce} token ${secret.text}`, force: 'cloud' };
      }
      return { prompt: `Why does this loop never terminate? ${nonce}`, force: roll < 0.65 ? 'cloud' : undefined };
    });
    const streamed = requests.map(() => '');
    const settled = await Promise.allSettled(requests.map((req, i) => rig.service.ask(req, new AbortController().signal, t => { streamed[i] += t; })));

    assert.equal(settled.length, COUNT);
    const outcomes: AskOutcome[] = settled.map((s, i) => {
      assert.equal(s.status, 'fulfilled', `call ${i} threw`);
      return (s as PromiseFulfilledResult<AskOutcome>).value;
    });
    const ids = new Set<string>();
    const tally: Record<string, number> = {};
    outcomes.forEach((outcome, i) => {
      const nonce = /NONCE-[a-z0-9]+/.exec(requests[i].prompt)?.[0] ?? '';
      assert.notEqual(outcome.kind, 'cancelled', `call ${i} was cancelled`);
      const otherNonces = (streamed[i].match(/NONCE-[a-z0-9]+/g) ?? []).filter(n => n !== nonce);
      assert.deepEqual(otherNonces, [], `call ${i} streamed another request's answer`);
      if (outcome.kind === 'answered') {
        const r = outcome.response;
        const side = r.path === 'local' || r.path === 'local_fallback' ? 'local' : 'cloud';
        assert.equal(r.answer, `${side} answered ${nonce}`, `call ${i}: answer crossed or mislabelled (${r.path})`);
        assert.ok(!(secrets.has(nonce) && side === 'cloud'), `call ${i}: restricted request answered by the cloud`);
        ids.add(r.correlationId);
        tally[r.path] = (tally[r.path] ?? 0) + 1;
      } else if (outcome.kind === 'failed') {
        assert.match(outcome.error.correlationId, ID);
        assert.ok(outcome.error.message.length > 0);
        ids.add(outcome.error.correlationId);
        tally[outcome.error.code] = (tally[outcome.error.code] ?? 0) + 1;
      }
    });
    assert.equal(ids.size, COUNT, 'correlation ids are unique: none answered twice, none lost');
    const logged = rig.log.recent().map(correlationIdOf);
    assert.equal(logged.length, COUNT, 'one route record per call');
    assert.equal(new Set(logged).size, COUNT);
    // The mix really exercised the fallback table.
    assert.ok((tally.local ?? 0) + (tally.cloud ?? 0) > 0 && (tally.local_fallback ?? 0) + (tally.cloud_fallback ?? 0) > 0, JSON.stringify(tally));

    const cloudSaw = rig.cloudServer.allBodies();
    for (const [nonce, value] of secrets) {
      assert.ok(!cloudSaw.includes(nonce) && !cloudSaw.includes(value.slice(0, 12)), 'a restricted request reached the cloud');
    }
    await Promise.all([rig.localServer.allClosed(), rig.cloudServer.allClosed()]);
    assert.deepEqual([...rig.localServer.openCalls(), ...rig.cloudServer.openCalls()], []);

    outcomes.length = 0;
    streamed.length = 0;
    rig.log.clear();
    gc();
    const after = process.memoryUsage().heapUsed;
    // Generous: the point is "no per-request retention", not a tight number.
    assert.ok(after - baseline < 40 * 1024 * 1024, `heap grew by ${Math.round((after - baseline) / 1024 / 1024)} MB`);
  });
});
