/** JSON-safe pictures of TanStack queries and mutations (`QueryInfo`, `MutationInfo`, paused mutations as `QueuedItem`). */
import type { MutationInfo, QueryInfo, QueuedItem } from '../protocol';
import { jsonText } from './json-text';
import type { CachedMutation, CachedQuery } from './query-client';

/** `Error: message` for errors (of any realm), their JSON text for anything else thrown; null for no error. */
export function describeError(error: unknown, maxChars: number): string | null {
  if (error === null || error === undefined) return null;
  if (typeof error === 'object') {
    const { name, message } = error as { name?: unknown; message?: unknown };
    if (typeof message === 'string') return `${typeof name === 'string' && name ? name : 'Error'}: ${message}`.slice(0, maxChars);
  }
  return typeof error === 'string' ? error.slice(0, maxChars) : jsonText(error, maxChars).text;
}

/** The key as JSON text; keys are small by design, so the same bound as data is plenty. */
export function keyText(key: unknown, maxChars: number): string {
  return key === undefined ? '' : jsonText(key, maxChars).text;
}

export function mutationHash(mutation: CachedMutation): string {
  return `m${mutation.mutationId}`;
}

export function queryInfo(query: CachedQuery, lastCause: QueryInfo['lastCause'], previewBytes: number): QueryInfo {
  const { state } = query;
  const data = jsonText(state.data, previewBytes);
  return {
    queryHash: query.queryHash,
    queryKey: keyText(query.queryKey, previewBytes),
    status: state.status,
    fetchStatus: state.fetchStatus,
    isStale: query.isStale(),
    isInvalidated: state.isInvalidated,
    observers: query.getObserversCount(),
    dataUpdatedAt: state.dataUpdatedAt,
    errorUpdatedAt: state.errorUpdatedAt,
    error: describeError(state.error, previewBytes),
    data: data.text,
    dataTruncated: data.truncated,
    lastCause,
  };
}

export function mutationInfo(mutation: CachedMutation, previewBytes: number): MutationInfo {
  const { state } = mutation;
  return {
    id: mutationHash(mutation),
    mutationKey: keyText(mutation.options?.mutationKey, previewBytes),
    status: state.status,
    isPaused: state.isPaused,
    variables: jsonText(state.variables, previewBytes).text,
    error: describeError(state.error, previewBytes),
    submittedAt: state.submittedAt,
  };
}

/**
 * A mutation that waited for the network, as an item of the unified offline queue: `buffered` while paused, `lost`
 * once it failed after all. Its name, preview and `since` stay the same in both, which is how the queue tells
 * which of its items were lost.
 */
export function queuedMutationItem(mutation: CachedMutation, since: number, status: QueuedItem['status'], previewBytes: number): QueuedItem {
  const key = keyText(mutation.options?.mutationKey, previewBytes);
  return {
    name: key === '' ? `mutation ${mutationHash(mutation)}` : key,
    preview: jsonText(mutation.state.variables, previewBytes).text,
    status,
    since,
  };
}
