/**
 * pusher-js 8: `connection` reports `state_change {previous, current}`, `connecting_in` (whole seconds before the
 * next try) and `error`; presence channels hold `members.members` (user id → info). Pusher has no send queue: a
 * client event sent while disconnected is refused, so only the socket's `bufferedAmount` is shown. Everything is
 * heard through the library's own `bind`.
 */
import type { ClientQueue } from '../protocol';
import type { ClientAdapter, Listener } from './adapter';
import type { ObservedClient } from './observed-client';
import type { MemberSighting } from './presence-tracker';
import { isFunction, isRecord, previewJson, readPath, socketBufferedAmount, socketUrl } from './read';

interface Bindable {
  bind(event: string, listener: Listener): unknown;
}

interface PusherLike {
  key?: string;
  connection: Bindable & { state?: string };
  channels: { channels: Record<string, unknown> };
}

/** Close codes after which pusher-js stops reconnecting (Pusher protocol: 4000–4099 and 4300+, TLS switch aside). */
function isGiveUpCode(code: number): boolean {
  return (code >= 4001 && code <= 4099) || code >= 4300;
}

export function isPusher(value: unknown): value is PusherLike {
  return isRecord(value) && isFunction(readPath(value, ['connection', 'bind'])) && isRecord(readPath(value, ['channels', 'channels']))
    && isFunction(value.subscribe);
}

export class PusherAdapter implements ClientAdapter {
  private lastErrorCode: number | undefined;
  private attemptTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly pusher: PusherLike,
    readonly client: ObservedClient,
    private readonly timers: { setTimeout: typeof setTimeout; clearTimeout: typeof clearTimeout },
  ) {
    this.client.setState(String(pusher.connection.state ?? 'initialized'));
    this.watch();
    this.sample();
  }

  static socketOf(pusher: object): unknown {
    return readPath(pusher, ['connection', 'connection', 'transport', 'socket']);
  }

  static socketUrlOf(pusher: object): string | undefined {
    return socketUrl(PusherAdapter.socketOf(pusher));
  }

  sample(): void {
    const channels = this.pusher.channels.channels;
    const seen = new Set<string>();
    for (const [name, channel] of Object.entries(channels)) {
      const members = readPath(channel, ['members', 'members']);
      if (!name.startsWith('presence-') || !isRecord(members)) continue;
      seen.add(name);
      const sightings: MemberSighting[] = Object.entries(members).map(([id, info]) => ({ id, data: previewJson(info) }));
      this.client.presence(name, sightings);
    }
    // Unsubscribed channels leave `channels`: their members are gone as far as this client can tell.
    for (const set of this.client.presenceSnapshot()) if (!seen.has(set.source)) this.client.presenceGone(set.source);
    this.client.linkConnection();
  }

  queues(): ClientQueue[] {
    return [{
      clientId: this.client.info.id, library: 'pusher', source: 'connection', items: [],
      bufferedAmount: socketBufferedAmount(PusherAdapter.socketOf(this.pusher)),
    }];
  }

  busy(): boolean {
    return this.client.info.state !== 'connected';
  }

  private watch(): void {
    const { connection } = this.pusher;
    connection.bind('state_change', this.client.guarded('state_change listener', (change: unknown) => {
      const current = readPath(change, ['current']);
      if (typeof current !== 'string') return;
      const previous = readPath(change, ['previous']);
      // A retry pusher-js announced, or one it makes at once (close codes 4200–4299) or after `unavailable`.
      const retrying = this.client.info.nextAttemptAt !== null || previous === 'connected' || previous === 'unavailable';
      if (current === 'connecting' && retrying) this.attemptStarted();
      if (current === 'connected') this.client.connected();
      this.client.setState(current);
      if (current === 'failed') this.client.gaveUp('no transport available');
      if (current === 'disconnected' && this.lastErrorCode !== undefined && isGiveUpCode(this.lastErrorCode)) {
        this.client.gaveUp(`close code ${this.lastErrorCode}`);
      }
      if (current === 'connected') this.lastErrorCode = undefined;
      this.sample();
    }));
    connection.bind('connecting_in', this.client.guarded('connecting_in listener', (seconds: unknown) => {
      if (typeof seconds !== 'number') return;
      const delayMs = seconds * 1000;
      this.client.scheduled(delayMs);
      // pusher-js announces the wait but not the try that follows while it stays "connecting": the try is due then.
      if (this.attemptTimer !== undefined) this.timers.clearTimeout(this.attemptTimer);
      this.attemptTimer = this.timers.setTimeout(this.client.guarded('retry timer', () => {
        this.attemptTimer = undefined;
        if (this.client.info.nextAttemptAt !== null && this.client.info.state !== 'connected') this.attemptStarted();
      }), delayMs);
    }));
    connection.bind('error', this.client.guarded('error listener', (error: unknown) => {
      const code = readPath(error, ['error', 'data', 'code']);
      if (typeof code === 'number') this.lastErrorCode = code;
    }));
    // Presence changes arrive as `pusher_internal:*` messages; the library applies them before this listener runs
    // (it bound its own at construction).
    connection.bind('message', this.client.guarded('message listener', (message: unknown) => {
      const event = readPath(message, ['event']);
      if (typeof event === 'string' && event.startsWith('pusher_internal:')) this.sample();
    }));
  }

  private attemptStarted(): void {
    if (this.attemptTimer !== undefined) {
      this.timers.clearTimeout(this.attemptTimer);
      this.attemptTimer = undefined;
    }
    this.client.attemptStarted();
  }
}
