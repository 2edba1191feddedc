/**
 * Queues the app keeps itself (`__REALTIME_DEVTOOLS__.trackQueue(name, getItems)`), such as an `offline-queue`
 * array in localStorage: whatever `getItems()` returns becomes the queue's items.
 */
import type { QueuedItem } from '../protocol';
import { previewJson, readPath } from '../clients/read';
import type { Recorder } from '../recorder';
import type { QueueReading } from './queue-changes';
import type { QueueRegistry, QueueSource } from './queue-registry';

/** Fields an app item is commonly named by, in the order they are tried. */
const NAME_FIELDS = ['type', 'event', 'name'] as const;

function itemName(item: unknown): string {
  for (const field of NAME_FIELDS) {
    const value = readPath(item, [field]);
    if (typeof value === 'string' && value !== '') return value;
  }
  return '(item)';
}

/**
 * A queue source over `getItems`. An item keeps the time it was first seen for as long as an item with the same
 * name and preview stays queued (the app may rebuild its array, e.g. parse it again from storage, on every read).
 */
export function appQueueSource(name: string, getItems: () => unknown, now: () => number): QueueSource {
  let firstSeen = new Map<string, number>();
  return {
    library: 'app',
    clientId: '',
    source: name,
    read(): QueueReading {
      // No stored queue at all (a removed localStorage key) is an empty queue, not a mistake.
      const items = getItems() ?? [];
      if (!Array.isArray(items)) {
        throw new TypeError(`trackQueue(${JSON.stringify(name)}): getItems() returned ${typeof items}, not an array`);
      }
      const seen = new Map<string, number>();
      // Items no longer queued are forgotten: an identical item queued later is a new one.
      const stillQueued = new Map<string, number>();
      const queued = items.map((item: unknown): QueuedItem => {
        const label = itemName(item);
        const preview = previewJson(item);
        const base = JSON.stringify([label, preview]);
        const occurrence = seen.get(base) ?? 0;
        seen.set(base, occurrence + 1);
        const identity = `${base}#${occurrence}`;
        const since = firstSeen.get(identity) ?? now();
        stillQueued.set(identity, since);
        return { name: label, preview, status: 'buffered', since };
      });
      firstSeen = stillQueued;
      return { items: queued, bufferedAmount: null };
    },
  };
}

/**
 * `trackQueue(name, getItems)` of the page API: registers the app queue and returns the function that stops tracking
 * it. Arguments of the wrong kind are recorded as an internal error (the page gets a function that does nothing),
 * never thrown.
 */
export function trackAppQueue(registry: QueueRegistry, recorder: Recorder, name: unknown, getItems: unknown): () => void {
  if (typeof name !== 'string' || name === '' || typeof getItems !== 'function') {
    recorder.internalError('trackQueue()', new TypeError('trackQueue(name, getItems) takes a non-empty name and a function that returns the queued items'));
    return () => {};
  }
  const read = getItems as () => unknown;
  const unregister = registry.register(appQueueSource(name, () => read(), () => recorder.now()));
  return () => recorder.guard('untracking a queue', unregister, undefined);
}
