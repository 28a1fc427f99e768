/**
 * When redaction may NOT send a restricted request to the cloud, through the real service and real providers over
 * loopback: a redacted copy that still holds a finding, a finding without a value span (a marker, a sensitive file
 * by name), the setting off, local-only mode, a reached budget, a conversation already marked restricted. And what
 * happens around a redacted request: a cloud failure falls back to the local model with the original, and a
 * conversation's vault keeps each value's placeholder from turn to turn.
 */
import * as assert from 'node:assert/strict';
import { BudgetLedger } from '../../src/router/budget';
import { MAX_FINDINGS_PER_RULE } from '../../src/router/privacy/scanner';
import { PlaceholderVault } from '../../src/router/redaction';
import type { AskRequest, RouterConfig } from '../../src/router/types';
import { ManualClock } from '../fakes';
import type { RecordedCall, Responder } from '../fakes/recordingServer';
import { assertNothingReachedCloud, placeholderEchoResponder } from './support/cloudBodies';
import { newNonce, startRig, type Rig } from './support/rig';
import { SECRET_GENERATORS, seeded } from './support/secrets';

const rand = seeded(0x90c1c7);
const token = () => SECRET_GENERATORS.github(rand);
const POSTS = (calls: readonly RecordedCall[]): RecordedCall[] => calls.filter(c => c.method === 'POST');
const REDACT: Partial<RouterConfig> = { mode: 'preferCloud', onSecret: 'redactForCloud' };

describe('adversarial: redaction policy (what stays local, fallback, placeholders across turns)', function () {
  let rig: Rig;
  before(async () => { rig = await startRig({ cloud: placeholderEchoResponder() }); });
  after(async () => { await rig.stop(); });

  async function expectLocal(req: AskRequest, secrets: readonly string[], what: string, config: Partial<RouterConfig> = REDACT): Promise<void> {
    const before = rig.cloudServer.calls.length;
    const { outcome } = await rig.session(config).ask(req);
    assert.equal(POSTS(rig.cloudServer.calls.slice(before)).length, 0, `${what}: a request reached the cloud`);
    assert.equal(outcome.kind, 'answered', what);
    if (outcome.kind === 'answered') {
      assert.equal(outcome.response.path, 'local', what);
      assert.equal(outcome.response.privacy, 'restricted', what);
      assert.equal(outcome.response.decision.redaction, undefined, what);
    }
    secrets.forEach(s => assertNothingReachedCloud(s, rig.cloudServer.calls, what));
  }

  it('a redacted copy that still holds a finding stays local (more tokens than the gate reports per rule)', async () => {
    // The gate reports the first MAX_FINDINGS_PER_RULE findings of a rule; the copy with those redacted shows the rest.
    const samples = Array.from({ length: MAX_FINDINGS_PER_RULE + 30 }, token);
    const content = samples.map((s, i) => `const token${i} = "${s.text}";`).join('\n');
    await expectLocal({ prompt: `Rotate these ${newNonce()}`, references: [{ kind: 'file', name: 'src/tokens.ts', path: 'src/tokens.ts', content }], force: 'cloud' },
      samples.map(s => s.value), 'copy with findings');
  });

  it('a confidentiality marker has no value to replace: stays local', async () => {
    const s = token();
    const content = `// CONFIDENTIAL - internal only\nconst auth = "${s.text}";\n`;
    await expectLocal({ prompt: `Is this scoped right? ${newNonce()}`, references: [{ kind: 'file', name: 'src/auth.ts', path: 'src/auth.ts', content }], force: 'cloud' }, [s.value], 'marker');
  });

  it('a sensitive file by name has no value to replace: stays local', async () => {
    const s = token();
    await expectLocal({ prompt: `Check ${newNonce()}`, references: [{ kind: 'file', name: '.env', path: '.env', content: `GITHUB_TOKEN=${s.text}\n` }], force: 'cloud' }, [s.value], 'sensitive file');
  });

  it('a file whose name holds a token: the name is sent as written, so it stays local', async () => {
    const [inName, inContent] = [token(), token()];
    const name = `keys/${inName.text}.txt`;
    await expectLocal({ prompt: `Check ${newNonce()}`, references: [{ kind: 'file', name, path: name, content: `const auth = "${inContent.text}";\n` }], force: 'cloud' },
      [inName.value, inContent.value], 'token in a file name');
  });

  it('with the setting off (the default), local-only mode, a reached budget or a sticky conversation: stays local', async () => {
    const ask = (): { req: AskRequest; secret: string } => {
      const s = token();
      return { req: { prompt: `Refactor the auth module that uses ${s.text} ${newNonce()}`, force: 'cloud' }, secret: s.value };
    };
    let c = ask();
    await expectLocal(c.req, [c.secret], 'stayLocal', { mode: 'preferCloud' });
    c = ask();
    await expectLocal(c.req, [c.secret], 'localOnly', { ...REDACT, mode: 'localOnly' });
    c = ask();
    await expectLocal({ ...c.req, stickyRestricted: true }, [c.secret], 'sticky');
    const clock = new ManualClock();
    const budget = new BudgetLedger(clock);
    budget.record(5);
    const spent = await startRig({ cloud: placeholderEchoResponder(), budget, config: { ...REDACT, dailyBudgetUsd: 1 } });
    try {
      c = ask();
      const { outcome } = await spent.ask(c.req);
      assert.equal(POSTS(spent.cloudServer.calls).length, 0, 'the budget gate applies to the redacted copy');
      assert.ok(outcome.kind === 'answered' && outcome.response.path === 'local');
    } finally {
      await spent.stop();
    }
  });

  it('a redacted cloud request that fails falls back to the local model, which gets the original', async () => {
    const failing = await startRig({ cloud: () => ({ kind: 'status', status: 500, body: { error: { message: 'boom' } } }), config: REDACT });
    try {
      const s = token();
      const { outcome, streamed } = await failing.ask({ prompt: `Why is ${s.text} rejected? ${newNonce()}`, force: 'cloud' });
      assert.ok(POSTS(failing.cloudServer.calls).length >= 1, 'the redacted copy was tried in the cloud');
      assertNothingReachedCloud(s.value, failing.cloudServer.calls, 'failed cloud call');
      assert.equal(outcome.kind, 'answered');
      if (outcome.kind === 'answered') {
        assert.equal(outcome.response.path, 'local_fallback');
        assert.equal(outcome.response.decision.stage, 'redaction');
      }
      const localAnswers = POSTS(failing.localServer.calls).filter(c => !/route coding-assistant requests/.test(c.bodyText));
      assert.ok(localAnswers.some(c => c.bodyText.includes(s.text)), 'the local model got the original');
      assert.ok(!streamed.includes('\u27e6'));
    } finally {
      await failing.stop();
    }
  });

  it('a restricted request whose local model fails goes to the cloud only as the full redaction (cloud_fallback), and only where the fallback is allowed', async () => {
    const localDown = (): Responder => () => ({ kind: 'status', status: 503, body: { error: { message: 'loading model' } } });
    const ask = (): { req: AskRequest; secret: string; text: string } => {
      const s = token();
      // A small question: the copy's own decision is local, so only the fallback can take it to the cloud.
      return { req: { prompt: `What does GITHUB_TOKEN=${s.text} in ci.yml do? ${newNonce()}` }, secret: s.value, text: s.text };
    };
    const down = await startRig({ local: localDown(), cloud: placeholderEchoResponder(), withRouter: false, config: { onSecret: 'redactForCloud' } });
    try {
      const c = ask();
      const { outcome, streamed } = await down.ask(c.req);
      assert.equal(outcome.kind, 'answered', JSON.stringify(outcome).slice(0, 300));
      if (outcome.kind === 'answered') {
        assert.equal(outcome.response.path, 'cloud_fallback');
        assert.equal(outcome.response.privacy, 'restricted');
        assert.equal(outcome.response.decision.redaction?.count, 1);
        assert.ok(outcome.response.decision.redaction?.rules.includes('github-token'));
        assert.match(outcome.response.reason, /redacted copy: 1 secret replaced by placeholders \(.*github-token/);
        assert.ok(outcome.response.answer.includes(c.text), 'the echoed placeholder is put back on the device');
      }
      assert.ok(!streamed.includes('\u27e6'));
      assert.equal(POSTS(down.cloudServer.calls).length, 1);
      assertNothingReachedCloud(c.secret, down.cloudServer.calls, 'redacted cloud_fallback');
      assert.ok(down.cloudServer.calls.some(call => call.bodyText.includes('\u27e6SECRET_1\u27e7')));

      const refusals: [string, Partial<RouterConfig>][] = [
        ['setting off', { onSecret: 'stayLocal' }],
        ['fallback off', { onSecret: 'redactForCloud', fallbackToCloud: false }],
        ['local-only', { onSecret: 'redactForCloud', mode: 'localOnly' }],
      ];
      for (const [what, config] of refusals) {
        const before = down.cloudServer.calls.length;
        const d = ask();
        const refused = await down.session(config).ask(d.req);
        assert.equal(POSTS(down.cloudServer.calls.slice(before)).length, 0, `${what}: a request reached the cloud`);
        assert.ok(refused.outcome.kind === 'failed', what);
        if (refused.outcome.kind === 'failed') {
          assert.ok(['restricted_local_unavailable', 'local_only_unavailable'].includes(refused.outcome.error.code), `${what}: ${refused.outcome.error.code}`);
        }
      }
    } finally {
      await down.stop();
    }
  });

  it('a conversation\'s vault keeps a value\'s placeholder from turn to turn', async () => {
    const [a, b] = [token(), token()];
    const vault = new PlaceholderVault();
    const session = rig.session(REDACT);
    const before = rig.cloudServer.calls.length;
    const signal = new AbortController().signal;
    await session.service.ask({ prompt: `First ${a.text} ${newNonce()}`, force: 'cloud' }, signal, () => undefined, { vault });
    const second = await session.service.ask({ prompt: `Now ${b.text} and again ${a.text} ${newNonce()}`, force: 'cloud' }, signal, () => undefined, { vault });
    const [first, next] = POSTS(rig.cloudServer.calls.slice(before)).map(c => c.bodyText);
    assert.ok(first.includes('\u27e6SECRET_1\u27e7'));
    assert.ok(next.includes('\u27e6SECRET_1\u27e7') && next.includes('\u27e6SECRET_2\u27e7'), 'the first value kept its placeholder');
    [a, b].forEach(s => assertNothingReachedCloud(s.value, rig.cloudServer.calls, 'two turns'));
    assert.ok(second.kind === 'answered' && second.response.answer.includes(a.text) && second.response.answer.includes(b.text));
    assert.deepEqual(JSON.parse(JSON.stringify(vault)), { placeholders: 2 }, 'a vault prints counts, never values');
  });
});
