/**
 * What changed in one offline queue between two readings: the count now, and — once the queue has drained — the
 * replay: which items left, in the order they left, and which were lost. Pure bookkeeping; the registry reads the
 * sources and records what this reports.
 */
import type { QueuedItem } from '../protocol';

/**
 * Items a replay can list, each of sent and lost: a queue that never quite drains must not grow this without bound,
 * and a replay longer than this is read from its count anyway.
 */
export const MAX_REPLAY_ITEMS = 500;

export interface QueueReading {
  /**
   * What the queue holds now, oldest first. `buffered` items wait to be sent; `lost` items left without being sent
   * (Socket.IO emits on a connection that died, a resumed mutation that failed) and stay listed while the source
   * keeps them. A lost item that was buffered before keeps that item's `name`, `preview` and `since`: that is how
   * the replay tells it from the items that were sent.
   */
  items: QueuedItem[];
  bufferedAmount: number | null;
  /**
   * Items that left the queue and whose fate is not known yet (a resumed mutation still in flight): the replay
   * waits until none is left, so that it can say which were lost.
   */
  settling?: number;
}

export interface QueueReplay {
  sent: QueuedItem[];
  lost: QueuedItem[];
}

export interface QueueChange {
  /** Buffered items now (bytes of `bufferedAmount` for a plain socket, whose queue has no items). */
  queued: number;
  /** The count differs from the previous reading's. */
  countChanged: boolean;
  /** The queue drained: set once per outage, when the last buffered item left and none is settling. */
  replay?: QueueReplay;
}

/** Identity of an item across readings; `since` tells apart two emits of the same event with the same arguments. */
function itemKeys(items: readonly QueuedItem[]): string[] {
  const seen = new Map<string, number>();
  return items.map((item) => {
    const base = JSON.stringify([item.name, item.preview, item.since]);
    const occurrence = seen.get(base) ?? 0;
    seen.set(base, occurrence + 1);
    return `${base}#${occurrence}`;
  });
}

export class QueueChanges {
  private waiting = new Map<string, QueuedItem>();
  private lostKeys = new Set<string>();
  private left: { key: string; item: QueuedItem; lostOnLeaving: boolean }[] = [];
  private lostSinceReplay = new Map<string, QueuedItem>();
  /** Something was buffered since the last replay. */
  private filled = false;
  private lastCount = 0;

  /** The count of the last reading. */
  get count(): number {
    return this.lastCount;
  }

  /**
   * `offline`: the page has no network now, so items that leave now cannot have been sent (an app that drops its
   * queue while offline).
   */
  update(reading: QueueReading, offline: boolean, countsBytes: boolean): QueueChange {
    const buffered = reading.items.filter((item) => item.status === 'buffered');
    const lost = reading.items.filter((item) => item.status === 'lost');
    const bufferedKeys = itemKeys(buffered);
    const lostKeys = itemKeys(lost);

    const stillWaiting = new Set(bufferedKeys);
    for (const [key, item] of this.waiting) {
      if (!stillWaiting.has(key)) this.left.push({ key, item, lostOnLeaving: offline });
    }
    if (this.left.length > MAX_REPLAY_ITEMS) this.left.splice(0, this.left.length - MAX_REPLAY_ITEMS);
    this.waiting = new Map(bufferedKeys.map((key, index) => [key, buffered[index] as QueuedItem]));

    lostKeys.forEach((key, index) => {
      if (!this.lostKeys.has(key)) this.lostSinceReplay.set(key, lost[index] as QueuedItem);
    });
    for (const key of this.lostSinceReplay.keys()) {
      if (this.lostSinceReplay.size <= MAX_REPLAY_ITEMS) break;
      this.lostSinceReplay.delete(key);
    }
    this.lostKeys = new Set(lostKeys);

    if (buffered.length > 0) this.filled = true;
    const queued = countsBytes ? reading.bufferedAmount ?? 0 : buffered.length;
    const countChanged = queued !== this.lastCount;
    this.lastCount = queued;

    const change: QueueChange = { queued, countChanged };
    if (this.filled && buffered.length === 0 && (reading.settling ?? 0) === 0) {
      change.replay = this.takeReplay();
    }
    return change;
  }

  private takeReplay(): QueueReplay {
    const sent: QueuedItem[] = [];
    const lost: QueuedItem[] = [];
    for (const { key, item, lostOnLeaving } of this.left) {
      if (this.lostSinceReplay.has(key) || lostOnLeaving) lost.push({ ...item, status: 'lost' });
      else sent.push(item);
    }
    const leftKeys = new Set(this.left.map(({ key }) => key));
    for (const [key, item] of this.lostSinceReplay) if (!leftKeys.has(key)) lost.push(item);
    this.left = [];
    this.lostSinceReplay.clear();
    this.filled = false;
    return { sent, lost };
  }
}
