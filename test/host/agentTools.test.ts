/**
 * The Hybrid models as VS Code's agents use them: vscode.lm.selectChatModels + sendRequest with tools, looping over
 * the tool calls like an agent does, against scripted tool-calling models on 127.0.0.1 as the local and cloud
 * stand-ins. A tool result holding a secret turns that request, and every later one, local: the cloud stand-in
 * records no request for them. Also: the extension's own tools are registered and refuse what they must.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RouteRecord } from '../../src/router/routeLog';
import { locateFakeSecret, PLAIN_FILE, SECRET_FILE } from '../e2e/support/fixtureWorkspace';
import { useStandIns, type StandIns } from './standIns';
import { activateExtension, type HybridAgentApi } from './support';
import type { ScriptedReply, ToolServer, WireRequest } from './toolServer';

const VENDOR = 'hybrid-agent';
const READ_FILE: vscode.LanguageModelChatTool = {
  name: 'read_file', description: 'Read a file of the workspace',
  inputSchema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
};

/** Reads the file the prompt names once; answers in text after a tool result or when no file is named. */
function readNamedFile(req: WireRequest): ScriptedReply {
  const last = req.messages[req.messages.length - 1];
  if (last.role === 'tool' || !req.tools?.length) { return { text: `answer from ${req.model}` }; }
  const path = /src\/\w+\.ts/.exec(String(last.content))?.[0];
  return path ? { toolCalls: [{ name: 'read_file', arguments: { path } }] } : { text: `answer from ${req.model}` };
}

async function workspaceText(path: string): Promise<string> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the fixture workspace is open');
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder.uri, path)));
}

/** One agent turn: send, collect text and tool calls; then run the calls and append call and results. */
async function agentTurn(model: vscode.LanguageModelChat, messages: vscode.LanguageModelChatMessage[]): Promise<{ text: string; calls: vscode.LanguageModelToolCallPart[] }> {
  const tokens = new vscode.CancellationTokenSource();
  const response = await model.sendRequest(messages, { tools: [READ_FILE] }, tokens.token);
  let text = '';
  const calls: vscode.LanguageModelToolCallPart[] = [];
  for await (const part of response.stream) {
    if (part instanceof vscode.LanguageModelToolCallPart) { calls.push(part); } else if (part instanceof vscode.LanguageModelTextPart) { text += part.value; }
  }
  tokens.dispose();
  if (calls.length) {
    messages.push(vscode.LanguageModelChatMessage.Assistant([...(text ? [new vscode.LanguageModelTextPart(text)] : []), ...calls]));
    const results = await Promise.all(calls.map(async c => new vscode.LanguageModelToolResultPart(c.callId, [new vscode.LanguageModelTextPart(await workspaceText(String((c.input as { path?: string }).path)))])));
    messages.push(vscode.LanguageModelChatMessage.User(results));
  }
  return { text, calls };
}

describe('Hybrid models in an agent loop (tool calling; scripted models on 127.0.0.1)', function () {
  this.timeout(60_000);
  let api: HybridAgentApi;
  let local: ToolServer;
  let cloud: ToolServer;
  const records: RouteRecord[] = [];
  let listening: vscode.Disposable | undefined;
  let standIns: StandIns | undefined;

  before(async () => {
    api = await activateExtension();
    standIns = await useStandIns(api, readNamedFile);
    ({ local, cloud } = standIns);
    const sub = api.routeLog.onDidAppend(r => records.push(r));
    listening = { dispose: () => sub.dispose() };
  });

  after(async () => {
    listening?.dispose();
    await standIns?.stop();
  });

  it('the Hybrid models call tools: tools reach the model as function tools, calls come back as LanguageModelToolCallParts', async () => {
    const [auto] = await vscode.lm.selectChatModels({ vendor: VENDOR, id: 'hybrid-auto' });
    assert.ok(auto, 'Hybrid (auto) is selectable');
    records.length = 0;
    const messages = [vscode.LanguageModelChatMessage.User(`What does ${PLAIN_FILE} export?`)];
    const first = await agentTurn(auto, messages);
    assert.equal(first.calls.length, 1);
    assert.equal(first.calls[0].name, 'read_file');
    assert.deepEqual(first.calls[0].input, { path: PLAIN_FILE }, 'arguments split across chunks arrive parsed');
    const second = await agentTurn(auto, messages);
    assert.equal(second.calls.length, 0);
    assert.match(second.text, /^answer from (local|cloud)-scripted$/);
    assert.equal(records.length, 2);
    const [turn1, turn2] = records;
    assert.equal(turn1.agent?.sessionId, turn2.agent?.sessionId, 'one session');
    assert.deepEqual([turn1.agent?.turn, turn2.agent?.turn], [1, 2]);
    assert.deepEqual(turn1.agent?.toolCalls, ['read_file']);
    assert.deepEqual(turn2.agent?.toolResults, ['read_file']);
    for (const record of records) {
      assert.equal(record.kind, 'answered');
      if (record.kind !== 'answered') { continue; }
      assert.equal(record.response.path, record.response.decision.target, 'served where the router said');
      assert.notEqual(record.response.privacy, 'restricted');
    }
    const servedBy = turn2.kind === 'answered' && turn2.response.path === 'cloud' ? cloud : local;
    const wire = servedBy.requests[servedBy.requests.length - 1];
    assert.deepEqual(wire.tools?.map(t => [t.type, t.function.name]), [['function', 'read_file']]);
    const roles = wire.messages.map(m => m.role);
    assert.deepEqual(roles.slice(-3), ['user', 'assistant', 'tool'], 'call and result travel structurally');
    assert.equal(wire.messages[wire.messages.length - 2].tool_calls?.[0].function.name, 'read_file');
    assert.match(String(wire.messages[wire.messages.length - 1].content), /unpaidTotal/);
  });

  it('a tool result holding a secret turns that request and every later one local; the cloud stand-in records none of them', async () => {
    const [forcedCloud] = await vscode.lm.selectChatModels({ vendor: VENDOR, id: 'hybrid-cloud' });
    assert.ok(forcedCloud, 'Hybrid (cloud) is listed when a cloud is configured');
    const secret = locateFakeSecret(await workspaceText(SECRET_FILE))?.secret ?? '';
    assert.ok(secret.length > 8);
    records.length = 0;
    const cloudBefore = cloud.requests.length;
    const messages = [vscode.LanguageModelChatMessage.User(`Read ${SECRET_FILE} and explain it`)];
    const first = await agentTurn(forcedCloud, messages);
    assert.equal(first.calls[0]?.name, 'read_file');
    assert.equal(cloud.requests.length, cloudBefore + 1, 'the first turn (no secret yet) went to the cloud as asked');
    const second = await agentTurn(forcedCloud, messages);
    assert.equal(second.text, 'answer from local-scripted');
    messages.push(vscode.LanguageModelChatMessage.Assistant(second.text), vscode.LanguageModelChatMessage.User('Thanks. Now summarise the whole module.'));
    const third = await agentTurn(forcedCloud, messages);
    assert.equal(third.text, 'answer from local-scripted');
    // The agent summarises its history: the tool result with the secret is gone, the session is not.
    const summarised = [messages[0], vscode.LanguageModelChatMessage.Assistant('Summary: the module was read and explained.'), vscode.LanguageModelChatMessage.User('Now migrate the whole module to the new storage service.')];
    const fourth = await agentTurn(forcedCloud, summarised);
    assert.equal(fourth.text, 'answer from local-scripted', 'a summarised history of the same session stays local');
    assert.equal(cloud.requests.length, cloudBefore + 1, 'no later request reached the cloud stand-in');
    assert.ok(!cloud.bodies.some(b => b.includes(secret)), 'the secret never reached the cloud');
    assert.ok(local.bodies.some(b => b.includes(secret)), 'control: the local model did get the file');
    assert.deepEqual(records.map(r => (r.kind === 'answered' ? `${r.response.path}/${r.response.privacy}` : r.kind)), ['cloud/public', 'local/restricted', 'local/restricted', 'local/restricted']);
    const fourthRecord = records[3];
    assert.match(fourthRecord.kind === 'answered' ? fourthRecord.response.reason : '', /earlier turn of this conversation contained a secret/);
    const second2 = records[1];
    assert.match(second2.kind === 'answered' ? second2.response.reason : '', /result of `read_file`/);
    assert.ok(!JSON.stringify(records).includes(secret), 'no record holds the secret');
    assert.ok(!(api.logLines?.() ?? []).some(l => l.includes(secret)), 'no log line holds the secret');
    assert.ok((api.logLines?.() ?? []).some(l => /^\[agent\] session lm-[0-9a-f]+ turn 2: local \(restricted\); no tool called; results sent: read_file/.test(l)), 'the log names the tools by name');
  });

  it('the extension\'s own read-only tools are registered and refuse paths outside the workspace', async () => {
    const names = vscode.lm.tools.map(t => t.name);
    for (const name of ['hybridAgent_readFile', 'hybridAgent_findFiles', 'hybridAgent_searchText']) { assert.ok(names.includes(name), name); }
    const text = async (name: string, input: object) => {
      const result = await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined }, new vscode.CancellationTokenSource().token);
      return result.content.map(p => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join('');
    };
    assert.match(await text('hybridAgent_readFile', { path: PLAIN_FILE }), /export function unpaidTotal/);
    assert.match(await text('hybridAgent_readFile', { path: '../../../../etc/passwd' }), /outside the workspace/);
    assert.match(await text('hybridAgent_findFiles', { pattern: '*.ts' }), new RegExp(`${PLAIN_FILE}`));
    assert.match(await text('hybridAgent_searchText', { query: 'unpaidTotal' }), new RegExp(`${PLAIN_FILE}:3: export function unpaidTotal`));
  });
});
