import assert from 'node:assert/strict';
import { StreamWatchdog } from '../../../src/providers/streamWatchdog';
import { ManualTimers } from './manualTimers';

describe('StreamWatchdog', () => {
  it('arms the first-token limit, then the idle limit after each chunk', () => {
    const timers = new ManualTimers();
    const watchdog = new StreamWatchdog(new AbortController().signal, 1000, 200, timers);
    assert.deepEqual([...timers.pending.values()].map(t => t.ms), [1000]);
    watchdog.progress();
    watchdog.progress();
    assert.deepEqual([...timers.pending.values()].map(t => t.ms), [200], 'one idle timer, re-armed');
    watchdog.dispose();
    assert.equal(timers.pending.size, 0);
  });

  it('aborts its signal and records the phase when a timer fires', () => {
    const timers = new ManualTimers();
    const before = new StreamWatchdog(new AbortController().signal, 1000, 200, timers);
    timers.fireAll();
    assert.equal(before.signal.aborted, true);
    assert.equal(before.expired, 'before-first-token');
    assert.equal(before.expiredAfterMs, 1000);

    const during = new StreamWatchdog(new AbortController().signal, 1000, 200, timers);
    during.progress();
    timers.fireAll();
    assert.equal(during.expired, 'mid-stream');
    assert.equal(during.expiredAfterMs, 200);
  });

  it('follows the caller signal without calling it a timeout', () => {
    const caller = new AbortController();
    const watchdog = new StreamWatchdog(caller.signal, 1000, 200, new ManualTimers());
    caller.abort();
    assert.equal(watchdog.signal.aborted, true);
    assert.equal(watchdog.expired, undefined);
  });
});
