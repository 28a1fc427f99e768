import * as assert from 'node:assert/strict';
import * as v8 from 'node:v8';
import { LruMap } from '../../../../src/router/privacy/lruMap';

function largeObjectBytes(): number {
  return v8.getHeapSpaceStatistics().filter(s => s.space_name.includes('large_object')).reduce((sum, s) => sum + s.space_used_size, 0);
}

describe('LruMap', () => {
  it('keeps at most its capacity and forgets the least recently used first (a hit counts as use)', () => {
    const map = new LruMap<string, number>(8);
    for (let i = 0; i < 8; i++) {
      map.set(`k${i}`, i);
    }
    assert.equal(map.get('k0'), 0);   // k0 is now the most recently used
    map.set('k8', 8);                 // full: the oldest quarter (k1, k2) goes
    assert.equal(map.size, 7);
    assert.equal(map.get('k1'), undefined);
    assert.equal(map.get('k2'), undefined);
    for (const key of ['k0', 'k3', 'k7', 'k8']) {
      assert.notEqual(map.get(key), undefined, key);
    }
    map.set('k3', 33);
    assert.equal(map.get('k3'), 33);
    assert.deepEqual([...map].map(([k]) => k).sort(), ['k0', 'k3', 'k4', 'k5', 'k6', 'k7', 'k8']);
  });

  it('never grows its table into a large object, however long it is used at capacity', () => {
    const map = new LruMap<string, number>(2048);
    for (let i = 0; i < 2048; i++) {
      map.set(`warm${i}`, i);
    }
    const before = largeObjectBytes();
    for (let i = 0; i < 30_000; i++) {
      map.set(`key${i}`, i);
      map.get(`key${i - (i % 7)}`);
    }
    assert.ok(largeObjectBytes() - before < 64 * 1024, `large-object space grew by ${largeObjectBytes() - before} bytes`);
  });
});
