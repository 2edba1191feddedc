import type { ClientQueue, QueueOwner, QueuedItem } from '../../../instrumentation/protocol';
import type { QueuePoint } from './queue-series';
import type { ClientEventRecord, QueueEventRecord } from './store';

/** What a queue drained into when the connection came back. */
export interface QueueReplayView {
  at: number;
  /** In the order they left the queue. */
  sent: QueuedItem[];
  lost: QueuedItem[];
}

/** One source of the unified offline queue, as the Queue view shows it. */
export interface QueueSourceView {
  key: string;
  library: QueueOwner | 'unknown';
  /** `ClientInfo.id`, the connection id of a plain socket, or empty. */
  clientId: string;
  source: string;
  /** A plain socket's queue is bytes (`bufferedAmount`); every other queue counts items. */
  unit: 'items' | 'bytes';
  /** Items (or bytes) waiting now. */
  current: number;
  peak: number;
  /** Every reported count, oldest first. */
  points: QueuePoint[];
  /** What the queue holds now, as the page last said (waiting items, then the ones it keeps as lost). */
  items: QueuedItem[];
  bufferedAmount: number | null;
  /** The latest replay, if the queue drained in this session. */
  replay: QueueReplayView | null;
}

export interface QueueSourcesInput {
  clientEvents: readonly ClientEventRecord[];
  queueEvents: readonly QueueEventRecord[];
  /** The queues holding something now (`queue-state`), or null when the page has not said. */
  queues: readonly ClientQueue[] | null;
  /** The live page session (`SessionInfo.ordinal`), to which `queues` belongs; null without a page. */
  session: number | null;
}

/** A queue is told apart by its owner, its client (or socket) and its source: two clients may share a namespace. */
function sourceKey(session: number, library: string, clientId: string, source: string): string {
  return `${session}|${library}|${clientId}|${source}`;
}

function emptySource(key: string, library: QueueOwner | 'unknown', clientId: string, source: string): QueueSourceView {
  return {
    key, library, clientId, source, unit: library === 'websocket' ? 'bytes' : 'items',
    current: 0, peak: 0, points: [], items: [], bufferedAmount: null, replay: null,
  };
}

/**
 * Every queue source seen, merged from the three things the page tells: counts over time (`client` events of
 * kind `queue` for client libraries, `queue` events for the rest), the items each queue holds now (`queue-state`),
 * and replays (`queue` events of kind `replay`). Sources in the order they were first reported.
 */
export function queueSources({ clientEvents, queueEvents, queues, session }: QueueSourcesInput): QueueSourceView[] {
  const sources = new Map<string, QueueSourceView>();
  const firstSeen = new Map<QueueSourceView, number>();
  const sourceFor = (key: string, library: QueueOwner | 'unknown', clientId: string, source: string, at = Infinity): QueueSourceView => {
    let entry = sources.get(key);
    if (!entry) {
      entry = emptySource(key, library, clientId, source);
      sources.set(key, entry);
    }
    firstSeen.set(entry, Math.min(firstSeen.get(entry) ?? Infinity, at));
    return entry;
  };
  const addPoint = (entry: QueueSourceView, at: number, queued: number): void => {
    entry.points.push({ at, queued });
    entry.current = queued;
    entry.peak = Math.max(entry.peak, queued);
  };

  for (const { session: eventSession, event } of clientEvents) {
    if (event.kind !== 'queue' || event.queued === undefined) continue;
    const source = event.source ?? '';
    const entry = sourceFor(sourceKey(eventSession, event.library, event.clientId, source), event.library, event.clientId, source, event.at);
    addPoint(entry, event.at, event.queued);
  }

  for (const { session: eventSession, event } of queueEvents) {
    if (event.kind === 'count') {
      const clientId = event.clientId ?? '';
      addPoint(sourceFor(sourceKey(eventSession, event.library, clientId, event.source), event.library, clientId, event.source, event.at), event.at, event.queued);
      continue;
    }
    const replay: QueueReplayView = { at: event.at, sent: event.sent ?? [], lost: event.lost ?? [] };
    if (event.clientId !== undefined) {
      sourceFor(sourceKey(eventSession, event.library, event.clientId, event.source), event.library, event.clientId, event.source, event.at).replay = replay;
      continue;
    }
    // A replay from a page that names no client belongs to every queue of that library with that source.
    const prefix = `${eventSession}|${event.library}|`;
    const suffix = `|${event.source}`;
    let matched = false;
    for (const entry of sources.values()) {
      if (entry.key.startsWith(prefix) && entry.key.endsWith(suffix)) {
        entry.replay = replay;
        matched = true;
      }
    }
    if (!matched) sourceFor(sourceKey(eventSession, event.library, '', event.source), event.library, '', event.source, event.at).replay = replay;
  }

  if (queues && session !== null) {
    for (const queue of queues) {
      const entry = sourceFor(sourceKey(session, queue.library, queue.clientId, queue.source), queue.library, queue.clientId, queue.source);
      entry.clientId = queue.clientId;
      entry.items = queue.items;
      entry.bufferedAmount = queue.bufferedAmount;
      // The page's picture is newer than the last count event, which may still be on its way.
      entry.current = entry.unit === 'bytes' ? queue.bufferedAmount ?? 0 : waitingItems(entry).length;
      entry.peak = Math.max(entry.peak, entry.current);
    }
  }
  // Stable: sources only the page's current picture knows keep their order, after the rest.
  return [...sources.values()].sort((a, b) => (firstSeen.get(a) ?? Infinity) - (firstSeen.get(b) ?? Infinity) || 0);
}

/** The items still waiting, oldest first (lost ones are listed apart). */
export function waitingItems(entry: QueueSourceView): QueuedItem[] {
  return entry.items.filter((item) => item.status === 'buffered');
}

/** One line of a replay list: `1. chat:message ["hi"]`. */
export function replayLine(item: QueuedItem, index: number): string {
  return `${index + 1}. ${item.name} ${item.preview}`;
}

/** The replay in one sentence, for a tooltip and for copying: `sent in order: 1. a …; 2. b …; lost: c …`. */
export function replaySummary(replay: QueueReplayView): string {
  const sent = replay.sent.length === 0 ? 'nothing sent' : `sent in order: ${replay.sent.map(replayLine).join('; ')}`;
  const lost = replay.lost.length === 0 ? 'nothing lost' : `lost: ${replay.lost.map((item) => `${item.name} ${item.preview}`).join('; ')}`;
  return `${sent}; ${lost}`;
}
