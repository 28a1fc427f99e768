import { strict as assert } from 'node:assert';
import { DemoProvider } from '../../../src/providers/demo';
import { OpenAICompatibleProvider } from '../../../src/providers/openaiCompatible';
import { listLocalModels } from '../../../src/runtime/localModels';
import { RecordingServer } from '../../fakes/recordingServer';

describe('runtime/localModels (Select Local Model)', () => {
  it('lists the models an OpenAI-compatible server serves, not just the configured name', async () => {
    const server = await RecordingServer.start(() => ({ kind: 'models', ids: ['llama3:latest', 'qwen2.5-coder:7b', 'tiny-router'] }));
    try {
      const local = new OpenAICompatibleProvider({ id: 'openai-local', target: 'local', baseUrl: server.baseUrl, model: 'whatever' });
      assert.deepEqual(await listLocalModels(local), ['llama3:latest', 'qwen2.5-coder:7b', 'tiny-router']);
      assert.ok(server.calls.every(c => c.method === 'GET' && c.path.endsWith('/models')), 'listing sends no prompt anywhere');
    } finally {
      await server.stop();
    }
  });

  it('says nothing for the demo or a server that is down', async () => {
    assert.deepEqual(await listLocalModels(new DemoProvider({ target: 'local' })), []);
    const down = new OpenAICompatibleProvider({ id: 'openai-local', target: 'local', baseUrl: 'http://127.0.0.1:9/v1', model: 'm' });
    assert.deepEqual(await listLocalModels(down), []);
  });
});
