/**
 * Socket.IO (socket.io-client 4): the Manager reconnects and backs off, each Socket (namespace) queues emits in
 * `sendBuffer` while disconnected and may recover its session (`socket.recovered`). Listeners are added with the
 * library's own `on`/`onAny`/`onAnyOutgoing`; the one wrapped method is the Manager's `backoff.duration()`, because
 * the delay it returns is the only place the library keeps the wait before the next attempt (it calls it once per
 * scheduled attempt, in `Manager.reconnect()`); the wrapper returns exactly what the original returns.
 */
import type { ClientQueue, PresenceMapping, QueuedItem } from '../protocol';
import type { ClientAdapter, Emitter, Listener } from './adapter';
import type { ObservedClient } from './observed-client';
import { applyPresenceEvent } from './presence-mapping';
import { isFunction, isRecord, previewJson, readPath, socketBufferedAmount, socketUrl } from './read';

/** Disconnect reasons where the connection died under the client, rather than a close either side asked for. */
const DEATH_REASONS = new Set(['transport close', 'transport error', 'ping timeout']);
/** Emits remembered per socket while the server says nothing, and lost ones kept for `queue()`. */
const REMEMBERED_EMITS = 100;

interface SocketLike extends Emitter {
  nsp: string;
  io: object;
  sendBuffer: unknown[];
  connected: boolean;
  recovered?: boolean;
  id?: string;
  onAny?: (listener: Listener) => unknown;
  onAnyOutgoing?: (listener: Listener) => unknown;
}

interface ManagerLike extends Emitter {
  nsps: Record<string, unknown>;
  backoff: { duration: () => number; attempts: number };
  uri?: string;
  _readyState?: string;
}

export function isSocketIoSocket(value: unknown): value is SocketLike {
  return isRecord(value) && typeof value.nsp === 'string' && Array.isArray(value.sendBuffer) && isFunction(value.on)
    && isSocketIoManager(value.io);
}

export function isSocketIoManager(value: unknown): value is ManagerLike {
  return isRecord(value) && isRecord(value.nsps) && isRecord(value.backoff) && isFunction(readPath(value, ['backoff', 'duration']))
    && isFunction(value.on);
}

interface SentEmit {
  name: string;
  preview: string;
  at: number;
}

interface WatchedSocket {
  socket: SocketLike;
  hasConnected: boolean;
  /** Emits sent since the server's last sign of life. */
  unconfirmed: SentEmit[];
  lost: SentEmit[];
}

export class SocketIoAdapter implements ClientAdapter {
  private readonly sockets = new Map<SocketLike, WatchedSocket>();
  private readonly bufferedSince = new WeakMap<object, number>();

  constructor(
    private readonly manager: ManagerLike,
    readonly client: ObservedClient,
    private readonly presenceMapping: () => PresenceMapping,
  ) {
    this.client.setState(manager._readyState === 'open' ? 'connected' : 'connecting');
    this.watchManager();
    this.sample();
  }

  static socketUrlOf(manager: object): string | undefined {
    return socketUrl(readPath(manager, ['engine', 'transport', 'ws']));
  }

  /** Starts watching a socket of this manager (given to `attach()`, or found in `manager.nsps`). */
  watchSocket(socket: SocketLike): void {
    if (this.sockets.has(socket)) return;
    const watched: WatchedSocket = { socket, hasConnected: socket.connected, unconfirmed: [], lost: [] };
    this.sockets.set(socket, watched);
    socket.on('connect', this.client.guarded('connect listener', () => {
      if (watched.hasConnected) {
        if (socket.recovered === true) this.client.record('resumed', { source: this.sourceOf(socket) });
        else this.client.record('resume-failed', { source: this.sourceOf(socket), reason: 'not recovered: the server has no connection state recovery, or the session expired' });
      }
      watched.hasConnected = true;
      this.sample();
    }));
    socket.on('disconnect', this.client.guarded('disconnect listener', (reason: unknown) => {
      if (typeof reason === 'string' && DEATH_REASONS.has(reason)) this.markLost(watched);
      watched.unconfirmed = [];
      this.sample();
    }));
    // Incoming events: presence, and a sign that the server was alive after the emits sent so far.
    socket.onAny?.call(socket, this.client.guarded('onAny listener', (event: unknown, ...args: unknown[]) => {
      watched.unconfirmed = [];
      if (typeof event === 'string') this.applyPresence(socket, event, args);
    }));
    // Called for emits written to the transport (not for those buffered while disconnected).
    socket.onAnyOutgoing?.call(socket, this.client.guarded('onAnyOutgoing listener', (event: unknown, ...args: unknown[]) => {
      watched.unconfirmed.push({ name: String(event), preview: previewJson(args), at: this.client.now() });
      if (watched.unconfirmed.length > REMEMBERED_EMITS) watched.unconfirmed.shift();
      this.sample();
    }));
  }

  sample(): void {
    for (const socket of Object.values(this.manager.nsps)) if (isSocketIoSocket(socket)) this.watchSocket(socket);
    for (const socket of this.sockets.keys()) this.client.queueSize(this.sourceOf(socket), socket.sendBuffer.length);
    this.client.linkConnection();
  }

  queues(): ClientQueue[] {
    const bufferedAmount = socketBufferedAmount(readPath(this.manager, ['engine', 'transport', 'ws']));
    return [...this.sockets.values()].map(({ socket, lost }) => ({
      clientId: this.client.info.id,
      library: 'socket.io',
      source: this.sourceOf(socket),
      items: [
        ...lost.map(({ name, preview, at }): QueuedItem => ({ name, preview, status: 'lost', since: at })),
        ...socket.sendBuffer.map((packet) => this.bufferedItem(packet)),
      ],
      bufferedAmount,
    }));
  }

  busy(): boolean {
    return this.client.info.state !== 'connected' || [...this.sockets.keys()].some((socket) => socket.sendBuffer.length > 0);
  }

  private sourceOf(socket: SocketLike): string {
    return socket.nsp;
  }

  private bufferedItem(packet: unknown): QueuedItem {
    const data = readPath(packet, ['data']);
    const [name, ...args] = Array.isArray(data) ? data : [undefined];
    let since = isRecord(packet) ? this.bufferedSince.get(packet) : undefined;
    if (since === undefined) {
      since = this.client.now();
      if (isRecord(packet)) this.bufferedSince.set(packet, since);
    }
    return { name: String(name), preview: previewJson(args), status: 'buffered', since };
  }

  private markLost(watched: WatchedSocket): void {
    for (const emit of watched.unconfirmed) {
      this.client.record('lost', { source: this.sourceOf(watched.socket), event: emit.name });
      watched.lost.push(emit);
    }
    if (watched.lost.length > REMEMBERED_EMITS) watched.lost.splice(0, watched.lost.length - REMEMBERED_EMITS);
  }

  private applyPresence(socket: SocketLike, event: string, args: unknown[]): void {
    const source = this.sourceOf(socket);
    const members = applyPresenceEvent(this.presenceMapping(), this.client.members(source), event, args);
    if (members) this.client.presence(source, members);
  }

  private watchManager(): void {
    const { manager, client } = this;
    const backoff = manager.backoff;
    const duration = backoff.duration;
    const recordScheduled = client.guarded('backoff', (delay: number) => client.scheduled(delay, backoff.attempts));
    backoff.duration = function (this: unknown) {
      const delay = duration.call(this);
      // Called by Manager.reconnect() after counting the attempt it schedules.
      recordScheduled(delay);
      return delay;
    };
    // Engine packets and pings: the server was alive after every emit sent so far.
    const serverSpoke = client.guarded('packet listener', () => {
      for (const watched of this.sockets.values()) watched.unconfirmed = [];
    });
    manager.on('packet', serverSpoke);
    manager.on('ping', serverSpoke);
    manager.on('open', client.guarded('open listener', () => {
      client.connected();
      client.setState('connected');
      this.sample();
    }));
    manager.on('close', client.guarded('close listener', (reason: unknown) => {
      client.setState('disconnected', typeof reason === 'string' ? reason : undefined);
      this.sample();
    }));
    manager.on('reconnect_attempt', client.guarded('reconnect_attempt listener', (attempt: unknown) => {
      client.attemptStarted(typeof attempt === 'number' ? attempt : undefined);
      client.setState('reconnecting');
    }));
    manager.on('reconnect_error', client.guarded('reconnect_error listener', (error: unknown) => {
      client.setState('disconnected', error instanceof Error ? error.message : undefined);
    }));
    manager.on('reconnect_failed', client.guarded('reconnect_failed listener', () => {
      client.gaveUp('reconnectionAttempts reached');
      client.setState('gave up');
    }));
  }
}
