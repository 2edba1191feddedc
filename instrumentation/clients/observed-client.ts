import type { ClientEvent, ClientInfo, ClientLibrary, PresenceSet } from '../protocol';
import type { Recorder } from '../recorder';
import { PresenceTracker, type MemberSighting } from './presence-tracker';
import { ReconnectLog } from './reconnect-log';

type Observation = Omit<ClientEvent, 'type' | 'seq' | 'at' | 'library' | 'clientId' | 'kind'>;

/**
 * What the tool knows of one client library instance, and the one place its `client` events are recorded from:
 * adapters report what the library says, this keeps the state, counts, queues and members and records the changes.
 */
export class ObservedClient {
  readonly info: ClientInfo;
  readonly reconnects = new ReconnectLog();
  private readonly presenceSets = new PresenceTracker();
  private readonly queueSizes = new Map<string, number>();

  constructor(
    private readonly recorder: Recorder,
    id: string,
    library: ClientLibrary,
    label: string,
    foundBy: ClientInfo['foundBy'],
    /** The URL of the WebSocket the client uses now, to link it to the recorder's connection. */
    private readonly currentSocketUrl: () => string | undefined,
    /** Connection id → client id, shared by every client of the page. */
    private readonly claims: Map<string, string>,
  ) {
    this.info = { id, library, label, state: '', attempt: 0, nextAttemptAt: null, connectionIds: [], foundBy };
  }

  now(): number {
    return this.recorder.now();
  }

  /**
   * A listener for the library's emitters: the library calls it inside its own event dispatch, so a fault of the
   * tool is recorded here and never reaches the library.
   */
  guarded<Args extends unknown[]>(where: string, listener: (...args: Args) => void): (...args: Args) => void {
    return (...args: Args) => this.recorder.guard(`${this.info.library} ${where}`, () => listener(...args), undefined);
  }

  record(kind: ClientEvent['kind'], details: Observation = {}): void {
    const connectionId = this.linkConnection();
    this.recorder.client({
      library: this.info.library, clientId: this.info.id, kind, ...(connectionId !== undefined ? { connectionId } : {}), ...details,
    });
  }

  /**
   * The recorder's connection for the socket the client uses now, found by its URL. Several clients may use one
   * URL (two pusher-js instances of one app), so a connection another client has claimed is not taken: the client
   * keeps its own while it lives, else takes the oldest live unclaimed one (clients open their sockets in the order
   * they were made).
   */
  linkConnection(): string | undefined {
    const url = this.currentSocketUrl();
    const own = this.info.connectionIds.at(-1);
    if (url === undefined) return own;
    const live = this.recorder.connections().filter((connection) => connection.url === url && connection.state !== 'closed');
    if (own !== undefined && live.some((connection) => connection.id === own)) return own;
    const unclaimed = live.find((connection) => !this.claims.has(connection.id));
    if (!unclaimed) return own;
    this.claims.set(unclaimed.id, this.info.id);
    this.info.connectionIds.push(unclaimed.id);
    return unclaimed.id;
  }

  setState(state: string, reason?: string): void {
    if (state === this.info.state) return;
    const previousState = this.info.state;
    this.info.state = state;
    this.record('state', { state, ...(previousState ? { previousState } : {}), ...(reason ? { reason } : {}) });
  }

  scheduled(delayMs: number, attempt?: number): void {
    const next = this.reconnects.scheduled(delayMs, this.now(), attempt);
    this.info.nextAttemptAt = next.nextAttemptAt;
    this.record('reconnect-scheduled', next);
  }

  attemptStarted(attempt?: number): void {
    const number = this.reconnects.started(attempt);
    this.info.attempt = number;
    this.info.nextAttemptAt = null;
    this.record('reconnect-attempt', { attempt: number });
  }

  connected(): void {
    this.reconnects.succeeded();
    this.info.attempt = 0;
    this.info.nextAttemptAt = null;
  }

  gaveUp(reason?: string): void {
    this.reconnects.gaveUp();
    this.info.nextAttemptAt = null;
    this.record('gave-up', { attempt: this.info.attempt, ...(reason ? { reason } : {}) });
  }

  /** Records the size of a queue when it changed since the last sample. */
  queueSize(source: string, queued: number): void {
    if ((this.queueSizes.get(source) ?? 0) === queued) return;
    this.queueSizes.set(source, queued);
    this.record('queue', { source, queued });
  }

  members(source: string): MemberSighting[] {
    return this.presenceSets.members(source);
  }

  /** Replaces the members of one presence set; records each join and leave. */
  presence(source: string, members: readonly MemberSighting[]): void {
    const { joined, left } = this.presenceSets.replace(source, members, this.now());
    for (const member of joined) this.record('presence-join', { source, memberId: member.id, memberData: member.data });
    for (const id of left) this.record('presence-leave', { source, memberId: id });
  }

  /** A presence set the client no longer has (unsubscribed channel): its members leave, and it is no longer listed. */
  presenceGone(source: string): void {
    this.presence(source, []);
    this.presenceSets.forget(source);
  }

  presenceSnapshot(): PresenceSet[] {
    return this.presenceSets.sources().map((source) => ({
      clientId: this.info.id, library: this.info.library, source, members: this.presenceSets.snapshot(source),
    }));
  }
}
