import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type FrameCause, type QueryEvent, type QueryInfo } from '../../instrumentation/protocol';
import { queryLinks } from '../../overlay/ui/store/query-links';
import {
  connectionName,
  formatAgo,
  freshnessText,
  lastCauseText,
  queryEventText,
  updatedText,
} from '../../overlay/ui/store/query-display';
import { queryMistakes } from '../../overlay/ui/store/query-mistakes';
import { querySelection, showFrame, showQuery } from '../../overlay/ui/store/query-selection';
import { createDevtoolsStore, type QueryEventRecord } from '../../overlay/ui/store/store';

const TODOS = { queryHash: '["todos"]', queryKey: '["todos"]' };
const DRAFTS = { queryHash: '["drafts"]', queryKey: '["drafts"]' };

function cause(frameSeq: number, overrides: Partial<FrameCause> = {}): FrameCause {
  return { frameSeq, connectionId: 'c2', label: 'todo:created', inference: 'same-task', delayMs: 0, ...overrides };
}

let seq = 0;
function query(kind: QueryEvent['kind'], target: { queryHash: string; queryKey: string }, at: number, extra: Partial<QueryEvent> = {}): QueryEvent {
  return { type: 'query', seq: ++seq, at, kind, ...target, ...extra };
}

const records = (events: QueryEvent[], session = 0): QueryEventRecord[] => events.map((event) => ({ session, event }));

function info(overrides: Partial<QueryInfo> = {}): QueryInfo {
  return {
    ...TODOS, status: 'success', fetchStatus: 'idle', isStale: false, isInvalidated: false, observers: 1,
    dataUpdatedAt: 1000, errorUpdatedAt: 0, error: null, data: '[{"id":1,"title":"<b>milk</b>"}]', dataTruncated: false, lastCause: null,
    ...overrides,
  };
}

describe('classic mistakes', () => {
  it('counts invalidations of a query nobody observes, and which a frame caused', () => {
    const mistakes = queryMistakes(records([
      query('invalidated', DRAFTS, 1000, { observers: 0, cause: cause(3) }),
      query('invalidated', DRAFTS, 2000, { observers: 0, cause: null }),
      query('invalidated', TODOS, 2500, { observers: 2, cause: cause(4) }),
    ]), 0);
    expect(mistakes.unobserved).toHaveLength(1);
    expect(mistakes.unobserved[0]).toMatchObject({ queryHash: DRAFTS.queryHash, count: 2, caused: 1 });
    expect(mistakes.storms).toHaveLength(0);
    expect(mistakes.wasted).toHaveLength(0);
    expect(mistakes.total).toBe(2);
  });

  it('counts refetches whose result equalled the cached data, not failed or changed ones', () => {
    const mistakes = queryMistakes(records([
      query('fetch-end', TODOS, 1000, { outcome: 'success', dataChanged: false, durationMs: 30, cause: cause(3) }),
      query('fetch-end', TODOS, 2000, { outcome: 'success', dataChanged: false, durationMs: 12 }),
      query('fetch-end', TODOS, 3000, { outcome: 'success', dataChanged: true, durationMs: 40 }),
      query('fetch-end', TODOS, 4000, { outcome: 'error', durationMs: 40 }),
    ]), 0);
    expect(mistakes.wasted).toEqual([expect.objectContaining({ queryHash: TODOS.queryHash, count: 2, totalMs: 42, caused: 1 })]);
    expect(mistakes.total).toBe(2);
  });

  it('merges the storm reports of one burst, with the frames that caused it grouped by event', () => {
    const mistakes = queryMistakes(records([
      query('storm', TODOS, 1000, { count: 3, causes: [cause(1), cause(2), cause(3)] }),
      query('storm', TODOS, 1100, { count: 4, causes: [cause(2), cause(3), cause(4, { label: 'todo:updated' })] }),
      // Two seconds later: another burst.
      query('storm', TODOS, 3200, { count: 3, causes: [] }),
    ]), 0);
    expect(mistakes.storms).toHaveLength(2);
    const [latest, first] = mistakes.storms;
    expect(latest).toMatchObject({ from: 3200, peak: 3, causes: [] });
    expect(first).toMatchObject({ from: 1000, to: 1100, peak: 4 });
    expect(first?.causes).toEqual([
      { label: 'todo:created', connectionId: 'c2', count: 3, frameSeqs: [1, 2, 3] },
      { label: 'todo:updated', connectionId: 'c2', count: 1, frameSeqs: [4] },
    ]);
    expect(mistakes.total).toBe(2);
  });

  it('reports only the session asked for', () => {
    const mistakes = queryMistakes(records([query('invalidated', DRAFTS, 1000, { observers: 0 })], 0), 1);
    expect(mistakes.total).toBe(0);
  });
});

describe('cache view text', () => {
  it('says how long ago, as the list shows it', () => {
    expect(formatAgo(120)).toBe('120 ms ago');
    expect(formatAgo(12_400)).toBe('12 s ago');
    expect(formatAgo(4 * 60_000 + 5)).toBe('4 min ago');
    expect(updatedText(0, 5000)).toBe('never');
    expect(updatedText(1000, 13_000)).toBe('12 s ago');
  });

  it('names the last cause with its frame, connection, age and how it was inferred', () => {
    const lastCause = { kind: 'invalidated' as const, at: 10_000, cause: cause(7) };
    expect(lastCauseText(lastCause, 10_120, 'websocket')).toBe('Last invalidated by todo:created on socket c2, 120 ms ago (same task)');
    const later = { kind: 'refetch' as const, at: 10_000, cause: cause(7, { inference: 'async-continuation', delayMs: 38, channel: '/todos' }) };
    expect(lastCauseText(later, 12_000, 'eventsource')).toBe('Last refetched by todo:created · /todos on SSE c2, 2 s ago (async continuation, +38 ms)');
    expect(connectionName('c9', undefined)).toBe('c9');
  });

  it('tells invalidated from stale from fresh', () => {
    expect(freshnessText(info())).toBe('fresh');
    expect(freshnessText(info({ isStale: true }))).toBe('stale');
    expect(freshnessText(info({ isStale: true, isInvalidated: true }))).toBe('invalidated');
  });

  it('describes each step of a query’s history', () => {
    expect(queryEventText(query('invalidated', TODOS, 0, { observers: 0 }))).toBe('invalidated (nobody observes it)');
    expect(queryEventText(query('invalidated', TODOS, 0, { observers: 2 }))).toBe('invalidated (2 observers)');
    expect(queryEventText(query('fetch-end', TODOS, 0, { outcome: 'success', dataChanged: false, durationMs: 38 }))).toBe(
      'fetched in 38 ms: data unchanged (a wasted round trip)',
    );
    expect(queryEventText(query('fetch-end', TODOS, 0, { outcome: 'error', durationMs: 5, error: 'HTTP 500' }))).toBe('fetch failed in 5.0 ms: HTTP 500');
    expect(queryEventText(query('storm', TODOS, 0, { count: 5 }))).toBe('storm: 5 fetches within a second');
    expect(queryEventText(query('action', TODOS, 0, { action: 'reset' }))).toBe('reset asked from DevTools');
  });
});

function liveStore() {
  const sent: unknown[] = [];
  const store = createDevtoolsStore({ send: (message) => sent.push(message) });
  store.getState().apply({
    kind: 'hello', protocolVersion: PROTOCOL_VERSION, toolVersion: '0.1.0', sessionId: 's1',
    page: { url: 'https://app.test/', title: 't', userAgent: 'ua', timeOrigin: 1000 },
    limits: { maxEvents: 100_000, maxBytes: 1 << 26, maxPayloadBytes: 1 << 18, previewBytes: 2048 },
  });
  store.getState().apply({ kind: 'snapshot', connections: [], events: [], dropped: 0 });
  return { store, sent };
}

describe('cache view and the store', () => {
  it('links frames to the query events the page sends in batches', () => {
    const { store } = liveStore();
    const before = queryLinks(store.getState().queryEvents);
    store.getState().apply({
      kind: 'batch', connections: [], dropped: 0,
      events: [
        query('invalidated', TODOS, 2000, { cause: cause(1), observers: 1 }),
        query('fetch-start', TODOS, 2001, { cause: cause(1) }),
        query('fetch-end', TODOS, 2039, { cause: cause(1), outcome: 'success', dataChanged: true, durationMs: 38 }),
      ],
    });
    const after = queryLinks(store.getState().queryEvents);
    expect(after).not.toBe(before);
    expect(after.causedBy(store.getState().session?.ordinal ?? -1, 1)[0]?.fetch?.end?.durationMs).toBe(38);
  });

  it('opens the Cache tab on a query from a frame, with a selection of its own per UI', () => {
    const { store } = liveStore();
    const other = liveStore().store;
    showQuery(store, TODOS.queryHash);
    expect(store.getState().tab).toBe('cache');
    expect(querySelection(store).getState().queryHash).toBe(TODOS.queryHash);
    expect(querySelection(other).getState().queryHash).toBeNull();
  });

  it('goes back to the causing frame, showing its connection when another one is selected', () => {
    const { store } = liveStore();
    store.getState().selectConnection('0:c9');
    store.getState().setTab('cache');
    showFrame(store, 0, 7, 'c2');
    expect(store.getState()).toMatchObject({ tab: 'frames', selectedRow: { session: 0, seq: 7 }, selectedConnection: '0:c2' });
  });
});
