import { describe, expect, it } from 'vitest';
import { EventRing } from '../../instrumentation/ring';

describe('EventRing', () => {
  it('keeps the newest items when the count bound is passed, and counts what it dropped', () => {
    const ring = new EventRing<number>(3, 1_000);
    for (let i = 1; i <= 5; i++) ring.push(i, 10);
    expect(ring.toArray()).toEqual([3, 4, 5]);
    expect(ring.dropped).toBe(2);
    expect(ring.totalBytes).toBe(30);
  });

  it('drops the oldest items when the byte bound is passed', () => {
    const ring = new EventRing<string>(100, 25);
    ring.push('a', 10);
    ring.push('b', 10);
    ring.push('c', 10);
    expect(ring.toArray()).toEqual(['b', 'c']);
    expect(ring.dropped).toBe(1);
    expect(ring.totalBytes).toBe(20);
  });

  it('keeps a single item larger than the byte bound rather than nothing', () => {
    const ring = new EventRing<string>(10, 5);
    ring.push('small', 1);
    ring.push('huge', 50);
    expect(ring.toArray()).toEqual(['huge']);
  });

  it('wraps around many times without losing order', () => {
    const ring = new EventRing<number>(7, Number.MAX_SAFE_INTEGER);
    for (let i = 0; i < 1_000; i++) ring.push(i, 1);
    expect(ring.toArray()).toEqual([993, 994, 995, 996, 997, 998, 999]);
    expect(ring.dropped).toBe(993);
  });

  it('finds the newest matching item', () => {
    const ring = new EventRing<{ id: number; tag: string }>(5, 1_000);
    ring.push({ id: 1, tag: 'x' }, 1);
    ring.push({ id: 2, tag: 'x' }, 1);
    expect(ring.find((item) => item.tag === 'x')?.id).toBe(2);
    expect(ring.find((item) => item.tag === 'y')).toBeUndefined();
  });

  it('resizes to smaller bounds keeping the newest items, and clears', () => {
    const ring = new EventRing<number>(10, 1_000);
    for (let i = 0; i < 10; i++) ring.push(i, 1);
    ring.resize(4, 1_000);
    expect(ring.toArray()).toEqual([6, 7, 8, 9]);
    expect(ring.dropped).toBe(6);
    ring.push(10, 1);
    expect(ring.toArray()).toEqual([7, 8, 9, 10]);
    ring.clear();
    expect(ring.toArray()).toEqual([]);
    expect(ring.dropped).toBe(0);
  });
});
