import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { ReplayServer, type RecordedRequest } from './replayServer';
import { loadFixture, withModel, type Fixture } from './fixtures';

// The command line as a real process, against two loopback servers standing in for the local and the cloud model.
// `npm test` builds dist/ before this layer; when dist/cli.js is older than the tsc output, the tsc output is used.
// HYBRID_E2E_CLI=path picks another build.
const ROOT = resolve(__dirname, __dirname.includes('out') ? '../../..' : '../..');
const DIST_CLI = resolve(ROOT, 'dist/cli.js');
const OUT_CLI = resolve(ROOT, 'out/src/cli.js');
const CLI = process.env.HYBRID_E2E_CLI ? resolve(process.env.HYBRID_E2E_CLI) : existsSync(DIST_CLI) && (!existsSync(OUT_CLI) || statSync(DIST_CLI).mtimeMs >= statSync(OUT_CLI).mtimeMs) ? DIST_CLI : OUT_CLI;

const LOCAL_MODEL = 'Phi-4-mini-instruct-generic-cpu';
const CLOUD_MODEL = 'gpt-5.4';

interface Run { readonly code: number; readonly stdout: string; readonly stderr: string; readonly json: Record<string, unknown> }

function runCli(args: readonly string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise(done => {
    execFile(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      let json: Record<string, unknown> = {};
      try { json = JSON.parse(stdout) as Record<string, unknown>; } catch { /* not JSON: assertions will say */ }
      done({ code, stdout, stderr, json });
    });
  });
}

/** A random-looking GitHub token, built at run time so the repository holds no secret-shaped literal. */
function githubToken(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  let body = '';
  for (let i = 0; i < 36; i++) {
    body += alphabet[(i * 7919 + 13) % alphabet.length];
  }
  return 'gh' + 'p_' + body;
}

const isRouterCall = (r: RecordedRequest) => JSON.stringify(r.body ?? '').includes('json_schema') || JSON.stringify(r.body ?? '').includes('JSON schema');

describe(`CLI end to end (${CLI.startsWith(ROOT) ? CLI.slice(ROOT.length + 1) : CLI}) against loopback local and cloud servers`, function () {
  this.timeout(60_000);
  let local: ReplayServer;
  let cloud: ReplayServer;
  let localAnswer: Fixture | string;
  let cloudAnswer: Fixture | string;

  beforeEach(async () => {
    local = await ReplayServer.start();
    cloud = await ReplayServer.start();
    localAnswer = 'chat-stream';
    cloudAnswer = 'chat-stream';
    local.respondWith(r => {
      if (r.method === 'GET') {
        return 'models-list';
      }
      return isRouterCall(r) ? withModel(loadFixture('chat-stream-router-verdict'), LOCAL_MODEL) : localAnswer;
    });
    cloud.respondWith(r => (r.method === 'GET' ? 'models-list' : cloudAnswer));
  });
  afterEach(async () => {
    await local.stop();
    await cloud.stop();
  });

  const endpoints = () => ['--local-base-url', local.baseUrl, '--local-model', LOCAL_MODEL, '--cloud-base-url', cloud.baseUrl, '--cloud-model', CLOUD_MODEL];
  const secretPrompt = (token: string) => `Why does this call fail with 401?\nconst octokit = new Octokit({ auth: "${token}" });`;
  const complexPrompt = 'Refactor the whole authentication architecture across all 14 modules: migrate the session store, redesign the token flow, and plan the rollout with a threat model.';

  const secretCases: [string, string[]][] = [
    ['auto', ['--mode', 'auto']],
    ['local-only', ['--mode', 'local-only']],
    ['prefer-local', ['--mode', 'prefer-local']],
    ['prefer-cloud', ['--mode', 'prefer-cloud']],
    ['--force cloud', ['--force', 'cloud']],
    ['--force cloud in prefer-cloud', ['--force', 'cloud', '--mode', 'prefer-cloud']],
  ];
  for (const [label, flags] of secretCases) {
    it(`a secret-bearing prompt makes zero cloud requests (${label})`, async () => {
      const token = githubToken();
      const run = await runCli(['ask', '--json', ...flags, ...endpoints(), '--prompt', secretPrompt(token)], { HYBRID_CLOUD_API_KEY: 'cloud-key-for-test' });
      assert.equal(cloud.requests.length, 0, 'the cloud server saw no request at all');
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.json.path, 'local');
      assert.equal((run.json.decision as { privacy: string }).privacy, 'restricted');
      assert.ok(local.requests.some(r => r.method === 'POST'), 'the local model answered');
      assert.ok(!run.stdout.includes(token) && !run.stderr.includes(token), 'the token is never printed');
    });
  }

  it('a secret-bearing prompt with the local model down fails closed: error, still zero cloud requests', async () => {
    localAnswer = 'error-500';
    const token = githubToken();
    const run = await runCli(['ask', '--json', '--mode', 'prefer-cloud', ...endpoints(), '--prompt', secretPrompt(token)]);
    assert.equal(cloud.requests.length, 0);
    assert.equal(run.code, 1);
    assert.equal((run.json.error as { code: string }).code, 'restricted_local_unavailable');
    assert.ok(!run.stdout.includes(token) && !run.stderr.includes(token));
  });

  it('a complex clean prompt reaches the cloud and reports the model that answered', async () => {
    const run = await runCli(['ask', '--json', ...endpoints(), '--prompt', complexPrompt], { HYBRID_CLOUD_API_KEY: 'cloud-key-for-test' });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.json.path, 'cloud');
    assert.equal(run.json.model, 'gpt-5.4-mini-2026-03-17');
    const answers = cloud.requests.filter(r => r.method === 'POST');
    assert.equal(answers.length, 1);
    assert.equal(answers[0].headers.authorization, `Bearer <redacted:${'cloud-key-for-test'.length}>`);
    assert.equal((answers[0].body as { max_completion_tokens?: number }).max_completion_tokens !== undefined, true);
  });

  it('cloud fails → the local model answers, labelled local_fallback with the reason', async () => {
    cloudAnswer = 'error-500';
    const run = await runCli(['ask', '--json', ...endpoints(), '--prompt', complexPrompt]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.json.path, 'local_fallback');
    assert.equal(run.json.fallback, true);
    assert.match(String(run.json.fallbackReason), /500|server/i);
    assert.ok(cloud.requests.some(r => r.method === 'POST'), 'the cloud was attempted');
  });

  it('local fails → the cloud answers a clean prompt, labelled cloud_fallback with the reason', async () => {
    localAnswer = 'error-500';
    const run = await runCli(['ask', '--json', ...endpoints(), '--prompt', 'What does Array.prototype.flat do?']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.json.path, 'cloud_fallback');
    assert.equal(run.json.fallback, true);
    assert.match(String(run.json.fallbackReason), /500|server/i);
    assert.ok(local.requests.some(r => r.method === 'POST' && !isRouterCall(r)), 'the local model was attempted');
  });
});
