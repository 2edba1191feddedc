import { connectionKey, type ConnectionTable } from '../store/connection-table';
import type { ClientEventRecord } from '../store/store';

/**
 * A client library's decision, or a member joining or leaving a presence set it keeps, drawn on the lane of the
 * connection it concerns.
 */
export interface ClientMarker {
  key: string;
  /** The timeline lane (`session:lineage`). */
  laneKey: string;
  kind: 'reconnect-scheduled' | 'gave-up' | 'resumed' | 'resume-failed' | 'presence-join' | 'presence-leave';
  /** Where the marker sits: the scheduled attempt for a reconnect, the moment itself otherwise. */
  at: number;
  /** For a reconnect: when the library chose to wait, so that the wait is drawn from there to `at`. */
  from: number | null;
  delayMs: number | null;
  label: string;
  title: string;
}

const MARKED = new Set(['reconnect-scheduled', 'gave-up', 'resumed', 'resume-failed', 'presence-join', 'presence-leave']);

/**
 * The markers of the recorded client events. An event without a connection (a reconnect scheduled while none is
 * open) goes on the lane of the last connection the same client was seen with.
 */
export function clientMarkers(records: readonly ClientEventRecord[], connections: ConnectionTable): ClientMarker[] {
  const lastConnection = new Map<string, string>();
  const markers: ClientMarker[] = [];
  for (const { session, event } of records) {
    const client = `${session}:${event.clientId}`;
    if (event.connectionId !== undefined) lastConnection.set(client, event.connectionId);
    if (!MARKED.has(event.kind)) continue;
    const connectionId = event.connectionId ?? lastConnection.get(client);
    const entry = connectionId === undefined ? undefined : connections.get(connectionKey(session, connectionId));
    if (!entry) continue;
    const laneKey = `${session}:${entry.info.lineage}`;
    const key = `${session}:${event.seq}`;
    const who = `${event.library} client ${event.clientId} on ${entry.info.id}`;
    if (event.kind === 'reconnect-scheduled') {
      const delayMs = event.delayMs ?? (event.nextAttemptAt === undefined ? null : event.nextAttemptAt - event.at);
      const at = event.nextAttemptAt ?? event.at + (delayMs ?? 0);
      const attempt = event.attempt === undefined ? 'the next attempt' : `attempt ${event.attempt}`;
      const label = delayMs === null ? 'retry' : `${Math.round(delayMs)} ms`;
      markers.push({ key, laneKey, kind: event.kind, at, from: event.at, delayMs, label, title: `${who}: waits ${label} before ${attempt}` });
    } else if (event.kind === 'presence-join' || event.kind === 'presence-leave') {
      const label = `${event.kind === 'presence-join' ? 'joined' : 'left'} ${event.memberId ?? '?'}`;
      markers.push({ key, laneKey, kind: event.kind, at: event.at, from: null, delayMs: null, label, title: `${who}: ${label} ${event.source ?? ''}`.trimEnd() });
    } else {
      const label = event.kind === 'gave-up' ? 'gave up' : event.kind === 'resumed' ? 'resumed' : 'resume failed';
      const reason = event.reason ? `: ${event.reason}` : '';
      markers.push({ key, laneKey, kind: event.kind as ClientMarker['kind'], at: event.at, from: null, delayMs: null, label, title: `${who}: ${label}${reason}` });
    }
  }
  return markers;
}
