/**
 * The page side of the query cache view: finds the app's QueryClient (`window.__TANSTACK_QUERY_CLIENT__`, or
 * `__REALTIME_DEVTOOLS__.attach(client)`), observes it, tells linked UIs what the cache holds (after their snapshot,
 * then on change, at most every `QUERY_CACHE_THROTTLE_MS`, never on a polling loop), carries out their actions,
 * and feeds the causality linker the frames the page is handed. One client is observed at a time: a new one
 * replaces the old, as hot reload does.
 */
import { natives } from '../natives';
import {
  QUERY_CACHE_THROTTLE_MS,
  type MutationInfo,
  type QueryAction,
  type QueryCacheMessage,
  type QueryEvent,
  type QueryInfo,
} from '../protocol';
import type { QueueReading, QueueRegistry } from '../queues/queue-registry';
import type { InboundFrame, Recorder } from '../recorder';
import { CacheObserver } from './cache-observer';
import { CausalityLinker, type FrameDelivery } from './causality';
import { watchGlobalClient } from './global-client';
import { isQueryClient, type QueryClientLike } from './query-client';
import { readOfflineQueue } from './offline-queue';
import { keyText, mutationInfo, queryInfo } from './snapshot';
import { createAfterThisTask } from './task-end';

/** Transports whose frames the page's listeners get in the very task our tap records them. */
const DISPATCHED_TRANSPORTS: ReadonlySet<InboundFrame['transport']> = new Set(['websocket', 'eventsource']);

export interface QueryInspectorOptions {
  /** The unified offline queue, where the observed client's paused mutations are registered. */
  queues?: QueueRegistry;
  /** How the linker learns a frame's task ended (tests drive it by hand). */
  afterThisTask?: (ended: () => void) => void;
}

export class QueryInspector {
  private observer: CacheObserver | null = null;
  private readonly clientIds = new WeakMap<object, string>();
  private nextId = 1;
  private readonly cacheListeners = new Set<(message: QueryCacheMessage) => void>();
  private pushTimer: ReturnType<typeof setTimeout> | undefined;
  private lastPushAt = -Infinity;
  private unregisterQueue: (() => void) | undefined;
  private readonly queues: QueueRegistry | undefined;
  private readonly linker: CausalityLinker;

  constructor(private readonly recorder: Recorder, options: QueryInspectorOptions = {}) {
    this.queues = options.queues;
    this.linker = new CausalityLinker(() => recorder.now(), options.afterThisTask ?? createAfterThisTask());
  }

  /** Starts watching the global the app may expose its client on. */
  install(win: Window): void {
    watchGlobalClient(win, (value) => this.recorder.guard('observing window.__TANSTACK_QUERY_CLIENT__', () => {
      if (isQueryClient(value)) this.attach(value, 'global');
    }, undefined));
  }

  /** Observes `client` (replacing the one observed before); returns its id, `q1`, `q2`… (the same id again for the same client). */
  attach(client: QueryClientLike, how: NonNullable<QueryEvent['how']>): string {
    let id = this.clientIds.get(client);
    if (id === undefined) {
      id = `q${this.nextId++}`;
      this.clientIds.set(client, id);
    }
    if (this.observer?.client === client) return id;
    const observer = new CacheObserver(client, this.recorder, this.linker, {
      changed: () => this.cacheChanged(),
      mutationsChanged: () => this.queues?.changed(),
    });
    try {
      observer.start();
    } catch (error) {
      // Something shaped like a client that is none: the client observed so far stays.
      observer.stop();
      throw error;
    }
    if (this.observer) {
      this.observer.stop();
      this.recorder.query({ kind: 'client-lost', queryHash: '', queryKey: '' });
    }
    this.observer = observer;
    // Frames matter only once there is a cache they could change: a page without TanStack Query pays nothing per frame.
    this.recorder.inboundListener ??= (frame) => this.frameHandled(frame);
    this.recorder.query({ kind: 'client-found', queryHash: '', queryKey: '', how });
    this.unregisterQueue?.();
    this.unregisterQueue = this.queues?.register({ library: 'tanstack-query', clientId: id, source: 'paused mutations', read: () => this.offlineQueue() });
    this.cacheChanged();
    return id;
  }

  queries(): QueryInfo[] {
    const observer = this.observer;
    if (observer === null) return [];
    const { previewBytes } = this.recorder.limits;
    return observer.client.getQueryCache().getAll().map((query) => queryInfo(query, observer.lastCause(query), previewBytes));
  }

  mutations(): MutationInfo[] {
    const observer = this.observer;
    if (observer === null) return [];
    const { previewBytes } = this.recorder.limits;
    return observer.client.getMutationCache().getAll().map((mutation) => mutationInfo(mutation, previewBytes));
  }

  /** TanStack's offline queue: the mutations that waited for the network, oldest first (see `readOfflineQueue`). */
  offlineQueue(): QueueReading {
    const observer = this.observer;
    if (observer === null) return { items: [], bufferedAmount: null };
    return readOfflineQueue(observer.client.getMutationCache().getAll(), (mutation) => observer.queuedSince(mutation), this.recorder.limits.previewBytes);
  }

  cacheMessage(): QueryCacheMessage {
    return { kind: 'query-cache', clientFound: this.observer !== null, queries: this.queries(), mutations: this.mutations() };
  }

  /** `listener` gets the cache picture whenever it changes, at most every `QUERY_CACHE_THROTTLE_MS`. */
  onCacheChange(listener: (message: QueryCacheMessage) => void): () => void {
    this.cacheListeners.add(listener);
    return () => {
      this.cacheListeners.delete(listener);
    };
  }

  /** A UI's `query-action`, carried out on the observed client and recorded; a query that is gone is an internal error. */
  act(action: QueryAction, queryHash: string): void {
    const observer = this.observer;
    if (observer === null) throw new Error(`query-action ${action}: no QueryClient is observed`);
    const query = observer.client.getQueryCache().get(queryHash);
    if (query === undefined) throw new Error(`query-action ${action}: no query ${JSON.stringify(queryHash)} in the cache`);
    const { client } = observer;
    const filters = { queryKey: query.queryKey, exact: true as const };
    this.recorder.query({ kind: 'action', action, queryHash, queryKey: keyText(query.queryKey, this.recorder.limits.previewBytes) });
    const settled = observer.asAction((): unknown => {
      switch (action) {
        case 'refetch':
          return client.refetchQueries(filters);
        case 'invalidate':
          return client.invalidateQueries(filters);
        case 'reset':
          return client.resetQueries(filters);
        case 'remove':
          return client.removeQueries(filters);
        default:
          throw new Error(`query-action: unknown action ${JSON.stringify(action as unknown)}`);
      }
    });
    // The client's promises do not reject unless asked to (`throwOnError`); if one does, it is recorded, not left unhandled.
    const thenable = settled as { catch?: unknown } | undefined;
    if (typeof thenable?.catch === 'function') {
      (thenable.catch as (onRejected: (error: unknown) => void) => unknown).call(settled, (error: unknown) => this.recorder.internalError(`query-action ${action}`, error));
    }
  }

  private frameHandled(frame: InboundFrame): void {
    // Keep-alives are answered inside the client library; no app handler sees them. A socket adopted late may have
    // the page's listeners ahead of the tap's, so its frames would be heard after what they caused.
    if (frame.decoded?.heartbeat || frame.adoptedLate) return;
    const delivery: FrameDelivery = DISPATCHED_TRANSPORTS.has(frame.transport) ? 'dispatched' : 'read-later';
    this.linker.frameHandled({
      seq: frame.seq,
      connectionId: frame.connectionId,
      label: frame.decoded?.label ?? frame.event ?? 'message',
      ...(frame.decoded?.channel !== undefined ? { channel: frame.decoded.channel } : {}),
      at: frame.at,
    }, delivery);
  }

  private cacheChanged(): void {
    if (this.cacheListeners.size === 0 || this.pushTimer !== undefined) return;
    const wait = Math.max(0, this.lastPushAt + QUERY_CACHE_THROTTLE_MS - this.recorder.now());
    this.pushTimer = natives.setTimeout(() => this.push(), wait);
  }

  private push(): void {
    this.pushTimer = undefined;
    this.lastPushAt = this.recorder.now();
    const message = this.recorder.guard('reading the query cache', () => this.cacheMessage(), null);
    if (message === null) return;
    for (const listener of this.cacheListeners) this.recorder.guard('sending the query cache to a UI', () => listener(message), undefined);
  }
}
