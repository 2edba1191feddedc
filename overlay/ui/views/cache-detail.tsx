import { useMemo } from 'preact/hooks';
import type { FrameCause, QueryAction, QueryEvent, QueryInfo, Transport } from '../../../instrumentation/protocol';
import { JsonTree } from '../components/json-tree';
import { formatClock, formatCount } from '../format/units';
import { causeLabel, freshnessText, inferenceShort, lastCauseLead, lastCauseTail, queryEventText, updatedText } from '../store/query-display';
import { selectQuery, showFrame } from '../store/query-selection';
import { useDevtoolsStore } from '../store/use-store';
import { useNow } from './use-now';

/** History lines kept in the detail; older ones stay in the recorded events (and a trace export). */
const HISTORY_SHOWN = 200;

const ACTIONS: { action: QueryAction; label: string; title: string }[] = [
  { action: 'refetch', label: 'Refetch', title: 'Fetch the query again now' },
  { action: 'invalidate', label: 'Invalidate', title: 'Mark it stale; observed queries refetch' },
  { action: 'reset', label: 'Reset', title: 'Back to its initial state' },
  { action: 'remove', label: 'Remove', title: 'Remove it from the cache' },
];

export interface CacheDetailProps {
  queryHash: string;
  query: QueryInfo | undefined;
  /** This query's events of the current session, oldest first. */
  history: QueryEvent[];
  session: number;
  /** False when no live page would carry an action out. */
  canAct: boolean;
  /** An imported trace: the cache is a record, with nothing to act on. */
  readOnly: boolean;
  transportOf: (connectionId: string) => Transport | undefined;
}

/** Text that says how long ago something was, kept current on its own so the data tree beside it is not re-rendered. */
function Ago({ text }: { text: (now: number) => string }) {
  return <>{text(useNow(true))}</>;
}

function FrameLink({ cause, session }: { cause: FrameCause; session: number }) {
  const store = useDevtoolsStore();
  return (
    <button
      type="button"
      class="rtd-frame-link"
      data-testid="rtd-cause-frame"
      title={`Show frame ${cause.frameSeq} in the Frames tab`}
      onClick={() => showFrame(store, session, cause.frameSeq, cause.connectionId)}
    >
      {causeLabel(cause)}
    </button>
  );
}

function QueryData({ query }: { query: QueryInfo }) {
  const parsed = useMemo((): { ok: true; value: unknown } | { ok: false } => {
    if (query.dataTruncated || query.data === '') return { ok: false };
    try {
      return { ok: true, value: JSON.parse(query.data) as unknown };
    } catch {
      return { ok: false };
    }
  }, [query.data, query.dataTruncated]);
  return (
    <div class="rtd-cache-section rtd-cache-data" data-testid="rtd-query-data">
      <div class="rtd-cache-section-title">Data</div>
      {query.dataTruncated && <div class="rtd-notice">Cut by the page to its preview size: shown as text.</div>}
      {query.data === '' ? (
        <span class="rtd-dim">undefined</span>
      ) : parsed.ok ? (
        <JsonTree value={parsed.value} />
      ) : (
        <pre class="rtd-pre rtd-pre-wrap">{query.data}</pre>
      )}
    </div>
  );
}

function HistoryLine({ event, session }: { event: QueryEvent; session: number }) {
  const wasted = event.kind === 'fetch-end' && event.outcome === 'success' && event.dataChanged === false;
  const failed = event.kind === 'fetch-end' && event.outcome === 'error';
  // Only actions that can have a frame as cause say so; a fetch-end repeats its fetch-start's cause.
  const mayHaveCause = event.kind === 'invalidated' || event.kind === 'set-data' || event.kind === 'fetch-start';
  return (
    <li data-testid="rtd-query-history-item" data-kind={event.kind}>
      <span class="rtd-cache-when">{formatClock(event.at)}</span>
      <span class={`rtd-cache-what${wasted ? ' rtd-cache-wasted' : ''}${failed ? ' rtd-cache-failed' : ''}`}>
        {queryEventText(event)}
        {mayHaveCause && event.cause && (
          <>
            {' ← '}
            <FrameLink cause={event.cause} session={session} /> <span class="rtd-cache-why">({inferenceShort(event.cause)})</span>
          </>
        )}
        {mayHaveCause && !event.cause && <span class="rtd-cache-why"> · no frame identified as cause</span>}
      </span>
    </li>
  );
}

/** One query: its state, what last changed it and why, its data, its history, and the actions carried out in the page. */
export function CacheDetail({ queryHash, query, history, session, canAct, readOnly, transportOf }: CacheDetailProps) {
  const store = useDevtoolsStore();
  const shown = history.slice(-HISTORY_SHOWN);
  const keyText = query?.queryKey ?? history[history.length - 1]?.queryKey ?? queryHash;
  const lastCause = query?.lastCause ?? null;
  const transport = lastCause ? transportOf(lastCause.cause.connectionId) : undefined;
  return (
    <div class="rtd-cache-detail" data-testid="rtd-query-detail" data-query-hash={queryHash}>
      <div class="rtd-pane-header">
        <span class="rtd-cache-title" title={keyText}>
          {keyText}
        </span>
        <span class="rtd-spacer" />
        <button type="button" class="rtd-icon-button" title="Close" aria-label="Close query details" onClick={() => selectQuery(store, null)}>
          ×
        </button>
      </div>
      <div class="rtd-cache-actions" hidden={readOnly}>
        {ACTIONS.map(({ action, label, title }) => (
          <button
            key={action}
            type="button"
            class="rtd-button"
            data-testid={`rtd-query-action-${action}`}
            title={canAct ? title : 'No live page to carry it out'}
            disabled={!canAct || !query}
            onClick={() => store.getState().send({ kind: 'query-action', action, queryHash })}
          >
            {label}
          </button>
        ))}
      </div>
      {query ? (
        <dl class="rtd-facts">
          <div class="rtd-fact">
            <dt>Status</dt>
            <dd>
              {query.status} · {query.fetchStatus} · {freshnessText(query)}
            </dd>
          </div>
          <div class="rtd-fact">
            <dt>Observers</dt>
            <dd>{formatCount(query.observers)}</dd>
          </div>
          <div class="rtd-fact">
            <dt>Data updated</dt>
            <dd>{query.dataUpdatedAt > 0 ? <Ago text={(now) => `${formatClock(query.dataUpdatedAt)} (${updatedText(query.dataUpdatedAt, now)})`} /> : 'never'}</dd>
          </div>
          {query.error !== null && (
            <div class="rtd-fact">
              <dt>Error</dt>
              <dd class="rtd-cache-error-text" data-testid="rtd-query-error">
                {query.error}
                {query.errorUpdatedAt > 0 && ` (${formatClock(query.errorUpdatedAt)})`}
              </dd>
            </div>
          )}
          <div class="rtd-fact">
            <dt>Hash</dt>
            <dd>{query.queryHash}</dd>
          </div>
        </dl>
      ) : (
        <div class="rtd-notice rtd-notice-warn">This query is no longer in the cache.</div>
      )}
      {query && (
        <div class="rtd-cache-section" data-testid="rtd-query-cause">
          {lastCause ? (
            <span class="rtd-cache-cause">
              {lastCauseLead(lastCause)} <FrameLink cause={lastCause.cause} session={session} />{' '}
              <Ago text={(now) => lastCauseTail(lastCause, now, transport)} />
            </span>
          ) : (
            <span class="rtd-cache-nocause">No realtime frame is known to have invalidated, written or refetched it.</span>
          )}
        </div>
      )}
      {query && <QueryData query={query} />}
      <div class="rtd-cache-section" data-testid="rtd-query-history">
        <div class="rtd-cache-section-title">
          History{history.length > shown.length ? ` (last ${shown.length} of ${history.length})` : ''}
        </div>
        {shown.length === 0 ? (
          <span class="rtd-dim">Nothing recorded for this query yet.</span>
        ) : (
          <ul class="rtd-cache-history">
            {shown.map((event) => (
              <HistoryLine key={event.seq} event={event} session={session} />
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
