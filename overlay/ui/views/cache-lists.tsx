import type { MutationInfo, QueryInfo } from '../../../instrumentation/protocol';
import { formatClock } from '../format/units';
import { freshnessText, updatedText } from '../store/query-display';
import { selectQuery } from '../store/query-selection';
import { useDevtoolsStore } from '../store/use-store';
import { useNow } from './use-now';

function State({ value }: { value: string }) {
  return <span class={`rtd-cache-state rtd-cache-${value}`}>{value}</span>;
}

function QueryRow({ query, selected, now }: { query: QueryInfo; selected: boolean; now: number }) {
  const store = useDevtoolsStore();
  const freshness = freshnessText(query);
  return (
    <tr
      class={selected ? 'rtd-selected' : undefined}
      aria-selected={selected}
      data-testid="rtd-query-row"
      data-query-hash={query.queryHash}
      data-status={query.status}
      data-fetch-status={query.fetchStatus}
      data-freshness={freshness}
      onClick={() => selectQuery(store, query.queryHash)}
    >
      <td class="rtd-cache-key" title={query.queryKey}>
        {query.queryKey}
      </td>
      <td>
        <State value={query.status} />
      </td>
      <td>
        <State value={query.fetchStatus} />
      </td>
      <td>
        <State value={freshness} />
      </td>
      <td class={`rtd-cache-num${query.observers === 0 ? ' rtd-cache-zero' : ''}`} data-testid="rtd-query-observers">
        {query.observers}
      </td>
      <td class="rtd-dim" title={query.dataUpdatedAt > 0 ? formatClock(query.dataUpdatedAt) : undefined}>
        {updatedText(query.dataUpdatedAt, now)}
      </td>
    </tr>
  );
}

/** Every query in the cache: key, status, fetch status, freshness, observers, when its data last changed. */
export function QueryTable({ queries, selected }: { queries: QueryInfo[]; selected: string | null }) {
  // The ages tick here, not in the Cache view, so that a second passing re-renders this table only.
  const now = useNow(queries.length > 0);
  return (
    <>
      <div class="rtd-pane-header">
        <span>Queries</span>
        <span class="rtd-pane-count">{queries.length}</span>
      </div>
      {queries.length === 0 ? (
        <div class="rtd-empty">The QueryClient holds no query yet.</div>
      ) : (
        <table class="rtd-cache-table" data-testid="rtd-query-table">
          <thead>
            <tr>
              <th>Key</th>
              <th>Status</th>
              <th>Fetch</th>
              <th>Freshness</th>
              <th>Observers</th>
              <th>Data updated</th>
            </tr>
          </thead>
          <tbody>
            {queries.map((query) => (
              <QueryRow key={query.queryHash} query={query} selected={query.queryHash === selected} now={now} />
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/** Every mutation the client keeps: status, whether it is paused (offline), its variables and error. */
export function MutationTable({ mutations }: { mutations: MutationInfo[] }) {
  return (
    <>
      <div class="rtd-pane-header">
        <span>Mutations</span>
        <span class="rtd-pane-count">{mutations.length}</span>
      </div>
      {mutations.length === 0 ? (
        <div class="rtd-empty">No mutation in the cache.</div>
      ) : (
        <table class="rtd-cache-table" data-testid="rtd-mutation-table">
          <thead>
            <tr>
              <th>ID</th>
              <th>Key</th>
              <th>Status</th>
              <th>Paused</th>
              <th>Variables</th>
              <th>Submitted</th>
              <th>Error</th>
            </tr>
          </thead>
          <tbody>
            {mutations.map((mutation) => (
              <tr key={mutation.id} data-testid="rtd-mutation-row" data-mutation-id={mutation.id} data-status={mutation.status} data-paused={String(mutation.isPaused)}>
                <td class="rtd-mono">{mutation.id}</td>
                <td class="rtd-cache-key" title={mutation.mutationKey}>
                  {mutation.mutationKey || '—'}
                </td>
                <td>
                  <State value={mutation.status} />
                </td>
                <td>{mutation.isPaused ? <State value="paused" /> : <span class="rtd-dim">no</span>}</td>
                <td class="rtd-cache-vars" title={mutation.variables}>
                  {mutation.variables}
                </td>
                <td class="rtd-mono rtd-dim">{mutation.submittedAt > 0 ? formatClock(mutation.submittedAt) : '—'}</td>
                <td class="rtd-cache-vars rtd-cache-error-text" title={mutation.error ?? undefined}>
                  {mutation.error ?? ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
