/**
 * The observed client libraries of a page: `attach()` and discovery add them, the API reads them. One slow timer
 * samples what the libraries change without telling (queues, channels, namespaces) and looks for new pusher-js
 * instances; it runs only while there is something to watch, faster while a client is offline or holds a queue.
 */
import { natives } from '../natives';
import type { ClientInfo, ClientQueue, PresenceMapping, PresenceSet } from '../protocol';
import type { QueueRegistry } from '../queues/queue-registry';
import type { Recorder } from '../recorder';
import type { ClientAdapter } from './adapter';
import { AblyAdapter, isAblyRealtime } from './ably';
import { ObservedClient } from './observed-client';
import { normalizePresenceMapping } from './presence-mapping';
import { loadPresenceMapping, savePresenceMapping } from './presence-mapping-store';
import { PusherAdapter, isPusher } from './pusher';
import { isRecord, readPath } from './read';
import { SocketIoAdapter, isSocketIoManager, isSocketIoSocket } from './socketio';

const IDLE_SAMPLE_MS = 1_000;
const BUSY_SAMPLE_MS = 250;

export class ClientRegistry {
  private readonly adapters = new Map<object, ClientAdapter>();
  private readonly connectionClaims = new Map<string, string>();
  private nextId = 1;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private mapping: PresenceMapping;
  private watchPusherGlobal = false;

  /** `queues`: the page's unified offline queue, which lists the clients' queues and hears of every sample. */
  constructor(private readonly win: Window, private readonly recorder: Recorder, private readonly queues?: QueueRegistry) {
    this.mapping = loadPresenceMapping(win);
    queues?.registerGroup(() => this.queue());
  }

  /**
   * Starts observing a Socket.IO Socket or Manager, a pusher-js instance or an Ably Realtime instance; returns its
   * client id (the same one again for a client already observed). Anything else is recorded as `ignored` and
   * returns null.
   */
  attach(target: unknown, foundBy: ClientInfo['foundBy'] = 'attach'): string | null {
    if (isSocketIoSocket(target)) {
      const manager = target.io;
      const adapter = this.adapterFor(manager, foundBy);
      if (adapter instanceof SocketIoAdapter) adapter.watchSocket(target);
      return adapter?.client.info.id ?? null;
    }
    const adapter = this.adapterFor(target, foundBy);
    if (adapter) return adapter.client.info.id;
    this.recorder.client({ library: 'unknown', clientId: '', kind: 'ignored', reason: describe(target) });
    return null;
  }

  /** From now on, look for `window.Pusher.instances` on every tick. */
  watchPusherInstances(): void {
    this.watchPusherGlobal = true;
    this.schedule();
  }

  clients(): ClientInfo[] {
    return [...this.adapters.values()].map(({ client }) => ({ ...client.info, connectionIds: [...client.info.connectionIds] }));
  }

  queue(): ClientQueue[] {
    this.sampleAll();
    return [...this.adapters.values()].flatMap((adapter) => adapter.queues());
  }

  presence(): PresenceSet[] {
    this.sampleAll();
    return [...this.adapters.values()].flatMap((adapter) => adapter.client.presenceSnapshot());
  }

  presenceMapping(): PresenceMapping {
    return normalizePresenceMapping(this.mapping);
  }

  /** Changes the Socket.IO presence mapping (missing fields keep their defaults) and keeps it for this site; `null` restores the defaults. */
  setPresenceMapping(mapping: Partial<PresenceMapping> | null): PresenceMapping {
    this.mapping = normalizePresenceMapping(mapping);
    savePresenceMapping(this.win, mapping === null ? null : this.mapping);
    return this.presenceMapping();
  }

  private adapterFor(target: unknown, foundBy: ClientInfo['foundBy']): ClientAdapter | undefined {
    if (!isRecord(target)) return undefined;
    const known = this.adapters.get(target);
    if (known) return known;
    const id = `k${this.nextId++}`;
    let adapter: ClientAdapter | undefined;
    if (isSocketIoManager(target)) {
      const client = new ObservedClient(this.recorder, id, 'socket.io', String(readPath(target, ['uri']) ?? 'socket.io'), foundBy, () => SocketIoAdapter.socketUrlOf(target), this.connectionClaims);
      adapter = new SocketIoAdapter(target, client, () => this.mapping);
    } else if (isPusher(target)) {
      const client = new ObservedClient(this.recorder, id, 'pusher', `pusher ${String(readPath(target, ['key']) ?? '')}`, foundBy, () => PusherAdapter.socketUrlOf(target), this.connectionClaims);
      adapter = new PusherAdapter(target, client, natives);
    } else if (isAblyRealtime(target)) {
      const clientId = readPath(target, ['auth', 'clientId']);
      const client = new ObservedClient(this.recorder, id, 'ably', `ably ${typeof clientId === 'string' ? clientId : ''}`.trim(), foundBy, () => AblyAdapter.socketUrlOf(target), this.connectionClaims);
      adapter = new AblyAdapter(target, client);
    }
    if (!adapter) {
      this.nextId--;
      return undefined;
    }
    this.adapters.set(target, adapter);
    adapter.client.record('attached', { state: adapter.client.info.state, reason: foundBy });
    this.schedule();
    return adapter;
  }

  private sampleAll(): void {
    for (const adapter of this.adapters.values()) this.recorder.guard(`sampling ${adapter.client.info.library} client`, () => adapter.sample(), undefined);
    this.queues?.changed();
  }

  private discoverPusherInstances(): void {
    const instances = readPath(this.win, ['Pusher', 'instances']);
    if (!Array.isArray(instances)) return;
    for (const instance of instances) if (isPusher(instance)) this.adapterFor(instance, 'discovery');
  }

  private schedule(): void {
    if (this.timer !== undefined || (this.adapters.size === 0 && !this.watchPusherGlobal)) return;
    const busy = [...this.adapters.values()].some((adapter) => adapter.busy());
    this.timer = natives.setTimeout(() => {
      this.timer = undefined;
      this.recorder.guard('sampling clients', () => {
        if (this.watchPusherGlobal) this.discoverPusherInstances();
        this.sampleAll();
      }, undefined);
      this.schedule();
    }, busy ? BUSY_SAMPLE_MS : IDLE_SAMPLE_MS);
  }
}

function describe(target: unknown): string {
  if (target === null) return 'attach(null): not a client';
  if (typeof target !== 'object' && typeof target !== 'function') return `attach(${typeof target}): not a client`;
  const name = readPath(target, ['constructor', 'name']);
  return `attach(${typeof name === 'string' && name ? name : 'object'}): not a Socket.IO Socket or Manager, pusher-js or Ably Realtime instance`;
}
