/**
 * The one offline queue of a page: every source of things waiting to be sent — client library queues (Socket.IO
 * `sendBuffer`, Ably queued messages), TanStack paused mutations, app queues from `trackQueue`, plain sockets'
 * `bufferedAmount` — read in one place. It records `queue` events (counts over time for the queues of no client
 * library, whose counts no `client` event carries; a replay whenever a queue drains) and tells listeners when the
 * picture changed.
 *
 * Sources change without telling, so they are read, but never in a tight loop: soon after `changed()` (a frame,
 * a lifecycle change, a client library sample, the window going online or offline), and every `BUSY_SAMPLE_MS`
 * only while something is queued.
 */
import { natives } from '../natives';
import type { ClientLibrary, ClientQueue, QueueOwner } from '../protocol';
import type { Recorder } from '../recorder';
import { QueueChanges, type QueueReading } from './queue-changes';

export type { QueueReading } from './queue-changes';

/** While something is queued: as often as the client registry samples a busy client. */
const BUSY_SAMPLE_MS = 250;
/** After `changed()`: soon, and once for a burst of changes. */
const CHANGED_SAMPLE_MS = 20;
/** A page busy with frames calls `changed()` all the time: read at most this often however busy it is. */
const MIN_SAMPLE_INTERVAL_MS = 100;

const CLIENT_LIBRARIES: ReadonlySet<QueueOwner> = new Set<ClientLibrary>(['socket.io', 'pusher', 'ably']);

/** One queue: `read()` says what it holds now (it may throw: that is recorded, not thrown). */
export interface QueueSource {
  library: QueueOwner;
  /** `ClientInfo.id` for a client library, the connection id for `websocket`, else empty. */
  clientId: string;
  /** Tells the queue apart within its owner: a namespace, an app queue's name, a socket's URL. */
  source: string;
  read(): QueueReading;
}

interface Registered {
  source: QueueSource;
  /** The last failure of `read()`, so that a source failing on every sample is reported once, not every time. */
  failure: string | null;
}

interface ReadQueue {
  queue: ClientQueue;
  settling: number;
}

export class QueueRegistry {
  private readonly sources = new Set<Registered>();
  private readonly groups = new Set<() => ClientQueue[]>();
  private readonly changes = new Map<string, { changes: QueueChanges; library: QueueOwner; clientId: string; source: string }>();
  private readonly listeners = new Set<(queues: ClientQueue[]) => void>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerDue = 0;
  private lastSampleAt = -Infinity;
  private sampling = false;
  /** A sample after a change is already due: further changes before it cost nothing (a busy socket calls per frame). */
  private changeSamplePending = false;
  private lastPicture = '[]';
  private windowWatched = false;

  constructor(private readonly win: Window, private readonly recorder: Recorder) {}

  /** Adds a queue; returns the function that removes it. */
  register(source: QueueSource): () => void {
    const registered: Registered = { source, failure: null };
    this.sources.add(registered);
    this.watchWindow();
    this.changed();
    return () => {
      this.sources.delete(registered);
      this.changed();
    };
  }

  /** Adds a reader of several queues that come and go (a client library's namespaces or channels). */
  registerGroup(read: () => ClientQueue[]): () => void {
    this.groups.add(read);
    this.watchWindow();
    this.changed();
    return () => {
      this.groups.delete(read);
      this.changed();
    };
  }

  /** A source may have changed: read them all soon. Calls made while reading (a source that samples) are ignored. */
  changed(): void {
    if (this.sampling || this.changeSamplePending) return;
    this.changeSamplePending = true;
    this.scheduleIn(CHANGED_SAMPLE_MS);
  }

  /** Called with every queue that holds something, whenever that picture changes. Returns the unsubscribe function. */
  onChange(listener: (queues: ClientQueue[]) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Every queue now, read afresh (recording what changed since the last reading). */
  snapshot(): ClientQueue[] {
    return this.sample();
  }

  /** The queues that hold something, as `onChange` listeners last got them. */
  withItems(): ClientQueue[] {
    return JSON.parse(this.lastPicture) as ClientQueue[];
  }

  private sample(): ClientQueue[] {
    if (this.sampling) return [];
    this.sampling = true;
    this.lastSampleAt = natives.now();
    try {
      const read = this.readAll();
      const offline = this.recorder.guard('reading navigator.onLine', () => this.win.navigator.onLine === false, false);
      const seen = new Set<string>();
      let busy = false;
      for (const { queue, settling } of read) {
        const key = JSON.stringify([queue.library, queue.clientId, queue.source]);
        seen.add(key);
        let tracked = this.changes.get(key);
        if (!tracked) {
          tracked = { changes: new QueueChanges(), library: queue.library, clientId: queue.clientId, source: queue.source };
          this.changes.set(key, tracked);
        }
        const change = tracked.changes.update({ items: queue.items, bufferedAmount: queue.bufferedAmount, settling }, offline, queue.library === 'websocket');
        if (change.countChanged && !CLIENT_LIBRARIES.has(queue.library)) {
          this.recorder.queue({ kind: 'count', library: queue.library, clientId: queue.clientId, source: queue.source, queued: change.queued });
        }
        if (change.replay) {
          this.recorder.queue({ kind: 'replay', library: queue.library, clientId: queue.clientId, source: queue.source, queued: change.queued, ...change.replay });
        }
        if (change.queued > 0 || settling > 0) busy = true;
      }
      for (const [key, { changes, library, clientId, source }] of this.changes) {
        if (seen.has(key)) continue;
        // A queue that went away (untracked, a socket that closed or emptied) holds nothing from now on.
        if (changes.count > 0 && !CLIENT_LIBRARIES.has(library)) this.recorder.queue({ kind: 'count', library, clientId, source, queued: 0 });
        this.changes.delete(key);
      }
      const queues = read.map(({ queue }) => queue);
      this.announce(queues.filter((queue) => queue.items.length > 0 || (queue.bufferedAmount ?? 0) > 0));
      if (busy) this.scheduleIn(BUSY_SAMPLE_MS);
      return queues;
    } finally {
      this.sampling = false;
    }
  }

  private readAll(): ReadQueue[] {
    const read: ReadQueue[] = [];
    for (const group of this.groups) {
      for (const queue of this.recorder.guard('reading client library queues', group, [])) read.push({ queue, settling: 0 });
    }
    for (const registered of this.sources) {
      const { source } = registered;
      try {
        const reading = source.read();
        registered.failure = null;
        read.push({
          queue: { clientId: source.clientId, library: source.library, source: source.source, items: reading.items, bufferedAmount: reading.bufferedAmount },
          settling: reading.settling ?? 0,
        });
      } catch (error) {
        const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        if (registered.failure !== message) this.recorder.internalError(`reading the ${source.library} queue ${JSON.stringify(source.source)}`, error);
        registered.failure = message;
      }
    }
    return read;
  }

  private announce(queues: ClientQueue[]): void {
    const picture = JSON.stringify(queues);
    if (picture === this.lastPicture) return;
    this.lastPicture = picture;
    for (const listener of this.listeners) this.recorder.guard('telling of a queue change', () => listener(queues), undefined);
  }

  private scheduleIn(delayMs: number): void {
    const now = natives.now();
    const due = Math.max(now + delayMs, this.lastSampleAt + MIN_SAMPLE_INTERVAL_MS);
    if (this.timer !== undefined) {
      if (this.timerDue <= due) return;
      natives.clearTimeout(this.timer);
    }
    this.timerDue = due;
    this.timer = natives.setTimeout(() => {
      this.timer = undefined;
      this.changeSamplePending = false;
      this.recorder.guard('sampling queues', () => this.sample(), []);
    }, due - now);
  }

  /** Going offline or online is when queues fill and drain (the browser's, or the chaos toggle's events). */
  private watchWindow(): void {
    if (this.windowWatched) return;
    this.windowWatched = true;
    const onChange = (): void => this.changed();
    this.recorder.guard('listening for online and offline', () => {
      this.win.addEventListener('online', onChange);
      this.win.addEventListener('offline', onChange);
    }, undefined);
  }
}
