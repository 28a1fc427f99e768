import { strict as assert } from 'node:assert';
import { RouteAnnouncer, type RouteAnnouncement } from '../../../src/chat/routeAnnouncer';
import { DemoProvider } from '../../../src/providers/demo';
import { decisionMarkdown, decisionText } from '../../../src/present/decision';
import { footerLine, progressLine } from '../../../src/present/route';
import { RouteLog } from '../../../src/router/routeLog';
import { RouterService } from '../../../src/router/service';
import { formatEventLine } from '../../../src/views/logChannel';
import { detailsOf } from '../../../src/views/treeModel';
import { aConfig, MemoryEventSink } from '../../fakes';
import { Rng } from '../router/privacy/fixtures';

const rng = new Rng(0x11ed);

describe('present: a redacted request in the route line, the log, the tree and the decision texts', () => {
  it('shows counts and rule ids, never a value', async () => {
    const tokens = [['gh', 'p_', rng.str(36)].join(''), ['gh', 'p_', rng.str(36)].join('')];
    const password = rng.str(18);
    const prompt = `Migrate the services that use ${tokens[0]} and ${tokens[1]} and postgres://app:${password}@db.internal.example:5432/orders to the new vault`;
    const sink = new MemoryEventSink();
    const announcer = new RouteAnnouncer(sink, id => id.startsWith('demo-'));
    const log = new RouteLog(10);
    const service = new RouterService({
      config: () => aConfig({ onSecret: 'redactForCloud' }), local: new DemoProvider({ target: 'local' }), cloud: new DemoProvider({ target: 'cloud' }),
      events: announcer, log,
    });
    const seen: RouteAnnouncement[] = [];
    const watch = announcer.watch('hr-redact0001', a => seen.push(a));
    const outcome = await service.ask({ prompt, force: 'cloud', correlationId: 'hr-redact0001' }, new AbortController().signal, () => undefined);
    watch.dispose();
    assert.equal(outcome.kind, 'answered');
    assert.equal(seen.length, 1);
    assert.equal(progressLine(seen[0]), '→ cloud · demo-cloud (demo) · 3 secrets redacted (github-token, url-with-password)');
    assert.match(outcome.kind === 'answered' ? footerLine(outcome.response, true) : '', /^cloud \(3 secrets redacted\) · demo-cloud \(demo\) · /);
    const record = log.recent()[0];
    const surfaces = [
      progressLine(seen[0]), sink.events.map(formatEventLine).join('\n'), JSON.stringify(detailsOf(record)),
      decisionText(outcome.kind === 'answered' ? outcome.response.decision : undefined!),
      decisionMarkdown(outcome.kind === 'answered' ? outcome.response.decision : undefined!),
    ];
    assert.ok(detailsOf(record).some(d => d.label === 'Redaction' && d.description === '3 secrets redacted (github-token, url-with-password) · restored on this device'));
    assert.match(surfaces[3], /^redaction: {2}3 secrets redacted \(github-token, url-with-password\)$/m);
    assert.match(surfaces[4], /\| Redaction \| 3 secrets redacted/);
    assert.match(surfaces[1], /redacted/);
    for (const secret of [...tokens.map(t => t.slice(4)), password]) {
      surfaces.forEach((text, i) => assert.ok(!text.includes(secret.slice(0, 8)) && !text.includes(secret.slice(-8)), `surface ${i} holds a piece of a secret`));
    }
  });

  it('a redacted cloud_fallback says both: the local model failed, and how many secrets were redacted', async () => {
    const token = ['gh', 'p_', rng.str(36)].join('');
    const service = new RouterService({
      config: () => aConfig({ onSecret: 'redactForCloud' }), local: new DemoProvider({ target: 'local', fail: 'unreachable' }), cloud: new DemoProvider({ target: 'cloud' }),
    });
    const outcome = await service.ask({ prompt: `What is ${token} for?` }, new AbortController().signal, () => undefined);
    assert.equal(outcome.kind, 'answered', JSON.stringify(outcome).slice(0, 200));
    if (outcome.kind !== 'answered') { return; }
    assert.equal(outcome.response.path, 'cloud_fallback');
    assert.match(footerLine(outcome.response, true), /^cloud \(fallback: local failed; 1 secret redacted\) · demo-cloud \(demo\) · /);
    assert.ok(!footerLine(outcome.response, true).includes(token.slice(4, 12)));
  });
});
