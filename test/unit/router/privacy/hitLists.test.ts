import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { HitLists, WindowArena } from '../../../../src/router/privacy/hitLists';

describe('HitLists', () => {
  it('gives each list its offsets sorted and once, whatever order they came in', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.nat(5000)), { maxLength: 400 }), adds => {
      const lists = new HitLists(3);
      adds.forEach(([list, offset]) => lists.add(list, offset));
      for (let list = 0; list < 3; list++) {
        const expected = [...new Set(adds.filter(([l]) => l === list).map(([, o]) => o))].sort((a, b) => a - b);
        assert.deepEqual([...lists.sortedView(list)], expected);
      }
    }));
  });

  it('starts empty again after reset, keeping no offset of the previous scan', () => {
    const lists = new HitLists(2);
    for (let i = 0; i < 1000; i++) lists.add(0, i);
    lists.reset();
    lists.add(0, 7);
    assert.deepEqual([...lists.sortedView(0)], [7]);
    assert.equal(lists.size(1), 0);
  });

  it('appends another list after what a list already holds', () => {
    const lists = new HitLists(2);
    [9, 3].forEach(o => lists.add(0, o));
    [5, 1, 3].forEach(o => lists.add(1, o));
    lists.append(0, lists.sortedView(1));
    assert.deepEqual([...lists.sortedView(0)], [1, 3, 5, 9]);
  });

  it('lets go of the largest buffers past the retained size, and the lists still work afterwards', () => {
    const lists = new HitLists(2, 4096);
    for (let i = 0; i < 10_000; i++) lists.add(1, i);
    for (let i = 0; i < 100; i++) lists.add(0, i);
    lists.trim();
    assert.equal(lists.size(1), 0, 'the oversized buffer was dropped');
    assert.equal(lists.size(0), 100, 'the small one is kept as it is');
    lists.add(1, 42);
    assert.deepEqual([...lists.sortedView(1)], [42]);
  });
});

describe('WindowArena', () => {
  it('keeps every list handed out intact while later lists grow the buffer', () => {
    const arena = new WindowArena();
    arena.reset();
    const lists: { view: Int32Array; values: number[] }[] = [];
    for (let k = 0; k < 40; k++) {
      const size = 50 * (k + 1);
      const buffer = arena.reserve(size);
      const from = arena.start();
      const values = Array.from({ length: size }, (_, i) => k * 100_000 + i);
      values.forEach((v, i) => { buffer[from + i] = v; });
      lists.push({ view: arena.close(size), values });
    }
    lists.forEach(({ view, values }, k) => assert.deepEqual([...view], values, `list ${k}`));
  });
});
