import type { FrameCause, QueryEvent } from '../../../instrumentation/protocol';
import type { QueryEventRecord } from './store';

/** One fetch of a query: its `fetch-start`, and its `fetch-end` once the page reported it. */
export interface QueryFetch {
  readonly start: QueryEvent;
  readonly end: QueryEvent | null;
}

/**
 * One cache action a frame caused (`invalidated`, `set-data`, a `fetch-start` of its own, a mutation…), with the
 * fetch it led to: an invalidation and the refetch it triggered make one chain, as the page links them.
 */
export interface CausedAction {
  readonly event: QueryEvent;
  readonly cause: FrameCause;
  readonly fetch: QueryFetch | null;
}

export interface QueryLinks {
  /**
   * What the frame `frameSeq` of `session` caused, oldest first; one shared empty array when nothing. O(1). The array
   * is replaced, never changed in place, when more arrives for the frame, so views can compare it by reference.
   */
  causedBy(session: number, frameSeq: number): readonly CausedAction[];
}

const NOTHING: readonly CausedAction[] = Object.freeze([]);

const frameKey = (session: number, frameSeq: number): string => `${session}:${frameSeq}`;

function replaced<T>(list: readonly T[], index: number, item: T): readonly T[] {
  const copy = [...list];
  copy[index] = item;
  return copy;
}

/** A fetch still running, and the frame whose chain holds it (null when no frame caused it). */
interface OpenFetch {
  fetch: QueryFetch;
  frame: string | null;
}

/**
 * The index, fed one record at a time in the store's (session, seq) order. Frames whose chains change get new
 * arrays (copy on write), so that an index can grow as events arrive without a full rebuild.
 */
class LinkIndex implements QueryLinks {
  private readonly byFrame = new Map<string, readonly CausedAction[]>();
  private readonly openFetch = new Map<string, OpenFetch>();
  /** Records fed so far, dropped ones included: past twice the live count, a rebuild is cheaper than the garbage. */
  fed = 0;
  last: QueryEventRecord | undefined;

  causedBy(session: number, frameSeq: number): readonly CausedAction[] {
    return this.byFrame.get(frameKey(session, frameSeq)) ?? NOTHING;
  }

  feed(record: QueryEventRecord): void {
    this.fed++;
    this.last = record;
    const { session, event } = record;
    const queryKey = `${session}:${event.queryHash}`;
    if (event.kind === 'fetch-end') {
      const open = this.openFetch.get(queryKey);
      if (!open) return;
      this.openFetch.delete(queryKey);
      if (open.frame !== null) this.replaceFetch(open.frame, open.fetch, { start: open.fetch.start, end: event });
      return;
    }
    const fetch: QueryFetch | null = event.kind === 'fetch-start' ? { start: event, end: null } : null;
    // A storm names many causes and is reported with the mistakes, not as what one frame did.
    const cause = event.kind === 'storm' ? null : event.cause;
    if (fetch) this.openFetch.set(queryKey, { fetch, frame: cause ? frameKey(session, cause.frameSeq) : null });
    if (!cause) return;
    const key = frameKey(session, cause.frameSeq);
    const actions = this.byFrame.get(key) ?? NOTHING;
    const invalidation = fetch
      ? actions.findIndex((action) => action.fetch === null && action.event.kind === 'invalidated' && action.event.queryHash === event.queryHash)
      : -1;
    const invalidated = actions[invalidation];
    if (fetch && invalidated) this.byFrame.set(key, replaced(actions, invalidation, { ...invalidated, fetch }));
    else this.byFrame.set(key, [...actions, { event, cause, fetch }]);
  }

  private replaceFetch(frame: string, from: QueryFetch, to: QueryFetch): void {
    const actions = this.byFrame.get(frame) ?? NOTHING;
    const index = actions.findIndex((action) => action.fetch === from);
    const action = actions[index];
    if (action) this.byFrame.set(frame, replaced(actions, index, { ...action, fetch: to }));
  }
}

export function buildQueryLinks(records: readonly QueryEventRecord[]): QueryLinks {
  const index = new LinkIndex();
  for (const record of records) index.feed(record);
  return index;
}

const byArray = new WeakMap<readonly QueryEventRecord[], LinkIndex>();
/** Each index by the last record it was fed: a newer array that still holds that record only adds what follows it. */
const byLastRecord = new WeakMap<QueryEventRecord, LinkIndex>();

/**
 * The links of the store's `queryEvents`. The store replaces that array only when query events arrive, keeping the
 * record objects it already held, so a new array usually extends one already indexed: only the new records are fed.
 */
export function queryLinks(records: readonly QueryEventRecord[]): QueryLinks {
  const known = byArray.get(records);
  if (known) return known;
  let index: LinkIndex | undefined;
  let from = records.length;
  while (from > 0 && !index) {
    from--;
    const record = records[from] as QueryEventRecord;
    const candidate = byLastRecord.get(record);
    if (candidate?.last === record && candidate.fed <= 2 * records.length) index = candidate;
  }
  if (index) {
    if (index.last) byLastRecord.delete(index.last);
    for (let i = from + 1; i < records.length; i++) index.feed(records[i] as QueryEventRecord);
  } else {
    index = new LinkIndex();
    for (const record of records) index.feed(record);
  }
  byArray.set(records, index);
  if (index.last) byLastRecord.set(index.last, index);
  return index;
}
