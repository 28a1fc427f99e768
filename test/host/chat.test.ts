import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AskOutcome } from '../../src/router/service';
import { PLAIN_FILE } from '../e2e/support/fixtureWorkspace';
import { activateExtension, nextRecord, selectWholeFile } from './support';

describe('@hybrid in the Chat view', () => {
  it('answers through workbench.action.chat.open with the Hybrid model selected', async () => {
    const api = await activateExtension();
    // A file without secrets is active, so whatever VS Code attaches implicitly keeps the request routable.
    await selectWholeFile(PLAIN_FILE);
    const appended = nextRecord(api.routeLog, record => record.kind !== 'classified');
    await vscode.commands.executeCommand('workbench.action.chat.open', {
      query: '@hybrid hello',
      modelSelector: { vendor: 'hybrid-agent', id: 'hybrid-auto' },
    });
    const record = await appended;
    assert.equal(record.kind, 'answered', `the participant answered (got ${record.kind})`);
    if (record.kind === 'answered') {
      assert.ok(['local', 'cloud'].includes(record.response.path));
      assert.equal(record.isDemo, true, 'first run answers on the demo models and says so');
    }
  });
});

describe('Ask hybrid agent on a selection', () => {
  it('returns the answer with its decision and records it', async () => {
    const api = await activateExtension();
    await selectWholeFile(PLAIN_FILE);
    const appended = nextRecord(api.routeLog, record => record.kind === 'answered' || record.kind === 'failed');
    const outcome = await vscode.commands.executeCommand<AskOutcome | undefined>('hybridAgent.askSelection', { silent: true, prompt: 'Explain this code.' });
    assert.equal(outcome?.kind, 'answered');
    if (outcome.kind === 'answered') {
      assert.ok(outcome.response.answer.length > 0);
      assert.equal(outcome.response.privacy, 'internal', 'workspace code attached: internal, not public');
      const record = await appended;
      assert.equal(record.kind === 'answered' && record.response.correlationId, outcome.response.correlationId);
    }
  });

  it('does nothing without a selection', async () => {
    await activateExtension();
    const editor = await selectWholeFile(PLAIN_FILE);
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    const outcome = await vscode.commands.executeCommand<AskOutcome | undefined>('hybridAgent.askSelection', { silent: true });
    assert.equal(outcome, undefined);
  });
});
