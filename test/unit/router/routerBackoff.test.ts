import * as assert from 'node:assert/strict';
import { RouterBackoff } from '../../../src/router/routerBackoff';
import { ManualClock } from '../../fakes';

describe('RouterBackoff', () => {
  it('pauses stage 2 after two timeouts in a row, for the pause only', () => {
    const clock = new ManualClock(0);
    const backoff = new RouterBackoff(clock, 2, 60_000);
    backoff.record(true);
    assert.equal(backoff.pausedReason(), undefined, 'one timeout is not a pattern');
    backoff.record(true);
    assert.match(backoff.pausedReason() ?? '', /missed its timeout 2 times in a row/);
    clock.advance(59_999);
    assert.ok(backoff.pausedReason());
    clock.advance(1);
    assert.equal(backoff.pausedReason(), undefined);
  });

  it('a verdict in time resets the count', () => {
    const backoff = new RouterBackoff(new ManualClock(0), 2, 60_000);
    backoff.record(true);
    backoff.record(false);
    backoff.record(true);
    assert.equal(backoff.pausedReason(), undefined);
  });
});
