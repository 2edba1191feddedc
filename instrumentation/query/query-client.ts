/**
 * The parts of TanStack Query v5 (`@tanstack/query-core`, under every framework adapter) the tool reads. Typed
 * structurally rather than imported: the page brings its own copy of the library, and the tool bundles none.
 * Field names follow query-core's `Query`, `Mutation`, `QueryCache`, `MutationCache` and `QueryClient`.
 */

export interface QueryState {
  data: unknown;
  dataUpdatedAt: number;
  error: unknown;
  errorUpdatedAt: number;
  fetchStatus: 'fetching' | 'paused' | 'idle';
  isInvalidated: boolean;
  status: 'pending' | 'error' | 'success';
}

export interface CachedQuery {
  queryHash: string;
  queryKey: readonly unknown[];
  state: QueryState;
  options?: { structuralSharing?: unknown };
  getObserversCount(): number;
  isStale(): boolean;
}

export interface MutationState {
  status: 'idle' | 'pending' | 'success' | 'error';
  isPaused: boolean;
  variables: unknown;
  error: unknown;
  submittedAt: number;
}

export interface CachedMutation {
  mutationId: number;
  state: MutationState;
  options?: { mutationKey?: unknown };
}

/** What the caches tell their subscribers (query-core `QueryCacheNotifyEvent`, `MutationCacheNotifyEvent`). */
export interface QueryCacheEvent {
  type: string;
  query: CachedQuery;
  action?: { type: string; manual?: boolean; data?: unknown; state?: Partial<QueryState> };
}

export interface MutationCacheEvent {
  type: string;
  mutation?: CachedMutation;
}

export interface QueryCacheLike {
  subscribe(listener: (event: QueryCacheEvent) => void): () => void;
  getAll(): CachedQuery[];
  get(queryHash: string): CachedQuery | undefined;
}

export interface MutationCacheLike {
  subscribe(listener: (event: MutationCacheEvent) => void): () => void;
  getAll(): CachedMutation[];
}

interface QueryFilters {
  queryKey: readonly unknown[];
  exact: true;
}

export interface QueryClientLike {
  getQueryCache(): QueryCacheLike;
  getMutationCache(): MutationCacheLike;
  refetchQueries(filters: QueryFilters): Promise<unknown>;
  invalidateQueries(filters: QueryFilters): Promise<unknown>;
  resetQueries(filters: QueryFilters): Promise<unknown>;
  removeQueries(filters: QueryFilters): void;
}

/** A QueryClient by its shape: it has both caches. (`instanceof` cannot work: the class is the page's own copy.) */
export function isQueryClient(value: unknown): value is QueryClientLike {
  if (typeof value !== 'object' || value === null) return false;
  try {
    const candidate = value as Partial<QueryClientLike>;
    return typeof candidate.getQueryCache === 'function' && typeof candidate.getMutationCache === 'function';
  } catch {
    return false;
  }
}
