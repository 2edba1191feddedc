import { natives } from '../natives';
import { QUERY_CACHE_THROTTLE_MS, type QueueStateMessage } from '../protocol';
import type { QueueRegistry } from './queue-registry';

/**
 * Keeps one UI told of the queues that hold something: at once (behind the snapshot), then after each change, at most
 * once per `QUERY_CACHE_THROTTLE_MS` — a queue that fills with every emit of a busy page must not become a
 * message per emit — and always with the latest picture last. Returns the function that stops it.
 */
export function feedQueueState(registry: QueueRegistry, send: (message: QueueStateMessage) => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastSentAt = -Infinity;
  let pending = false;

  const sendNow = (): void => {
    pending = false;
    lastSentAt = natives.now();
    send({ kind: 'queue-state', queues: registry.withItems() });
  };
  const onChange = (): void => {
    if (timer !== undefined) {
      pending = true;
      return;
    }
    const wait = lastSentAt + QUERY_CACHE_THROTTLE_MS - natives.now();
    if (wait <= 0) {
      sendNow();
      return;
    }
    pending = true;
    timer = natives.setTimeout(() => {
      timer = undefined;
      if (pending) sendNow();
    }, wait);
  };

  registry.snapshot();
  sendNow();
  const unsubscribe = registry.onChange(onChange);
  return () => {
    unsubscribe();
    if (timer !== undefined) natives.clearTimeout(timer);
    timer = undefined;
  };
}
