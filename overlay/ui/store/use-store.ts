import { createContext } from 'preact';
import { useContext, useEffect, useReducer, useRef } from 'preact/hooks';
import type { DevtoolsState, DevtoolsStore } from './store';

export const StoreContext = createContext<DevtoolsStore | null>(null);

export function useDevtoolsStore(): DevtoolsStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useDevtoolsStore outside <StoreContext.Provider>');
  return store;
}

/**
 * Subscribes a component to one slice of the store: it re-renders only when the selected value changes
 * (`Object.is`). Selectors return primitives or references the store replaces on change, never fresh objects.
 */
export function useStoreValue<T>(selector: (state: DevtoolsState) => T): T {
  const store = useDevtoolsStore();
  const [, rerender] = useReducer((tick: number) => tick + 1, 0);
  const value = selector(store.getState());
  const latest = useRef({ selector, value });
  latest.current = { selector, value };
  useEffect(() => {
    const check = (state: DevtoolsState): void => {
      if (!Object.is(latest.current.selector(state), latest.current.value)) rerender(0);
    };
    check(store.getState());
    return store.subscribe(check);
  }, [store]);
  return value;
}
