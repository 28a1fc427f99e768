import assert from 'node:assert/strict';
import { detectFoundryLocalService, FOUNDRY_LOCAL_DEFAULT_PORTS } from '../../../src/providers/foundryLocalDetect';

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('detectFoundryLocalService', () => {
  it('only ever asks 127.0.0.1, at the known ports, and finds a Foundry Local status route', async () => {
    const asked: string[] = [];
    const fetchFn: typeof fetch = async input => {
      const url = new URL(String(input));
      asked.push(url.href);
      if (url.port === '5273' && url.pathname === '/openai/status') {
        return json({ Endpoints: ['http://127.0.0.1:5273'], ModelDirPath: '/models', PipeName: 'p' });
      }
      if (url.port === '5273' && url.pathname === '/v1/models') {
        return json({ object: 'list', data: [{ id: 'Phi-4-mini-instruct-generic-cpu' }] });
      }
      throw new TypeError('fetch failed');
    };
    const found = await detectFoundryLocalService(fetchFn, new AbortController().signal);
    assert.deepEqual(found, { baseUrl: 'http://127.0.0.1:5273/v1', models: ['Phi-4-mini-instruct-generic-cpu'] });
    assert.ok(asked.every(u => u.startsWith('http://127.0.0.1:')));
    assert.deepEqual([...new Set(asked.map(u => Number(new URL(u).port)))].sort(), [...FOUNDRY_LOCAL_DEFAULT_PORTS].sort());
  });

  it('ignores a server that is not Foundry Local (another OpenAI-compatible server on the port)', async () => {
    const fetchFn: typeof fetch = async () => json({ error: 'not found' }, 404);
    assert.equal(await detectFoundryLocalService(fetchFn, new AbortController().signal), undefined);
  });

  it('never throws, whatever fetch does', async () => {
    const fetchFn: typeof fetch = async () => new Response('<html>', { headers: { 'content-type': 'text/html' } });
    assert.equal(await detectFoundryLocalService(fetchFn, new AbortController().signal, { ports: [70000, 5272] }), undefined);
  });
});
