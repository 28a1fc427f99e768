import { strict as assert } from 'node:assert';
import { HybridRuntime } from '../../../src/runtime/hybridRuntime';
import { planProviders, type Credentials } from '../../../src/runtime/providerPlan';
import { BudgetLedger } from '../../../src/router/budget';
import { RouteLog } from '../../../src/router/routeLog';
import { buildConfig, type InspectedSetting } from '../../../src/config';

const creds: Credentials = {
  cloudApiKey: async () => 'cloud-key-from-secret-storage',
  localApiKey: async () => undefined,
  azure: () => ({ getToken: async () => ({ token: 't', expiresOnTimestamp: 0 }) }),
};

function plan(settings: Record<string, unknown>, machine = {}) {
  const table: Record<string, InspectedSetting> = Object.fromEntries(Object.entries(settings).map(([k, v]) => [k, { globalValue: v }]));
  return planProviders(buildConfig(key => table[key]), creds, machine);
}

describe('runtime/providerPlan: planProviders', () => {
  it('first run (nothing configured): demo on both sides, and says why', () => {
    const p = plan({});
    assert.equal(p.local.id, 'demo-local');
    assert.equal(p.cloud?.id, 'demo-cloud');
    assert.ok(p.notes.some(n => n.startsWith('local: nothing configured')));
  });

  it('auto + local endpoint → OpenAI-compatible local server; stage 2 asks the server for the configured local model, not a Foundry alias', () => {
    const p = plan({ 'local.endpoint': 'http://127.0.0.1:11434/v1', 'local.model': 'qwen2.5-coder:7b' });
    assert.equal(p.local.id, 'openai-local');
    assert.deepEqual({ ...p.local, apiKey: undefined, guidance: undefined }, { id: 'openai-local', baseUrl: 'http://127.0.0.1:11434/v1', model: 'qwen2.5-coder:7b', routerModel: 'qwen2.5-coder:7b', apiKey: undefined, guidance: undefined });
  });

  it('hybridAgent.local.routerModel names the stage-2 model on an OpenAI-compatible server', () => {
    const p = plan({ 'local.provider': 'openaiCompatible', 'local.endpoint': 'http://127.0.0.1:1234/v1', 'local.model': 'big-coder', 'local.routerModel': 'tiny-router' });
    assert.deepEqual([(p.local as { model: string }).model, (p.local as { routerModel: string }).routerModel], ['big-coder', 'tiny-router']);
  });

  it('failure guidance follows the configured kind: settings and commands inside VS Code, never a CLI variable', () => {
    const openai = plan({ 'local.endpoint': 'http://127.0.0.1:11434/v1', 'cloud.provider': 'openaiCompatible', 'cloud.endpoint': 'https://x.example/v1' });
    const text = JSON.stringify([openai.local, openai.cloud]);
    assert.match(text, /hybridAgent\.local\.endpoint/);
    assert.match(text, /Set Cloud API Key/);
    assert.doesNotMatch(text, /HYBRID_CLOUD_BASE_URL|--cloud|projectEndpoint|Sign in to Azure|Is Foundry Local running/);
    const foundry = JSON.stringify(plan({ 'cloud.projectEndpoint': 'https://r.services.ai.azure.com/api/projects/p' }).cloud);
    assert.match(foundry, /Sign in to Azure/);
    assert.doesNotMatch(foundry, /HYBRID_|--cloud/);
    const cli = JSON.stringify(planProviders(buildConfig(() => undefined), creds, {}, 'cli'));
    assert.doesNotMatch(cli, /"guidance"/, 'the demo has nothing to fix');
  });

  it('a real local side with no cloud configured → no cloud at all (not the demo cloud)', () => {
    const p = plan({ 'local.endpoint': 'http://127.0.0.1:11434/v1' });
    assert.equal(p.cloud, undefined);
    assert.ok(p.notes.some(n => /cloud: not configured/.test(n)));
  });

  it('auto + a detected Foundry Local service → foundry-local at that URL', () => {
    const p = plan({}, { detectedFoundryLocal: 'http://127.0.0.1:5273/v1', storageDir: '/tmp/store' });
    assert.equal(p.local.id, 'foundry-local');
    assert.equal((p.local as { endpoint?: string }).endpoint, 'http://127.0.0.1:5273/v1');
    assert.equal((p.local as { storageDir?: string }).storageDir, '/tmp/store');
  });

  it('foundryLocal provider uses the SDK with both aliases; demo provider is the demo', () => {
    const p = plan({ 'local.provider': 'foundryLocal', 'local.modelAlias': 'qwen2.5-coder-7b' });
    assert.deepEqual({ id: p.local.id, modelAlias: (p.local as { modelAlias?: string }).modelAlias, routerModelAlias: (p.local as { routerModelAlias?: string }).routerModelAlias }, { id: 'foundry-local', modelAlias: 'qwen2.5-coder-7b', routerModelAlias: 'phi-4-mini' });
    assert.equal(plan({ 'local.provider': 'demo', 'local.endpoint': 'http://127.0.0.1:1/v1' }).local.id, 'demo-local');
  });

  it('openaiCompatible without an endpoint falls back to the demo and says which setting is empty', () => {
    const p = plan({ 'local.provider': 'openaiCompatible' });
    assert.equal(p.local.id, 'demo-local');
    assert.ok(p.notes.some(n => n.includes('hybridAgent.local.endpoint is empty')));
  });

  it('Foundry cloud: project endpoint + deployment + api style; the VS Code credential only with auth=vscode', () => {
    const p = plan({ 'cloud.projectEndpoint': 'https://r.services.ai.azure.com/api/projects/p', 'cloud.deployment': 'gpt-4.1', 'cloud.apiStyle': 'responses' });
    assert.equal(p.cloud?.id, 'foundry-cloud');
    const c = p.cloud as { projectEndpoint: string; deployment: string; apiStyle: string; credential?: unknown };
    assert.deepEqual([c.projectEndpoint, c.deployment, c.apiStyle], ['https://r.services.ai.azure.com/api/projects/p', 'gpt-4.1', 'responses']);
    assert.ok(c.credential);
    const dac = plan({ 'cloud.projectEndpoint': 'https://r.services.ai.azure.com/api/projects/p', 'cloud.auth': 'defaultAzureCredential' }).cloud as { credential?: unknown };
    assert.equal(dac.credential, undefined);
  });

  it('OpenAI-compatible cloud reads its key from the getter, never from settings', async () => {
    const p = plan({ 'cloud.provider': 'openaiCompatible', 'cloud.endpoint': 'https://x.openai.azure.com/openai/v1', 'cloud.deployment': 'gpt-4o' });
    assert.equal(p.cloud?.id, 'openai-cloud');
    assert.equal(await (p.cloud as { apiKey: () => Promise<string> }).apiKey(), 'cloud-key-from-secret-storage');
  });

  it('cloud off when disabled, provider none, or local-only — whatever else is configured', () => {
    const endpoint = { 'cloud.projectEndpoint': 'https://r.services.ai.azure.com/api/projects/p' };
    assert.equal(plan({ ...endpoint, 'cloud.enabled': false }).cloud, undefined);
    assert.equal(plan({ ...endpoint, 'cloud.provider': 'none' }).cloud, undefined);
    assert.equal(plan({ ...endpoint, mode: 'localOnly' }).cloud, undefined);
  });

  it('notes never carry secrets (the key getter is never called while planning)', () => {
    let called = 0;
    const p = planProviders(buildConfig(() => undefined), { ...creds, cloudApiKey: async () => { called++; return 'k'; } }, {});
    assert.equal(called, 0);
    assert.ok(!JSON.stringify(p.notes).includes('cloud-key'));
  });
});

describe('runtime/hybridRuntime: HybridRuntime', () => {
  it('warns about an unsafe extra pattern by index, never repeating the pattern', () => {
    const notes: Array<[string, string]> = [];
    const pattern = '(token|tok)*SECRETWORD';
    const table: Record<string, InspectedSetting> = { 'privacy.extraPatterns': { globalValue: ['ACME-[0-9]{6}', pattern] } };
    const runtime = new HybridRuntime({
      log: new RouteLog(), events: { emit: () => undefined }, budget: new BudgetLedger({ now: () => 0 }), credentials: creds,
      machine: () => ({}), note: (level, message) => notes.push([level, message]),
    }, buildConfig(key => table[key]));
    const warnings = notes.filter(([level, message]) => level === 'warn' && message.includes('extraPatterns[1]'));
    assert.equal(warnings.length, 1, JSON.stringify(notes));
    assert.ok(!JSON.stringify(notes).includes('SECRETWORD'));
    assert.ok(!notes.some(([, message]) => message.includes('extraPatterns[0]')), 'the valid pattern is not reported');
    runtime.dispose();
  });

  it('says which providers are demos, from the providers themselves', () => {
    const runtime = new HybridRuntime({ events: { emit: () => undefined }, credentials: creds, machine: () => ({}), note: () => undefined }, buildConfig(() => undefined));
    assert.equal(runtime.isDemo('demo-local'), true);
    assert.equal(runtime.isDemo('openai-local'), false);
    runtime.dispose();
  });

  it('a failing router model is reported once, with the setting that fixes it', async () => {
    const notes: Array<[string, string]> = [];
    const table: Record<string, InspectedSetting> = {
      'local.endpoint': { globalValue: 'http://127.0.0.1:9/v1' }, 'local.model': { globalValue: 'llama3' }, 'router.timeoutMs': { globalValue: 2000 },
    };
    const runtime = new HybridRuntime({ events: { emit: () => undefined }, credentials: creds, machine: () => ({}), note: (level, message) => notes.push([level, message]) }, buildConfig(key => table[key]));
    const prompt = 'The job queue processes messages twice';   // stage 1 leaves it open (the service tests' uncertain prompt)
    for (let i = 0; i < 3; i++) { await runtime.service().classify({ prompt }, new AbortController().signal); }
    const stage2 = notes.filter(([, m]) => m.startsWith('stage 2'));
    assert.equal(stage2.length, 1, JSON.stringify(notes));
    assert.match(stage2[0][1], /"llama3" failed/);
    assert.match(stage2[0][1], /hybridAgent\.local\.routerModel/);
    runtime.dispose();
  });
});
