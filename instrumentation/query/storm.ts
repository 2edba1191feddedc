/**
 * A refetch storm: one query fetching again and again within a second, usually because every event of a burst
 * invalidates it. Pure bookkeeping of recent fetch starts per query.
 */
import type { FrameCause } from '../protocol';

export const STORM_FETCHES = 3;
export const STORM_WINDOW_MS = 1_000;

interface FetchStart {
  at: number;
  cause: FrameCause | null;
}

export interface Storm {
  count: number;
  /** The frames that caused the fetches of the storm, each once, oldest first. */
  causes: FrameCause[];
}

export class StormDetector {
  private readonly starts = new Map<string, FetchStart[]>();

  /**
   * Notes a fetch start; returns the storm it is part of, if the query has fetched `STORM_FETCHES` times within a
   * second. Every fetch that keeps a storm going returns it again with the count so far, so the last report of a
   * burst holds all of it.
   */
  fetchStarted(queryHash: string, at: number, cause: FrameCause | null): Storm | null {
    const recent = (this.starts.get(queryHash) ?? []).filter((start) => at - start.at < STORM_WINDOW_MS);
    recent.push({ at, cause });
    this.starts.set(queryHash, recent);
    if (recent.length < STORM_FETCHES) return null;
    const causes: FrameCause[] = [];
    const seen = new Set<number>();
    for (const start of recent) {
      if (start.cause === null || seen.has(start.cause.frameSeq)) continue;
      seen.add(start.cause.frameSeq);
      causes.push(start.cause);
    }
    return { count: recent.length, causes };
  }

  forget(queryHash: string): void {
    this.starts.delete(queryHash);
  }
}
