import { useMemo } from 'preact/hooks';
import type { QueryEvent, Transport } from '../../../instrumentation/protocol';
import { SplitPane } from '../components/split-pane';
import { connectionKey } from '../store/connection-table';
import { queryMistakes } from '../store/query-mistakes';
import { useSelectedQuery } from '../store/query-selection';
import { useDevtoolsStore, useStoreValue } from '../store/use-store';
import { useTraceMode } from '../store/trace-mode';
import { CacheDetail } from './cache-detail';
import { MutationTable, QueryTable } from './cache-lists';
import { CacheWarnings } from './cache-warnings';

/** What to do when the page has no QueryClient the tool can see. */
function NoClient({ said }: { said: boolean }) {
  return (
    <div class="rtd-no-client" data-testid="rtd-no-query-client">
      <h3>No TanStack QueryClient found in this page</h3>
      <p>
        {said
          ? 'The page has not exposed a QueryClient, so its cache cannot be shown.'
          : 'The page has not described a query cache: it may still be loading, or run an older version of the tool.'}{' '}
        Expose the app’s client in one of two ways:
      </p>
      <pre>window.__TANSTACK_QUERY_CLIENT__ = queryClient</pre>
      <p>the community convention, also read when assigned after the tool loaded; or</p>
      <pre>window.__REALTIME_DEVTOOLS__?.attach(queryClient)</pre>
      <p>TanStack Query v5 (@tanstack/query-core) is supported, so the React, Preact, Vue, Solid and Svelte adapters all work.</p>
    </div>
  );
}

/**
 * The app's query cache: its queries and mutations, the mistakes made with it, and for the selected query its data,
 * the frame that last changed it, and its history.
 */
export function CacheView() {
  const store = useDevtoolsStore();
  const cache = useStoreValue((state) => state.queryCache);
  const records = useStoreValue((state) => state.queryEvents);
  const session = useStoreValue((state) => state.session?.ordinal ?? -1);
  const { readOnly } = useTraceMode();
  const canAct = useStoreValue((state) => !readOnly && state.session !== null && state.disconnected === null && state.versionMismatch === null);
  const selected = useSelectedQuery();
  const mistakes = useMemo(() => queryMistakes(records, session), [records, session]);
  const history = useMemo((): QueryEvent[] => {
    if (selected === null) return [];
    return records.filter((record) => record.session === session && record.event.queryHash === selected).map((record) => record.event);
  }, [records, session, selected]);

  if (!cache || !cache.clientFound) {
    return (
      <div class="rtd-cache" data-testid="rtd-cache-view">
        <NoClient said={cache !== null} />
      </div>
    );
  }

  const transportOf = (connectionId: string): Transport | undefined => store.getState().connections.get(connectionKey(session, connectionId))?.info.transport;
  const query = selected === null ? undefined : cache.queries.find((entry) => entry.queryHash === selected);
  return (
    <div class="rtd-cache" data-testid="rtd-cache-view">
      <SplitPane
        direction="row"
        fixed="second"
        initialSize={400}
        minSize={260}
        minRest={280}
        collapsed={selected === null}
        first={
          <div class="rtd-cache-lists">
            <CacheWarnings mistakes={mistakes} session={session} transportOf={transportOf} />
            <QueryTable queries={cache.queries} selected={selected} />
            <MutationTable mutations={cache.mutations} />
          </div>
        }
        second={
          selected !== null && (
            <CacheDetail queryHash={selected} query={query} history={history} session={session} canAct={canAct} readOnly={readOnly} transportOf={transportOf} />
          )
        }
      />
    </div>
  );
}
