/**
 * Opt-in tests against REAL models (never in CI): `HYBRID_LIVE=1 npm run test:live`.
 * Local side: a running Foundry Local service / OpenAI-compatible server (HYBRID_LOCAL_BASE_URL + HYBRID_LOCAL_MODEL)
 * or, without a URL, Foundry Local through its SDK (HYBRID_LIVE_LOCAL_ALIAS, default phi-4-mini; needs the native
 * runtime and a downloaded model). Cloud side, when HYBRID_CLOUD_PROJECT_ENDPOINT is set: a Microsoft Foundry project
 * signed in through DefaultAzureCredential (az login), deployment HYBRID_CLOUD_MODEL (default model-router).
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProvider } from '../../src/providers/index';
import { consultRouterModel } from '../../src/router/routerModel';
import { assessComplexity } from '../../src/router/complexity';
import { RouterService } from '../../src/router/service';
import type { ChatEvent, ModelProvider } from '../../src/router/types';
import { aConfig } from '../fakes';

const env = process.env;
const live = env.HYBRID_LIVE === '1';

function localProvider(): ModelProvider {
  if (env.HYBRID_LOCAL_BASE_URL) {
    return createProvider({ id: 'openai-local', baseUrl: env.HYBRID_LOCAL_BASE_URL, model: env.HYBRID_LOCAL_MODEL ?? 'phi-4-mini', apiKey: async () => env.HYBRID_LOCAL_API_KEY });
  }
  return createProvider({ id: 'foundry-local', modelAlias: env.HYBRID_LIVE_LOCAL_ALIAS ?? 'phi-4-mini', storageDir: mkdtempSync(join(tmpdir(), 'hybrid-live-')) });
}

function cloudProvider(): ModelProvider | undefined {
  const projectEndpoint = env.HYBRID_CLOUD_PROJECT_ENDPOINT;
  return projectEndpoint ? createProvider({ id: 'foundry-cloud', projectEndpoint, deployment: env.HYBRID_CLOUD_MODEL ?? 'model-router' }) : undefined;
}

async function collect(stream: AsyncIterable<ChatEvent>): Promise<{ text: string; model?: string; promptTokens?: number }> {
  let text = '';
  for await (const event of stream) {
    if (event.kind === 'text') { text += event.text; } else if (event.kind === 'done') { return { text, model: event.model, promptTokens: event.usage?.promptTokens }; }
  }
  return { text };
}

describe('live models (HYBRID_LIVE=1)', function () {
  this.timeout(300_000);
  before(function () { if (!live) { this.skip(); } });

  it('the local model is reachable and answers', async () => {
    const local = localProvider();
    const probe = await local.probe(AbortSignal.timeout(60_000));
    assert.ok(probe.available, `local model unavailable: ${probe.detail}`);
    const answer = await collect(local.chat({ purpose: 'answer', messages: [{ role: 'user', content: 'Reply with the single word: ready' }], maxTokens: 20 }, AbortSignal.timeout(120_000)));
    assert.match(answer.text, /\S/);
    assert.ok(answer.model, 'the answering model is named');
  });

  it('the local router model returns a verdict that parses', async () => {
    const prompt = 'Redesign the persistence layer of all services to use event sourcing';
    const stage1 = assessComplexity({ prompt }, { localContextTokens: 8192 });
    const result = await consultRouterModel(localProvider(), prompt, stage1, { timeoutMs: 60_000, threshold: 0.6 }, AbortSignal.timeout(120_000));
    assert.equal(result.verdict.used, true, result.verdict.error);
    assert.ok(result.parsed, `router output did not parse: ${result.verdict.error}`);
  });

  it('the cloud project answers and names the model that did', async function () {
    const cloud = cloudProvider();
    if (!cloud) { this.skip(); }
    const probe = await cloud.probe(AbortSignal.timeout(60_000));
    assert.ok(probe.available, `cloud unavailable: ${probe.detail}`);
    const answer = await collect(cloud.chat({ purpose: 'answer', messages: [{ role: 'user', content: 'Reply with the single word: ready' }], maxTokens: 50 }, AbortSignal.timeout(120_000)));
    assert.match(answer.text, /\S/);
    assert.ok(answer.model && answer.model.length > 0);
    assert.ok((answer.promptTokens ?? 0) > 0, 'usage is reported');
  });

  it('a secret-bearing request is answered locally even with real models on both sides', async () => {
    const cloud = cloudProvider();
    let cloudCalls = 0;
    const countingCloud = cloud && { ...cloud, probe: cloud.probe.bind(cloud), chat: (...args: Parameters<ModelProvider['chat']>) => { cloudCalls++; return cloud.chat(...args); } };
    const local = localProvider();
    const service = new RouterService({ config: () => aConfig({ mode: 'preferCloud' }), local, cloud: countingCloud, routerModel: local });
    const password = ['Xk9', 'vQ2', 'mL7', 'pR4', 'zT8'].join('');
    const outcome = await service.ask({ prompt: `Why does this fail? postgres://app:${password}@db.internal:5432/orders`, force: 'cloud' }, AbortSignal.timeout(180_000), () => undefined);
    assert.equal(outcome.kind, 'answered');
    if (outcome.kind === 'answered') {
      assert.equal(outcome.response.path, 'local');
      assert.equal(outcome.response.privacy, 'restricted');
    }
    assert.equal(cloudCalls, 0);
  });
});
