/**
 * Leak attempts: a secret hidden in every place a request can carry one, under the most hostile routing we can
 * arrange at once — `/cloud` forced, preferCloud mode, and a router model that answers "cloud, confidence 1.0".
 * Each case must reach the cloud loopback server with ZERO connections, and no 8-character piece of the secret may
 * appear in events, log lines, route records, tree rows, chat output and metadata, decision JSON or errors.
 * The same cases run through the command line (`hybrid-agent ask --json`, text output, `classify`).
 */
import * as assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, writeCaseFiles } from './support/cli';
import { assertNoLeak, serviceSurfaces } from './support/surfaces';
import { LANGUAGE_SNIPPETS, PLACEMENTS, type PlacedRequest } from './support/placements';
import { mixed, SECRET_GENERATORS, seeded, type SecretSample } from './support/secrets';
import { newNonce, startRig, type Rig } from './support/rig';

/** Secret formats tried in every placement: a provider token, a connection string, a private key, a generic assignment. */
const KINDS = ['github', 'connectionString', 'privateKey', 'genericAssignment'] as const;
const rand = seeded(0x5ec12e7);

function sample(kind: string): SecretSample {
  return SECRET_GENERATORS[kind](rand);
}

async function expectKeptLocal(rig: Rig, placed: PlacedRequest, what: string): Promise<void> {
  const cloudBefore = rig.cloudServer.connections.length;
  const session = rig.session({ mode: 'preferCloud' });
  const { outcome, streamed } = await session.ask({ ...placed.request, force: 'cloud' });
  assert.equal(rig.cloudServer.connections.length, cloudBefore, `${what}: a connection reached the cloud server`);
  assert.equal(outcome.kind, 'answered', `${what}: expected a local answer, got ${outcome.kind}`);
  if (outcome.kind === 'answered') {
    assert.equal(outcome.response.path, 'local');
    assert.equal(outcome.response.privacy, 'restricted');
  }
  const surfaces = { ...serviceSurfaces(session.sink, session.log, [outcome]), streamed };
  placed.secrets.forEach(secret => assertNoLeak(secret, surfaces, what));
}

describe('adversarial: leak attempts through the service (forced cloud, preferCloud, router says cloud 1.0)', function () {
  let rig: Rig;
  before(async () => { rig = await startRig(); });
  after(async () => {
    await rig.stop();
    assert.equal(rig.cloudServer.calls.length, 0, 'no request of this suite may reach the cloud');
  });

  for (const placement of PLACEMENTS) {
    for (const kind of KINDS) {
      it(`${kind} ${placement.name}`, async () => {
        await expectKeptLocal(rig, placement.build(sample(kind), newNonce()), `${kind} ${placement.name}`);
      });
    }
  }

  for (const snippet of LANGUAGE_SNIPPETS) {
    it(`a credential in a ${snippet.name} snippet`, async () => {
      const value = mixed(rand, 24);
      const nonce = newNonce();
      await expectKeptLocal(rig, { request: { prompt: `Review ${nonce}`, references: [{ kind: 'file', name: snippet.file, path: snippet.file, content: snippet.code(value) }] }, secrets: [value] }, snippet.name);
    });
  }

  it('a secret split across two references, each half a credential assignment', async () => {
    const value = mixed(rand, 40);
    const [a, b] = [value.slice(0, 20), value.slice(20)];
    const placed: PlacedRequest = {
      request: {
        prompt: `Join these ${newNonce()}`,
        references: [
          { kind: 'file', name: 'a.env', path: 'src/a.txt', content: `api_key_part1 = "${a}"\n` },
          { kind: 'file', name: 'b.txt', path: 'src/b.txt', content: `api_key_part2 = "${b}"\n` },
        ],
      },
      secrets: [a, b],
    };
    await expectKeptLocal(rig, placed, 'split with keywords');
  });

  it('a provider token cut in half at the boundary between two selections', async () => {
    const token = sample('github');
    const cut = Math.floor(token.text.length / 2);
    const placed: PlacedRequest = {
      request: {
        prompt: `Explain ${newNonce()}`,
        references: [
          { kind: 'selection', name: 'selection', content: `const auth = "${token.text.slice(0, cut)}`, startLine: 3 },
          { kind: 'selection', name: 'selection 2', content: `${token.text.slice(cut)}";`, startLine: 4 },
        ],
      },
      secrets: [token.value],
    };
    await expectKeptLocal(rig, placed, 'token split at a reference boundary');
  });
});

describe('adversarial: leak attempts through the command line', function () {
  let rig: Rig;
  let dir: string;
  before(async () => {
    rig = await startRig();
    dir = await mkdtemp(join(tmpdir(), 'hybrid-adv-'));
  });
  after(async () => {
    await rig.stop();
    await rm(dir, { recursive: true, force: true });
    assert.equal(rig.cloudServer.calls.length, 0, 'no request of this suite may reach the cloud');
  });

  const endpoints = (): string[] => [
    '--local-base-url', rig.localServer.baseUrl, '--local-model', 'local-model',
    '--cloud-base-url', rig.cloudServer.baseUrl, '--cloud-model', 'gpt-4o',
  ];

  async function expectCliKeptLocal(placed: PlacedRequest, what: string): Promise<void> {
    const cli0 = placed.cli;
    assert.ok(cli0);
    const { caseDir, fileArgs } = await writeCaseFiles(dir, cli0.files);
    const cloudBefore = rig.cloudServer.connections.length;
    const runs = [
      await runCli(['ask', '--json', '--verbose', '--force', 'cloud', '--mode', 'prefer-cloud', '--prompt', cli0.prompt, ...fileArgs, ...endpoints()], caseDir),
      await runCli(['ask', '--verbose', '--mode', 'prefer-cloud', '--prompt', cli0.prompt, ...fileArgs, ...endpoints()], caseDir),
      await runCli(['classify', '--json', '--verbose', '--force', 'cloud', '--prompt', cli0.prompt, ...fileArgs, '--local-base-url', rig.localServer.baseUrl, '--local-model', 'local-model'], caseDir),
      await runCli(['classify', '--prompt', cli0.prompt, ...fileArgs], caseDir),
    ];
    assert.equal(rig.cloudServer.connections.length, cloudBefore, `${what}: the CLI reached the cloud server`);
    runs.forEach((run, i) => assert.equal(run.code, 0, `${what}: run ${i} exited ${run.code}: ${run.err.slice(0, 300)}`));
    const answer = JSON.parse(runs[0].out) as { path: string; privacy: string };
    assert.equal(answer.path, 'local');
    assert.equal(answer.privacy, 'restricted');
    const decision = JSON.parse(runs[2].out) as { target: string; privacy: string };
    assert.equal(decision.target, 'local');
    assert.equal(decision.privacy, 'restricted');
    const surfaces = Object.fromEntries(runs.flatMap((r, i) => [[`stdout#${i}`, r.out], [`stderr#${i}`, r.err]]));
    placed.secrets.forEach(secret => assertNoLeak(secret, surfaces, what));
  }

  for (const placement of PLACEMENTS) {
    for (const kind of KINDS) {
      const probe = placement.build(sample(kind), 'NONCE-probe');
      if (probe.cli) {
        it(`${kind} ${placement.name}`, async () => {
          await expectCliKeptLocal(placement.build(sample(kind), newNonce()), `cli ${kind} ${placement.name}`);
        });
      }
    }
  }

  for (const snippet of LANGUAGE_SNIPPETS) {
    it(`a credential in a ${snippet.name} snippet (--file)`, async () => {
      const value = mixed(rand, 24);
      await expectCliKeptLocal({ request: { prompt: '' }, cli: { prompt: `Review ${newNonce()}`, files: [{ name: snippet.file, content: snippet.code(value) }] }, secrets: [value] }, `cli ${snippet.name}`);
    });
  }
});
