import { strict as assert } from 'node:assert';
import { forcedTarget, hybridModels } from '../../../src/chat/lmModels';

describe('chat/lmModels', () => {
  const sides = { localLabel: 'Foundry Local · phi-4-mini', localContextTokens: 8192, maxOutputTokens: 4096 };

  it('with a cloud: auto, local and cloud models, each with its limits', () => {
    const models = hybridModels({ ...sides, cloudLabel: 'Foundry · model-router' });
    assert.deepEqual(models.map(m => [m.id, m.name, m.maxInputTokens]), [
      ['hybrid-auto', 'Hybrid (auto)', 128000], ['hybrid-local', 'Hybrid (local)', 8192], ['hybrid-cloud', 'Hybrid (cloud)', 128000],
    ]);
    assert.ok(models.every(m => m.maxOutputTokens === 4096 && m.family === 'hybrid' && m.version === '1'));
    assert.ok(models.every(m => m.capabilities.toolCalling === true), 'every Hybrid model calls tools (Agent mode lists only those)');
    assert.match(models[2].tooltip ?? '', /restricted content, which always stays on this device/);
  });

  it('without a cloud: no cloud model, and auto is limited to the local context', () => {
    const models = hybridModels(sides);
    assert.deepEqual(models.map(m => m.id), ['hybrid-auto', 'hybrid-local']);
    assert.equal(models[0].maxInputTokens, 8192);
    assert.equal(models[0].detail, 'local (no cloud configured)');
  });

  it('local and cloud models force their side; auto forces nothing', () => {
    assert.equal(forcedTarget('hybrid-local'), 'local');
    assert.equal(forcedTarget('hybrid-cloud'), 'cloud');
    assert.equal(forcedTarget('hybrid-auto'), undefined);
    assert.equal(forcedTarget('gpt-4o'), undefined);
  });
});
