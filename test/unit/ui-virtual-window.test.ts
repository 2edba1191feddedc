import { describe, expect, it } from 'vitest';
import { isScrolledToEnd, rowAfterKey, scrollTopToReveal, virtualWindow } from '../../overlay/ui/components/virtual-window';

describe('virtual list window', () => {
  it('renders only the rows in view plus overscan, whatever the row count', () => {
    expect(virtualWindow(0, 400, 20, 100_000, 5)).toEqual({ start: 0, end: 25, offsetTop: 0, totalHeight: 2_000_000 });
    // Scrolled into the middle: rows 5000–5019 are visible, 5 more on each side are rendered.
    expect(virtualWindow(100_000, 400, 20, 100_000, 5)).toEqual({ start: 4995, end: 5025, offsetTop: 99_900, totalHeight: 2_000_000 });
  });

  it('counts a partly visible row and clamps past the end', () => {
    const window = virtualWindow(10, 400, 20, 1000, 0);
    expect([window.start, window.end]).toEqual([0, 21]);
    const pastEnd = virtualWindow(1e9, 400, 20, 1000, 2);
    expect([pastEnd.start, pastEnd.end]).toEqual([978, 1000]);
    expect(virtualWindow(0, 400, 20, 0, 5)).toEqual({ start: 0, end: 0, offsetTop: 0, totalHeight: 0 });
  });

  it('scrolls as little as possible to reveal a row', () => {
    expect(scrollTopToReveal(10, 0, 400, 20)).toBe(0);
    expect(scrollTopToReveal(25, 0, 400, 20)).toBe(120);
    expect(scrollTopToReveal(3, 200, 400, 20)).toBe(60);
  });

  it('tells whether the list is scrolled to its end, within a pixel', () => {
    expect(isScrolledToEnd(1599.5, 400, 2000)).toBe(true);
    expect(isScrolledToEnd(1500, 400, 2000)).toBe(false);
  });

  it('moves the keyboard selection within bounds', () => {
    expect(rowAfterKey('ArrowDown', -1, 10, 5)).toBe(0);
    expect(rowAfterKey('ArrowUp', -1, 10, 5)).toBe(9);
    expect(rowAfterKey('ArrowDown', 9, 10, 5)).toBe(9);
    expect(rowAfterKey('ArrowUp', 0, 10, 5)).toBe(0);
    expect(rowAfterKey('PageDown', 2, 10, 5)).toBe(7);
    expect(rowAfterKey('End', 2, 10, 5)).toBe(9);
    expect(rowAfterKey('a', 2, 10, 5)).toBeNull();
    expect(rowAfterKey('ArrowDown', -1, 0, 5)).toBeNull();
  });
});
