import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, activateExtension } from './support';

/** Commands of ids.md: every one must be registered once the extension is active. */
const COMMANDS = [
  'hybridAgent.askSelection', 'hybridAgent.classifySelection', 'hybridAgent.openChat', 'hybridAgent.showRoutingLog',
  'hybridAgent.clearDecisions', 'hybridAgent.copyDecisionJson', 'hybridAgent.rerunOtherSide', 'hybridAgent.openInLog',
  'hybridAgent.selectLocalModel', 'hybridAgent.selectCloudDeployment', 'hybridAgent.signIn', 'hybridAgent.setCloudApiKey', 'hybridAgent.setLocalApiKey',
  'hybridAgent.checkLocalRuntime', 'hybridAgent.runDemo', 'hybridAgent.openSettings', 'hybridAgent.setMode',
];

describe('activation', () => {
  it('activates and returns the test API over a live route log and service', async () => {
    const api = await activateExtension();
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, 'extension is active');
    assert.ok(Array.isArray(api.routeLog.recent()), 'routeLog.recent() is a list');
    assert.equal(typeof api.service().classify, 'function');
    assert.ok(api.providers().local.label.length > 0, 'a local provider is configured');
    assert.ok(['auto', 'localOnly', 'preferLocal', 'preferCloud'].includes(api.config().router.mode));
  });

  it('registers every command of ids.md', async () => {
    await activateExtension();
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = COMMANDS.filter(id => !registered.has(id));
    assert.deepEqual(missing, [], `missing commands: ${missing.join(', ')}`);
  });

  it('contributes the @hybrid participant, the language model vendor and the Routing Decisions view', async () => {
    await activateExtension();
    const contributes = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON.contributes;
    const participant = contributes.chatParticipants?.find((p: { id: string }) => p.id === 'hybridAgent.chat');
    assert.equal(participant?.name, 'hybrid');
    assert.deepEqual(participant.commands.map((c: { name: string }) => c.name).sort(), ['cloud', 'explain', 'local', 'refactor']);
    assert.ok(contributes.languageModelChatProviders?.some((p: { vendor: string }) => p.vendor === 'hybrid-agent'));
    // VS Code generates `<view id>.focus` for every registered view: proof the view exists in this workbench.
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.ok(registered.has('hybridAgent.routingLog.focus'), 'Routing Decisions view is registered');
    await vscode.commands.executeCommand('hybridAgent.routingLog.focus');
  });
});
