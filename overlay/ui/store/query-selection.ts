import { useEffect, useState } from 'preact/hooks';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { connectionKey } from './connection-table';
import type { DevtoolsStore } from './store';
import { useDevtoolsStore } from './use-store';

/**
 * The query selected in the Cache view. Kept beside the devtools store rather than in it (whose only writer of page
 * data is `apply`): one selection per mounted UI, so a panel and an overlay never share it.
 */
export interface QuerySelection {
  queryHash: string | null;
}

const selections = new WeakMap<DevtoolsStore, StoreApi<QuerySelection>>();

export function querySelection(store: DevtoolsStore): StoreApi<QuerySelection> {
  let selection = selections.get(store);
  if (!selection) {
    selection = createStore<QuerySelection>()(() => ({ queryHash: null }));
    selections.set(store, selection);
  }
  return selection;
}

export function selectQuery(store: DevtoolsStore, queryHash: string | null): void {
  querySelection(store).setState({ queryHash });
}

/** Opens the Cache tab on one query (from a frame's badge or its Caused section). */
export function showQuery(store: DevtoolsStore, queryHash: string): void {
  selectQuery(store, queryHash);
  store.getState().setTab('cache');
}

export function useSelectedQuery(): string | null {
  const store = useDevtoolsStore();
  const selection = querySelection(store);
  const [queryHash, setQueryHash] = useState(selection.getState().queryHash);
  useEffect(() => {
    setQueryHash(selection.getState().queryHash);
    return selection.subscribe((state) => setQueryHash(state.queryHash));
  }, [selection]);
  return queryHash;
}

/** Opens the Frames tab on the frame that caused a cache action, showing its connection if another one is selected. */
export function showFrame(store: DevtoolsStore, session: number, frameSeq: number, connectionId: string): void {
  const state = store.getState();
  const key = connectionKey(session, connectionId);
  if (state.selectedConnection !== null && state.selectedConnection !== key) state.selectConnection(key);
  state.selectRow({ session, seq: frameSeq });
  state.setTab('frames');
}
