import * as assert from 'node:assert/strict';
import { DemoProvider, demoRouterVerdict } from '../../../src/providers/demo';
import { isProviderError, type ProviderErrorCode } from '../../../src/router/errors';
import { buildRouterMessages, parseRouterOutput } from '../../../src/router/routerModel';
import { assessComplexity } from '../../../src/router/complexity';
import type { ChatEvent, ProviderRequest } from '../../../src/router/types';

function request(content: string, purpose: ProviderRequest['purpose'] = 'answer'): ProviderRequest {
  return { messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content }], purpose };
}

async function collect(stream: AsyncIterable<ChatEvent>): Promise<ChatEvent[]> {
  const events: ChatEvent[] = [];
  for await (const e of stream) {
    events.push(e);
  }
  return events;
}

describe('DemoProvider', () => {
  it('is labelled as a demo on both sides', () => {
    const local = new DemoProvider({ target: 'local' });
    const cloud = new DemoProvider({ target: 'cloud' });
    assert.deepEqual([local.id, local.label, local.model, local.isDemo], ['demo-local', 'Demo local model (demo)', 'demo-local', true]);
    assert.deepEqual([cloud.id, cloud.label, cloud.model, cloud.isDemo], ['demo-cloud', 'Demo cloud model (demo)', 'demo-cloud', true]);
  });

  it('streams a deterministic, labelled answer in several chunks, then done with usage', async () => {
    const provider = new DemoProvider({ target: 'local' });
    const content = 'selection:\n```\nconst a = 1;\n```\n\nWhy is this constant?';
    const first = await collect(provider.chat(request(content), new AbortController().signal));
    const second = await collect(provider.chat(request(content), new AbortController().signal));
    assert.deepEqual(first, second);
    const texts = first.filter(e => e.kind === 'text').map(e => (e as { text: string }).text);
    assert.ok(texts.length >= 3, 'several chunks');
    const answer = texts.join('');
    assert.match(answer, /^\[demo\] This answer comes from the built-in demo local model; no real model is configured\./);
    assert.match(answer, /1 attached block/);
    const done = first[first.length - 1];
    assert.equal(done.kind, 'done');
    assert.equal((done as { model: string }).model, 'demo-local');
    assert.ok(((done as { usage?: { completionTokens: number } }).usage?.completionTokens ?? 0) > 0);
    assert.equal(provider.callCount, 2);
  });

  it('honours an abort part-way through the stream', async () => {
    const provider = new DemoProvider({ target: 'cloud' });
    const controller = new AbortController();
    const seen: string[] = [];
    await assert.rejects(async () => {
      for await (const e of provider.chat(request('Explain the module layout in depth.'), controller.signal)) {
        if (e.kind === 'text') {
          seen.push(e.text);
          controller.abort();
        }
      }
    }, (e: unknown) => (e as Error).name === 'AbortError');
    assert.equal(seen.length, 1);
  });

  const codes: ProviderErrorCode[] = ['unreachable', 'auth', 'rate-limit', 'timeout', 'server', 'empty'];
  for (const code of codes) {
    it(`fails with ProviderError '${code}' when told to, and probe reports it`, async () => {
      const provider = new DemoProvider({ target: 'local', fail: code });
      await assert.rejects(collect(provider.chat(request('hi'), new AbortController().signal)), (e: unknown) => isProviderError(e) && e.code === code && e.provider === 'demo-local');
      const probe = await provider.probe(new AbortController().signal);
      assert.equal(probe.available, false);
      assert.match(probe.detail ?? '', /Demo local model/);
    });
  }

  describe('as the router model (purpose route)', () => {
    for (const [prompt, band, target] of [
      ['Explain in detail how this parser works and analyse its failure modes.', 'low', 'local'],
      ['Refactor and migrate the auth module across api, web and worker; redesign the architecture and explain the concurrency trade-offs in depth.', undefined, undefined],
    ] as const) {
      it(`mirrors the stage-1 band it is shown (${prompt.slice(0, 30)}…)`, async () => {
        const stage1 = assessComplexity({ prompt }, { localContextTokens: 8192 });
        const provider = new DemoProvider({ target: 'local' });
        const events = await collect(provider.chat({ messages: buildRouterMessages(prompt, stage1), purpose: 'route' }, new AbortController().signal));
        const text = events.filter(e => e.kind === 'text').map(e => (e as { text: string }).text).join('');
        const parsed = parseRouterOutput(text);
        assert.ok(!('error' in parsed), text);
        assert.equal(parsed.complexity, stage1.band);
        assert.equal(parsed.target, stage1.band === 'high' || stage1.band === 'very_high' ? 'cloud' : 'local');
        if (band) {
          assert.deepEqual([stage1.band, parsed.target], [band, target]);
        }
      });
    }

    it('falls back to a medium, local verdict when no stage-1 facts are present', () => {
      assert.deepEqual(JSON.parse(demoRouterVerdict([{ role: 'user', content: 'no facts here' }])), {
        target: 'local', confidence: 0.5, complexity: 'medium', reason: 'demo router: mirrors the stage-1 band (medium)',
      });
    });
  });
});
