import { strict as assert } from 'node:assert';
import { DemoProvider } from '../../../src/providers/demo';
import { RouterService } from '../../../src/router/service';
import type { ModelProvider, ProbeResult } from '../../../src/router/types';
import { SideMonitor } from '../../../src/runtime/sideMonitor';
import { aConfig } from '../../fakes';

/** A demo provider whose probe answers what the test says (the real chat path stays the demo's). */
function probed(target: 'local' | 'cloud', result: ProbeResult, fail?: 'unreachable'): ModelProvider {
  const provider = new DemoProvider({ target, fail });
  provider.probe = async () => result;
  return provider;
}

const MEDIUM = 'Explain in detail how this function works and analyse what happens when the list is empty.';

describe('runtime/sideMonitor', () => {
  it('a failed call marks its side unavailable with the failure, until a call succeeds', async () => {
    const local = probed('local', { available: true }, 'unreachable');
    const cloud = probed('cloud', { available: true });
    const monitor = new SideMonitor({ local, cloud, cloudUsable: true });
    await monitor.probe();
    assert.equal(monitor.state().local.available, true);
    const failing = new RouterService({ config: () => aConfig(), local, cloud, events: monitor });
    const outcome = await failing.ask({ prompt: MEDIUM }, new AbortController().signal, () => undefined);
    assert.equal(outcome.kind, 'answered');
    assert.equal(monitor.state().local.available, false, 'the local call failed: ✗ although the probe said ✓');
    assert.match(monitor.state().local.detail ?? '', /failed/);
    assert.equal(monitor.state().cloud.available, true, 'the cloud answered the fallback');
    const healthy = new RouterService({ config: () => aConfig(), local: new DemoProvider({ target: 'local' }), cloud, events: monitor });
    await healthy.ask({ prompt: 'hello there' }, new AbortController().signal, () => undefined);
    assert.equal(monitor.state().local.available, true, 'a successful call clears it');
    assert.equal(monitor.state().local.detail, undefined);
  });

  it('a model missing from the server list is a warning while the side is available', async () => {
    const monitor = new SideMonitor({ local: probed('local', { available: true, warning: 'not in the list (it lists: llama3:latest)' }), cloudUsable: false });
    await monitor.probe();
    assert.deepEqual([monitor.state().local.available, monitor.state().local.warning], [true, 'not in the list (it lists: llama3:latest)']);
    assert.equal(monitor.state().cloud.configured, false);
  });

  it('a probe that started before a real call does not overwrite what the call showed', async () => {
    let release: (r: ProbeResult) => void = () => undefined;
    const local = new DemoProvider({ target: 'local' });
    local.probe = () => new Promise(resolve => { release = resolve; });
    const monitor = new SideMonitor({ local, cloudUsable: false });
    const probing = monitor.probe();
    monitor.emit({ type: 'provider-result', correlationId: 'hr-1', level: 'info', component: 'router', message: 'answered', data: { provider: local.id, ok: true } });
    release({ available: false, detail: 'stale' });
    await probing;
    assert.equal(monitor.state().local.available, true);
  });

  it('reset forgets the old sides and fires a change', async () => {
    const monitor = new SideMonitor({ local: probed('local', { available: false, detail: 'down' }), cloudUsable: false });
    await monitor.probe();
    let changes = 0;
    monitor.onDidChange(() => changes++);
    await monitor.reset({ local: probed('local', { available: true }), cloudUsable: false });
    assert.equal(monitor.state().local.available, true);
    assert.ok(changes >= 2);
  });
});
