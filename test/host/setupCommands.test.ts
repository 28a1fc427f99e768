/**
 * "Select Local Model" in the real workbench: the quick pick lists the models the configured OpenAI-compatible
 * server reports (here a scripted server on 127.0.0.1), and the one picked becomes `hybridAgent.local.model`.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { useStandIns, type StandIns } from './standIns';
import { activateExtension, untilConfig, type HybridAgentApi } from './support';

describe('Select Local Model lists what the local server has', function () {
  this.timeout(60_000);
  let api: HybridAgentApi;
  let standIns: StandIns | undefined;

  before(async () => {
    api = await activateExtension();
    standIns = await useStandIns(api, () => ({ text: 'ok' }));
  });

  after(async () => {
    await standIns?.stop();
  });

  it('offers the server\'s models first and saves the one picked', async () => {
    await untilConfig(api, c => c.local.model === 'local-scripted');
    let settled = false;
    const picking = Promise.resolve(vscode.commands.executeCommand<string | undefined>('hybridAgent.selectLocalModel')).finally(() => { settled = true; });
    // The quick pick opens once the server has answered its model list; accept its first item as a person would.
    for (let waited = 0; !settled && waited < 15_000; waited += 250) {
      await new Promise(resolve => setTimeout(resolve, 250));
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    }
    const picked = await picking;
    // The scripted server lists one model, `scripted`: neither the configured name nor a built-in suggestion.
    assert.equal(picked, 'scripted');
    const config = await untilConfig(api, c => c.local.model === 'scripted');
    assert.equal(config.local.model, 'scripted');
  });
});
