import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
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

  describe('agent turns: ask --messages FILE --tools FILE', () => {
    let dir: string;
    beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'hybrid-cli-agent-')); });
    afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

    const TOOLS = [{ type: 'function', function: { name: 'read_file', description: 'Read a workspace file', parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } } }];
    /** An OpenAI-shaped conversation: the task, the model's read_file call, and its result. */
    const conversation = (task: string, result: string) => [
      { role: 'system', content: 'You are a coding agent. Use the tools.' },
      { role: 'user', content: task },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'read_file', arguments: JSON.stringify({ path: 'deploy/.env.production' }) } }] },
      { role: 'tool', tool_call_id: 'call_1', content: result },
    ];
    const files = (messages: unknown): string[] => {
      writeFileSync(join(dir, 'messages.json'), JSON.stringify(messages));
      writeFileSync(join(dir, 'tools.json'), JSON.stringify(TOOLS));
      return ['--messages', join(dir, 'messages.json'), '--tools', join(dir, 'tools.json')];
    };
    const posts = (server: ReplayServer) => server.requests.filter(r => r.method === 'POST' && !isRouterCall(r));

    it('a tool result holding a secret keeps the turn local under forced cloud: the cloud server receives nothing', async () => {
      const token = githubToken();
      const args = files(conversation(complexPrompt, `GITHUB_TOKEN=${token}\nREGION=westeurope\n`));
      const run = await runCli(['ask', '--json', '--force', 'cloud', '--mode', 'prefer-cloud', ...endpoints(), ...args], { HYBRID_CLOUD_API_KEY: 'cloud-key-for-test' });
      assert.equal(run.code, 0, run.stderr);
      assert.equal(cloud.requests.length, 0, 'the cloud server saw no request at all');
      assert.equal(run.json.path, 'local');
      assert.equal(run.json.privacy, 'restricted');
      assert.match(String(run.json.reason), /a GitHub token in the result of `read_file` \(line 1\)/);
      // The local model got the conversation structurally: the call and its result, and the tools.
      const body = posts(local)[0].body as { messages: Record<string, unknown>[]; tools?: unknown[] };
      assert.deepEqual(body.messages.map(m => m.role), ['system', 'user', 'assistant', 'tool']);
      assert.equal((body.messages[2].tool_calls as { function: { name: string } }[])[0].function.name, 'read_file');
      assert.equal(body.messages[3].tool_call_id, 'call_1');
      assert.equal(body.tools?.length, 1);
      assert.ok(!run.stdout.includes(token) && !run.stderr.includes(token), 'the token is never printed');
    });

    it('a clean agent turn goes where the router says (the cloud, for a very complex task), tools and tool messages included', async () => {
      const args = files(conversation(complexPrompt, 'export const region = "westeurope";\n'));
      const run = await runCli(['ask', '--json', ...endpoints(), ...args], { HYBRID_CLOUD_API_KEY: 'cloud-key-for-test' });
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.json.path, 'cloud');
      assert.equal(run.json.privacy, 'internal');
      const [sent] = posts(cloud);
      const body = sent.body as { messages: Record<string, unknown>[]; tools?: { function: { name: string } }[]; tool_choice?: string };
      assert.deepEqual(body.messages.map(m => m.role), ['system', 'user', 'assistant', 'tool'], 'ends with the tool result: no invented prompt');
      assert.equal(body.tools?.[0].function.name, 'read_file');
      assert.equal(body.tool_choice, 'auto');
      assert.equal(run.json.toolCalls, undefined, 'a text answer carries no toolCalls');
    });

    it('a model that asks for tools: --json prints the AgentResponse with toolCalls [{id, name, arguments}]', async () => {
      // The cloud streams two parallel read_file calls, their arguments split across chunks, as Chat Completions does.
      const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
        data: { id: 'chatcmpl-tools', object: 'chat.completion.chunk', created: 1764190000, model: CLOUD_MODEL, choices: [{ index: 0, delta, finish_reason: finish }] },
      });
      const call = (index: number, id: string, name: string, args: string) => ({ tool_calls: [{ index, id, type: 'function', function: { name, arguments: args } }] });
      const more = (index: number, args: string) => ({ tool_calls: [{ index, function: { arguments: args } }] });
      cloudAnswer = {
        name: 'tool-calls-inline', request: { method: 'POST', path: '/v1/chat/completions' },
        response: {
          status: 200, headers: { 'content-type': 'text/event-stream' },
          events: [
            chunk({ role: 'assistant', content: null, ...call(0, 'call_a', 'read_file', '{"pa') }), chunk(more(0, 'th":"src/a.ts"}')),
            chunk(call(1, 'call_b', 'read_file', '{"path":"src/b.ts"}')), chunk({}, 'tool_calls'),
            { data: '[DONE]' },
          ],
        },
      };
      const args = files([{ role: 'user', content: complexPrompt }]);
      const run = await runCli(['ask', '--json', ...endpoints(), ...args], { HYBRID_CLOUD_API_KEY: 'cloud-key-for-test' });
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.json.path, 'cloud');
      assert.equal(run.json.answer, '');
      assert.deepEqual(run.json.toolCalls, [
        { id: 'call_a', name: 'read_file', arguments: { path: 'src/a.ts' } },
        { id: 'call_b', name: 'read_file', arguments: { path: 'src/b.ts' } },
      ]);
    });

    it('a malformed, missing or unusable file is a clear error naming the file, and nothing is sent', async () => {
      const token = githubToken();
      writeFileSync(join(dir, 'broken.json'), `[{"role":"user","content":"${token}"`);
      writeFileSync(join(dir, 'orphan.json'), JSON.stringify([{ role: 'tool', tool_call_id: 'x', content: token }]));
      const cases: [string[], RegExp][] = [
        [['--messages', join(dir, 'broken.json')], /--messages .*broken\.json is not valid JSON/],
        [['--messages', join(dir, 'missing.json')], /cannot read --messages .*missing\.json \(no such file\)/],
        [['--messages', join(dir, 'orphan.json')], /orphan\.json is not usable: message 1: a tool message needs a tool_call_id/],
        [['--messages', join(dir, 'orphan.json'), '--tools', join(dir, 'broken.json')], /orphan\.json is not usable/],
      ];
      for (const [args, expected] of cases) {
        const run = await runCli(['ask', '--json', ...endpoints(), ...args]);
        assert.equal(run.code, 1, `${args.join(' ')}: ${run.stderr}`);
        assert.match(run.stderr, expected);
        assert.ok(!run.stderr.includes(token.slice(4, 12)) && !run.stdout.includes(token.slice(4, 12)), 'the file content is never echoed');
      }
      assert.equal(posts(local).length + cloud.requests.length, 0);
    });
  });
});
