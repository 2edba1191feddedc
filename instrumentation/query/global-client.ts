/**
 * `window.__TANSTACK_QUERY_CLIENT__`, the community convention by which an app hands its QueryClient to devtools
 * (TanStack's own browser extension reads it). Apps assign it at any time, often after our script ran, sometimes
 * more than once (hot reload makes a new client), so it is watched for as long as the page lives: an accessor that
 * keeps the value and reads back exactly what was assigned, enumerable and configurable like the property a plain
 * assignment makes. The page can still `delete` it or redefine it; then it is simply no longer watched.
 */

export const GLOBAL_CLIENT_NAME = '__TANSTACK_QUERY_CLIENT__';

/**
 * Calls `assigned` with the current value, if there is one, and with every value the page assigns from now on.
 * `assigned` must not throw (the caller guards it): it runs inside the page's assignment.
 */
export function watchGlobalClient(win: Window, assigned: (value: unknown) => void): void {
  const own = Object.getOwnPropertyDescriptor(win, GLOBAL_CLIENT_NAME);
  if (own !== undefined) {
    const current = 'value' in own ? own.value as unknown : undefined;
    // Only a plain data property can be taken over without the page noticing; an accessor the page made is its own.
    if (!('value' in own) || !own.configurable || !own.writable) {
      if ('value' in own) assigned(current);
      return;
    }
    defineWatched(win, { assigned: true, value: current }, own.enumerable ?? true, assigned);
    assigned(current);
    return;
  }
  // Not enumerable until assigned, as the property does not exist for the page until then.
  defineWatched(win, { assigned: false, value: undefined }, false, assigned);
}

function defineWatched(win: Window, slot: { assigned: boolean; value: unknown }, enumerable: boolean, assigned: (value: unknown) => void): void {
  Object.defineProperty(win, GLOBAL_CLIENT_NAME, {
    configurable: true,
    enumerable,
    // Before any assignment, what `window[name]` gave without us: a named element or frame (HTML named access).
    get: () => (slot.assigned ? slot.value : Reflect.get(Object.getPrototypeOf(win) as object, GLOBAL_CLIENT_NAME, win) as unknown),
    set(value: unknown) {
      const first = !slot.assigned;
      slot.assigned = true;
      slot.value = value;
      if (first && !enumerable) defineWatched(win, slot, true, assigned);
      assigned(value);
    },
  });
}
