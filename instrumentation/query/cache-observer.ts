/**
 * Watches one QueryClient through its caches' own `subscribe` (never by wrapping its methods) and records what
 * happens as `query` events, each linked to the frame that caused it when the linker can vouch for one.
 *
 * query-core calls cache listeners synchronously from `notifyManager.batch` (QueryCache.notify, MutationCache.notify),
 * inside the very call that changed the cache: `invalidateQueries`, `setQueryData`, `fetch`. So the linker is asked
 * while the page's code that made the change is still on the stack.
 *
 * What the caches do not tell cannot be seen: `invalidate()` on a query already invalidated dispatches nothing, so
 * a second invalidation of an unobserved query leaves no trace; its effect (none) is what the first one showed.
 */
import type { FrameCause, QueryEvent, QueryInfo } from '../protocol';
import type { Recorder } from '../recorder';
import type { CausalityLinker } from './causality';
import { dataChanged } from './data-change';
import type { CachedMutation, CachedQuery, MutationCacheEvent, QueryCacheEvent, QueryClientLike } from './query-client';
import { describeError, keyText, mutationHash } from './snapshot';
import { StormDetector } from './storm';

/**
 * How long an invalidation passes its cause on to the query's next fetch. An active query refetches within the
 * `invalidateQueries` call itself; the rest of the second covers an observer that mounts right after (a route
 * change showing the invalidated list).
 */
export const REFETCH_AFTER_INVALIDATION_MS = 1_000;

interface QueryRecord {
  /** The data reference after the last change: structural sharing keeps it when a refetch brings equal data. */
  data: unknown;
  /** The fetch under way; `startedAt` null for one already running when observation began. */
  fetch: { startedAt: number | null; cause: FrameCause | null } | null;
  invalidation: { at: number; cause: FrameCause | null } | null;
  lastCause: QueryInfo['lastCause'];
}

interface MutationRecord {
  status: string;
  isPaused: boolean;
  /** When the tool first saw it pause (page clock), kept after it resumed: it belongs to the offline queue's story. */
  queuedSince: number | null;
}

export interface CacheObserverHooks {
  /** Something in either cache changed. */
  changed(): void;
  /** A mutation was added, changed status or pause state, or left. */
  mutationsChanged(): void;
}

export class CacheObserver {
  private readonly queries = new WeakMap<object, QueryRecord>();
  private readonly mutations = new WeakMap<object, MutationRecord>();
  private readonly storms = new StormDetector();
  private readonly unsubscribes: (() => void)[] = [];
  private acting = 0;

  constructor(
    readonly client: QueryClientLike,
    private readonly recorder: Recorder,
    private readonly linker: CausalityLinker,
    private readonly hooks: CacheObserverHooks,
  ) {}

  start(): void {
    const queryCache = this.client.getQueryCache();
    const mutationCache = this.client.getMutationCache();
    for (const query of queryCache.getAll()) this.recordFor(query);
    for (const mutation of mutationCache.getAll()) this.mutationRecordFor(mutation);
    this.unsubscribes.push(queryCache.subscribe((event) => this.recorder.guard('observing the query cache', () => this.onQueryEvent(event), undefined)));
    this.unsubscribes.push(mutationCache.subscribe((event) => this.recorder.guard('observing the mutation cache', () => this.onMutationEvent(event), undefined)));
  }

  stop(): void {
    for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe();
  }

  /** Runs a UI's action: what it changes is the user's doing, so no frame is named as its cause. */
  asAction<T>(run: () => T): T {
    this.acting++;
    try {
      return run();
    } finally {
      this.acting--;
    }
  }

  lastCause(query: CachedQuery): QueryInfo['lastCause'] {
    return this.queries.get(query)?.lastCause ?? null;
  }

  /** When the mutation was first seen paused (page clock); null for one that never waited for the network. */
  queuedSince(mutation: CachedMutation): number | null {
    return this.mutations.get(mutation)?.queuedSince ?? null;
  }

  private causeNow(): FrameCause | null {
    return this.acting > 0 ? null : this.linker.causeNow();
  }

  private recordFor(query: CachedQuery): QueryRecord {
    let record = this.queries.get(query);
    if (record === undefined) {
      record = {
        data: query.state.data,
        fetch: query.state.fetchStatus === 'idle' ? null : { startedAt: null, cause: null },
        invalidation: null,
        lastCause: null,
      };
      this.queries.set(query, record);
    }
    return record;
  }

  private emit(query: CachedQuery, kind: QueryEvent['kind'], details: Omit<QueryEvent, 'type' | 'seq' | 'at' | 'kind' | 'queryHash' | 'queryKey'>, at: number): void {
    this.recorder.query({ kind, queryHash: query.queryHash, queryKey: keyText(query.queryKey, this.recorder.limits.previewBytes), ...details }, at);
  }

  private onQueryEvent(event: QueryCacheEvent): void {
    const { query } = event;
    const at = this.recorder.now();
    switch (event.type) {
      case 'added':
        this.recordFor(query);
        this.emit(query, 'added', { observers: query.getObserversCount() }, at);
        break;
      case 'removed': {
        const record = this.queries.get(query);
        if (record?.fetch) this.endFetch(query, record, at, { outcome: 'cancelled' });
        this.queries.delete(query);
        this.storms.forget(query.queryHash);
        this.emit(query, 'removed', {}, at);
        break;
      }
      case 'updated':
        if (event.action) this.onQueryAction(query, event.action, at);
        break;
      default:
        // observerAdded / observerRemoved / observerResultsUpdated / observerOptionsUpdated: only the snapshot changes.
        break;
    }
    this.hooks.changed();
  }

  private onQueryAction(query: CachedQuery, action: NonNullable<QueryCacheEvent['action']>, at: number): void {
    const record = this.recordFor(query);
    switch (action.type) {
      case 'invalidate': {
        const cause = this.causeNow();
        record.invalidation = { at, cause };
        if (cause) record.lastCause = { kind: 'invalidated', at, cause };
        this.emit(query, 'invalidated', { observers: query.getObserversCount(), cause }, at);
        break;
      }
      case 'fetch':
        // A fetch while one runs replaced it: query-core cancelled the old one silently (`cancelRefetch`).
        if (record.fetch) this.endFetch(query, record, at, { outcome: 'cancelled' });
        this.startFetch(query, record, at);
        break;
      case 'success':
        if (action.manual) {
          const cause = this.causeNow();
          if (cause) record.lastCause = { kind: 'set-data', at, cause };
          this.emit(query, 'set-data', { cause }, at);
        } else if (record.fetch) {
          const changed = dataChanged(record.data, action.data, query.options?.structuralSharing);
          this.endFetch(query, record, at, { outcome: 'success', ...(changed === undefined ? {} : { dataChanged: changed }) });
        }
        break;
      case 'error':
        if (record.fetch) this.endFetch(query, record, at, { outcome: 'error', error: describeError(query.state.error, this.recorder.limits.previewBytes) ?? '' });
        break;
      case 'setState':
        // A cancel that reverts, and `reset()`, put the state back to idle without a result.
        if (record.fetch && query.state.fetchStatus === 'idle') this.endFetch(query, record, at, { outcome: 'cancelled' });
        break;
      default:
        // failed (a retry is coming), pause, continue: the snapshot shows them.
        break;
    }
    record.data = query.state.data;
  }

  private startFetch(query: CachedQuery, record: QueryRecord, at: number): void {
    const direct = this.causeNow();
    const invalidation = record.invalidation !== null && at - record.invalidation.at <= REFETCH_AFTER_INVALIDATION_MS ? record.invalidation : null;
    record.invalidation = null;
    // The page's own call in this task names its cause best; else the fetch carries the cause of the invalidation
    // it follows, as is: how that invalidation was linked, and when.
    const cause = direct?.inference === 'same-task' || invalidation === null ? direct : invalidation.cause;
    record.fetch = { startedAt: at, cause };
    // A refetch that follows from its invalidation leaves that invalidation as the query's last cause.
    if (cause && cause.frameSeq !== invalidation?.cause?.frameSeq) record.lastCause = { kind: 'refetch', at, cause };
    this.emit(query, 'fetch-start', { observers: query.getObserversCount(), cause }, at);
    const storm = this.storms.fetchStarted(query.queryHash, at, cause);
    if (storm) this.emit(query, 'storm', { count: storm.count, causes: storm.causes }, at);
  }

  private endFetch(query: CachedQuery, record: QueryRecord, at: number, result: Pick<QueryEvent, 'outcome' | 'dataChanged' | 'error'>): void {
    const fetch = record.fetch;
    record.fetch = null;
    if (fetch === null) return;
    this.emit(query, 'fetch-end', {
      cause: fetch.cause,
      ...(fetch.startedAt !== null ? { durationMs: Math.round(at - fetch.startedAt) } : {}),
      ...result,
    }, at);
  }

  private mutationRecordFor(mutation: CachedMutation): MutationRecord {
    let record = this.mutations.get(mutation);
    if (record === undefined) {
      record = { status: mutation.state.status, isPaused: mutation.state.isPaused, queuedSince: mutation.state.isPaused ? this.recorder.now() : null };
      this.mutations.set(mutation, record);
    }
    return record;
  }

  private onMutationEvent(event: MutationCacheEvent): void {
    const { mutation } = event;
    if (mutation === undefined) return;
    if (event.type === 'removed') {
      this.mutations.delete(mutation);
    } else if (event.type === 'added' || event.type === 'updated') {
      const known = this.mutations.has(mutation);
      const record = this.mutationRecordFor(mutation);
      const { status, isPaused, error } = mutation.state;
      if (known && (status !== record.status || isPaused !== record.isPaused)) {
        const at = this.recorder.now();
        const cause = status === 'pending' && record.status !== 'pending' ? this.causeNow() : null;
        if (isPaused) record.queuedSince ??= at;
        record.status = status;
        record.isPaused = isPaused;
        this.recorder.query({
          kind: 'mutation',
          queryHash: mutationHash(mutation),
          queryKey: keyText(mutation.options?.mutationKey, this.recorder.limits.previewBytes),
          status,
          isPaused,
          cause,
          ...(status === 'error' ? { error: describeError(error, this.recorder.limits.previewBytes) ?? '' } : {}),
        }, at);
      }
    }
    this.hooks.mutationsChanged();
    this.hooks.changed();
  }
}
