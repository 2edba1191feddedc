import type { QueryEvent } from '../../../instrumentation/protocol';
import { connectionKey, type ConnectionTable } from '../store/connection-table';
import { actionVerb, causeLabel, inferenceShort } from '../store/query-display';
import type { QueryEventRecord } from '../store/store';

/** A cache action a frame caused, drawn on the timeline lane of that frame's connection. */
export interface CacheMarker {
  key: string;
  /** The timeline lane (`session:lineage`). */
  laneKey: string;
  at: number;
  kind: 'invalidated' | 'set-data';
  title: string;
}

const isMarked = (event: QueryEvent): event is QueryEvent & { kind: CacheMarker['kind'] } => event.kind === 'invalidated' || event.kind === 'set-data';

/** Invalidations and `setQueryData` writes with a frame as cause, by lane; actions without a cause have no lane. */
export function cacheMarkersByLane(records: readonly QueryEventRecord[], connections: ConnectionTable): Map<string, CacheMarker[]> {
  const byLane = new Map<string, CacheMarker[]>();
  for (const { session, event } of records) {
    if (!isMarked(event) || !event.cause) continue;
    const entry = connections.get(connectionKey(session, event.cause.connectionId));
    if (!entry) continue;
    const laneKey = `${session}:${entry.info.lineage}`;
    const marker: CacheMarker = {
      key: `${session}:${event.seq}`,
      laneKey,
      at: event.at,
      kind: event.kind,
      title: `${actionVerb(event)} ${event.queryKey || event.queryHash} ← ${causeLabel(event.cause)} on ${entry.info.id} (${inferenceShort(event.cause)})`,
    };
    const lane = byLane.get(laneKey);
    if (lane) lane.push(marker);
    else byLane.set(laneKey, [marker]);
  }
  return byLane;
}

/** The cache markers of one lane: small diamonds above its bars, each titled with the action and its cause. */
export function CacheMarks({ markers, xOf, y }: { markers: readonly CacheMarker[] | undefined; xOf: (time: number) => number; y: number }) {
  if (!markers) return null;
  return (
    <g class="rtd-tl-cache">
      {markers.map((marker) => {
        const x = xOf(marker.at);
        return (
          <g key={marker.key} class={`rtd-tl-cache-${marker.kind}`} data-testid="rtd-timeline-cache-marker" data-kind={marker.kind}>
            <title>{marker.title}</title>
            <path d={`M ${x} ${y - 4} L ${x + 4} ${y} L ${x} ${y + 4} L ${x - 4} ${y} Z`} />
          </g>
        );
      })}
    </g>
  );
}
