import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, nextRecord } from './support';

const VENDOR = 'hybrid-agent';

describe('language model provider', () => {
  it('lists the Hybrid models', async () => {
    const api = await activateExtension();
    const models = await vscode.lm.selectChatModels({ vendor: VENDOR });
    const ids = models.map(m => m.id).sort();
    const expected = api.providers().cloud ? ['hybrid-auto', 'hybrid-cloud', 'hybrid-local'] : ['hybrid-auto', 'hybrid-local'];
    assert.deepEqual(ids, expected);
    const auto = models.find(m => m.id === 'hybrid-auto');
    assert.equal(auto?.name, 'Hybrid (auto)');
    assert.equal(auto?.vendor, VENDOR);
    assert.ok((auto?.maxInputTokens ?? 0) > 0, 'reports a context window');
  });

  it('answers through the router: the forced local model streams text and records a local route', async () => {
    const api = await activateExtension();
    const [local] = await vscode.lm.selectChatModels({ vendor: VENDOR, id: 'hybrid-local' });
    assert.ok(local, 'hybrid-local is selectable');
    const appended = nextRecord(api.routeLog, record => record.kind === 'answered' || record.kind === 'failed');
    const tokens = new vscode.CancellationTokenSource();
    const response = await local.sendRequest([vscode.LanguageModelChatMessage.User('What does a closure capture in JavaScript?')], {}, tokens.token);
    let text = '';
    for await (const chunk of response.text) {
      text += chunk;
    }
    tokens.dispose();
    assert.ok(text.trim().length > 0, 'streamed some text');
    const record = await appended;
    assert.equal(record.kind, 'answered');
    assert.equal(record.kind === 'answered' && record.response.path, 'local');
  });

  it('counts tokens', async () => {
    const [auto] = await vscode.lm.selectChatModels({ vendor: VENDOR, id: 'hybrid-auto' });
    const short = await auto.countTokens('hello');
    const long = await auto.countTokens('hello '.repeat(200));
    assert.ok(short > 0 && long > short * 10, `${short} < ${long}`);
  });
});
