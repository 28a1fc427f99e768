import assert from 'node:assert/strict';
import { createProvider, DemoProvider, FoundryCloudProvider, FoundryLocalProvider, OpenAICompatibleProvider } from '../../../src/providers/index';

describe('createProvider', () => {
  it('builds each backend from its own options', () => {
    const local = createProvider({ id: 'openai-local', baseUrl: 'http://127.0.0.1:11434/v1', model: 'llama3.2' });
    assert.ok(local instanceof OpenAICompatibleProvider);
    assert.equal(local.target, 'local');
    const cloud = createProvider({ id: 'openai-cloud', baseUrl: 'https://x.openai.azure.com/openai/v1', model: 'gpt-5.4', apiKey: async () => 'k' });
    assert.equal(cloud.target, 'cloud');
    assert.equal(cloud.id, 'openai-cloud');
    const foundryLocal = createProvider({ id: 'foundry-local', modelAlias: 'qwen2.5-coder-7b' });
    assert.ok(foundryLocal instanceof FoundryLocalProvider);
    assert.equal(foundryLocal.model, 'qwen2.5-coder-7b');
    const foundry = createProvider({ id: 'foundry-cloud', projectEndpoint: 'https://r.services.ai.azure.com/api/projects/p', deployment: 'model-router' });
    assert.ok(foundry instanceof FoundryCloudProvider);
    assert.equal(foundry.model, 'model-router');
    const demo = createProvider({ id: 'demo-cloud' });
    assert.ok(demo instanceof DemoProvider);
    assert.equal(demo.isDemo, true);
    assert.equal(demo.target, 'cloud');
  });

  it('refuses an endpoint that is not an http(s) URL, naming the setting', () => {
    assert.throws(() => createProvider({ id: 'openai-local', baseUrl: 'localhost:11434', model: 'x' }), /hybridAgent\.local\.endpoint/);
  });
});
