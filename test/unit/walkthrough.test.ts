/** The walkthrough ticks a step only on real setup: context keys the extension sets from what really happened. */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../..');

describe('walkthrough completion events', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { contributes: { walkthroughs: { steps: { id: string; completionEvents: string[] }[] }[] } };
  const steps = Object.fromEntries(pkg.contributes.walkthroughs[0].steps.map(s => [s.id, s.completionEvents]));
  const extension = readFileSync(join(ROOT, 'src/extension.ts'), 'utf8');

  it('set-up steps complete on context keys, never on merely running a command or on the demo', () => {
    assert.deepEqual(steps.foundryLocal, ['onContext:hybridAgent.localReady']);
    assert.deepEqual(steps.foundryCloud, ['onContext:hybridAgent.cloudReady']);
    assert.deepEqual(steps.tryChat, ['onContext:hybridAgent.chatAnswered']);
    assert.ok(!JSON.stringify(steps).includes('runDemo'));
  });

  it('each context key is one the extension sets', () => {
    for (const events of Object.values(steps)) {
      for (const key of events.filter(e => e.startsWith('onContext:')).map(e => e.slice('onContext:'.length))) {
        assert.ok(extension.includes(`'${key}'`), `${key} is set by extension.ts`);
      }
    }
  });
});
