/**
 * Child: what stage 2 (the local router model) costs a laptop. Every request of the routing evaluation set
 * (eval/routing/requests.jsonl) goes through RouterService.ask twice, with stage 2 on and off, against a simulated
 * local model on loopback that reads prompts and writes tokens at a fixed speed; the difference in time to the first
 * answer token is what stage 2 added. Reported: p50 and p95 over the set, how often stage 2 was consulted, the router
 * prompt size, and (on the test split's consulted requests, with no timeout) how long a full verdict takes. After two
 * timeouts in a row the service pauses stage 2 (RouterBackoff); requests skipped by that pause are counted apart.
 *   node --expose-gc out/bench/stage2.js cpu|accelerator
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { OpenAICompatibleProvider } from '../src/providers/openaiCompatible';
import { DEFAULT_ROUTER_CONFIG } from '../src/router/defaults';
import { RouterService } from '../src/router/service';
import type { RouterConfig } from '../src/router/types';
import { median, percentile, report, runMain } from './harness';
import { startSimulatedModel, type ModelSpeed } from './simulatedModel';
import { benchConfig } from './stage1';

const SPEEDS: Readonly<Record<string, ModelSpeed>> = {
  cpu: { promptTokensPerSecond: 150, outputTokensPerSecond: 15 },
  accelerator: { promptTokensPerSecond: 2000, outputTokensPerSecond: 60 },
};

interface Request { readonly id: string; readonly source: string; readonly text: string }

function loadRequests(): Request[] {
  const root = resolve(__dirname, '..', '..');
  return readFileSync(join(root, 'eval', 'routing', 'requests.jsonl'), 'utf8').split('\n').filter(Boolean).map(line => JSON.parse(line) as Request);
}

/** How many full verdicts are timed (the test split's first consulted requests). */
const VERDICT_SAMPLE = 48;

interface Run { readonly firstTokenMs: number; readonly consulted: boolean; readonly timedOut: boolean; readonly paused: boolean }

async function firstToken(service: RouterService, prompt: string): Promise<Run> {
  const start = performance.now();
  let first = NaN;
  const outcome = await service.ask({ prompt }, new AbortController().signal, () => {
    if (Number.isNaN(first)) { first = performance.now() - start; }
  });
  if (outcome.kind !== 'answered') { throw new Error(`ask ended ${outcome.kind}`); }
  const verdict = outcome.response.decision.routerModel;
  return { firstTokenMs: first, consulted: verdict.used, timedOut: /^timeout/.test(verdict.error ?? ''), paused: /missed its timeout/.test(verdict.error ?? '') };
}

function services(baseUrl: string, config: RouterConfig): RouterService {
  const local = new OpenAICompatibleProvider({ id: 'openai-local', target: 'local', baseUrl, model: 'simulated-local' });
  const cloud = new OpenAICompatibleProvider({ id: 'openai-cloud', target: 'cloud', baseUrl, model: 'simulated-cloud', apiKey: async () => 'bench-key' });
  const routerModel = new OpenAICompatibleProvider({ id: 'openai-local', target: 'local', baseUrl, model: 'simulated-local' });
  return new RouterService({ config: () => config, local, cloud, routerModel });
}

runMain('stage2', async () => {
  const speedName = process.argv[2] ?? 'cpu';
  const speed = SPEEDS[speedName];
  if (!speed) { throw new Error(`unknown speed ${speedName}`); }
  const requests = loadRequests();
  const model = await startSimulatedModel(speed);
  try {
    const base = { localContextTokens: DEFAULT_ROUTER_CONFIG.localContextTokens, routerTimeoutMs: DEFAULT_ROUTER_CONFIG.routerTimeoutMs };
    const on = services(model.baseUrl, benchConfig({ ...base, routerModelEnabled: true }));
    const off = services(model.baseUrl, benchConfig({ ...base, routerModelEnabled: false }));
    const unbounded = services(model.baseUrl, benchConfig({ ...base, routerModelEnabled: true, routerTimeoutMs: 60_000 }));
    // Warm the connections and the JIT on both paths before measuring.
    for (const r of requests.slice(0, 5)) { await firstToken(off, r.text); await firstToken(on, r.text); }
    const warmUpPrompts = model.routePromptTokens().length;
    const added: number[] = [];
    const addedWhenConsulted: number[] = [];
    let consulted = 0;
    let timedOut = 0;
    let paused = 0;
    let testConsulted = 0;
    const inTestSplit = (r: { source: string }): boolean => parseInt(createHash('sha256').update(r.source).digest('hex').slice(0, 8), 16) % 3 === 0;
    for (const [i, r] of requests.entries()) {
      // Alternate which path goes first so neither always runs on a warmer connection.
      let withStage2: Run;
      let without: Run;
      if (i % 2 === 0) {
        withStage2 = await firstToken(on, r.text);
        without = await firstToken(off, r.text);
      } else {
        without = await firstToken(off, r.text);
        withStage2 = await firstToken(on, r.text);
      }
      const delta = withStage2.firstTokenMs - without.firstTokenMs;
      added.push(delta);
      if (withStage2.consulted) { consulted++; addedWhenConsulted.push(delta); }
      if (withStage2.timedOut) { timedOut++; }
      if (withStage2.paused) { paused++; }
      if (inTestSplit(r) && (withStage2.consulted || withStage2.paused)) { testConsulted++; }
    }
    const routePrompts = model.routePromptTokens().slice(warmUpPrompts);
    // The full verdict time with no timeout, on the test split's requests that consult stage 2, the first
    // VERDICT_SAMPLE of them in file order (a verdict takes about 3 s at the CPU rate: the sample keeps the run short).
    const verdictMs: number[] = [];
    const testSplit = requests.filter(inTestSplit);
    for (const r of testSplit) {
      if (verdictMs.length >= VERDICT_SAMPLE) {
        break;
      }
      const run = await firstToken(unbounded, r.text);
      if (run.consulted) { verdictMs.push(run.firstTokenMs - (await firstToken(off, r.text)).firstTokenMs); }
    }
    report({
      // A request skipped because stage 2 was paused after timeouts would otherwise have consulted it: it counts as consulted.
      bench: 'stage2', speed: speedName, ...speed, runs: requests.length, consulted, paused, consultedShare: (consulted + paused) / requests.length, timedOut,
      addedP50: median(added), addedP95: percentile(added, 95),
      consultedAddedP50: median(addedWhenConsulted), consultedAddedP95: percentile(addedWhenConsulted, 95),
      routePromptTokensP50: median(routePrompts), routePromptTokensP95: percentile(routePrompts, 95), routePromptTokensMax: Math.max(...routePrompts),
      testRuns: testSplit.length, testConsulted, verdictRuns: verdictMs.length, verdictP50: median(verdictMs), verdictP95: percentile(verdictMs, 95),
      timeoutMs: DEFAULT_ROUTER_CONFIG.routerTimeoutMs,
    });
  } finally {
    await model.close();
  }
});
