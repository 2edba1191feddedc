import { describe, expect, it } from 'vitest';
import { recycledKey } from '../../overlay/ui/components/virtual-list';

const keysOf = (start: number, end: number): number[] => Array.from({ length: end - start }, (_, i) => recycledKey(start + i, start));

describe('virtual list row keys', () => {
  it('gives every row of a window its own key', () => {
    const keys = keysOf(1234, 1290);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('keeps the same keys in the same order (so the same elements, none moved) however far the window moves', () => {
    const before = keysOf(5_000, 5_048);
    expect(keysOf(5_001, 5_049)).toEqual(before);
    expect(keysOf(97_311, 97_359)).toEqual(before);
  });

  it('keys a row by its place in the window, not by its index in the list', () => {
    expect(recycledKey(97_311, 97_300)).toBe(11);
    expect(recycledKey(11, 0)).toBe(11);
  });
});
