/**
 * TanStack Query's offline queue, read for the unified queue view: mutations made without network pause
 * (`isPaused`) and resume by themselves once online (`resumePausedMutations`). Only mutations that were seen paused
 * belong to it; of those, a paused one waits, a resumed one in flight is settling, a failed one was lost, and a
 * successful one was sent (it is no longer listed).
 */
import type { QueueReading } from '../queues/queue-registry';
import type { CachedMutation } from './query-client';
import { queuedMutationItem } from './snapshot';

export function readOfflineQueue(mutations: readonly CachedMutation[], queuedSince: (mutation: CachedMutation) => number | null, previewBytes: number): QueueReading {
  const reading: QueueReading = { items: [], bufferedAmount: null, settling: 0 };
  for (const mutation of mutations) {
    const since = queuedSince(mutation);
    if (since === null) continue;
    const { isPaused, status } = mutation.state;
    if (isPaused) reading.items.push(queuedMutationItem(mutation, since, 'buffered', previewBytes));
    else if (status === 'error') reading.items.push(queuedMutationItem(mutation, since, 'lost', previewBytes));
    else if (status === 'pending') reading.settling = (reading.settling ?? 0) + 1;
  }
  return reading;
}
