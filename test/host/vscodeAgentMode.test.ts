/**
 * VS Code's own Agent mode on Hybrid (auto), in the real workbench: VS Code's chat is set up anonymously (no
 * sign-in, no network) by THIS TEST — the extension never does that by itself — then a real Agent-mode request runs
 * its built-in agent (Copilot Chat, bundled with code-server) on the Hybrid model, which the scripted local and
 * cloud stand-ins on 127.0.0.1 answer. A `read_file` of a clean file goes where the router says; a `read_file` of
 * the file holding the fake secret turns that turn and every later one local, and the cloud stand-in records
 * nothing of them. Runs last (test/host/index.ts): once set up, VS Code's chat stays set up in this profile.
 *
 * VS Code's agent keeps the tool results it received in its own chat history (workspaceStorage/…/chatSessions), as it
 * does for any model: that is the person's own conversation on this machine. So this test reads a file with a
 * secret of its own, not the run's fake secret, which the leak scan looks for in every other place.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RouteRecord } from '../../src/router/routeLog';
import { fakePassword, PLAIN_FILE } from '../e2e/support/fixtureWorkspace';
import { useStandIns, type StandIns } from './standIns';
import { activateExtension, type HybridAgentApi } from './support';
import type { ScriptedReply, ToolServer, WireRequest } from './toolServer';

const SETUP_COMMAND = 'workbench.action.chat.triggerSetupAnonymousWithoutDialog';
const BUILT_IN_CHAT = 'GitHub.copilot-chat';
/** Written by this test, with a fake password of its own. */
const AGENT_SECRET_FILE = 'src/dbSettings.ts';

/** Polls (VS Code's chat sets itself up asynchronously); the test's own timeout bounds the wait. */
async function until<T>(read: () => T, ok: (value: T) => boolean): Promise<T> {
  for (;;) {
    const value = read();
    if (ok(value)) { return value; }
    await new Promise(resolve => setTimeout(resolve, 200));
  }
}

function workspacePath(relative: string): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the fixture workspace is open');
  return vscode.Uri.joinPath(folder.uri, relative).fsPath;
}

/**
 * The scripted model behind both sides: in an agent request (tools offered) it reads, one per turn, the files the
 * person's request names, in order, with VS Code's `read_file` (arguments filled from its schema); then answers.
 * Requests without tools (VS Code's utility flows) get a plain answer.
 */
function agentScript(req: WireRequest): ScriptedReply {
  const reader = req.tools?.find(t => t.function.name === 'read_file') as { function: { name: string; parameters?: { properties?: Record<string, { type?: string }>; required?: string[] } } } | undefined;
  if (!reader) { return { text: 'ok' }; }
  const asked = req.messages.filter(m => m.role === 'user').map(m => String(m.content ?? '')).map(c => /<userRequest>([\s\S]*?)<\/userRequest>/.exec(c)?.[1]).filter(Boolean).pop() ?? '';
  const files = asked.match(/src\/\w+\.ts/g) ?? [];
  const done = req.messages.filter(m => m.role === 'tool').length;
  if (done >= files.length) { return { text: `Done: read ${done} file(s). (answered by ${req.model})` }; }
  const properties = reader.function.parameters?.properties ?? {};
  const key = ['filePath', 'path', 'file'].find(k => k in properties) ?? 'filePath';
  const args: Record<string, unknown> = { [key]: workspacePath(files[done]) };
  for (const name of reader.function.parameters?.required ?? []) {
    if (name !== key && ['number', 'integer'].includes(properties[name]?.type ?? '')) { args[name] = /end|limit/i.test(name) ? 200 : 1; }
  }
  return { toolCalls: [{ name: 'read_file', arguments: args }] };
}

describe('VS Code Agent mode on Hybrid (auto) (built-in agent, scripted models on 127.0.0.1)', function () {
  this.timeout(180_000);
  let api: HybridAgentApi;
  let local: ToolServer;
  let cloud: ToolServer;
  const records: RouteRecord[] = [];
  let subscription: { dispose(): void } | undefined;
  let standIns: StandIns | undefined;
  const secret = fakePassword();

  before(async () => {
    // VS Code's agent attaches the open editors as context: the earlier tests left the file with the run's fake
    // secret open, which would (rightly) make every turn restricted here.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const text = `// Settings of the reporting database.\n\nexport const REPORTS_URL = "postgres://reports_app:${secret}@reports-db.internal:5432/reports";\n`;
    await vscode.workspace.fs.writeFile(vscode.Uri.file(workspacePath(AGENT_SECRET_FILE)), new TextEncoder().encode(text));
    api = await activateExtension();
    standIns = await useStandIns(api, agentScript);
    ({ local, cloud } = standIns);
    subscription = api.routeLog.onDidAppend(r => { if (r.agent && r.agent.toolsOffered > 0) { records.push(r); } });
    assert.equal(await vscode.commands.executeCommand(SETUP_COMMAND), true, 'VS Code\'s chat set itself up anonymously');
    await until(() => vscode.extensions.getExtension(BUILT_IN_CHAT)?.isActive === true, ok => ok);
  });

  after(async () => {
    subscription?.dispose();
    await vscode.workspace.fs.delete(vscode.Uri.file(workspacePath(AGENT_SECRET_FILE)), { useTrash: false });
    await standIns?.stop();
  });

  async function agentRequest(query: string, turns: number): Promise<RouteRecord[]> {
    records.length = 0;
    // A new chat: VS Code's agent replays the open conversation, which would make these turns 4 and 5 of it.
    await vscode.commands.executeCommand('workbench.action.chat.newChat');
    await vscode.commands.executeCommand('workbench.action.chat.open', { mode: 'agent', modelSelector: { vendor: 'hybrid-agent', id: 'hybrid-auto' }, query });
    await until(() => records.length, n => n >= turns);
    return [...records];
  }

  it('a read_file of a clean file: VS Code\'s agent calls the tool through Hybrid, and each turn goes where the router says', async () => {
    const turns = await agentRequest(`Read ${PLAIN_FILE} and tell me what it exports.`, 2);
    assert.deepEqual(turns.map(r => [r.agent?.turn, r.agent?.toolCalls.join(','), r.agent?.toolResults.join(',')]), [[1, 'read_file', ''], [2, '', 'read_file']]);
    assert.equal(turns[0].agent?.sessionId, turns[1].agent?.sessionId, 'one session in the tree');
    assert.ok((turns[0].agent?.toolsOffered ?? 0) > 10, `VS Code's agent offered its tools (${turns[0].agent?.toolsOffered})`);
    for (const r of turns) {
      assert.equal(r.kind, 'answered');
      if (r.kind !== 'answered') { continue; }
      assert.equal(r.response.path, r.response.decision.target, 'served where the router said');
      assert.notEqual(r.response.privacy, 'restricted');
    }
    const second = turns[1];
    const server = second.kind === 'answered' && second.response.path === 'cloud' ? cloud : local;
    const wire = server.requests[server.requests.length - 1];
    assert.equal(wire.messages[wire.messages.length - 1].role, 'tool', 'the file came back as a tool message');
    assert.match(String(wire.messages[wire.messages.length - 1].content), /unpaidTotal/);
  });

  it('a read_file of the file holding a secret turns that turn and every later one local; the cloud stand-in records nothing of them', async () => {
    const cloudBefore = cloud.requests.length;
    const turns = await agentRequest(`Read ${AGENT_SECRET_FILE} and then ${PLAIN_FILE}, and explain how they fit together.`, 3);
    const cloudDuringFirstTurn = turns[0].kind === 'answered' && turns[0].response.path === 'cloud' ? 1 : 0;
    assert.deepEqual(turns.map(r => r.agent?.turn), [1, 2, 3]);
    assert.deepEqual(turns.slice(1).map(r => (r.kind === 'answered' ? `${r.response.path}/${r.response.privacy}` : r.kind)), ['local/restricted', 'local/restricted']);
    assert.match(turns[1].kind === 'answered' ? turns[1].response.reason : '', /result of `read_file`/);
    assert.ok(cloud.requests.length - cloudBefore <= cloudDuringFirstTurn, 'no turn after the secret reached the cloud stand-in');
    assert.ok(!cloud.bodies.some(b => b.includes(secret)), 'the secret never reached the cloud stand-in');
    assert.ok(local.bodies.some(b => b.includes(secret)), 'control: the local stand-in did get the file');
    assert.ok(!(api.logLines?.() ?? []).some(l => l.includes(secret)), 'no log line holds the secret');
  });
});
