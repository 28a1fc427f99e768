import { strict as assert } from 'node:assert';
import { DemoProvider } from '../../../src/providers/demo';
import { RouterService } from '../../../src/router/service';
import { askDocument, classifyDocument, demoDocument, logDocument } from '../../../src/present/documents';
import { runDemoScenarios } from '../../../src/runtime/demoScenarios';
import { aConfig, aConnectionString } from '../../fakes';

const isDemo = (id: string) => id.startsWith('demo-');

describe('present/documents (over real outcomes)', () => {
  const service = () => new RouterService({ config: () => aConfig(), local: new DemoProvider({ target: 'local' }), cloud: new DemoProvider({ target: 'cloud' }) });

  it('Ask: the route line, the answer, the footer, the why and the decision', async () => {
    const outcome = await service().ask({ prompt: 'What does this loop do?', references: [{ kind: 'selection', name: 'selection', content: 'for (;;) {}', startLine: 2 }] }, new AbortController().signal, () => undefined);
    assert.equal(outcome.kind, 'answered');
    const doc = askDocument(outcome, '→ local · demo-local (demo) · a short question', isDemo);
    assert.match(doc, /^# Hybrid Agent — answer\n\n> → local · demo-local \(demo\)/);
    assert.ok(outcome.kind === 'answered' && doc.includes(outcome.response.answer));
    assert.match(doc, /_local · demo-local \(demo\) · .* tokens · \$0 \(local\)_/);
    assert.ok(outcome.kind === 'answered' && doc.includes(`**Why:** ${outcome.response.decision.reason.replace(/\.$/, '')}`));
    assert.match(doc, /\| Privacy \| internal \|/);
  });

  it('Ask while streaming: the answer so far, no footer yet', () => {
    const doc = askDocument(undefined, '→ local · demo-local (demo)', isDemo, 'The loop runs for');
    assert.match(doc, /The loop runs for\n$/);
    assert.ok(!doc.includes('tokens'));
  });

  it('demo document and log document', async () => {
    const results = await runDemoScenarios(new AbortController().signal);
    const doc = demoDocument(results);
    assert.equal((doc.match(/^## \d\./gm) ?? []).length, results.length);
    assert.match(doc, /demo-local \(demo\)/);
    assert.match(logDocument('hr-x', []), /No log lines for this request/);
    assert.match(logDocument('hr-x', ['[router] a {correlationId=hr-x}']), /^ {4}\[router\] a/m);
  });

  it('Classify: the decision only, says nothing was sent, never shows the secret', async () => {
    const secret = aConnectionString();
    const outcome = await service().classify({ prompt: 'Explain this code.', references: [{ kind: 'selection', name: 'selection', path: 'src/db.ts', content: `const cs = "${secret}";`, startLine: 7 }] }, new AbortController().signal);
    const doc = classifyDocument(outcome);
    assert.match(doc, /Nothing was sent to an answering model\. Only the local router model on this device may have been consulted/);
    assert.match(doc, /\| Privacy \| restricted \|/);
    assert.match(doc, /connection-string-password @ \S+:7:/);
    const password = /Password=([^;]+)/.exec(secret)?.[1] ?? '';
    assert.ok(password.length > 8 && !doc.includes(password));
  });

  it('a failure shows the error with its correlation id', async () => {
    const failing = new RouterService({ config: () => aConfig(), local: new DemoProvider({ target: 'local' }) });
    const outcome = await failing.ask({ prompt: '   ' }, new AbortController().signal, () => undefined);
    assert.equal(outcome.kind, 'failed');
    const doc = askDocument(outcome, undefined, isDemo);
    assert.ok(outcome.kind === 'failed' && doc.includes(outcome.error.correlationId));
    assert.match(doc, /\*\*Nothing to ask\*\*/);
  });
});
