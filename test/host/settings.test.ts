import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ClassifyOutcome } from '../../src/router/service';
import { PLAIN_FILE } from '../e2e/support/fixtureWorkspace';
import { activateExtension, selectWholeFile, untilConfig } from './support';

const COMPLEX_PROMPT = 'Refactor and migrate the entire payment architecture across all services: redesign the module '
  + 'boundaries, migrate the database schema to event sourcing, and reason step by step about the trade-offs.';

async function classifyComplex(): Promise<ClassifyOutcome | undefined> {
  await selectWholeFile(PLAIN_FILE);
  return vscode.commands.executeCommand<ClassifyOutcome | undefined>('hybridAgent.classifySelection', { silent: true, prompt: COMPLEX_PROMPT });
}

describe('settings apply live', () => {
  const settings = () => vscode.workspace.getConfiguration('hybridAgent');

  afterEach(async () => {
    await settings().update('mode', undefined, vscode.ConfigurationTarget.Global);
    await settings().update('mode', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('user setting mode = localOnly keeps a cloud-worthy prompt local', async () => {
    const api = await activateExtension();
    assert.ok(api.providers().cloud, 'a (demo) cloud model is configured on first run');
    const before = await classifyComplex();
    assert.equal(before?.kind, 'classified');
    assert.equal(before.decision.target, 'cloud', `in auto mode the complex prompt goes to the cloud (${before.decision.reason})`);

    await settings().update('mode', 'localOnly', vscode.ConfigurationTarget.Global);
    await untilConfig(api, config => config.router.mode === 'localOnly');
    const after = await classifyComplex();
    assert.equal(after?.kind, 'classified');
    assert.equal(after.decision.target, 'local', 'local-only mode wins');
    assert.equal(after.decision.stage, 'policy');
  });

  it('a workspace may make the mode stricter but not looser', async () => {
    const api = await activateExtension();
    await settings().update('mode', 'preferCloud', vscode.ConfigurationTarget.Workspace);
    const loosened = await untilConfig(api, config => config.ignoredWorkspaceSettings.includes('mode') || config.router.mode === 'preferCloud');
    assert.equal(loosened.router.mode, 'auto', 'preferCloud from .vscode/settings.json is ignored');

    await settings().update('mode', 'localOnly', vscode.ConfigurationTarget.Workspace);
    const stricter = await untilConfig(api, config => config.router.mode !== 'auto');
    assert.equal(stricter.router.mode, 'localOnly', 'a stricter workspace mode applies');
  });
});
