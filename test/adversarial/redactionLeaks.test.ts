/**
 * The leak attempts of leaks.test.ts again, with `privacy.onSecret` = `redactForCloud`, under the same hostile
 * routing (`/cloud` forced, preferCloud, a router model that says "cloud, 1.0"). Now a restricted request may reach
 * the cloud, but only redacted: no piece of any secret may be readable in any cloud request body, raw or encoded
 * (base64, hex, URL-encoding, JSON escapes) or split across messages. A cloud answer that echoes the placeholders
 * (in code, in quotes, cut across chunks) reaches the person restored; the secret still never reaches events, log
 * lines, route records, tree rows, decision JSON or errors. The CLI's `--on-secret redact-for-cloud` likewise.
 */
import * as assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AskOutcome } from '../../src/router/service';
import type { RecordedCall } from '../fakes/recordingServer';
import { assertNothingReachedCloud, placeholderEchoResponder } from './support/cloudBodies';
import { runCli, writeCaseFiles } from './support/cli';
import { assertNoLeak, serviceSurfaces } from './support/surfaces';
import { LANGUAGE_SNIPPETS, PLACEMENTS, type PlacedRequest } from './support/placements';
import { mixed, SECRET_GENERATORS, seeded, type SecretSample } from './support/secrets';
import { newNonce, startRig, type Rig } from './support/rig';
import { AGENT_PLACEMENTS } from './support/agentPlacements';

const KINDS = ['github', 'connectionString', 'privateKey', 'genericAssignment'] as const;
/** Placements where the secret sits in plain text, so the restored answer holds it as written. */
const PLAIN = new Set(['in the prompt', 'in a selection', 'in an attached file', 'in an implicit reference',
  'only in an earlier history turn', 'in a comment', 'inside a markdown code fence']);
const rand = seeded(0x7edac7);

function sample(kind: string): SecretSample {
  return SECRET_GENERATORS[kind](rand);
}

const POSTS = (calls: readonly RecordedCall[]): RecordedCall[] => calls.filter(c => c.method === 'POST');

/** Checks one answered-or-kept-local outcome; returns whether the cloud answered (redacted). */
function checkOutcome(outcome: AskOutcome, streamed: string, cloudCalls: number, what: string): boolean {
  assert.equal(outcome.kind, 'answered', `${what}: expected an answer, got ${outcome.kind}`);
  if (outcome.kind !== 'answered') { return false; }
  const r = outcome.response;
  assert.equal(r.privacy, 'restricted', `${what}: a request holding a secret is restricted, redacted or not`);
  if (cloudCalls === 0) {
    assert.equal(r.path, 'local', what);
    assert.equal(r.decision.redaction, undefined, `${what}: kept local, so nothing was redacted`);
    return false;
  }
  assert.equal(r.path, 'cloud', what);
  assert.equal(r.decision.stage, 'redaction', what);
  assert.ok((r.decision.redaction?.count ?? 0) >= 1, `${what}: a redacted request counts its placeholders`);
  assert.equal(streamed, r.answer, `${what}: what was streamed is the answer`);
  assert.ok(!streamed.includes('\u27e6'), `${what}: every echoed placeholder was restored`);
  return true;
}

describe('adversarial: leak attempts with redaction for the cloud (forced cloud, preferCloud, router says cloud 1.0)', function () {
  let rig: Rig;
  before(async () => { rig = await startRig({ cloud: placeholderEchoResponder() }); });
  after(async () => { await rig.stop(); });

  /** `mustRedact`: the gate points at every value, so the redacted copy must reach the cloud (not stay local). */
  async function expectRedactedOrLocal(placed: PlacedRequest, what: string, mustRedact: boolean, plain = mustRedact): Promise<void> {
    const before = rig.cloudServer.calls.length;
    const session = rig.session({ mode: 'preferCloud', onSecret: 'redactForCloud' });
    const { outcome, streamed } = await session.ask({ ...placed.request, force: 'cloud' });
    const calls = POSTS(rig.cloudServer.calls.slice(before));
    placed.secrets.forEach(secret => assertNothingReachedCloud(secret, calls, what));
    const redacted = checkOutcome(outcome, streamed, calls.length, what);
    if (mustRedact) {
      assert.ok(redacted, `${what}: expected the redacted copy to reach the cloud, not a local answer`);
    }
    if (redacted && plain) {
      // The echoed placeholders came back as the person's own values (encoded placements come back encoded).
      placed.secrets.forEach(secret => assert.ok(streamed.includes(secret), `${what}: the answer was not restored`));
    }
    // Everything around the answer is ours, and holds no piece of a secret.
    const surfaces = serviceSurfaces(session.sink, session.log, [outcome]);
    placed.secrets.forEach(secret => assertNoLeak(secret, surfaces, what));
  }

  for (const placement of PLACEMENTS) {
    for (const kind of KINDS) {
      it(`${kind} ${placement.name}`, async () => {
        // Every placement, encoded ones included, is redactable: encoded values are replaced as written.
        await expectRedactedOrLocal(placement.build(sample(kind), newNonce()), `${kind} ${placement.name}`, true, PLAIN.has(placement.name));
      });
    }
  }

  for (const snippet of LANGUAGE_SNIPPETS) {
    it(`a credential in a ${snippet.name} snippet`, async () => {
      const value = mixed(rand, 24);
      const request = { prompt: `Review ${newNonce()}`, references: [{ kind: 'file' as const, name: snippet.file, path: snippet.file, content: snippet.code(value) }] };
      await expectRedactedOrLocal({ request, secrets: [value] }, snippet.name, true);
    });
  }

  for (const placement of AGENT_PLACEMENTS) {
    for (const kind of KINDS) {
      it(`agent turn: ${kind} ${placement.name}`, async () => {
        const placed = placement.build(sample(kind), newNonce());
        // Tool results and string arguments are redacted like any part; an echoing model repeats the placeholders
        // of message texts (tool results), which come back restored.
        await expectRedactedOrLocal(placed, `agent ${kind} ${placement.name}`, true, placed.inContent && kind !== 'privateKey');
      });
    }
  }

  it('a secret split across two history messages, each half a credential assignment', async () => {
    const value = mixed(rand, 40);
    const [a, b] = [value.slice(0, 20), value.slice(20)];
    const history = [
      { role: 'user' as const, content: `api_key_part1 = "${a}"` },
      { role: 'assistant' as const, content: 'Noted.' },
      { role: 'user' as const, content: `api_key_part2 = "${b}"` },
    ];
    await expectRedactedOrLocal({ request: { prompt: `Join them ${newNonce()}`, history }, secrets: [a, b] }, 'split across history', false);
  });

  it('a provider token cut in half at the boundary between two selections stays local', async () => {
    const token = sample('github');
    const cut = Math.floor(token.text.length / 2);
    const request = {
      prompt: `Explain ${newNonce()}`,
      references: [
        { kind: 'selection' as const, name: 'selection', content: `const auth = "${token.text.slice(0, cut)}`, startLine: 3 },
        { kind: 'selection' as const, name: 'selection 2', content: `${token.text.slice(cut)}";`, startLine: 4 },
      ],
    };
    await expectRedactedOrLocal({ request, secrets: [token.value] }, 'token split at a reference boundary', false);
  });

  it('a value found in the history and repeated encoded in the prompt or a file is redacted in that form too', async () => {
    // Alone, the encoded value holds no finding: only the history says it is a secret.
    const value = mixed(rand, 24);
    const history = [{ role: 'user' as const, content: `db_password = "${value}"` }, { role: 'assistant' as const, content: 'Noted.' }];
    const forms = {
      base64: Buffer.from(value).toString('base64'),
      'base64 of a longer text': Buffer.from(`user:${value}`).toString('base64url'),
      hex: Buffer.from(value).toString('hex'),
      'percent-encoded': [...Buffer.from(value)].map(b => '%' + b.toString(16).toUpperCase().padStart(2, '0')).join(''),
      '\\u-escaped': [...value].map(c => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')).join(''),
    };
    for (const [form, encoded] of Object.entries(forms)) {
      const request = { prompt: `What does ${encoded} decode to? ${newNonce()}`, history };
      await expectRedactedOrLocal({ request, secrets: [value] }, `${form} in the prompt`, true, false);
      const file = { prompt: `Explain ${newNonce()}`, history, references: [{ kind: 'file' as const, name: 'src/blob.ts', path: 'src/blob.ts', content: `export const blob = "${encoded}";\n` }] };
      await expectRedactedOrLocal({ request: file, secrets: [value] }, `${form} in a file`, true, false);
    }
  });

  it('the same secret in the history and the prompt gets one placeholder', async () => {
    const s = sample('github');
    const request = { prompt: `Is ${s.text} still valid? ${newNonce()}`, history: [{ role: 'user' as const, content: `I set ${s.text} yesterday` }, { role: 'assistant' as const, content: 'OK.' }] };
    const before = rig.cloudServer.calls.length;
    await expectRedactedOrLocal({ request, secrets: [s.value] }, 'same secret twice', true);
    const body = POSTS(rig.cloudServer.calls.slice(before))[0].bodyText;
    assert.deepEqual([...new Set(body.match(/\u27e6SECRET_\d+\u27e7/g))], ['\u27e6SECRET_1\u27e7']);
  });
});

describe('adversarial: redaction for the cloud through the command line (--on-secret redact-for-cloud)', function () {
  let rig: Rig;
  let dir: string;
  before(async () => {
    rig = await startRig({ cloud: placeholderEchoResponder() });
    dir = await mkdtemp(join(tmpdir(), 'hybrid-redact-'));
  });
  after(async () => {
    await rig.stop();
    await rm(dir, { recursive: true, force: true });
  });

  for (const placement of PLACEMENTS.filter(p => PLAIN.has(p.name))) {
    for (const kind of KINDS) {
      const probe = placement.build(sample(kind), 'NONCE-probe');
      if (!probe.cli) { continue; }
      it(`${kind} ${placement.name}`, async () => {
        const placed = placement.build(sample(kind), newNonce());
        const { caseDir, fileArgs } = await writeCaseFiles(dir, placed.cli!.files);
        const before = rig.cloudServer.calls.length;
        const endpoints = ['--local-base-url', rig.localServer.baseUrl, '--local-model', 'local-model', '--cloud-base-url', rig.cloudServer.baseUrl, '--cloud-model', 'gpt-4o'];
        const json = await runCli(['ask', '--json', '--verbose', '--on-secret', 'redact-for-cloud', '--force', 'cloud', '--prompt', placed.cli!.prompt, ...fileArgs, ...endpoints], caseDir);
        const text = await runCli(['ask', '--on-secret', 'redact-for-cloud', '--mode', 'prefer-cloud', '--force', 'cloud', '--prompt', placed.cli!.prompt, ...fileArgs, ...endpoints], caseDir);
        const classify = await runCli(['classify', '--json', '--on-secret', 'redact-for-cloud', '--force', 'cloud', '--prompt', placed.cli!.prompt, ...fileArgs], caseDir);
        [json, text, classify].forEach((run, i) => assert.equal(run.code, 0, `run ${i}: ${run.err.slice(0, 300)}`));
        const calls = POSTS(rig.cloudServer.calls.slice(before));
        assert.equal(calls.length, 2, 'both asks reached the cloud, redacted');
        placed.secrets.forEach(secret => assertNothingReachedCloud(secret, calls, placement.name));
        const answer = JSON.parse(json.out) as { answer: string; path: string; decision: { stage: string; redaction?: { count: number; rules: string[] } } };
        assert.equal(answer.path, 'cloud');
        assert.equal(answer.decision.stage, 'redaction');
        assert.ok((answer.decision.redaction?.count ?? 0) >= 1);
        const decision = JSON.parse(classify.out) as { target: string; redaction?: { count: number } };
        assert.equal(decision.target, 'cloud');
        assert.ok((decision.redaction?.count ?? 0) >= 1);
        for (const secret of placed.secrets) {
          // The person gets their own value back in the answer; everywhere else the secret is absent.
          assert.ok(answer.answer.includes(secret) && text.out.includes(secret), 'the answer was restored');
          const { answer: _a, ...around } = answer;
          assertNoLeak(secret, { json: JSON.stringify(around), verbose: json.err, textErr: text.err, classify: classify.out + classify.err }, placement.name);
        }
      });
    }
  }
});
