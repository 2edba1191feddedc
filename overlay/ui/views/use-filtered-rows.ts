import { useMemo } from 'preact/hooks';
import { compileFilter, FilteredView, type CompiledFilter } from '../store/frame-filter';
import type { DevtoolsStore } from '../store/store';
import { useDevtoolsStore, useStoreValue } from '../store/use-store';

/** One filtered view per store, shared by every component that shows or counts the filtered rows. */
const views = new WeakMap<DevtoolsStore, FilteredView>();

export function useCompiledFilter(): CompiledFilter {
  const search = useStoreValue((state) => state.search);
  const regex = useStoreValue((state) => state.regex);
  const direction = useStoreValue((state) => state.direction);
  const showHeartbeats = useStoreValue((state) => state.showHeartbeats);
  const selectedConnection = useStoreValue((state) => state.selectedConnection);
  const connections = useStoreValue((state) => state.connections);
  return useMemo(() => {
    const entry = selectedConnection === null ? undefined : connections.get(selectedConnection);
    const connection = entry ? { session: entry.session, id: entry.info.id } : null;
    return compileFilter({ search, regex, direction, connection, hideHeartbeats: !showHeartbeats });
  }, [search, regex, direction, showHeartbeats, selectedConnection, connections]);
}

/** The absolute log indices the current filter lets through, brought up to date with the store's data. */
export function useFilteredRows(): { indices: readonly number[]; filter: CompiledFilter; dataVersion: number } {
  const store = useDevtoolsStore();
  const filter = useCompiledFilter();
  const dataVersion = useStoreValue((state) => state.dataVersion);
  let view = views.get(store);
  if (!view) {
    view = new FilteredView();
    views.set(store, view);
  }
  view.update(store.getState().log, filter);
  return { indices: view.indices, filter, dataVersion };
}
