import type { ClientLibrary } from '../../../instrumentation/protocol';
import type { ClientEventRecord } from './store';

export interface QueuePoint {
  at: number;
  queued: number;
}

/** How many messages one client held to send later, per queue, over time. */
export interface QueueSeries {
  key: string;
  session: number;
  clientId: string;
  library: ClientLibrary | 'unknown';
  source: string;
  /** Every reported count, oldest first. */
  points: QueuePoint[];
  current: number;
  peak: number;
}

/** An emit that went out on a connection that then died, which the library will not resend. */
export interface LostEmit {
  key: string;
  at: number;
  clientId: string;
  text: string;
}

export function queueSeries(records: readonly ClientEventRecord[]): QueueSeries[] {
  const series = new Map<string, QueueSeries>();
  for (const { session, event } of records) {
    if (event.kind !== 'queue' || event.queued === undefined) continue;
    const source = event.source ?? '';
    const key = `${session}:${event.clientId}:${source}`;
    let entry = series.get(key);
    if (!entry) {
      entry = { key, session, clientId: event.clientId, library: event.library, source, points: [], current: 0, peak: 0 };
      series.set(key, entry);
    }
    entry.points.push({ at: event.at, queued: event.queued });
    entry.current = event.queued;
    entry.peak = Math.max(entry.peak, event.queued);
  }
  return [...series.values()];
}

export function lostEmits(records: readonly ClientEventRecord[]): LostEmit[] {
  return records
    .filter((record) => record.event.kind === 'lost')
    .map(({ session, event }) => ({
      key: `${session}:${event.seq}`,
      at: event.at,
      clientId: event.clientId,
      text: `emit ${event.event ?? '(unnamed)'} lost${event.connectionId === undefined ? '' : ` on ${event.connectionId}`}`,
    }));
}

/** The polyline points of a step chart of `points` in a `width` × `height` box, time from `start` to `end`. */
export function sparklinePoints(points: readonly QueuePoint[], start: number, end: number, width: number, height: number): string {
  if (points.length === 0) return '';
  const peak = Math.max(1, ...points.map((point) => point.queued));
  const span = Math.max(1, end - start);
  const x = (at: number): number => Math.round(((at - start) / span) * width * 10) / 10;
  const y = (queued: number): number => Math.round((height - (queued / peak) * (height - 2) - 1) * 10) / 10;
  const coordinates: string[] = [];
  let previous: number | null = null;
  for (const point of points) {
    // A count holds until the next report: draw steps, not slopes that invent counts in between.
    if (previous !== null) coordinates.push(`${x(point.at)},${y(previous)}`);
    coordinates.push(`${x(point.at)},${y(point.queued)}`);
    previous = point.queued;
  }
  const last = points[points.length - 1] as QueuePoint;
  if (x(last.at) < width) coordinates.push(`${width},${y(last.queued)}`);
  return coordinates.join(' ');
}
