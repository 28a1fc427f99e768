import { strict as assert } from 'node:assert';
import { DemoProvider } from '../../../src/providers/demo';
import { RouterService } from '../../../src/router/service';
import { askDocument, classifyDocument } from '../../../src/views/decisionDocument';
import { aConfig, aConnectionString } from '../../fakes';

describe('views/decisionDocument (over real outcomes)', () => {
  const service = () => new RouterService({ config: () => aConfig(), local: new DemoProvider({ target: 'local' }), cloud: new DemoProvider({ target: 'cloud' }) });

  it('Ask: the route line, the answer, the footer and the decision', async () => {
    const outcome = await service().ask({ prompt: 'What does this loop do?', references: [{ kind: 'selection', name: 'selection', content: 'for (;;) {}', startLine: 2 }] }, new AbortController().signal, () => undefined);
    assert.equal(outcome.kind, 'answered');
    const doc = askDocument(outcome, '→ local · demo-local (demo) · a short question');
    assert.match(doc, /^# Hybrid Agent — answer\n\n> → local · demo-local \(demo\)/);
    assert.ok(outcome.kind === 'answered' && doc.includes(outcome.response.answer));
    assert.match(doc, /_local · demo-local \(demo\) · .* tokens · \$0 \(local\)_/);
    assert.match(doc, /Served: \*\*local\*\* \(demo\)/);
    assert.match(doc, /\| Privacy \| internal \|/);
  });

  it('Classify: the decision only, says nothing was sent, never shows the secret', async () => {
    const secret = aConnectionString();
    const outcome = await service().classify({ prompt: 'Explain this code.', references: [{ kind: 'selection', name: 'selection', path: 'src/db.ts', content: `const cs = "${secret}";`, startLine: 7 }] }, new AbortController().signal);
    const doc = classifyDocument(outcome);
    assert.match(doc, /Nothing was sent to any answering model/);
    assert.match(doc, /\| Privacy \| restricted \|/);
    assert.match(doc, /connection-string-password @ \S+:7:/);
    const password = /Password=([^;]+)/.exec(secret)?.[1] ?? '';
    assert.ok(password.length > 8 && !doc.includes(password));
  });

  it('a failure shows the error with its correlation id', async () => {
    const failing = new RouterService({ config: () => aConfig(), local: new DemoProvider({ target: 'local' }) });
    const outcome = await failing.ask({ prompt: '   ' }, new AbortController().signal, () => undefined);
    assert.equal(outcome.kind, 'failed');
    const doc = askDocument(outcome, undefined);
    assert.ok(outcome.kind === 'failed' && doc.includes(outcome.error.correlationId));
    assert.match(doc, /\*\*Nothing to ask\*\*/);
  });
});
