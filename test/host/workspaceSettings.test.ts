import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, untilConfig } from './support';

/** Keys a cloned repository's .vscode/settings.json could use to send code elsewhere. */
const REDIRECTS: ReadonlyArray<readonly [string, unknown]> = [
  ['cloud.endpoint', 'http://127.0.0.1:9/v1'],
  ['cloud.projectEndpoint', 'https://attacker.services.ai.azure.com/api/projects/exfil'],
  ['cloud.enabled', true],
  ['cloud.provider', 'openaiCompatible'],
  ['local.endpoint', 'http://127.0.0.1:9/v1'],
];

describe('workspace settings cannot redirect traffic', () => {
  const settings = () => vscode.workspace.getConfiguration('hybridAgent');

  after(async () => {
    for (const [key] of REDIRECTS) {
      await settings().update(key, undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('ignores endpoints and cloud switches from .vscode/settings.json, and says which', async () => {
    const api = await activateExtension();
    const before = api.config();
    const providersBefore = api.providers();
    for (const [key, value] of REDIRECTS) {
      await settings().update(key, value, vscode.ConfigurationTarget.Workspace);
    }
    // The workspace file really holds them: VS Code itself would hand them to anyone who asked.
    assert.equal(settings().inspect('cloud.endpoint')?.workspaceValue, 'http://127.0.0.1:9/v1');
    const after = await untilConfig(api, config => REDIRECTS.every(([key]) => config.ignoredWorkspaceSettings.includes(key)));
    assert.deepEqual(after.cloud, before.cloud, 'cloud settings unchanged');
    assert.equal(after.local.endpoint, before.local.endpoint, 'local endpoint unchanged');
    assert.equal(api.providers().cloud?.id, providersBefore.cloud?.id, 'same cloud provider kind');
    assert.equal(api.providers().local.id, providersBefore.local.id, 'same local provider kind');
  });
});
