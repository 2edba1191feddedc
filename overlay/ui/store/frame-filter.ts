import type { EventLog, LogRow } from './event-log';

export type DirectionFilter = 'all' | 'in' | 'out';

export interface FrameFilterSpec {
  search: string;
  regex: boolean;
  direction: DirectionFilter;
  /** Leaves out keep-alive frames of decoded protocols (`decoded.heartbeat`). */
  hideHeartbeats?: boolean;
  /** Only this connection's rows (session and page id), or every connection. */
  connection: { session: number; id: string } | null;
}

export interface CompiledFilter {
  spec: FrameFilterSpec;
  /** Null when every row passes. */
  test: ((row: LogRow, session: number) => boolean) | null;
  /** Why the search is not applied (an invalid regular expression), shown to the user. */
  error: string | null;
  /** Identity of what the filter lets through: equal keys select equal rows. */
  key: string;
}

/**
 * The text a row is searched by: a frame's payload (binary frames by their base64 form), SSE event name, and the
 * decoded label, channel and summary of a library frame.
 */
function searchableText(row: LogRow): string {
  switch (row.type) {
    case 'frame': {
      const text = row.event === undefined ? row.data : `${row.event}\n${row.data}`;
      const decoded = row.decoded;
      return decoded ? `${decoded.label}\n${decoded.channel ?? ''}\n${decoded.summary}\n${text}` : text;
    }
    case 'lifecycle':
      return `${row.phase} ${row.closeCode ?? ''} ${row.closeReason ?? ''}`;
    case 'navigation':
      return row.url;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Plain text is matched as an escaped case-insensitive RegExp rather than by lower-casing every payload: the regex
 * engine searches a literal without copying 100k payloads per keystroke.
 */
export function compileFilter(spec: FrameFilterSpec): CompiledFilter {
  let pattern: RegExp | null = null;
  let error: string | null = null;
  if (spec.search !== '') {
    try {
      pattern = new RegExp(spec.regex ? spec.search : escapeRegExp(spec.search), 'i');
    } catch (cause) {
      error = cause instanceof Error ? cause.message : String(cause);
    }
  }
  const { direction, connection } = spec;
  const hideHeartbeats = spec.hideHeartbeats === true;
  const key = JSON.stringify([pattern?.source ?? null, direction, connection?.session ?? null, connection?.id ?? null, hideHeartbeats]);
  if (!pattern && direction === 'all' && !connection && !hideHeartbeats) return { spec, test: null, error, key };
  const test = (row: LogRow, session: number): boolean => {
    // Navigation markers keep their place whatever the filter: they explain the jump in time and ids.
    if (row.type === 'navigation') return true;
    if (connection && (session !== connection.session || row.connectionId !== connection.id)) return false;
    // Lifecycle rows carry no direction; they stay to give the frames their context (opens, closes, reconnects).
    if (direction !== 'all' && row.type === 'frame' && row.direction !== direction) return false;
    if (hideHeartbeats && row.type === 'frame' && row.decoded?.heartbeat === true) return false;
    return pattern ? pattern.test(searchableText(row)) : true;
  };
  return { spec, test, error, key };
}

/** True when every row `next` lets through was let through by `previous`, so `next` may refine its result. */
export function narrows(previous: CompiledFilter, next: CompiledFilter): boolean {
  const before = previous.spec;
  const after = next.spec;
  if (previous.error !== null || next.error !== null) return false;
  const searchNarrows =
    before.search === '' || (!before.regex && !after.regex && after.search.toLowerCase().includes(before.search.toLowerCase()));
  const directionNarrows = before.direction === 'all' || before.direction === after.direction;
  const connectionNarrows =
    before.connection === null ||
    (after.connection !== null && after.connection.session === before.connection.session && after.connection.id === before.connection.id);
  const heartbeatsNarrow = before.hideHeartbeats !== true || after.hideHeartbeats === true;
  return searchNarrows && directionNarrows && connectionNarrows && heartbeatsNarrow;
}

/**
 * The absolute indices of the log rows a filter lets through, kept up to date incrementally: new rows are tested
 * once, evicted rows are cut from the front, and a narrower filter re-tests only the previous matches. A full scan
 * happens only when the filter widens or the log is rewritten.
 */
export class FilteredView {
  indices: number[] = [];
  private filter: CompiledFilter | null = null;
  private structureVersion = -1;
  private scannedTo = 0;
  private evictedBefore = 0;

  /** Brings the view up to date; returns whether its rows changed. */
  update(log: EventLog, filter: CompiledFilter): boolean {
    const previous = this.filter;
    const sameRows = previous !== null && previous.key === filter.key && this.structureVersion === log.structureVersion;
    this.filter = filter;
    if (!sameRows) {
      const refine = previous !== null && this.structureVersion === log.structureVersion && narrows(previous, filter);
      this.dropEvicted(log);
      this.indices = refine ? this.retest(log, filter) : [];
      if (!refine) this.scannedTo = log.start;
      this.structureVersion = log.structureVersion;
      this.scan(log, filter);
      return true;
    }
    const evicted = this.dropEvicted(log);
    const scanned = this.scan(log, filter);
    return evicted || scanned;
  }

  private retest(log: EventLog, filter: CompiledFilter): number[] {
    const test = filter.test;
    if (!test) return this.indices;
    const kept: number[] = [];
    for (const index of this.indices) {
      if (test(log.row(index) as LogRow, log.sessionOf(index))) kept.push(index);
    }
    return kept;
  }

  private dropEvicted(log: EventLog): boolean {
    if (log.start === this.evictedBefore) return false;
    this.evictedBefore = log.start;
    this.scannedTo = Math.max(this.scannedTo, log.start);
    const first = lowerBound(this.indices, log.start);
    if (first === 0) return false;
    this.indices.splice(0, first);
    return true;
  }

  private scan(log: EventLog, filter: CompiledFilter): boolean {
    const end = log.end;
    if (this.scannedTo >= end) return false;
    const test = filter.test;
    const before = this.indices.length;
    let index = Math.max(this.scannedTo, log.start);
    if (!test) {
      for (; index < end; index++) this.indices.push(index);
    } else {
      for (; index < end; index++) {
        if (test(log.row(index) as LogRow, log.sessionOf(index))) this.indices.push(index);
      }
    }
    this.scannedTo = end;
    return this.indices.length !== before;
  }
}

/** First position in a sorted list whose value is ≥ `value`. */
export function lowerBound(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as number) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}
