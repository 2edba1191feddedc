/**
 * ably-js 2: `connection.on(stateChange)` reports `{previous, current, reason, retryIn}`; a reconnect resumes when
 * the connection id comes back (RTN15c6) and fails with a new id and error 80008 (RTN15c7). Messages published while
 * disconnected wait in `connection.connectionManager.queuedMessages` (no public equivalent exists); channels are
 * `channels.all`, their members `presence.members.map`. Listeners go on the library's own emitters, including
 * `presence.subscriptions` and the member map's `sync`, which unlike `presence.subscribe()` do not attach a channel.
 */
import type { ClientQueue, QueuedItem } from '../protocol';
import type { ClientAdapter, Listener } from './adapter';
import type { ObservedClient } from './observed-client';
import type { MemberSighting } from './presence-tracker';
import { isFunction, isRecord, previewJson, readPath, socketBufferedAmount, socketUrl } from './read';

interface AblyLike {
  connection: { on(listener: Listener): unknown; id?: string; state?: string; connectionManager?: object };
  channels: { all: Record<string, unknown> };
}

/** Ably ProtocolMessage action numbers (protocol v6). */
const PRESENCE_ACTION = 14;
const PRESENCE_NAMES = ['absent', 'present', 'enter', 'leave', 'update'];
/** RTN15c7: the connection could not be resumed. */
const RESUME_FAILED_CODE = 80008;

/** The data a queued message was given: ably-js has already JSON-encoded objects (TM3 `encoding: "json"`). */
function decodedData(entry: unknown): unknown {
  const data = readPath(entry, ['data']);
  if (readPath(entry, ['encoding']) !== 'json' || typeof data !== 'string') return data ?? null;
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return data;
  }
}

export function isAblyRealtime(value: unknown): value is AblyLike {
  return isRecord(value) && isFunction(readPath(value, ['connection', 'on'])) && isRecord(readPath(value, ['connection', 'connectionManager']))
    && isRecord(readPath(value, ['channels', 'all']));
}

export class AblyAdapter implements ClientAdapter {
  private readonly watchedChannels = new WeakSet<object>();
  private readonly queuedSince = new WeakMap<object, number>();
  private lastConnectionId: string | undefined;

  constructor(private readonly realtime: AblyLike, readonly client: ObservedClient) {
    this.client.setState(String(realtime.connection.state ?? 'initialized'));
    this.lastConnectionId = realtime.connection.id;
    this.watch();
    this.sample();
  }

  static socketOf(realtime: object): unknown {
    return readPath(realtime, ['connection', 'connectionManager', 'activeProtocol', 'transport', 'wsConnection']);
  }

  static socketUrlOf(realtime: object): string | undefined {
    return socketUrl(AblyAdapter.socketOf(realtime));
  }

  sample(): void {
    for (const [name, channel] of Object.entries(this.realtime.channels.all)) {
      this.watchChannel(channel);
      const map = readPath(channel, ['presence', 'members', 'map']);
      if (!isRecord(map)) continue;
      const sightings: MemberSighting[] = [];
      for (const member of Object.values(map)) {
        const clientId = readPath(member, ['clientId']);
        const action = readPath(member, ['action']);
        // The map keeps ABSENT entries during a sync; they are not members.
        if (typeof clientId !== 'string' || action === 'absent' || action === 'leave') continue;
        sightings.push({ id: clientId, data: previewJson(readPath(member, ['data']) ?? null) });
      }
      if (sightings.length > 0 || this.client.members(name).length > 0) this.client.presence(name, sightings);
    }
    this.client.queueSize('connection', this.queuedMessages().length);
    this.client.linkConnection();
  }

  queues(): ClientQueue[] {
    return [{
      clientId: this.client.info.id, library: 'ably', source: 'connection',
      items: this.queuedMessages().flatMap((pending) => this.itemsOf(pending)),
      bufferedAmount: socketBufferedAmount(AblyAdapter.socketOf(this.realtime)),
    }];
  }

  busy(): boolean {
    return this.client.info.state !== 'connected' || this.queuedMessages().length > 0;
  }

  private queuedMessages(): unknown[] {
    const messages = readPath(this.realtime, ['connection', 'connectionManager', 'queuedMessages', 'messages']);
    return Array.isArray(messages) ? messages : [];
  }

  private itemsOf(pending: unknown): QueuedItem[] {
    let since = isRecord(pending) ? this.queuedSince.get(pending) : undefined;
    if (since === undefined) {
      since = this.client.now();
      if (isRecord(pending)) this.queuedSince.set(pending, since);
    }
    const message = readPath(pending, ['message']);
    const channel = String(readPath(message, ['channel']) ?? '');
    const isPresence = readPath(message, ['action']) === PRESENCE_ACTION;
    const entries = readPath(message, [isPresence ? 'presence' : 'messages']);
    if (!Array.isArray(entries)) return [];
    return entries.map((entry): QueuedItem => {
      const action = readPath(entry, ['action']);
      const name = isPresence ? `presence ${typeof action === 'number' ? PRESENCE_NAMES[action] ?? action : String(action)}` : String(readPath(entry, ['name']) ?? '');
      return { name: `${channel}: ${name}`, preview: previewJson(decodedData(entry)), status: 'buffered', since };
    });
  }

  private watchChannel(channel: unknown): void {
    if (!isRecord(channel) || this.watchedChannels.has(channel)) return;
    this.watchedChannels.add(channel);
    const resample = this.client.guarded('channel listener', () => this.sample());
    for (const emitter of [channel, readPath(channel, ['presence', 'subscriptions']), readPath(channel, ['presence', 'members'])]) {
      const on = readPath(emitter, ['on']);
      if (isFunction(on)) on.call(emitter, resample);
    }
  }

  private watch(): void {
    const { connection } = this.realtime;
    connection.on(this.client.guarded('connection listener', (change: unknown) => {
      const current = readPath(change, ['current']);
      const previous = readPath(change, ['previous']);
      if (typeof current !== 'string' || current === previous) return;
      const reasonMessage = readPath(change, ['reason', 'message']);
      const reason = typeof reasonMessage === 'string' ? reasonMessage : undefined;
      if (current === 'connecting' && (previous === 'disconnected' || previous === 'suspended')) this.client.attemptStarted();
      if (current === 'connected') this.connected(readPath(change, ['reason', 'code']));
      this.client.setState(current, reason);
      const retryIn = readPath(change, ['retryIn']);
      if ((current === 'disconnected' || current === 'suspended') && typeof retryIn === 'number') this.client.scheduled(retryIn);
      if (current === 'failed') this.client.gaveUp(reason);
      this.sample();
    }));
  }

  private connected(reasonCode: unknown): void {
    const id = this.realtime.connection.id;
    if (this.lastConnectionId !== undefined) {
      if (id === this.lastConnectionId) this.client.record('resumed', { state: 'connected' });
      else this.client.record('resume-failed', { reason: reasonCode === RESUME_FAILED_CODE ? 'error 80008: connection could not be resumed' : 'new connection id' });
    }
    this.lastConnectionId = id;
    this.client.connected();
  }
}
