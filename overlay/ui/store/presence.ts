import type { ClientLibrary } from '../../../instrumentation/protocol';
import type { ClientEventRecord } from './store';

export interface PresenceMemberView {
  id: string;
  /** JSON text of the member's data as the page sent it; empty when it sent none. */
  data: string;
  /** When the join was seen (page-clock epoch ms). */
  since: number;
}

export interface PresenceChange {
  seq: number;
  at: number;
  kind: 'join' | 'leave';
  memberId: string;
  data: string;
}

/** One presence set of one client, as its `presence-join` and `presence-leave` events built it. */
export interface PresenceSetView {
  key: string;
  session: number;
  clientId: string;
  library: ClientLibrary | 'unknown';
  source: string;
  /** Present members, in order of arrival. */
  members: PresenceMemberView[];
  /** Every join and leave, oldest first. */
  changes: PresenceChange[];
}

/**
 * The presence sets from the recorded client events, in order of first appearance. A member who joins again
 * (a second tab, a reconnect) keeps the time of the first join, as the set itself does.
 */
export function presenceSets(records: readonly ClientEventRecord[]): PresenceSetView[] {
  const sets = new Map<string, PresenceSetView & { present: Map<string, PresenceMemberView> }>();
  for (const { session, event } of records) {
    if (event.kind !== 'presence-join' && event.kind !== 'presence-leave') continue;
    if (event.memberId === undefined) continue;
    const source = event.source ?? '';
    const key = `${session}:${event.clientId}:${source}`;
    let set = sets.get(key);
    if (!set) {
      set = { key, session, clientId: event.clientId, library: event.library, source, members: [], changes: [], present: new Map() };
      sets.set(key, set);
    }
    const data = event.memberData ?? '';
    if (event.kind === 'presence-join') {
      const known = set.present.get(event.memberId);
      set.present.set(event.memberId, { id: event.memberId, data: data || (known?.data ?? ''), since: known?.since ?? event.at });
    } else {
      set.present.delete(event.memberId);
    }
    set.changes.push({ seq: event.seq, at: event.at, kind: event.kind === 'presence-join' ? 'join' : 'leave', memberId: event.memberId, data });
  }
  return [...sets.values()].map(({ present, ...set }) => ({ ...set, members: [...present.values()] }));
}
