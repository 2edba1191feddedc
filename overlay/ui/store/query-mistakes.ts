import type { FrameCause, QueryEvent } from '../../../instrumentation/protocol';
import type { QueryEventRecord } from './store';

/**
 * The page reports a storm on every fetch that makes `count` fetches of one query within a second, so one burst
 * arrives as several `storm` events; those less than this apart are the same burst.
 */
const STORM_BURST_GAP_MS = 1_000;

interface PerQuery {
  queryHash: string;
  queryKey: string;
  count: number;
  /** The most recent occurrence. */
  last: QueryEvent;
}

/** Invalidations of a query nobody observed then: nothing re-renders, and nothing refetches until someone does. */
export interface UnobservedInvalidations extends PerQuery {
  /** How many of them a frame caused. */
  caused: number;
}

/** Fetches whose result equalled the cached data: the round trips bought nothing. */
export interface WastedRefetches extends PerQuery {
  totalMs: number;
  caused: number;
}

/** Frames that caused fetches of a storm, grouped by what they were. */
export interface StormCause {
  label: string;
  connectionId: string;
  count: number;
  frameSeqs: number[];
}

/** One burst of fetches of one query. */
export interface RefetchStorm {
  queryHash: string;
  queryKey: string;
  from: number;
  to: number;
  /** The most fetches the page counted within one second of the burst. */
  peak: number;
  causes: StormCause[];
}

export interface QueryMistakes {
  unobserved: UnobservedInvalidations[];
  storms: RefetchStorm[];
  wasted: WastedRefetches[];
  /** Occurrences in all: each invalidation, each storm, each wasted fetch. */
  total: number;
}

function groupCauses(causes: readonly FrameCause[]): StormCause[] {
  const groups = new Map<string, StormCause>();
  for (const cause of causes) {
    const key = `${cause.connectionId}\u0000${cause.label}`;
    const group = groups.get(key);
    if (!group) groups.set(key, { label: cause.label, connectionId: cause.connectionId, count: 1, frameSeqs: [cause.frameSeq] });
    else if (!group.frameSeqs.includes(cause.frameSeq)) {
      group.count++;
      group.frameSeqs.push(cause.frameSeq);
    }
  }
  return [...groups.values()];
}

const newestFirst = <T extends { last: QueryEvent }>(list: T[]): T[] => list.sort((a, b) => b.last.seq - a.last.seq);

/** The classic mistakes of cache handling, in the events of one page session. */
export function queryMistakes(records: readonly QueryEventRecord[], session: number): QueryMistakes {
  const unobserved = new Map<string, UnobservedInvalidations>();
  const wasted = new Map<string, WastedRefetches>();
  const storms: (RefetchStorm & { causeList: FrameCause[] })[] = [];
  const openStorm = new Map<string, RefetchStorm & { causeList: FrameCause[] }>();
  
  for (const { session: recordSession, event } of records) {
    if (recordSession !== session) continue;
    const { queryHash, queryKey } = event;
    if (event.kind === 'invalidated' && event.observers === 0) {
      const entry = unobserved.get(queryHash) ?? { queryHash, queryKey, count: 0, last: event, caused: 0 };
      entry.count++;
      entry.last = event;
      if (event.cause) entry.caused++;
      unobserved.set(queryHash, entry);
    } else if (event.kind === 'fetch-end' && event.outcome === 'success' && event.dataChanged === false) {
      const entry = wasted.get(queryHash) ?? { queryHash, queryKey, count: 0, last: event, totalMs: 0, caused: 0 };
      entry.count++;
      entry.last = event;
      entry.totalMs += event.durationMs ?? 0;
      if (event.cause) entry.caused++;
      wasted.set(queryHash, entry);
    } else if (event.kind === 'storm') {
      const open = openStorm.get(queryHash);
      const count = event.count ?? 0;
      if (open && event.at - open.to < STORM_BURST_GAP_MS) {
        open.to = event.at;
        open.peak = Math.max(open.peak, count);
        open.causeList.push(...(event.causes ?? []));
      } else {
        const storm = { queryHash, queryKey, from: event.at, to: event.at, peak: count, causes: [], causeList: [...(event.causes ?? [])] };
        storms.push(storm);
        openStorm.set(queryHash, storm);
      }
    }
  }

  const stormReports = storms
    .map(({ causeList, ...storm }): RefetchStorm => ({ ...storm, causes: groupCauses(causeList) }))
    .reverse();
  const unobservedList = newestFirst([...unobserved.values()]);
  const wastedList = newestFirst([...wasted.values()]);
  const total = storms.length + unobservedList.reduce((sum, entry) => sum + entry.count, 0) + wastedList.reduce((sum, entry) => sum + entry.count, 0);
  return { unobserved: unobservedList, storms: stormReports, wasted: wastedList, total };
}
