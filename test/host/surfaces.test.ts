/**
 * What a person sees around a route, against a real OpenAI-compatible server on 127.0.0.1 (the loopback recording
 * server): the status bar after probes and real calls, the router model stage 2 asks for, the router-model failure
 * said once, error text from the configured provider kind, Ask in the Chat view (no unsaved buffer) and the demo's
 * own channel.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AskOutcome, ClassifyOutcome } from '../../src/router/service';
import { isRouterCall, RecordingServer, type Behavior, type RecordedCall } from '../fakes/recordingServer';
import { PLAIN_FILE } from '../e2e/support/fixtureWorkspace';
import { activateExtension, nextRecord, selectFakeSecret, selectWholeFile, untilConfig, type HybridAgentApi } from './support';

// A prompt stage 1 leaves open (band medium), so the router model is consulted.
const MEDIUM = 'The job queue processes messages twice';   // stage 1 leaves it open (the service tests' uncertain prompt)
const SETTINGS = ['local.provider', 'local.endpoint', 'local.model', 'local.routerModel', 'cloud.enabled'];

/** Polls (the status bar follows events asynchronously); the test's own timeout bounds the wait. */
async function until<T>(read: () => T, ok: (value: T) => boolean): Promise<T> {
  for (;;) {
    const value = read();
    if (ok(value)) { return value; }
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}

describe('surfaces tell the truth (OpenAI-compatible local server on 127.0.0.1)', function () {
  this.timeout(60_000);
  const settings = () => vscode.workspace.getConfiguration('hybridAgent');
  let server: RecordingServer;
  let api: HybridAgentApi;
  let answer: (call: RecordedCall) => Behavior;

  before(async () => {
    api = await activateExtension();
    answer = () => ({ kind: 'answer', text: 'ok from the spy model', model: 'llama3:latest' });
    server = await RecordingServer.start(call => {
      if (call.path.endsWith('/models')) { return { kind: 'models', ids: ['llama3:latest', 'tiny-router'] }; }
      if (isRouterCall(call)) { return { kind: 'status', status: 404, body: { error: { message: 'model not found' } } }; }
      return answer(call);
    });
    await settings().update('cloud.enabled', false, vscode.ConfigurationTarget.Global);
    await settings().update('local.provider', 'openaiCompatible', vscode.ConfigurationTarget.Global);
    await settings().update('local.model', 'spy-model', vscode.ConfigurationTarget.Global);
    await settings().update('local.endpoint', server.baseUrl, vscode.ConfigurationTarget.Global);
    await untilConfig(api, c => c.local.endpoint === server.baseUrl && c.local.model === 'spy-model' && !c.cloud.enabled);
  });

  after(async () => {
    for (const key of SETTINGS) { await settings().update(key, undefined, vscode.ConfigurationTarget.Global); }
    await untilConfig(api, c => c.local.endpoint === '' && c.cloud.enabled);
    await server?.stop();
  });

  it('a model name missing from the server list is a warning with the list, not ✗, and modes are words', async () => {
    await api.probeSides?.();
    const bar = await until(() => api.statusBar?.(), b => /local ⚠/.test(b?.text ?? ''));
    assert.match(bar?.text ?? '', /^\$\(shield\) Hybrid: Auto · local ⚠ · cloud off/);
    assert.match(bar?.tooltip ?? '', /llama3:latest, tiny-router/);
    assert.match(bar?.tooltip ?? '', /Select Local Model/);
    const outcome = await api.service().ask({ prompt: 'hello there' }, new AbortController().signal, () => undefined);
    assert.equal(outcome.kind, 'answered', 'the server answers for the unlisted name');
    assert.match(api.statusBar?.()?.text ?? '', /local ⚠/, 'still a warning, never ✗, while requests succeed');
  });

  it('stage 2 asks the server for the configured local model; the failure is logged once with what to set', async () => {
    const before = server.calls.length;
    for (let i = 0; i < 2; i++) {
      const outcome = await api.service().classify({ prompt: MEDIUM }, new AbortController().signal);
      assert.equal(outcome.kind, 'classified');
    }
    const routerCalls = server.calls.slice(before).filter(isRouterCall);
    assert.ok(routerCalls.length >= 2, 'the router model was consulted');
    assert.deepEqual([...new Set(routerCalls.map(c => (c.body as { model?: string }).model))], ['spy-model'], 'never the Foundry alias phi-4-mini');
    const stage2 = (api.logLines?.() ?? []).filter(l => l.includes('stage 2'));
    assert.equal(stage2.length, 1, stage2.join('\n'));
    assert.match(stage2[0], /"spy-model" failed/);
    assert.match(stage2[0], /hybridAgent\.local\.routerModel/);

    await settings().update('local.routerModel', 'tiny-router', vscode.ConfigurationTarget.Global);
    await untilConfig(api, c => c.local.routerModel === 'tiny-router');
    const from = server.calls.length;
    await api.service().classify({ prompt: MEDIUM }, new AbortController().signal);
    assert.deepEqual(server.calls.slice(from).filter(isRouterCall).map(c => (c.body as { model?: string }).model), ['tiny-router']);
  });

  it('a failed call marks the local side ✗ until a call succeeds', async () => {
    answer = () => ({ kind: 'status', status: 500, body: { error: { message: 'boom' } } });
    const failed = await api.service().ask({ prompt: 'hello there' }, new AbortController().signal, () => undefined);
    assert.equal(failed.kind, 'failed');
    const bar = await until(() => api.statusBar?.(), b => /local ✗/.test(b?.text ?? ''));
    assert.match(bar?.tooltip ?? '', /unavailable/);
    answer = () => ({ kind: 'answer', text: 'back again' });
    const ok = await api.service().ask({ prompt: 'hello there' }, new AbortController().signal, () => undefined);
    assert.equal(ok.kind, 'answered');
    await until(() => api.statusBar?.(), b => !/local ✗/.test(b?.text ?? ''));
  });

  it('an error names the setting this person has, once, in plain text with its correlation id', async () => {
    await settings().update('local.endpoint', 'http://127.0.0.1:9/v1', vscode.ConfigurationTarget.Global);
    await untilConfig(api, c => c.local.endpoint === 'http://127.0.0.1:9/v1');
    const [model] = await vscode.lm.selectChatModels({ vendor: 'hybrid-agent', id: 'hybrid-local' });
    assert.ok(model, 'the Hybrid (local) model is listed');
    let message = '';
    try {
      const response = await model.sendRequest([vscode.LanguageModelChatMessage.User('hello there')], {}, new vscode.CancellationTokenSource().token);
      for await (const _ of response.text) { /* drain */ }
    } catch (e) {
      message = e instanceof Error ? e.message : String(e);
    }
    assert.match(message, /hybridAgent\.local\.endpoint/);
    assert.doesNotMatch(message, /HYBRID_|--local|Foundry|projectEndpoint|`|\*\*/);
    const ids = message.match(/hr-[0-9a-f]+/g) ?? [];
    assert.equal(ids.length, 1, message);
    await settings().update('local.endpoint', server.baseUrl, vscode.ConfigurationTarget.Global);
    await untilConfig(api, c => c.local.endpoint === server.baseUrl);
  });
});

describe('Ask and Classify put their result in the Chat view', function () {
  this.timeout(60_000);

  it('Ask hybrid agent sends an @hybrid request with the selection attached, and opens no unsaved buffer', async () => {
    const api = await activateExtension();
    await selectWholeFile(PLAIN_FILE);
    // @hybrid may read the attached file with its own tool first: wait for the turn that answers.
    const appended = nextRecord(api.routeLog, r => r.kind !== 'classified' && !r.agent?.toolCalls.length);
    const returned = await vscode.commands.executeCommand<AskOutcome | undefined>('hybridAgent.askSelection', { prompt: 'What does this code do?' });
    assert.equal(returned, undefined, 'the answer is in the Chat view, not returned');
    const record = await appended;
    assert.equal(record.kind, 'answered');
    assert.equal(record.kind === 'answered' && record.response.privacy, 'internal', 'the attached workspace code counts');
    assert.ok(!vscode.workspace.textDocuments.some(d => d.isUntitled), 'no untitled buffer');
  });

  it('Classify selection runs @hybrid /explain on the attached selection: a classification, nothing answered', async () => {
    const api = await activateExtension();
    await selectFakeSecret();
    const appended = nextRecord(api.routeLog, r => r.kind === 'classified');
    const returned = await vscode.commands.executeCommand<ClassifyOutcome | undefined>('hybridAgent.classifySelection');
    assert.equal(returned, undefined);
    const record = await appended;
    assert.equal(record.kind, 'classified');
    assert.equal(record.kind === 'classified' && record.decision.privacy, 'restricted');
    assert.ok(!vscode.workspace.textDocuments.some(d => d.isUntitled), 'no untitled buffer');
  });
});

describe('demo scenarios', function () {
  this.timeout(60_000);

  it('log to their own channel and show their results in a read-only preview', async () => {
    const api = await activateExtension();
    const before = api.logLines?.().length ?? 0;
    const results = await vscode.commands.executeCommand<readonly { result: { correlationId?: string } }[]>('hybridAgent.runDemo');
    assert.ok(results && results.length >= 6);
    assert.ok((api.demoLogLines?.() ?? []).length > 0, 'the demo channel has the events');
    const newLines = (api.logLines?.() ?? []).slice(before).join('\n');
    assert.doesNotMatch(newLines, /demo-(local|cloud)/, 'no demo event in the routing log');
    assert.match(api.previews?.().contentOf('demo') ?? '', /demo scenarios/, 'the read-only preview shows the results');
    assert.ok(!vscode.workspace.textDocuments.some(d => d.isUntitled), 'no untitled buffer');
  });
});
