import * as assert from 'node:assert/strict';
import { BudgetLedger, estimateCostUsd } from '../../../src/router/budget';
import { assessComplexity } from '../../../src/router/complexity';
import type { ProviderErrorCode } from '../../../src/router/errors';
import { estimateMessagesTokens, SYSTEM_PROMPT } from '../../../src/router/messages';
import { RouteLog, type RouteRecord } from '../../../src/router/routeLog';
import { RouterService, type AskOutcome, type RouterServiceDeps } from '../../../src/router/service';
import { estimateTokens } from '../../../src/router/tokens';
import type { AgentResponse, AskRequest, HybridError, Mode, RouterConfig, Target } from '../../../src/router/types';
import { ALNUM, Rng } from './privacy/fixtures';
import {
  aConfig, aConnectionString, aFile, aGithubToken, aRequest, aSelection, FakeProvider, ManualClock, MemoryEventSink,
  type FakeProviderOptions,
} from '../../fakes';

const ALL_CODES: ProviderErrorCode[] = [
  'unreachable', 'auth', 'not-found', 'rate-limit', 'timeout', 'server', 'bad-request', 'bad-response', 'empty',
  'runtime-missing', 'model-missing',
];
const MODES: Mode[] = ['auto', 'localOnly', 'preferLocal', 'preferCloud'];
/** A plain question the heuristic keeps local (medium at most); asserted where it matters. */
const LOCAL_PROMPT = 'Why does this loop never terminate?';
/** Prompts stage 1 is unsure about (medium band), so stage 2 is consulted; the tests assert the band they rely on. */
const UNCERTAIN = 'The job queue processes messages twice';
const UNCERTAIN_FOLLOW_UP = 'The retry queue processes messages twice too';
const WIDER_FOLLOW_UP = 'Redesign the notification module';
const CLOUD_VERDICT = '{"target":"cloud","confidence":0.9}';

interface Setup {
  local?: Omit<FakeProviderOptions, 'target'>;
  cloud?: Omit<FakeProviderOptions, 'target'> | null;
  router?: Omit<FakeProviderOptions, 'target'>;
  config?: Partial<RouterConfig>;
  deps?: Partial<RouterServiceDeps>;
}

function setup(s: Setup = {}) {
  const local = new FakeProvider({ target: 'local', ...s.local });
  const cloud = s.cloud === null ? undefined : new FakeProvider({ target: 'cloud', model: 'gpt-4o', ...s.cloud });
  const routerModel = s.router ? new FakeProvider({ target: 'local', id: 'openai-local', ...s.router }) : undefined;
  const log = new RouteLog();
  const sink = new MemoryEventSink();
  const clock = new ManualClock();
  const config = aConfig(s.config);
  const service = new RouterService({ config: () => config, local, cloud, routerModel, log, events: sink, clock, ...s.deps });
  return { service, local, cloud, routerModel, log, sink, clock, config };
}

async function ask(service: RouterService, req: AskRequest, signal = new AbortController().signal) {
  let streamed = '';
  const outcome = await service.ask(req, signal, t => { streamed += t; });
  return { outcome, streamed };
}

function answered(outcome: AskOutcome): AgentResponse {
  assert.equal(outcome.kind, 'answered', `expected an answer, got ${JSON.stringify(outcome)}`);
  return (outcome as Extract<AskOutcome, { kind: 'answered' }>).response;
}

function failed(outcome: AskOutcome): HybridError {
  assert.equal(outcome.kind, 'failed', `expected a failure, got ${JSON.stringify(outcome)}`);
  return (outcome as Extract<AskOutcome, { kind: 'failed' }>).error;
}

function secretRequest(overrides: Partial<AskRequest> = {}): AskRequest {
  return aRequest({ prompt: 'What does this configuration do?', references: [aSelection(aConnectionString())], ...overrides });
}

describe('RouterService', () => {
  before(() => {
    for (const prompt of [UNCERTAIN, UNCERTAIN_FOLLOW_UP, WIDER_FOLLOW_UP]) {
      const band = assessComplexity({ prompt }, { localContextTokens: aConfig().localContextTokens }).band;
      assert.ok(band === 'medium' || band === 'high', `precondition: stage 1 is unsure about ${JSON.stringify(prompt)} (${band})`);
    }
  });

  describe('input validation', () => {
    it('refuses an empty prompt with a clear message and sends nothing', async () => {
      const t = setup();
      const error = failed((await ask(t.service, aRequest({ prompt: '  \n\t ' }))).outcome);
      assert.equal(error.code, 'empty_prompt');
      assert.equal(error.message, 'The prompt is empty: type a question or select code first.');
      assert.equal(t.local.calls.length + t.cloud!.calls.length, 0);
      assert.equal(t.log.recent()[0].kind, 'failed');
    });

    it('accepts an empty prompt when a selection carries the question', async () => {
      const t = setup();
      const response = answered((await ask(t.service, aRequest({ prompt: '', references: [aSelection('const x = 1;')] }))).outcome);
      assert.equal(response.path, 'local');
    });

    it('reports binary content by source and never sends it', async () => {
      const t = setup();
      const req = aRequest({ references: [aFile('assets/logo.png', 'PNG\u0000\u0001\u0002')] });
      const error = failed((await ask(t.service, req)).outcome);
      assert.equal(error.code, 'binary_content');
      assert.match(error.message, /reference:assets\/logo\.png/);
      assert.equal(t.local.calls.length + t.cloud!.calls.length, 0);
    });

    it('names a binary file masked when its name holds a value, by the built-in rules and by the extra patterns alike', async () => {
      const token = ['gh', 'p_', new Rng(0xb1a5).str(36, ALNUM)].join('');
      const t = setup({ config: { extraPatterns: ['ACME-[0-9]{6}'] } });
      for (const [name, value] of [[`dumps/${token}.bin`, token], ['dumps/ACME-493021.bin', 'ACME-493021']]) {
        const error = failed((await ask(t.service, aRequest({ references: [aFile(name, 'PNG\u0000\u0001')] }))).outcome);
        assert.equal(error.code, 'binary_content');
        assert.match(error.message, /\(reference:[^,)]*\*\*\*[^,)]*\)/, name);
        assert.ok(!JSON.stringify([error, t.log.recent(), t.sink.events]).includes(value), `${name}: the value is shown nowhere`);
      }
    });

    it('refuses input over the size cap and names the size', async () => {
      const t = setup({ deps: { maxInputChars: 4096 } });
      const error = failed((await ask(t.service, aRequest({ references: [aSelection('x'.repeat(5000))] }))).outcome);
      assert.equal(error.code, 'input_too_large');
      assert.match(error.message, /5 KB/);
      assert.equal(t.local.calls.length, 0);
    });
  });

  describe('fallback table', () => {
    it('decided local and answered → path local, streamed text equals the answer', async () => {
      const t = setup({ local: { reply: () => ['The loop ', 'never ends ', 'because i is not incremented.'] } });
      const { outcome, streamed } = await ask(t.service, aRequest({ prompt: LOCAL_PROMPT }));
      const r = answered(outcome);
      assert.equal(r.decision.target, 'local');
      assert.deepEqual([r.path, r.fallback, r.fallbackReason, r.provider, r.costUsd], ['local', false, null, 'openai-local', 0]);
      assert.equal(r.answer, 'The loop never ends because i is not incremented.');
      assert.equal(streamed, r.answer);
      assert.equal(t.cloud!.calls.length, 0);
    });

    for (const code of ALL_CODES) {
      it(`decided local, local fails (${code}), not restricted → cloud_fallback`, async () => {
        const t = setup({ local: { fail: code } });
        const r = answered((await ask(t.service, aRequest({ prompt: LOCAL_PROMPT }))).outcome);
        assert.equal(r.path, 'cloud_fallback');
        assert.equal(r.fallback, true);
        assert.match(r.fallbackReason ?? '', new RegExp(`^local: .*fake local failure \\(${code}\\)`));
        assert.equal(r.provider, 'openai-cloud');
        assert.equal(t.cloud!.answerCalls.length, 1);
        assert.equal(t.sink.ofType('fallback').length, 1);
      });

      it(`decided local, local fails (${code}), restricted → restricted_local_unavailable and no cloud request`, async () => {
        const t = setup({ local: { fail: code } });
        const { outcome } = await ask(t.service, secretRequest());
        const error = failed(outcome);
        assert.equal(error.code, 'restricted_local_unavailable');
        assert.equal(error.privacy, 'restricted');
        assert.match(error.message, /local model is needed/);
        assert.match(error.message, /foundry service start/);
        assert.equal(t.cloud!.calls.length, 0);
      });

      it(`decided cloud, cloud fails (${code}) → local_fallback`, async () => {
        const t = setup({ cloud: { fail: code } });
        const r = answered((await ask(t.service, aRequest({ prompt: LOCAL_PROMPT, force: 'cloud' }))).outcome);
        assert.equal(r.decision.target, 'cloud');
        assert.equal(r.path, 'local_fallback');
        assert.match(r.fallbackReason ?? '', /^cloud: /);
        assert.equal(r.costUsd, 0);
        assert.equal(t.local.answerCalls.length, 1);
      });
    }

    it('says what failed in words: cloud: 401 — …', async () => {
      const t = setup({ cloud: { fail: 'auth' } });
      const r = answered((await ask(t.service, aRequest({ force: 'cloud' }))).outcome);
      assert.equal(r.fallbackReason, 'cloud: 401 — fake cloud failure (auth)');
      assert.match(r.reason, /cloud model failed/);
    });

    it('decided cloud and answered → path cloud with an estimated cost', async () => {
      const t = setup({ cloud: { usage: { promptTokens: 1000, completionTokens: 500 } } });
      const r = answered((await ask(t.service, aRequest({ force: 'cloud' }))).outcome);
      assert.equal(r.path, 'cloud');
      assert.equal(r.costUsd, estimateCostUsd('gpt-4o', { promptTokens: 1000, completionTokens: 500 }, t.config.prices));
      assert.ok(r.costUsd > 0);
      assert.equal(t.local.answerCalls.length, 0);
    });

    it('both failed → all_providers_failed with the correlation id and both reasons', async () => {
      const t = setup({ local: { fail: 'unreachable' }, cloud: { fail: 'server', failAfterChunks: 0 } });
      const outcome = (await ask(t.service, aRequest({ prompt: LOCAL_PROMPT, correlationId: 'test-both-1' }))).outcome;
      const error = failed(outcome);
      assert.equal(error.code, 'all_providers_failed');
      assert.equal(error.correlationId, 'test-both-1');
      assert.match(error.message, /local: .*unreachable.*cloud: .*server/);
    });

    it('no cloud configured → served locally, path local, no fallback, and the reason says so', async () => {
      const t = setup({ cloud: null });
      const r = answered((await ask(t.service, aRequest({ force: 'cloud' }))).outcome);
      assert.deepEqual([r.path, r.fallback, r.fallbackReason], ['local', false, null]);
      assert.match(r.reason, /no cloud model is configured/i);
    });

    it('local fails and fallback to the cloud is off → provider_failed, no cloud call', async () => {
      const t = setup({ local: { fail: 'unreachable' }, config: { fallbackToCloud: false } });
      const error = failed((await ask(t.service, aRequest({ prompt: LOCAL_PROMPT }))).outcome);
      assert.equal(error.code, 'provider_failed');
      assert.equal(t.cloud!.calls.length, 0);
    });

    it('cloud fails and fallback to local is off → provider_failed, no local call', async () => {
      const t = setup({ cloud: { fail: 'server' }, config: { fallbackToLocal: false } });
      const error = failed((await ask(t.service, aRequest({ force: 'cloud' }))).outcome);
      assert.equal(error.code, 'provider_failed');
      assert.equal(t.local.answerCalls.length, 0);
    });

    it('local-only mode and local fails → local_only_unavailable, no cloud call', async () => {
      const t = setup({ local: { fail: 'unreachable' }, config: { mode: 'localOnly' } });
      const error = failed((await ask(t.service, aRequest({ prompt: LOCAL_PROMPT }))).outcome);
      assert.equal(error.code, 'local_only_unavailable');
      assert.equal(t.cloud!.calls.length, 0);
    });

    it('an unexpected error is a failure whose message never leaks into the reason', async () => {
      const leaky = 'internal detail zebra-quokka';
      const t = setup({ local: { throwValue: new TypeError(leaky) } });
      const r = answered((await ask(t.service, aRequest({ prompt: LOCAL_PROMPT }))).outcome);
      assert.equal(r.path, 'cloud_fallback');
      assert.equal(r.fallbackReason, 'local: unexpected error (TypeError)');
      assert.ok(!t.sink.dump().includes('zebra-quokka'));
    });

    it('an empty answer counts as a failure and falls back', async () => {
      const t = setup({ cloud: { reply: () => ['', '  '] } });
      const r = answered((await ask(t.service, aRequest({ force: 'cloud' }))).outcome);
      assert.equal(r.path, 'local_fallback');
      assert.equal(r.fallbackReason, 'cloud: empty answer');
    });

    it('a failure after text was streamed does not fall back (no duplicated answer)', async () => {
      const t = setup({ local: { reply: () => ['first part. ', 'second part.'], fail: 'timeout', failAfterChunks: 1 } });
      const { outcome, streamed } = await ask(t.service, aRequest({ prompt: LOCAL_PROMPT }));
      const error = failed(outcome);
      assert.equal(error.code, 'provider_failed');
      assert.match(error.message, /part-way/);
      assert.equal(streamed, 'first part. ');
      assert.equal(t.cloud!.calls.length, 0);
    });
  });

  describe('restricted content never reaches the cloud', () => {
    for (const mode of MODES) {
      for (const force of [undefined, 'local', 'cloud'] as (Target | undefined)[]) {
        for (const localFails of [false, true]) {
          it(`mode ${mode}, force ${force ?? 'none'}, local ${localFails ? 'down' : 'up'}`, async () => {
            const t = setup({ local: localFails ? { fail: 'unreachable' } : {}, config: { mode } });
            const { outcome } = await ask(t.service, secretRequest({ force }));
            assert.equal(t.cloud!.calls.length, 0, 'the cloud provider saw a request');
            if (localFails) {
              assert.equal(failed(outcome).code, 'restricted_local_unavailable');
            } else {
              const r = answered(outcome);
              assert.deepEqual([r.path, r.privacy, r.decision.stage], ['local', 'restricted', 'privacy-gate']);
            }
          });
        }
      }
    }

    it('privacy.unknownTokenFormats on: a token behind a prefix no rule knows keeps a forced-cloud request local', async () => {
      const token = `zorb_live_${new Rng(4242).str(40, ALNUM)}`;
      const req = aRequest({ prompt: `migrate the whole billing service; the client key is ${token}`, force: 'cloud' });
      const off = setup();
      assert.equal(answered((await ask(off.service, req)).outcome).path, 'cloud', 'off by default: the token is not recognised');
      const on = setup({ config: { unknownTokenFormats: true } });
      const r = answered((await ask(on.service, req)).outcome);
      assert.deepEqual([r.path, r.privacy], ['local', 'restricted']);
      assert.equal(on.cloud!.calls.length, 0);
    });

    it('a secret in replayed history keeps the request local', async () => {
      const t = setup();
      const history = [{ role: 'user' as const, content: `use token ${aGithubToken()}` }, { role: 'assistant' as const, content: 'ok' }];
      const r = answered((await ask(t.service, aRequest({ prompt: 'now refactor everything', history, force: 'cloud' }))).outcome);
      assert.equal(r.privacy, 'restricted');
      assert.equal(t.cloud!.calls.length, 0);
    });

    it('a sticky-restricted conversation stays local even with a clean prompt', async () => {
      const t = setup({ local: { fail: 'unreachable' } });
      const error = failed((await ask(t.service, aRequest({ stickyRestricted: true, force: 'cloud' }))).outcome);
      assert.equal(error.code, 'restricted_local_unavailable');
      assert.equal(t.cloud!.calls.length, 0);
    });

    it('restricted requests never consult the router model', async () => {
      const t = setup({ router: {} });
      await ask(t.service, secretRequest());
      assert.equal(t.routerModel!.calls.length, 0);
    });
  });

  describe('cancellation', () => {
    it('already aborted → cancelled, nothing sent (not even to the router model), recorded as cancelled', async () => {
      const t = setup({ router: {} });
      const controller = new AbortController();
      controller.abort();
      const { outcome } = await ask(t.service, aRequest(), controller.signal);
      assert.equal(outcome.kind, 'cancelled');
      assert.equal(t.local.calls.length + t.cloud!.calls.length + t.routerModel!.calls.length, 0);
      assert.equal(t.log.recent()[0].kind, 'cancelled');
    });

    it('aborted mid-stream → cancelled, no fallback, no error event', async () => {
      const controller = new AbortController();
      const t = setup({ local: { reply: () => ['one ', 'two ', 'three'], beforeChunk: i => { if (i === 1) { controller.abort(); } } } });
      const { outcome, streamed } = await ask(t.service, aRequest({ prompt: LOCAL_PROMPT }), controller.signal);
      assert.equal(outcome.kind, 'cancelled');
      assert.equal(streamed, 'one ');
      assert.equal(t.cloud!.calls.length, 0);
      assert.equal(t.sink.ofType('fallback').length + t.sink.ofType('error').length, 0);
      assert.equal(t.sink.ofType('cancelled').length, 1);
    });

    it('a provider failing because of the abort is still a cancel, not a fallback', async () => {
      const controller = new AbortController();
      const t = setup({ cloud: { fail: 'timeout', beforeChunk: () => { controller.abort(); } } });
      const { outcome } = await ask(t.service, aRequest({ force: 'cloud' }), controller.signal);
      assert.equal(outcome.kind, 'cancelled');
      assert.equal(t.local.answerCalls.length, 0);
    });
  });

  describe('tokens and budget', () => {
    it('estimates tokens when the provider reports no usage', async () => {
      const t = setup({ local: { usage: null, reply: () => 'A short answer about loops.' } });
      const req = aRequest({ prompt: LOCAL_PROMPT });
      const r = answered((await ask(t.service, req)).outcome);
      assert.equal(r.completionTokens, estimateTokens('A short answer about loops.'));
      assert.ok(r.promptTokens > estimateTokens(LOCAL_PROMPT));
      assert.equal(r.promptTokens, estimateMessagesTokens(t.local.answerCalls[0].messages));
    });

    it('records cloud spend per local day and reports the model that answered', async () => {
      const usage = { promptTokens: 2000, completionTokens: 1000 };
      const t = setup({ cloud: { usage, doneModel: 'gpt-4o-mini' } });
      const first = answered((await ask(t.service, aRequest({ force: 'cloud' }))).outcome);
      const second = answered((await ask(t.service, aRequest({ force: 'cloud' }))).outcome);
      assert.equal(first.model, 'gpt-4o-mini');
      assert.equal(first.costUsd, estimateCostUsd('gpt-4o-mini', usage, t.config.prices));
      assert.equal(t.service.budget.spentToday(), first.costUsd + second.costUsd);
      t.clock.advance(24 * 3600 * 1000);
      assert.equal(t.service.budget.spentToday(), 0);
      assert.equal(t.log.stats().estimatedCostUsd, first.costUsd + second.costUsd);
    });

    it('over the daily budget, cloud-bound work stays local', async () => {
      const clock = new ManualClock();
      const budget = new BudgetLedger(clock);
      budget.record(5);
      const t = setup({ config: { dailyBudgetUsd: 1 }, deps: { budget, clock } });
      const r = answered((await ask(t.service, aRequest({ force: 'cloud' }))).outcome);
      assert.equal(r.path, 'local');
      assert.match(r.reason, /budget/);
      assert.equal(t.cloud!.calls.length, 0);
    });

    it('demo cloud answers cost nothing', async () => {
      const t = setup({ cloud: { isDemo: true, id: 'demo-cloud', usage: { promptTokens: 5000, completionTokens: 5000 } } });
      const r = answered((await ask(t.service, aRequest({ force: 'cloud' }))).outcome);
      assert.equal(r.costUsd, 0);
      assert.equal(t.service.budget.spentToday(), 0);
    });
  });

  describe('what leaves the service', () => {
    it('events and records carry no prompt text and no secret', async () => {
      const secret = aGithubToken();
      const prompt = 'Explain the flumbergast quixotic handler';
      const t = setup({ local: { fail: 'unreachable' } });
      await ask(t.service, aRequest({ prompt, references: [aSelection(`const token = "${secret}";`)] }));
      await ask(t.service, aRequest({ prompt: `my token is ${secret} flumbergast` }));
      await ask(t.service, aRequest({ prompt }));
      const records = JSON.stringify(t.log.recent().map(({ summary: _s, ...rest }: RouteRecord) => rest));
      for (const text of [t.sink.dump(), records]) {
        assert.ok(!text.includes(secret), 'secret leaked');
        assert.ok(!/flumbergast|quixotic/.test(text), 'prompt words leaked');
      }
      const summaries = t.log.recent().map(r => r.summary).join('\n');
      assert.ok(!summaries.includes(secret));
      assert.ok(!summaries.includes('my token'), 'a prompt with a finding must not show its words');
    });

    it('every event carries the request correlation id and a component', async () => {
      const t = setup({ cloud: { fail: 'server' } });
      const r = answered((await ask(t.service, aRequest({ force: 'cloud' }))).outcome);
      assert.ok(t.sink.events.length >= 5);
      for (const e of t.sink.events) {
        assert.equal(e.correlationId, r.correlationId);
        assert.ok(e.component.length > 0);
      }
      const types = t.sink.events.map(e => e.type);
      for (const type of ['decision', 'provider-call', 'provider-result', 'fallback']) {
        assert.ok(types.includes(type as never), `missing ${type}`);
      }
    });

    it('sends the system prompt, the history, then references as named fenced blocks and the prompt', async () => {
      const t = setup();
      const history = [{ role: 'user' as const, content: 'earlier question' }, { role: 'assistant' as const, content: 'earlier answer' }];
      const content = 'const a = 1;\n```\nnot a fence end\n```';
      await ask(t.service, aRequest({ prompt: LOCAL_PROMPT, history, references: [aSelection(content, { name: 'src/app.ts', startLine: 10 })] }));
      const messages = t.local.answerCalls[0].messages;
      assert.deepEqual(messages.map(m => m.role), ['system', 'user', 'assistant', 'user']);
      assert.equal(messages[0].content, SYSTEM_PROMPT);
      const last = messages[3].content;
      assert.ok(last.startsWith('src/app.ts (from line 10):\n````\n' + content + '\n````'));
      assert.ok(last.endsWith(LOCAL_PROMPT));
    });

    it('classify decides, records and sends nothing to an answering model', async () => {
      const t = setup();
      const outcome = await t.service.classify(secretRequest(), new AbortController().signal);
      assert.equal(outcome.kind, 'classified');
      assert.equal(t.local.calls.length + t.cloud!.calls.length, 0);
      assert.equal(t.log.recent()[0].kind, 'classified');
    });
  });

  describe('router model (stage 2)', () => {
    it('a trivial prompt goes local without calling the router model', async () => {
      const t = setup({ router: {} });
      const r = answered((await ask(t.service, aRequest({ prompt: 'hi there' }))).outcome);
      assert.equal(r.path, 'local');
      assert.equal(t.routerModel!.calls.length, 0);
      assert.equal(r.decision.routerModel.used, false);
    });

    it('a forced request does not consult the router model', async () => {
      const t = setup({ router: {} });
      await ask(t.service, aRequest({ prompt: LOCAL_PROMPT, force: 'local' }));
      assert.equal(t.routerModel!.calls.length, 0);
    });

    it('a confident stage 1 does not consult the router model', async () => {
      const t = setup({ router: { routeReply: () => CLOUD_VERDICT } });
      const r = answered((await ask(t.service, aRequest({ prompt: LOCAL_PROMPT }))).outcome);
      assert.equal(r.decision.complexity, 'low');
      assert.equal(t.routerModel!.calls.length, 0);
      assert.equal(r.decision.routerModel.error, 'skipped: stage 1 is confident this stays on the device');
    });

    it('an uncertain stage 1 consults the router model, whose confident verdict decides', async () => {
      const t = setup({ router: { routeReply: () => CLOUD_VERDICT } });
      const r = answered((await ask(t.service, aRequest({ prompt: UNCERTAIN }))).outcome);
      assert.equal(t.routerModel!.calls.length, 1);
      assert.deepEqual([r.path, r.decision.stage], ['cloud', 'router-model']);
    });

    it('stops waiting for a router model that missed its timeout twice in a row', async () => {
      const never = (_: number, signal: AbortSignal) => new Promise<void>(resolve => signal.addEventListener('abort', () => resolve(), { once: true }));
      const t = setup({ router: { routeReply: () => CLOUD_VERDICT, beforeChunk: never }, config: { routerTimeoutMs: 5 } });
      for (let i = 0; i < 2; i++) {
        const r = answered((await ask(t.service, aRequest({ prompt: UNCERTAIN }))).outcome);
        assert.match(r.decision.routerModel.error ?? '', /^timeout after 5 ms/);
      }
      const third = answered((await ask(t.service, aRequest({ prompt: UNCERTAIN }))).outcome);
      assert.equal(t.routerModel!.calls.length, 2, 'the third request did not wait for the router model');
      assert.match(third.decision.routerModel.error ?? '', /missed its timeout 2 times in a row/);
      assert.equal(third.decision.stage, 'heuristic');
    });

    it('reuses the verdict for a follow-up turn whose scope has not grown, and asks again when it has', async () => {
      const t = setup({ router: { routeReply: () => CLOUD_VERDICT } });
      await ask(t.service, aRequest({ prompt: UNCERTAIN }));
      const history = [{ role: 'user' as const, content: UNCERTAIN }, { role: 'assistant' as const, content: 'It is not.' }];
      const follow = answered((await ask(t.service, aRequest({ prompt: UNCERTAIN_FOLLOW_UP, history }))).outcome);
      assert.equal(t.routerModel!.calls.length, 1, 'the follow-up reused the first verdict');
      assert.deepEqual([follow.path, follow.decision.stage, follow.decision.routerModel.latencyMs], ['cloud', 'router-model', 0]);
      assert.ok(t.sink.events.some(e => /reused from earlier in this conversation/.test(e.message)));
      assert.match(follow.decision.reason, /earlier, and its scope has not grown/, 'the reason says the verdict was reused');
      await ask(t.service, aRequest({ prompt: WIDER_FOLLOW_UP, history }));
      assert.equal(t.routerModel!.calls.length, 2, 'a redesign widens the scope: the router model is asked again');
      await ask(t.service, aRequest({ prompt: UNCERTAIN_FOLLOW_UP, history: [{ role: 'user', content: 'another conversation' }] }));
      assert.equal(t.routerModel!.calls.length, 3, 'another conversation does not share the verdict');
    });
  });

  it('an unexpected error inside the service becomes an internal outcome, never a throw', async () => {
    const broken = new FakeProvider({ target: 'local' });
    Object.defineProperty(broken, 'label', { get: () => { throw new RangeError('boom with private text'); } });
    const t = setup({ deps: { local: broken } });
    const error = failed((await ask(t.service, aRequest({ prompt: LOCAL_PROMPT, correlationId: 'test-internal-1' }))).outcome);
    assert.equal(error.code, 'internal');
    assert.equal(error.correlationId, 'test-internal-1');
    assert.match(error.message, /RangeError/);
    assert.ok(!error.message.includes('private text'));
    assert.equal(t.log.recent()[0].kind, 'failed');
  });

  it('100 concurrent asks never cross answers', async () => {
    const t = setup({
      local: { reply: req => ['answer for ', req.messages[req.messages.length - 1].content.split(' ').pop() ?? ''], beforeChunk: () => new Promise<void>(r => setImmediate(r)) },
    });
    const runs = await Promise.all(Array.from({ length: 100 }, (_, i) => ask(t.service, aRequest({ prompt: `What does helper number ${i} return? item-${i}` }))));
    const ids = new Set<string>();
    runs.forEach(({ outcome, streamed }, i) => {
      const r = answered(outcome);
      assert.equal(r.answer, `answer for item-${i}`);
      assert.equal(streamed, r.answer);
      ids.add(r.correlationId);
    });
    assert.equal(ids.size, 100);
    assert.equal(t.log.stats().answered, 100);
  });
});
