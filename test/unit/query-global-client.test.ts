/**
 * `window.__TANSTACK_QUERY_CLIENT__` is found whenever the app sets it, and stays the page's own property: what it
 * assigns reads back, it can assign again, delete it, and a property set before install is kept.
 */
import { QueryClient } from '@tanstack/query-core';
import { describe, expect, it } from 'vitest';
import { GLOBAL_CLIENT_NAME, watchGlobalClient } from '../../instrumentation/query/global-client';

type Slot = Record<string, unknown>;

describe('window.__TANSTACK_QUERY_CLIENT__', () => {
  it('reports every value assigned after install and reads back exactly what was assigned', () => {
    const win = {} as Slot;
    const seen: unknown[] = [];
    watchGlobalClient(win as unknown as Window, (value) => seen.push(value));
    expect(win[GLOBAL_CLIENT_NAME]).toBeUndefined();
    expect(Object.keys(win), 'not listed before the app sets it').toEqual([]);

    const first = new QueryClient();
    win[GLOBAL_CLIENT_NAME] = first;
    expect(win[GLOBAL_CLIENT_NAME]).toBe(first);
    expect(Object.keys(win)).toEqual([GLOBAL_CLIENT_NAME]);
    const second = new QueryClient();
    win[GLOBAL_CLIENT_NAME] = second;
    expect(win[GLOBAL_CLIENT_NAME]).toBe(second);
    expect(seen).toEqual([first, second]);

    expect(delete win[GLOBAL_CLIENT_NAME]).toBe(true);
    expect(GLOBAL_CLIENT_NAME in win).toBe(false);
  });

  it('takes a client set before install, and still hears later assignments', () => {
    const before = new QueryClient();
    const win: Slot = { [GLOBAL_CLIENT_NAME]: before };
    const seen: unknown[] = [];
    watchGlobalClient(win as unknown as Window, (value) => seen.push(value));
    expect(win[GLOBAL_CLIENT_NAME]).toBe(before);
    const after = new QueryClient();
    win[GLOBAL_CLIENT_NAME] = after;
    expect(seen).toEqual([before, after]);
    expect(Object.getOwnPropertyDescriptor(win, GLOBAL_CLIENT_NAME)).toMatchObject({ enumerable: true, configurable: true });
  });

  it('leaves alone a property the page made read-only, reading its value once', () => {
    const client = new QueryClient();
    const win = {} as Slot;
    Object.defineProperty(win, GLOBAL_CLIENT_NAME, { value: client, writable: false, configurable: false });
    const seen: unknown[] = [];
    watchGlobalClient(win as unknown as Window, (value) => seen.push(value));
    expect(seen).toEqual([client]);
    expect(Object.getOwnPropertyDescriptor(win, GLOBAL_CLIENT_NAME)).toMatchObject({ value: client, writable: false });
  });

  it('reads through to what the prototype chain gives (a named element) until the app assigns', () => {
    const named = { id: GLOBAL_CLIENT_NAME };
    const win = Object.create({ [GLOBAL_CLIENT_NAME]: named }) as Slot;
    watchGlobalClient(win as unknown as Window, () => {});
    expect(win[GLOBAL_CLIENT_NAME]).toBe(named);
    win[GLOBAL_CLIENT_NAME] = null;
    expect(win[GLOBAL_CLIENT_NAME]).toBeNull();
  });
});
