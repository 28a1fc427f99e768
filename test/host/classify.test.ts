import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ClassifyOutcome } from '../../src/router/service';
import { activateExtension, nextRecord, selectFakeSecret, treeTexts } from './support';

/** Every 8-character window of the secret: a partial leak is a leak too (masked previews keep at most 4). */
function leakedPieces(text: string, secret: string, width = 8): string[] {
  const pieces: string[] = [];
  for (let i = 0; i + width <= secret.length; i++) {
    if (text.includes(secret.slice(i, i + width))) {
      pieces.push(`${secret.slice(i, i + 2)}…(at ${i})`); // say where, without printing the piece itself
    }
  }
  return pieces;
}

describe('Classify selection on a line holding a secret', () => {
  it('records a restricted, local, deterministic decision with a finding on the right line', async () => {
    const api = await activateExtension();
    const { line } = await selectFakeSecret();
    const appended = nextRecord(api.routeLog, record => record.kind === 'classified');
    const outcome = await vscode.commands.executeCommand<ClassifyOutcome | undefined>('hybridAgent.classifySelection', { silent: true });
    assert.equal(outcome?.kind, 'classified');
    const decision = outcome.decision;
    assert.equal(decision.privacy, 'restricted');
    assert.equal(decision.target, 'local');
    assert.equal(decision.deterministic, true);
    assert.equal(decision.stage, 'privacy-gate');
    const finding = decision.findings.find(f => f.kind === 'secret');
    assert.ok(finding, `a secret finding (got ${decision.findings.map(f => f.rule).join(', ') || 'none'})`);
    assert.equal(finding.line, line, 'the finding points at the line in the file');
    const record = await appended;
    assert.equal(record.kind === 'classified' && record.decision.correlationId, decision.correlationId);
    assert.equal(api.routeLog.recent()[0], record, 'newest record first');
  });

  it('never shows the secret: outcome, route records, tree labels/descriptions/tooltips, log lines', async () => {
    const api = await activateExtension();
    const { secret } = await selectFakeSecret();
    const outcome = await vscode.commands.executeCommand<ClassifyOutcome | undefined>('hybridAgent.classifySelection', { silent: true });
    assert.equal(outcome?.kind, 'classified');
    const correlationId = outcome.decision.correlationId;

    assert.deepEqual(leakedPieces(JSON.stringify(outcome), secret), [], 'command outcome');
    assert.deepEqual(leakedPieces(JSON.stringify(api.routeLog.recent()), secret), [], 'route records');

    assert.ok(api.routingTree, 'the API exposes routingTree() (ids.md extras)');
    const texts = await treeTexts(api.routingTree());
    assert.ok(texts.some(t => t.includes(correlationId)), 'the tree shows this decision (its correlation id)');
    assert.ok(texts.some(t => t.includes(outcome.decision.findings[0].rule)), 'the tree names the rule that fired');
    assert.deepEqual(leakedPieces(texts.join('\n'), secret), [], 'tree items');

    assert.ok(api.logLines, 'the API exposes logLines() (ids.md extras)');
    const lines = api.logLines();
    assert.ok(lines.some(l => l.includes(correlationId)), 'the routing log has a line for this decision');
    assert.deepEqual(leakedPieces(lines.join('\n'), secret), [], 'log lines');
  });
});
