import type { FrameEvent, LifecycleEvent } from '../../../instrumentation/protocol';

/** Where a preserved log crosses from one page load to the next. It sorts before every event of its session. */
export interface NavigationRow {
  type: 'navigation';
  seq: -1;
  at: number;
  url: string;
}

export type LogRow = FrameEvent | LifecycleEvent | NavigationRow;
export type LoggedEvent = FrameEvent | LifecycleEvent;

interface SessionSegment {
  session: number;
  /** Absolute index of the segment's first row. */
  start: number;
}

/**
 * The rows the frame list shows, oldest first, across the sessions a preserved log keeps.
 *
 * Pages stream up to hundreds of thousands of frames, so rows live in one mutable array that only grows at the end
 * and, past the bound, loses a chunk at the front. Readers address rows by absolute index (`offset` + position),
 * which stays valid when the front is evicted; `structureVersion` changes only when rows are rewritten any other
 * way (snapshot, clear, a late event inserted in order), telling incremental readers to start over.
 */
export class EventLog {
  readonly rows: LogRow[] = [];
  offset = 0;
  version = 0;
  structureVersion = 0;
  /** Rows this UI discarded to stay within its bound since the last reset. */
  evicted = 0;
  private segments: SessionSegment[] = [];

  constructor(private readonly maxRows: number) {}

  get start(): number {
    return this.offset;
  }

  get end(): number {
    return this.offset + this.rows.length;
  }

  get size(): number {
    return this.rows.length;
  }

  row(absoluteIndex: number): LogRow | undefined {
    return this.rows[absoluteIndex - this.offset];
  }

  sessionOf(absoluteIndex: number): number {
    for (let i = this.segments.length - 1; i >= 0; i--) {
      const segment = this.segments[i] as SessionSegment;
      if (segment.start <= absoluteIndex) return segment.session;
    }
    return this.segments[0]?.session ?? -1;
  }

  private get current(): SessionSegment | undefined {
    return this.segments[this.segments.length - 1];
  }

  /** First absolute index holding a current-session event (after its navigation marker, if any). */
  private currentEventsStart(): number {
    const segment = this.current;
    if (!segment) return this.end;
    let index = Math.max(segment.start, this.offset);
    if (this.row(index)?.type === 'navigation') index++;
    return index;
  }

  /** Starts a new page session; `marker`, when given, is shown between the previous session's rows and this one's. */
  beginSession(session: number, marker: NavigationRow | null): void {
    this.segments.push({ session, start: this.end });
    if (marker) this.rows.push(marker);
    this.version++;
  }

  /** Forgets every row of every session. */
  reset(): void {
    this.rows.length = 0;
    this.offset = 0;
    this.evicted = 0;
    this.segments = [];
    this.version++;
    this.structureVersion++;
  }

  /** Forgets the current session's events, keeping preserved sessions and the current navigation marker. */
  clearCurrentSession(): void {
    this.rows.length = this.currentEventsStart() - this.offset;
    this.version++;
    this.structureVersion++;
  }

  /** The current session's events become exactly `events` (a snapshot): applying it twice changes nothing. */
  replaceCurrentSession(events: readonly LoggedEvent[]): void {
    const firstCurrent = this.currentEventsStart() - this.offset;
    this.rows.length = firstCurrent;
    for (const event of sortedBySeq(events)) {
      if (this.rows.length > firstCurrent && (this.rows[this.rows.length - 1] as LogRow).seq === event.seq) continue;
      this.rows.push(event);
    }
    this.version++;
    this.structureVersion++;
    this.evictOverflow();
  }

  /**
   * Adds new events of the current session in seq order; events already held are ignored (the page resends on every
   * `init`). The session's rows are sorted by seq, so a newer seq than the last row's is new, and any other is looked
   * up by bisection: no per-event set of seen seqs to fill and to trim on eviction.
   */
  append(events: readonly LoggedEvent[]): void {
    if (events.length === 0) return;
    const firstCurrent = this.currentEventsStart() - this.offset;
    let rewritten = false;
    for (const event of sortedBySeq(events)) {
      const last = this.rows[this.rows.length - 1];
      if (this.rows.length <= firstCurrent || last === undefined || last.seq < event.seq) {
        this.rows.push(event);
        continue;
      }
      const at = insertionPoint(this.rows, firstCurrent, event.seq);
      if (this.rows[at]?.seq === event.seq) continue;
      // A frame whose payload the page read asynchronously (a Blob) arrives after frames with higher seqs.
      this.rows.splice(at, 0, event);
      rewritten = true;
    }
    this.version++;
    if (rewritten) this.structureVersion++;
    this.evictOverflow();
  }

  /** Absolute index of the row of `session` with `seq`, or -1. Rows are sorted by (session, seq). */
  indexOf(session: number, seq: number): number {
    const segmentIndex = this.segments.findIndex((segment) => segment.session === session);
    if (segmentIndex < 0) return -1;
    const from = Math.max((this.segments[segmentIndex] as SessionSegment).start, this.offset) - this.offset;
    const next = this.segments[segmentIndex + 1];
    const to = (next ? next.start : this.end) - this.offset;
    let low = from;
    let high = to;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.rows[middle] as LogRow).seq < seq) low = middle + 1;
      else high = middle;
    }
    return low < to && this.rows[low]?.seq === seq ? low + this.offset : -1;
  }

  /**
   * Past the bound, drops the oldest tenth at once: one splice per many batches instead of a shift per event.
   */
  private evictOverflow(): void {
    if (this.rows.length <= this.maxRows) return;
    const count = this.rows.length - this.maxRows + Math.ceil(this.maxRows / 10);
    this.rows.splice(0, count);
    this.offset += count;
    this.evicted += count;
    // Segments wholly evicted are forgotten, except the current one.
    while (this.segments.length > 1 && (this.segments[1] as SessionSegment).start <= this.offset) this.segments.shift();
    this.version++;
  }
}

function sortedBySeq(events: readonly LoggedEvent[]): readonly LoggedEvent[] {
  for (let i = 1; i < events.length; i++) {
    if ((events[i] as LoggedEvent).seq < (events[i - 1] as LoggedEvent).seq) {
      return [...events].sort((a, b) => a.seq - b.seq);
    }
  }
  return events;
}

function insertionPoint(rows: readonly LogRow[], from: number, seq: number): number {
  let low = from;
  let high = rows.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((rows[middle] as LogRow).seq < seq) low = middle + 1;
    else high = middle;
  }
  return low;
}
