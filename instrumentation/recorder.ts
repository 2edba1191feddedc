import type { CaptureUpdate } from './api';
import { natives } from './natives';
import { base64CharsForBytes, bytesToBase64, utf8Length, viewBytes } from './payload';
import {
  DEFAULT_LIMITS,
  type CaptureEvent,
  type ChaosEvent,
  type ClientEvent,
  type ConnectionInfo,
  type Direction,
  type FrameDecoded,
  type FrameEvent,
  type LifecycleEvent,
  type QueryEvent,
  type QueueEvent,
  type StoreLimits,
  type Transport,
} from './protocol';
import { CaptureRing } from './ring';

/** A frame's payload as the page handed it over or received it. */
export type RawPayload = string | ArrayBuffer | ArrayBufferView | Blob;

export interface OpenConnectionOptions {
  transport: Transport;
  url: string;
  requestedProtocols?: string[];
  adoptedLate?: boolean;
  /** The physical connection this one re-opens (EventSource's own reconnect): same lineage, next attempt. */
  continues?: ConnectionInfo;
  state?: ConnectionInfo['state'];
}

export interface FrameExtras {
  event?: string;
  lastEventId?: string;
  discarded?: boolean;
  dropped?: boolean;
  /** Decoded by the transport itself (fetch-SSE events); otherwise the annotator is asked. */
  decoded?: FrameDecoded;
}

/**
 * An inbound frame at the moment it reaches the page. For WebSocket and EventSource this is inside the task that
 * dispatches it, before the page's own listeners of it run (the taps' listeners come first); a Blob frame is
 * announced then too, before it is read, so without `decoded`.
 */
export interface InboundFrame {
  seq: number;
  at: number;
  connectionId: string;
  transport: Transport;
  decoded?: FrameDecoded;
  /** SSE event type. */
  event?: string;
  /** The connection was adopted after the page listened to it: the page's listeners may run before the tap's. */
  adoptedLate: boolean;
}

/** Library detection and frame decoding, plugged in by the capture layer; a bare recorder has none. */
export interface FrameAnnotator {
  /** A connection was just listed; its first lifecycle event is not emitted yet. */
  opened(info: ConnectionInfo): void;
  /** The decoded form of a frame (the whole payload, before any cut), or undefined for plain sockets. */
  decode(info: ConnectionInfo, direction: Direction, payload: string | Uint8Array, at: number): FrameDecoded | undefined;
}

const NO_EXTRAS: FrameExtras = Object.freeze({});

const blobSizeGetter = Object.getOwnPropertyDescriptor(Blob.prototype, 'size')?.get;

/** A brand check rather than `instanceof`, so that a Blob from another realm (an iframe's) is still read. */
function isBlob(payload: RawPayload): payload is Blob {
  if (typeof payload !== 'object' || ArrayBuffer.isView(payload) || payload instanceof ArrayBuffer) return false;
  try {
    blobSizeGetter?.call(payload);
    return blobSizeGetter !== undefined;
  } catch {
    return false;
  }
}

/** Rough fixed cost of an event in the ring besides its payload, so that tiny frames still count. */
const EVENT_OVERHEAD_BYTES = 96;
/** What a frame costs the ring's byte bound: its payload as UTF-16, plus the fixed cost of an event. */
const frameCost = (data: string): number => EVENT_OVERHEAD_BYTES + data.length * 2;
/**
 * How long new events wait to travel together; batching is what keeps a busy page's throughput intact, and a
 * devtool need not show a frame sooner than this.
 */
const FLUSH_DELAY_MS = 50;
/** Closed connections kept in `connections()` beyond which the oldest closed ones are forgotten. */
const MAX_CLOSED_CONNECTIONS = 5_000;

/** Query parameters that differ between attempts of one client and must not split a lineage. */
const VOLATILE_PARAMS = new Set([
  't', '_', 'sid', 'resume', 'recover', 'timestamp', 'ts', 'nonce', 'cb', 'connectionKey', 'lastEventId', 'agent',
]);

export function endpointKey(transport: Transport, url: string): string {
  try {
    const parsed = new URL(url);
    const params = [...parsed.searchParams.entries()]
      .filter(([name]) => !VOLATILE_PARAMS.has(name))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const query = params.map(([name, value]) => `${name}=${value}`).join('&');
    return `${transport} ${parsed.protocol}//${parsed.host}${parsed.pathname}?${query}`;
  } catch {
    return `${transport} ${url}`;
  }
}

/**
 * Owns what the page side knows: the connections, the bounded event ring, the clock and the subscribers.
 * Transports call it from inside page callbacks, so every entry point is guarded: a fault here is recorded as an
 * internal error and never reaches the page.
 */
export class Recorder {
  private ring: CaptureRing;
  private connectionList: ConnectionInfo[] = [];
  private nextSeq = 1;
  private nextConnection = 1;
  private nextLineage = 1;
  private pending: CaptureEvent[] = [];
  private dirty = new Set<ConnectionInfo>();
  /** The connection put in `dirty` last; it is in there until the set is emptied. */
  private lastDirty: ConnectionInfo | undefined;
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private listeners = new Set<(update: CaptureUpdate) => void>();
  private currentLimits: StoreLimits;
  annotator: FrameAnnotator | undefined;
  /** Told of every inbound frame the page gets (not chaos-dropped ones): the query layer links cache actions to it. */
  inboundListener: ((frame: InboundFrame) => void) | undefined;

  constructor(limits: Partial<StoreLimits> = {}) {
    this.currentLimits = { ...DEFAULT_LIMITS, ...limits };
    this.ring = new CaptureRing(this.currentLimits.maxEvents, this.currentLimits.maxBytes);
  }

  now(): number {
    return natives.now();
  }

  get limits(): StoreLimits {
    return { ...this.currentLimits };
  }

  setLimits(limits: Partial<StoreLimits>): void {
    const next = { ...this.currentLimits };
    for (const key of Object.keys(DEFAULT_LIMITS) as (keyof StoreLimits)[]) {
      const value = limits[key];
      if (typeof value === 'number' && Number.isFinite(value) && value >= 1) next[key] = Math.floor(value);
    }
    this.currentLimits = next;
    this.ring.resize(next.maxEvents, next.maxBytes);
  }

  get dropped(): number {
    return this.ring.dropped;
  }

  connections(): ConnectionInfo[] {
    return this.connectionList;
  }

  events(): CaptureEvent[] {
    return this.ring.toArray();
  }

  findEvent(seq: number): CaptureEvent | undefined {
    return this.ring.findBySeq(seq);
  }

  subscribe(listener: (update: CaptureUpdate) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  openConnection(options: OpenConnectionOptions): ConnectionInfo {
    const at = this.now();
    const { lineage, attempt } = this.placeInLineage(options);
    const info: ConnectionInfo = {
      id: `c${this.nextConnection++}`,
      transport: options.transport,
      url: options.url,
      requestedProtocols: options.requestedProtocols ?? [],
      protocol: '',
      extensions: '',
      state: options.state ?? 'connecting',
      createdAt: at,
      openedAt: null,
      closedAt: null,
      closeCode: null,
      closeReason: null,
      wasClean: null,
      framesIn: 0,
      framesOut: 0,
      bytesIn: 0,
      bytesOut: 0,
      errors: 0,
      lineage,
      attempt,
      adoptedLate: options.adoptedLate ?? false,
    };
    if (this.annotator) this.guard('detecting a library', () => this.annotator?.opened(info), undefined);
    this.connectionList.push(info);
    this.forgetOldClosedConnections();
    this.emit({ type: 'lifecycle', seq: this.nextSeq++, at, connectionId: info.id, phase: info.state }, info);
    return info;
  }

  lifecycle(info: ConnectionInfo, phase: LifecycleEvent['phase'], details: Omit<Partial<LifecycleEvent>, 'type' | 'seq' | 'at' | 'connectionId' | 'phase'> = {}): void {
    const at = this.now();
    switch (phase) {
      case 'open':
        info.state = 'open';
        info.openedAt = at;
        break;
      case 'closing':
        info.state = 'closing';
        break;
      case 'closed':
        info.state = 'closed';
        info.closedAt = at;
        if (details.closeCode !== undefined) info.closeCode = details.closeCode;
        if (details.closeReason !== undefined) info.closeReason = details.closeReason;
        if (details.wasClean !== undefined) info.wasClean = details.wasClean;
        break;
      case 'error':
        info.errors++;
        break;
      case 'connecting':
      case 'reconnecting':
        info.state = 'connecting';
        break;
    }
    this.emit({ type: 'lifecycle', seq: this.nextSeq++, at, connectionId: info.id, phase, ...details }, info);
  }

  /** Updates fields the transports learn later (negotiated protocol, extensions). */
  update(info: ConnectionInfo, patch: Partial<Pick<ConnectionInfo, 'protocol' | 'extensions' | 'url' | 'library' | 'upgradedFrom'>>): void {
    Object.assign(info, patch);
    this.markDirty(info);
  }

  /**
   * Records a frame. Text and buffers are recorded at once; a Blob is read asynchronously (what the page received
   * is untouched) and its frame keeps the time and order of its arrival.
   */
  frame(info: ConnectionInfo, direction: Direction, payload: RawPayload, extras: FrameExtras = NO_EXTRAS): void {
    const at = this.now();
    const seq = this.nextSeq++;
    if (typeof payload === 'string') {
      const size = utf8Length(payload);
      const cap = this.currentLimits.maxPayloadBytes;
      const truncated = payload.length > cap;
      const data = truncated ? payload.slice(0, cap) : payload;
      const decoded = extras.decoded ?? (this.annotator ? this.decode(info, direction, payload, at) : undefined);
      this.count(info, direction, size);
      if (extras === NO_EXTRAS && decoded === undefined && !truncated && this.listeners.size === 0) {
        this.ring.pushText(seq, at, info.id, direction, size, data, frameCost(data));
      } else {
        const event: FrameEvent = {
          type: 'frame', seq, at, connectionId: info.id, direction, size,
          kind: extras.event !== undefined ? 'event' : 'text',
          data, encoding: 'text', truncated, ...extras,
        };
        if (decoded !== undefined) event.decoded = decoded;
        this.emit(event, info);
      }
      this.announceInbound(info, direction, seq, at, extras, decoded);
      return;
    }
    if (isBlob(payload)) {
      this.count(info, direction, payload.size);
      this.markDirty(info);
      natives.blobArrayBuffer.call(payload).then(
        (buffer) => this.emitBinary(info, direction, new Uint8Array(buffer), seq, at, extras),
        (error: unknown) => this.internalError('reading a Blob frame', error),
      );
      this.announceInbound(info, direction, seq, at, extras, undefined);
      return;
    }
    const bytes = viewBytes(payload);
    this.count(info, direction, bytes.byteLength);
    const event = this.emitBinary(info, direction, bytes, seq, at, extras);
    this.announceInbound(info, direction, seq, at, extras, event.decoded);
  }

  /** Records a change of the chaos conditions (a timeline marker). */
  chaos(change: Omit<ChaosEvent, 'type' | 'seq' | 'at'>): void {
    this.emit({ type: 'chaos', seq: this.nextSeq++, at: this.now(), ...change });
  }

  /** Records what the TanStack Query observer saw (instrumentation/query/). */
  query(observation: Omit<QueryEvent, 'type' | 'seq' | 'at'>, at: number = this.now()): void {
    this.emit({ type: 'query', seq: this.nextSeq++, at, ...observation });
  }

  /** Records a change of an offline queue that the unified queue registry saw (instrumentation/queues/). */
  queue(observation: Omit<QueueEvent, 'type' | 'seq' | 'at'>): void {
    this.emit({ type: 'queue', seq: this.nextSeq++, at: this.now(), ...observation });
  }

  /** Records what a client library adapter observed (instrumentation/clients/). */
  client(observation: Omit<ClientEvent, 'type' | 'seq' | 'at'>): void {
    this.emit({ type: 'client', seq: this.nextSeq++, at: this.now(), ...observation });
  }

  internalError(where: string, error: unknown): void {
    try {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      const stack = error instanceof Error ? error.stack : undefined;
      this.emit({ type: 'internal-error', seq: this.nextSeq++, at: this.now(), where, message, ...(stack ? { stack } : {}) });
    } catch {
      // Reporting the fault failed too; the page must still never see it.
    }
  }

  /** Runs `fn`; a throw becomes an internal error and `fallback` is returned. */
  guard<T>(where: string, fn: () => T, fallback: T): T {
    try {
      return fn();
    } catch (error) {
      this.internalError(where, error);
      return fallback;
    }
  }

  clear(): void {
    this.ring.clear();
    this.pending = [];
    this.dirty.clear();
    this.lastDirty = undefined;
    this.connectionList = this.connectionList.filter((info) => info.state !== 'closed');
    for (const info of this.connectionList) {
      info.framesIn = info.framesOut = info.bytesIn = info.bytesOut = info.errors = 0;
    }
  }

  /** Sends what is pending now rather than at the next tick (used before a snapshot, and by tests). */
  flush(): void {
    if (this.flushTimer !== undefined) {
      natives.clearTimeout(this.flushTimer);
      this.flushTimer = undefined;
    }
    if (this.pending.length === 0 && this.dirty.size === 0) return;
    const update: CaptureUpdate = {
      events: this.pending,
      connections: [...this.dirty].map((info) => ({ ...info, requestedProtocols: [...info.requestedProtocols] })),
      dropped: this.ring.dropped,
    };
    this.pending = [];
    this.dirty.clear();
    this.lastDirty = undefined;
    for (const listener of this.listeners) {
      try {
        listener(update);
      } catch (error) {
        this.internalError('a subscriber', error);
      }
    }
  }

  private announceInbound(info: ConnectionInfo, direction: Direction, seq: number, at: number, extras: FrameExtras, decoded: FrameDecoded | undefined): void {
    const listener = this.inboundListener;
    if (listener === undefined || direction !== 'in' || extras.dropped === true) return;
    this.guard('announcing an inbound frame', () => listener({
      seq, at, connectionId: info.id, transport: info.transport, adoptedLate: info.adoptedLate,
      ...(decoded ? { decoded } : {}),
      ...(extras.event !== undefined ? { event: extras.event } : {}),
    }), undefined);
  }

  private emitBinary(info: ConnectionInfo, direction: Direction, bytes: Uint8Array, seq: number, at: number, extras: FrameExtras): FrameEvent {
    const cap = this.currentLimits.maxPayloadBytes;
    const truncated = bytes.byteLength > cap;
    const keptBytes = truncated ? Math.max(3, cap - (cap % 3)) : bytes.byteLength;
    const data = bytesToBase64(bytes, keptBytes);
    const event: FrameEvent = {
      type: 'frame', seq, at, connectionId: info.id, direction, size: bytes.byteLength,
      kind: 'binary', data: truncated ? data.slice(0, base64CharsForBytes(keptBytes)) : data,
      encoding: 'base64', truncated, ...extras,
    };
    if (this.annotator && extras.decoded === undefined) {
      const decoded = this.decode(info, direction, bytes, at);
      if (decoded !== undefined) event.decoded = decoded;
    }
    this.emit(event, info);
    return event;
  }

  private decode(info: ConnectionInfo, direction: Direction, payload: string | Uint8Array, at: number): FrameDecoded | undefined {
    try {
      return this.annotator?.decode(info, direction, payload, at) || undefined;
    } catch (error) {
      this.internalError('decoding a frame', error);
      return undefined;
    }
  }

  private count(info: ConnectionInfo, direction: Direction, size: number): void {
    if (direction === 'in') {
      info.framesIn++;
      info.bytesIn += size;
    } else {
      info.framesOut++;
      info.bytesOut += size;
    }
  }

  private emit(event: CaptureEvent, info?: ConnectionInfo): void {
    this.ring.push(event, event.type === 'frame' ? frameCost(event.data) : EVENT_OVERHEAD_BYTES);
    // Nobody listens: keep only the ring, so that a page without a UI pays for nothing else.
    if (this.listeners.size === 0) return;
    if (info) this.noteDirty(info);
    this.pending.push(event);
    this.scheduleFlush();
  }

  private markDirty(info: ConnectionInfo): void {
    if (this.listeners.size === 0) return;
    this.noteDirty(info);
    this.scheduleFlush();
  }

  /** A busy connection's frames come in runs: the set is looked up once per run, not once per frame. */
  private noteDirty(info: ConnectionInfo): void {
    if (info === this.lastDirty) return;
    this.dirty.add(info);
    this.lastDirty = info;
  }

  private scheduleFlush(): void {
    if (this.flushTimer === undefined) this.flushTimer = natives.setTimeout(() => this.flush(), FLUSH_DELAY_MS);
  }

  private placeInLineage(options: OpenConnectionOptions): { lineage: string; attempt: number } {
    if (options.continues) return { lineage: options.continues.lineage, attempt: options.continues.attempt + 1 };
    const key = endpointKey(options.transport, options.url);
    let latest: ConnectionInfo | undefined;
    const live = new Set<string>();
    for (const info of this.connectionList) {
      if (endpointKey(info.transport, info.url) !== key) continue;
      if (info.state === 'connecting' || info.state === 'open') live.add(info.lineage);
      else latest = info;
    }
    // Re-opening an endpoint whose previous connection has ended continues that client's lineage; a second
    // connection opened while the first is alive is another client.
    if (latest && !live.has(latest.lineage)) {
      const attempts = this.connectionList.filter((info) => info.lineage === latest.lineage).length;
      return { lineage: latest.lineage, attempt: attempts };
    }
    return { lineage: `l${this.nextLineage++}`, attempt: 0 };
  }

  private forgetOldClosedConnections(): void {
    if (this.connectionList.length <= MAX_CLOSED_CONNECTIONS) return;
    const index = this.connectionList.findIndex((info) => info.state === 'closed');
    if (index >= 0) this.connectionList.splice(index, 1);
  }
}
