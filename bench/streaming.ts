/**
 * Child: router overhead on streaming. Time to first token through RouterService.ask against calling the same
 * provider (the real OpenAICompatibleProvider) directly, on a loopback SSE server.
 * Calls alternate between the two so drift on the machine affects both alike.
 *   node --expose-gc out/bench/streaming.js
 */
import { OpenAICompatibleProvider } from '../src/providers/openaiCompatible';
import { RouterService } from '../src/router/service';
import type { ModelProvider } from '../src/router/types';
import { median, percentile, report, runMain } from './harness';
import { startLoopbackServer } from './sseServer';
import { benchConfig } from './stage1';

const PROMPT = 'Why does this loop never terminate? ' + 'for (let i = 0; i < items.length; i--) { total += items[i].price; } '.repeat(10);

async function directFirstToken(provider: ModelProvider): Promise<number> {
  const start = performance.now();
  let first = NaN;
  const signal = new AbortController().signal;
  for await (const event of provider.chat({ messages: [{ role: 'user', content: PROMPT }], purpose: 'answer', maxTokens: 256 }, signal)) {
    if (event.kind === 'text' && Number.isNaN(first)) first = performance.now() - start;
  }
  return first;
}

async function serviceFirstToken(service: RouterService): Promise<number> {
  const start = performance.now();
  let first = NaN;
  const outcome = await service.ask({ prompt: PROMPT }, new AbortController().signal, () => {
    if (Number.isNaN(first)) first = performance.now() - start;
  });
  if (outcome.kind !== 'answered') throw new Error(`ask ended ${outcome.kind}`);
  if (outcome.response.path !== 'local') throw new Error(`expected the local path, got ${outcome.response.path}`);
  return first;
}

runMain('streaming', async () => {
  const server = await startLoopbackServer();
  try {
    const local = new OpenAICompatibleProvider({ id: 'openai-local', target: 'local', baseUrl: server.baseUrl, model: 'bench-model' });
    const cloud = new OpenAICompatibleProvider({ id: 'openai-cloud', target: 'cloud', baseUrl: server.baseUrl, model: 'bench-model', apiKey: async () => 'bench-key' });
    const service = new RouterService({ config: () => benchConfig({ mode: 'preferLocal' }), local, cloud });
    const pairs = 300;
    const warmup = 30;
    const direct: number[] = [];
    const routed: number[] = [];
    for (let i = 0; i < pairs + warmup; i++) {
      // Alternate which goes first so neither side always runs on a warmer connection.
      let d: number;
      let r: number;
      if (i % 2 === 0) {
        d = await directFirstToken(local);
        r = await serviceFirstToken(service);
      } else {
        r = await serviceFirstToken(service);
        d = await directFirstToken(local);
      }
      if (i >= warmup) {
        direct.push(d);
        routed.push(r);
      }
    }
    report({
      bench: 'streaming',
      provider: local.constructor.name,
      runs: direct.length,
      directP50: median(direct),
      directP90: percentile(direct, 90),
      serviceP50: median(routed),
      serviceP90: percentile(routed, 90),
      addedP50: median(routed) - median(direct),
      addedMedianOfPairs: median(routed.map((r, i) => r - direct[i])),
      serverRequests: server.requests(),
    });
  } finally {
    await server.close();
  }
});
