import { ASYNC_CAUSE_WINDOW_MS, type FrameCause, type QueryEvent, type QueryInfo, type Transport } from '../../../instrumentation/protocol';
import { formatDuration } from '../format/units';
import type { CausedAction, QueryFetch } from './query-links';

/* The words the Cache view, the frame badges and the Caused section use for the query cache: all plain text. */

const plural = (count: number, one: string, many = `${one}s`): string => `${count} ${count === 1 ? one : many}`;

/** `just now`, `120 ms ago`, `12 s ago`, `4 min ago`, `2 h ago`. */
export function formatAgo(ms: number): string {
  if (!Number.isFinite(ms)) return '';
  if (ms < 1) return 'just now';
  if (ms < 1000) return `${Math.round(ms)} ms ago`;
  if (ms < 60_000) return `${Math.floor(ms / 1000)} s ago`;
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} min ago`;
  return `${Math.floor(ms / 3_600_000)} h ago`;
}

/** A connection as a user recognises it: `socket c2`, `SSE c3`; the bare id when its connection is not known. */
export function connectionName(connectionId: string, transport: Transport | undefined): string {
  switch (transport) {
    case 'websocket':
      return `socket ${connectionId}`;
    case 'eventsource':
    case 'fetch-sse':
      return `SSE ${connectionId}`;
    case 'polling':
      return `polling ${connectionId}`;
    case undefined:
      return connectionId;
  }
}

/** `todo:created · /todos`: the frame as its row names it (Socket.IO's default namespace `/` goes without saying). */
export function causeLabel(cause: FrameCause): string {
  return cause.channel && cause.channel !== '/' ? `${cause.label} · ${cause.channel}` : cause.label;
}

/** How the page linked the action to the frame, in words a user can check. */
export function inferenceText(cause: FrameCause): string {
  if (cause.inference === 'same-task') return `same task: while the page handled this frame (+${formatDuration(cause.delayMs)})`;
  return (
    `async continuation: ${formatDuration(cause.delayMs)} after the frame, within the ${ASYNC_CAUSE_WINDOW_MS} ms window ` +
    'and with no other frame handled in between'
  );
}

/** The short form of `inferenceText`, for a line that already says the rest. */
export function inferenceShort(cause: FrameCause): string {
  return cause.inference === 'same-task' ? 'same task' : `async continuation, +${formatDuration(cause.delayMs)}`;
}

/** What the page did to the cache, as a verb: `invalidate`, `setQueryData`, `fetch`. */
export function actionVerb(event: QueryEvent): string {
  switch (event.kind) {
    case 'invalidated':
      return 'invalidate';
    case 'set-data':
      return 'setQueryData';
    case 'fetch-start':
    case 'fetch-end':
      return 'fetch';
    case 'mutation':
      return 'mutate';
    case 'action':
      return event.action ?? 'action';
    case 'added':
      return 'add';
    case 'removed':
      return 'remove';
    case 'storm':
      return 'storm';
    case 'client-found':
    case 'client-lost':
      return event.kind;
  }
}

/**
 * `refetch 38 ms`, `refetch 38 ms, unchanged`, `refetch failed after 1.20 s`, `refetching…`; with `target`, the query
 * is named after the verb (`refetch ["todos"] 38 ms`).
 */
function fetchText(fetch: QueryFetch, target = ''): string {
  const named = target ? ` ${target}` : '';
  const { end } = fetch;
  if (!end) return `refetching${named}…`;
  const duration = end.durationMs === undefined ? '' : ` ${formatDuration(end.durationMs)}`;
  if (end.outcome === 'error') return `refetch${named} failed${duration ? ` after${duration}` : ''}`;
  if (end.outcome === 'cancelled') return `refetch${named} cancelled`;
  if (end.dataChanged === false) return `refetch${named}${duration}, unchanged`;
  return `refetch${named}${duration}`;
}

/** One caused action as a chain: `invalidate ["todos"] → refetch 38 ms`. */
function chainText(action: CausedAction): string {
  const { event, fetch } = action;
  const target = event.queryKey || event.queryHash;
  if (event.kind === 'fetch-start') return fetchText(fetch ?? { start: event, end: null }, target);
  const head = `${actionVerb(event)} ${target}`;
  return fetch ? `${head} → ${fetchText(fetch)}` : head;
}

/** The frame row's badge: the first chain, and how many more the frame caused. */
export function causedBadgeText(actions: readonly CausedAction[]): string {
  const first = actions[0];
  if (!first) return '';
  const more = actions.length > 1 ? ` +${actions.length - 1}` : '';
  return `→ ${chainText(first)}${more}`;
}

/** The longer line of the Caused section: the chain with what it found (observers, whether the data changed). */
export function chainDetailText(action: CausedAction): string {
  const { event, fetch } = action;
  const parts = [chainText(action)];
  if (event.kind === 'invalidated' && event.observers !== undefined) parts.push(event.observers === 0 ? 'nobody observes it' : plural(event.observers, 'observer'));
  if (fetch?.end?.outcome === 'success' && fetch.end.dataChanged !== undefined) {
    parts.push(fetch.end.dataChanged ? 'data changed' : 'data unchanged: a wasted round trip');
  }
  return parts.join(' · ');
}

const LAST_CAUSE_VERB: Record<NonNullable<QueryInfo['lastCause']>['kind'], string> = {
  invalidated: 'invalidated',
  'set-data': 'written (setQueryData)',
  refetch: 'refetched',
};

/** `Last invalidated by` */
export function lastCauseLead(lastCause: NonNullable<QueryInfo['lastCause']>): string {
  return `Last ${LAST_CAUSE_VERB[lastCause.kind]} by`;
}

/** `on socket c2, 120 ms ago (same task)` */
export function lastCauseTail(lastCause: NonNullable<QueryInfo['lastCause']>, now: number, transport: Transport | undefined): string {
  const { cause } = lastCause;
  return `on ${connectionName(cause.connectionId, transport)}, ${formatAgo(now - lastCause.at)} (${inferenceShort(cause)})`;
}

/** `Last invalidated by todo:created on socket c2, 120 ms ago (same task)`. */
export function lastCauseText(lastCause: NonNullable<QueryInfo['lastCause']>, now: number, transport: Transport | undefined): string {
  return `${lastCauseLead(lastCause)} ${causeLabel(lastCause.cause)} ${lastCauseTail(lastCause, now, transport)}`;
}

/** `invalidated`, `stale` or `fresh`, as TanStack's devtools call them. */
export function freshnessText(query: Pick<QueryInfo, 'isStale' | 'isInvalidated'>): 'invalidated' | 'stale' | 'fresh' {
  if (query.isInvalidated) return 'invalidated';
  return query.isStale ? 'stale' : 'fresh';
}

/** `12 s ago`, or `never` for a query without data. */
export function updatedText(dataUpdatedAt: number, now: number): string {
  return dataUpdatedAt > 0 ? formatAgo(now - dataUpdatedAt) : 'never';
}

/** One line of a query's history. */
export function queryEventText(event: QueryEvent): string {
  switch (event.kind) {
    case 'invalidated':
      return event.observers === undefined ? 'invalidated' : `invalidated (${event.observers === 0 ? 'nobody observes it' : plural(event.observers, 'observer')})`;
    case 'set-data':
      return 'data written (setQueryData)';
    case 'fetch-start':
      return 'fetch started';
    case 'fetch-end': {
      const duration = event.durationMs === undefined ? '' : ` in ${formatDuration(event.durationMs)}`;
      if (event.outcome === 'error') return `fetch failed${duration}${event.error ? `: ${event.error}` : ''}`;
      if (event.outcome === 'cancelled') return `fetch cancelled${duration}`;
      if (event.dataChanged === false) return `fetched${duration}: data unchanged (a wasted round trip)`;
      if (event.dataChanged === true) return `fetched${duration}: data changed`;
      return `fetched${duration}`;
    }
    case 'added':
      return 'added to the cache';
    case 'removed':
      return 'removed from the cache';
    case 'action':
      return `${event.action ?? 'action'} asked from DevTools`;
    case 'storm':
      return `storm: ${plural(event.count ?? 0, 'fetch', 'fetches')} within a second`;
    case 'mutation':
      return `mutation ${event.status ?? ''}${event.isPaused ? ' (paused)' : ''}${event.error ? `: ${event.error}` : ''}`.trimEnd();
    case 'client-found':
      return `QueryClient found${event.how === 'attach' ? ' (attach)' : event.how === 'global' ? ' (window.__TANSTACK_QUERY_CLIENT__)' : ''}`;
    case 'client-lost':
      return 'QueryClient replaced or gone';
  }
}
