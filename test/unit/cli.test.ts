import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli';
import { parseArgs, type CliOptions } from '../../src/cli/args';
import { runDemoScenarios } from '../../src/runtime/demoScenarios';
import { cliRouterConfig, resolveEndpoints } from '../../src/cli/setup';
import { askProviders, classifyProviders, type Endpoints } from '../../src/runtime/endpointProviders';
import { aConnectionString, aGithubToken } from '../fakes';

const DECISION_KEYS = ['target', 'privacy', 'complexity', 'confidence', 'reason', 'deterministic', 'stage', 'findings', 'signals', 'routerModel', 'correlationId'];
const RESPONSE_KEYS = ['answer', 'path', 'model', 'provider', 'reason', 'confidence', 'latencyMs', 'correlationId', 'privacy', 'complexity', 'promptTokens', 'completionTokens', 'costUsd', 'fallback', 'fallbackReason', 'decision'];
const ERROR_KEYS = ['code', 'message', 'correlationId', 'privacy'];

interface Run { code: number; stdout: string; stderr: string }

async function run(argv: string[], opts: { stdin?: string; env?: Record<string, string>; signal?: AbortSignal; cwd?: string } = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  let stdinReads = 0;
  const code = await main(argv, {
    stdin: async () => { stdinReads++; return opts.stdin ?? ''; },
    stdout: t => { stdout += t; },
    stderr: t => { stderr += t; },
    env: opts.env ?? {},
    signal: opts.signal,
    cwd: opts.cwd,
  });
  assert.ok(stdinReads <= 1, 'stdin read more than once');
  return { code, stdout, stderr };
}

function stderrLines(r: Run): string[] {
  return r.stderr.split('\n').filter(Boolean);
}

/** A loopback OpenAI-compatible server: streams `reply` and records every request it receives. */
async function startModelServer(model: string, reply: string): Promise<{ url: string; requests: { path: string; auth?: string; body: Record<string, unknown> }[]; close(): Promise<void> }> {
  const requests: { path: string; auth?: string; body: Record<string, unknown> }[] = [];
  const readBody = (req: IncomingMessage) => new Promise<string>(resolve => {
    let text = '';
    req.on('data', c => { text += c; });
    req.on('end', () => resolve(text));
  });
  const server: Server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const body = raw ? JSON.parse(raw) as Record<string, unknown> : {};
    requests.push({ path: req.url ?? '', auth: req.headers.authorization, body });
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data: [{ id: model, object: 'model' }] }));
      return;
    }
    const chunk = (delta: Record<string, unknown>, finish: string | null, usage?: unknown) =>
      `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model, choices: usage ? [] : [{ index: 0, delta, finish_reason: finish }], ...(usage ? { usage } : {}) })}\n\n`;
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(chunk({ role: 'assistant', content: reply.slice(0, 5) }, null));
    res.write(chunk({ content: reply.slice(5) }, null));
    res.write(chunk({}, 'stop'));
    res.write(chunk({}, null, { prompt_tokens: 42, completion_tokens: 9, total_tokens: 51 }));
    res.end('data: [DONE]\n\n');
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () => new Promise<void>(resolve => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

describe('hybrid-agent CLI', () => {
  let dir: string;
  before(() => { dir = mkdtempSync(join(tmpdir(), 'hybrid-cli-')); });
  after(() => { rmSync(dir, { recursive: true, force: true }); });

  describe('classify', () => {
    it('--json prints exactly the RoutingDecision contract keys', async () => {
      const r = await run(['classify', '--json', '--prompt', 'hello']);
      assert.equal(r.code, 0);
      const decision = JSON.parse(r.stdout) as Record<string, unknown>;
      assert.deepEqual(Object.keys(decision), DECISION_KEYS);
      assert.equal(decision.target, 'local');
      assert.equal(r.stderr, '');
    });

    it('reads the prompt from stdin and keeps a secret-bearing --file local without printing the secret', async () => {
      const secret = aConnectionString();
      writeFileSync(join(dir, 'db.config'), `connection = "${secret}"\n`);
      const r = await run(['classify', '--json', '--file', 'db.config'], { stdin: 'what does this config do?', cwd: dir });
      assert.equal(r.code, 0);
      const decision = JSON.parse(r.stdout) as { privacy: string; target: string; findings: { source: string }[] };
      assert.deepEqual([decision.privacy, decision.target], ['restricted', 'local']);
      assert.ok(decision.findings.some(f => f.source === 'reference:db.config'));
      const password = /word=([^;]+)/.exec(secret)![1];
      assert.ok(!r.stdout.includes(password), 'the password was printed');
    });

    it('text mode says it decided on the deterministic stages alone when no local endpoint is set', async () => {
      const r = await run(['classify', '--prompt', 'Explain in detail how this parser works and analyse its failure modes.']);
      assert.equal(r.code, 0);
      assert.match(r.stderr, /deterministic stages alone/);
      assert.match(r.stdout, /^target: {5}(local|cloud)$/m);
      assert.match(r.stdout, /correlation id: hr-/);
    });
  });

  describe('errors', () => {
    it('an empty prompt prints the error object and exits 1 with one stderr line', async () => {
      const r = await run(['ask', '--json'], { stdin: '   \n' });
      assert.equal(r.code, 1);
      const body = JSON.parse(r.stdout) as { error: Record<string, unknown> };
      assert.deepEqual(Object.keys(body), ['error']);
      assert.deepEqual(Object.keys(body.error), ERROR_KEYS);
      assert.equal(body.error.code, 'empty_prompt');
      assert.equal(stderrLines(r).length, 1);
      assert.match(r.stderr, /empty_prompt/);
    });

    it('a binary --file is reported by name and never sent', async () => {
      writeFileSync(join(dir, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x1a, 0x0a]));
      const r = await run(['ask', '--json', '--file', 'logo.png', '--prompt', 'what is this?'], { cwd: dir });
      assert.equal(r.code, 1);
      const body = JSON.parse(r.stdout) as { error: { code: string; message: string } };
      assert.equal(body.error.code, 'binary_content');
      assert.match(body.error.message, /logo\.png/);
    });

    it('an unreadable --file is one stderr line and exit 1', async () => {
      const r = await run(['ask', '--file', 'does-not-exist.ts', '--prompt', 'x'], { cwd: dir });
      assert.equal(r.code, 1);
      assert.deepEqual(stderrLines(r), ['hybrid-agent: cannot read --file does-not-exist.ts (ENOENT)']);
    });

    const usageCases: [string, string[], RegExp][] = [
      ['no command', [], /a command is required/],
      ['an unknown command', ['route'], /unknown command 'route'/],
      ['a bad --force', ['ask', '--force', 'sideways'], /--force must be local or cloud/],
      ['a bad --mode', ['ask', '--mode', 'cheap'], /--mode must be one of auto, local-only, prefer-local, prefer-cloud/],
      ['a bad --on-secret', ['ask', '--on-secret', 'redact'], /--on-secret must be one of stay-local, redact-for-cloud/],
      ['an --on-secret named like an object key', ['ask', '--on-secret', 'constructor'], /--on-secret must be one of/],
      ['--on-secret on demo', ['demo', '--on-secret', 'stay-local'], /demo does not accept --on-secret/],
      ['a flag the command does not take', ['demo', '--file', 'x'], /demo does not accept --file/],
      ['a missing value', ['ask', '--prompt'], /--prompt needs a value/],
      ['a stray argument', ['ask', 'hello'], /unexpected argument 'hello'/],
      ['a value on --json', ['ask', '--json=yes'], /--json takes no value/],
      ['a local URL without a model', ['ask', '--local-base-url', 'http://127.0.0.1:1/v1', '--prompt', 'x'], /needs a model name/],
      ['a URL that is not http', ['ask', '--cloud-base-url', 'file:///etc', '--cloud-model', 'm'], /must be an http\(s\) URL/],
    ];
    for (const [what, argv, message] of usageCases) {
      it(`usage error: ${what} → exit 2 with usage text`, async () => {
        const r = await run(argv);
        assert.equal(r.code, 2);
        assert.match(r.stderr, message);
        if (!argv.includes('--local-base-url')) {
          assert.match(r.stderr, /Usage:/);
        }
        assert.equal(r.stdout, '');
      });
    }

    it('--help prints usage and exits 0', async () => {
      const r = await run(['ask', '--help']);
      assert.equal(r.code, 0);
      assert.match(r.stdout, /hybrid-agent classify/);
    });

    it('cancelled → exit 130 and nothing on stdout', async () => {
      const controller = new AbortController();
      controller.abort();
      const r = await run(['ask', '--prompt', 'Explain this'], { signal: controller.signal });
      assert.equal(r.code, 130);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /cancelled/);
    });
  });

  describe('error words on the command line', () => {
    it('a local server that is down: one stderr line naming the flag and variable to fix, never a VS Code setting', async () => {
      const r = await run(['ask', '--local-base-url', 'http://127.0.0.1:9/v1', '--local-model', 'm', '--prompt', 'hello there']);
      assert.equal(r.code, 1);
      const errors = r.stderr.split('\n').filter(l => l.startsWith('hybrid-agent: error'));
      assert.equal(errors.length, 1, r.stderr);
      assert.match(errors[0], /--local-base-url \(or HYBRID_LOCAL_BASE_URL\)/);
      assert.doesNotMatch(r.stderr, /hybridAgent\.|Hybrid Agent: |Sign in to Azure/);
      assert.match(errors[0], /\[hr-[0-9a-f]+\]$/);
    });
  });

  describe('ask on the demo models', () => {
    it('says it uses the demo models and prints the answer with a footer', async () => {
      const r = await run(['ask', '--prompt', 'hello there']);
      assert.equal(r.code, 0);
      assert.match(r.stderr, /demo models/);
      assert.match(r.stdout, /^\[demo\] /);
      assert.match(r.stdout, /— local · demo-local \(demo\) · \d+ ms · \d+→\d+ tokens · \$0 \(local\) — Stays on this device: /);
    });

    it('--json prints exactly the AgentResponse contract with a demo model name', async () => {
      const r = await run(['ask', '--json', '--prompt', 'hello there']);
      assert.equal(r.code, 0);
      const response = JSON.parse(r.stdout) as Record<string, unknown>;
      assert.deepEqual(Object.keys(response), RESPONSE_KEYS);
      assert.deepEqual(Object.keys(response.decision as object), DECISION_KEYS);
      assert.match(String(response.model), /demo/);
      assert.equal(r.stderr, '', 'JSON mode keeps stderr quiet on success');
    });

    it('--verbose writes redacted events to stderr, never the prompt', async () => {
      const r = await run(['ask', '--verbose', '--prompt', 'Explain the wobbegong handler in detail']);
      assert.equal(r.code, 0);
      const events = stderrLines(r).filter(l => l.startsWith('{')).map(l => JSON.parse(l) as { type: string; correlationId: string });
      assert.ok(events.some(e => e.type === 'decision'));
      assert.ok(events.every(e => /^hr-/.test(e.correlationId)));
      assert.ok(!r.stderr.includes('wobbegong'));
    });
  });

  describe('demo', () => {
    it('--json prints the six scenarios as {scenario, expected, result}, each as expected', async () => {
      const r = await run(['demo', '--json']);
      const results = JSON.parse(r.stdout) as { scenario: string; expected: { path?: string; error?: string }; result: { path?: string; error?: { code: string } } }[];
      assert.equal(results.length, 6);
      for (const entry of results) {
        assert.deepEqual(Object.keys(entry), ['scenario', 'expected', 'result']);
        if (entry.expected.path) {
          assert.equal(entry.result.path, entry.expected.path, entry.scenario);
        } else {
          assert.equal(entry.result.error?.code, entry.expected.error, entry.scenario);
        }
      }
      assert.deepEqual(results.map(e => e.result.path ?? e.result.error?.code), ['local', 'cloud', 'local', 'local_fallback', 'cloud_fallback', 'restricted_local_unavailable']);
      assert.equal(r.code, 0);
    });

    it('the greeting makes no router call and the secret scenario makes zero cloud calls', async () => {
      const results = await runDemoScenarios(new AbortController().signal);
      assert.deepEqual(results.map(r => r.mismatches), [[], [], [], [], [], []]);
      assert.equal(results[0].routerCalls, 0);
      assert.equal(results[5].cloudCalls, 0);
      assert.ok(results[3].cloudCalls > 0 && results[4].cloudCalls > 0, 'fallback scenarios really tried the cloud');
    });

    it('text mode prints each scenario and the cloud-call count of the secret scenario', async () => {
      const r = await run(['demo']);
      assert.equal(r.code, 0);
      assert.match(r.stdout, /6\. A secret-bearing prompt[^\n]*\n {3}→ error restricted_local_unavailable[^\n]*\n {3}cloud calls: 0/);
      assert.match(r.stdout, /All 6 scenarios behaved as expected/);
    });
  });

  describe('ask against OpenAI-compatible endpoints on 127.0.0.1', () => {
    let localServer: Awaited<ReturnType<typeof startModelServer>>;
    let cloudServer: Awaited<ReturnType<typeof startModelServer>>;
    beforeEach(async () => {
      localServer = await startModelServer('phi-local', 'Local says hello.');
      cloudServer = await startModelServer('gpt-4o', 'Cloud says hello.');
    });
    afterEach(async () => { await localServer.close(); await cloudServer.close(); });

    const endpoints = () => ['--local-base-url', localServer.url, '--local-model', 'phi-local', '--cloud-base-url', cloudServer.url, '--cloud-model', 'gpt-4o'];
    const keys = { HYBRID_LOCAL_API_KEY: 'local-test-key', HYBRID_CLOUD_API_KEY: 'cloud-test-key' };

    it('answers locally through the local endpoint with its key', async () => {
      const r = await run(['ask', '--json', ...endpoints(), '--force', 'local', '--prompt', 'hello there'], { env: keys });
      assert.equal(r.code, 0, r.stderr);
      const response = JSON.parse(r.stdout) as { path: string; answer: string; model: string; costUsd: number };
      assert.deepEqual([response.path, response.answer, response.model, response.costUsd], ['local', 'Local says hello.', 'phi-local', 0]);
      const chat = localServer.requests.filter(q => q.path.endsWith('/chat/completions'));
      assert.equal(chat.length, 1);
      assert.equal(chat[0].auth, 'Bearer local-test-key');
      assert.equal(cloudServer.requests.length, 0);
    });

    it('--force cloud reaches the cloud endpoint and estimates its cost from the reported usage', async () => {
      const r = await run(['ask', '--json', ...endpoints(), '--force', 'cloud', '--prompt', 'hello there'], { env: keys });
      assert.equal(r.code, 0, r.stderr);
      const response = JSON.parse(r.stdout) as { path: string; answer: string; promptTokens: number; completionTokens: number; costUsd: number };
      assert.deepEqual([response.path, response.answer, response.promptTokens, response.completionTokens], ['cloud', 'Cloud says hello.', 42, 9]);
      assert.ok(response.costUsd > 0);
      assert.equal(cloudServer.requests.filter(q => q.path.endsWith('/chat/completions'))[0].auth, 'Bearer cloud-test-key');
    });

    it('a secret in the prompt never reaches the cloud endpoint, even with --force cloud', async () => {
      const token = aGithubToken();
      const r = await run(['ask', '--json', ...endpoints(), '--force', 'cloud', '--prompt', `why is ${token} rejected?`], { env: keys });
      assert.equal(r.code, 0, r.stderr);
      assert.equal((JSON.parse(r.stdout) as { privacy: string }).privacy, 'restricted');
      assert.equal(cloudServer.requests.length, 0);
      assert.ok(!r.stdout.includes(token));
    });

    it('endpoints may come from the environment', async () => {
      const env = { ...keys, HYBRID_LOCAL_BASE_URL: localServer.url, HYBRID_LOCAL_MODEL: 'phi-local' };
      const r = await run(['ask', '--force', 'local', '--prompt', 'hello there'], { env });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^Local says hello\./);
      assert.match(r.stderr, /no cloud endpoint configured/);
    });
  });

  describe('endpoint resolution', () => {
    function optionsOf(argv: string[]): CliOptions {
      const parsed = parseArgs(argv);
      assert.equal(parsed.kind, 'run');
      return (parsed as Extract<typeof parsed, { kind: 'run' }>).options;
    }

    it('--on-secret maps to privacy.onSecret; absent, the request stays local (the default)', () => {
      assert.equal(optionsOf(['ask', '--on-secret', 'redact-for-cloud']).onSecret, 'redactForCloud');
      assert.equal(optionsOf(['classify', '--on-secret=stay-local']).onSecret, 'stayLocal');
      assert.equal(optionsOf(['ask']).onSecret, undefined);
      assert.equal(cliRouterConfig('auto', optionsOf(['ask', '--on-secret', 'redact-for-cloud']).onSecret).onSecret, 'redactForCloud');
      assert.equal(cliRouterConfig('auto', optionsOf(['ask']).onSecret).onSecret, 'stayLocal');
    });

    it('--cloud-project-endpoint builds the keyless Foundry cloud provider, defaulting to model-router', () => {
      const endpoints = resolveEndpoints(optionsOf(['ask', '--cloud-project-endpoint', 'https://example.services.ai.azure.com/api/projects/p1']), {}) as Endpoints;
      assert.deepEqual(endpoints.cloud, { kind: 'foundry', projectEndpoint: 'https://example.services.ai.azure.com/api/projects/p1', deployment: 'model-router' });
      const providers = askProviders(endpoints, {});
      assert.equal(providers.cloud?.id, 'foundry-cloud');
      assert.equal(providers.cloud?.model, 'model-router');
      assert.equal(providers.local.isDemo, true, 'no local endpoint: the demo local model stands in');
      assert.ok(providers.notes.some(n => /no local endpoint/.test(n)));
    });

    it('flags win over the environment, and --cloud-model names the Foundry deployment', () => {
      const env = { HYBRID_CLOUD_PROJECT_ENDPOINT: 'https://env.example/api/projects/p', HYBRID_LOCAL_BASE_URL: 'http://127.0.0.1:9/v1', HYBRID_LOCAL_MODEL: 'env-model' };
      const endpoints = resolveEndpoints(optionsOf(['ask', '--cloud-project-endpoint', 'https://flag.example/api/projects/p', '--cloud-model', 'gpt-4.1', '--local-model', 'flag-model']), env) as Endpoints;
      assert.deepEqual(endpoints.cloud, { kind: 'foundry', projectEndpoint: 'https://flag.example/api/projects/p', deployment: 'gpt-4.1' });
      assert.deepEqual(endpoints.local, { baseUrl: 'http://127.0.0.1:9/v1', model: 'flag-model' });
    });

    it('--cloud-base-url and --cloud-project-endpoint together are a usage error', () => {
      const parsed = parseArgs(['ask', '--cloud-base-url', 'http://127.0.0.1:1/v1', '--cloud-project-endpoint', 'https://x.example/p']);
      assert.equal(parsed.kind, 'usage-error');
    });

    it('classify consults a router model only when a local endpoint is configured', () => {
      assert.equal(classifyProviders({}, {}).routerModel, undefined);
      const withLocal = classifyProviders({ local: { baseUrl: 'http://127.0.0.1:9/v1', model: 'phi' } }, {});
      assert.equal(withLocal.routerModel?.id, 'openai-local');
    });
  });
});
