import type { ConnectionInfo } from '../../../instrumentation/protocol';

/** A connection as the UI keeps it: page ids restart at `c1` on every page load, so the UI keys them by session. */
export interface ConnectionEntry {
  key: string;
  session: number;
  info: ConnectionInfo;
}

export function connectionKey(session: number, id: string): string {
  return `${session}:${id}`;
}

/** The connections of the current and the preserved sessions, in the order they were first seen. */
export class ConnectionTable {
  entries: ConnectionEntry[] = [];
  version = 0;
  private byKey = new Map<string, ConnectionEntry>();

  constructor(private readonly maxEntries: number) {}

  get(key: string): ConnectionEntry | undefined {
    return this.byKey.get(key);
  }

  /** Adds new connections and replaces the info of known ones. */
  upsert(session: number, infos: readonly ConnectionInfo[]): void {
    if (infos.length === 0) return;
    for (const info of infos) {
      const key = connectionKey(session, info.id);
      const known = this.byKey.get(key);
      if (known) {
        known.info = info;
        continue;
      }
      const entry: ConnectionEntry = { key, session, info };
      this.byKey.set(key, entry);
      this.entries.push(entry);
    }
    this.forgetOverflow();
    this.version++;
  }

  /** The session's connections become exactly `infos` (a snapshot). */
  replaceSession(session: number, infos: readonly ConnectionInfo[]): void {
    this.dropWhere((entry) => entry.session === session);
    this.upsert(session, infos);
    this.version++;
  }

  /**
   * Mirrors the page's `clear()`: closed connections are forgotten, the others stay with their counters reset.
   * Preserved sessions' connections go too, since the user asked for an empty log.
   */
  clear(currentSession: number): void {
    this.dropWhere((entry) => entry.session !== currentSession || entry.info.state === 'closed');
    for (const entry of this.entries) {
      entry.info = { ...entry.info, framesIn: 0, framesOut: 0, bytesIn: 0, bytesOut: 0, errors: 0 };
    }
    this.version++;
  }

  reset(): void {
    this.entries = [];
    this.byKey.clear();
    this.version++;
  }

  private dropWhere(predicate: (entry: ConnectionEntry) => boolean): void {
    const kept: ConnectionEntry[] = [];
    for (const entry of this.entries) {
      if (predicate(entry)) this.byKey.delete(entry.key);
      else kept.push(entry);
    }
    this.entries = kept;
  }

  /** Past the bound the oldest closed connections go first, as in the page's own list. */
  private forgetOverflow(): void {
    let excess = this.entries.length - this.maxEntries;
    if (excess <= 0) return;
    this.dropWhere((entry) => {
      if (excess <= 0 || entry.info.state !== 'closed') return false;
      excess--;
      return true;
    });
  }
}
