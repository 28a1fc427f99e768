import { strict as assert } from 'node:assert';
import { toAbortSignal } from '../../../src/chat/cancellation';
import { RecentRequests } from '../../../src/chat/followups';
import { RouteAnnouncer, type RouteAnnouncement } from '../../../src/chat/routeAnnouncer';
import { DemoProvider } from '../../../src/providers/demo';
import { RouterService } from '../../../src/router/service';
import { aConfig, MemoryEventSink } from '../../fakes';

const REFACTOR = 'Refactor the authentication flow across the api, web and worker modules: migrate session storage from in-memory maps to Redis, redesign the token refresh architecture so all three services share one implementation, and explain the concurrency and security trade-offs in depth.';

describe('chat/routeAnnouncer (with the real RouterService)', () => {
  it('announces the decided side before any text, then the fallback side; passes every event on', async () => {
    const next = new MemoryEventSink();
    const announcer = new RouteAnnouncer(next, id => id.startsWith('demo-'));
    const service = new RouterService({ config: () => aConfig(), local: new DemoProvider({ target: 'local' }), cloud: new DemoProvider({ target: 'cloud', fail: 'unreachable' }), events: announcer });
    const order: string[] = [];
    const seen: RouteAnnouncement[] = [];
    const watch = announcer.watch('hr-announce01', a => { seen.push(a); order.push(`announce:${a.target}`); });
    const outcome = await service.ask({ prompt: REFACTOR, correlationId: 'hr-announce01' }, new AbortController().signal, () => { if (order.at(-1) !== 'text') { order.push('text'); } });
    watch.dispose();
    assert.equal(outcome.kind, 'answered');
    assert.deepEqual(order, ['announce:cloud', 'announce:local', 'text']);
    assert.equal(seen[0].isFallback, false);
    assert.equal(seen[0].model, 'demo-cloud');
    assert.equal(seen[0].isDemo, true);
    assert.match(seen[0].reason ?? '', /^Goes to the cloud/);
    assert.equal(seen[1].isFallback, true);
    assert.ok(next.events.length > 3, 'events still reach the log sink');
  });

  it('only the watched request is announced, and not after dispose', async () => {
    const announcer = new RouteAnnouncer(new MemoryEventSink(), id => id.startsWith('demo-'));
    const service = new RouterService({ config: () => aConfig(), local: new DemoProvider({ target: 'local' }), events: announcer });
    const seen: string[] = [];
    const watch = announcer.watch('hr-watched01', a => seen.push(a.target));
    await service.ask({ prompt: 'hello', correlationId: 'hr-other0001' }, new AbortController().signal, () => undefined);
    assert.deepEqual(seen, []);
    watch.dispose();
    await service.ask({ prompt: 'hello', correlationId: 'hr-watched01' }, new AbortController().signal, () => undefined);
    assert.deepEqual(seen, []);
  });

  it('a throwing listener does not break routing', async () => {
    const announcer = new RouteAnnouncer(new MemoryEventSink(), id => id.startsWith('demo-'));
    const service = new RouterService({ config: () => aConfig(), local: new DemoProvider({ target: 'local' }), events: announcer });
    announcer.watch('hr-throws001', () => { throw new Error('listener bug'); });
    const outcome = await service.ask({ prompt: 'hello', correlationId: 'hr-throws001' }, new AbortController().signal, () => undefined);
    assert.equal(outcome.kind, 'answered');
  });
});

describe('chat/cancellation', () => {
  function token(cancelled = false) {
    const listeners: (() => void)[] = [];
    let disposed = 0;
    return {
      isCancellationRequested: cancelled,
      onCancellationRequested: (l: () => void) => { listeners.push(l); return { dispose: () => { disposed++; } }; },
      fire: () => listeners.forEach(l => l()),
      disposed: () => disposed,
    };
  }

  it('the signal fires when the token does; dispose unsubscribes', () => {
    const t = token();
    const linked = toAbortSignal(t);
    assert.equal(linked.signal.aborted, false);
    t.fire();
    assert.equal(linked.signal.aborted, true);
    linked.dispose();
    assert.equal(t.disposed(), 1);
  });

  it('an already-cancelled token gives an aborted signal', () => {
    assert.equal(toAbortSignal(token(true)).signal.aborted, true);
  });
});

describe('chat/followups: RecentRequests', () => {
  it('is bounded, evicts the oldest, and refuses very large requests', () => {
    const recent = new RecentRequests(2, 100);
    recent.remember('a', { prompt: 'one' });
    recent.remember('b', { prompt: 'two' });
    recent.remember('c', { prompt: 'three' });
    assert.equal(recent.get('a'), undefined);
    assert.equal(recent.get('c')?.prompt, 'three');
    recent.remember('big', { prompt: 'x', references: [{ kind: 'file', name: 'f', content: 'y'.repeat(200) }] });
    assert.equal(recent.get('big'), undefined);
  });
});
