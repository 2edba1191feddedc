import type { Direction } from '../protocol';
import { decodeAblyFrame } from './ably';
import { urlParts } from './url';
import type { AblyDecoding, AblyNote, AblyProtocolMessage, AblyPublish, FramePayload } from './types';

export interface AblyFrameAnalysis {
  decoding: AblyDecoding;
  notes: AblyNote[];
}

/** Publishes awaiting ACK/NACK, and connection keys remembered for resumes, are bounded; the oldest go first. */
const MAX_PENDING_PUBLISHES = 2_000;
const MAX_REMEMBERED_KEYS = 100;
/** An ACK for a huge count lists at most this many serials that matched no publish. */
const MAX_LISTED_UNMATCHED = 1_000;

/** One Ably connection as the client sees it, across the sockets that resume it. */
interface Lineage {
  connectionId?: string;
  pending: Map<number, AblyPublish>;
}

/**
 * Ably state that outlives one socket: which connectionKey belonged to which connectionId, so that a socket opened
 * with `resume=<key>` (or `recover=<key>`) can be judged, and the publishes still awaiting an ACK, which a resumed
 * connection inherits (ably-js keeps msgSerial running across a successful resume and restarts it at 0 after a
 * failed one). Create one per page, then one `AblyConnection` per socket.
 */
export class AblyTracker {
  private readonly lineages = new Map<string, Lineage>();

  /** A session for a socket opened to `url` (its `resume=`/`recover=` parameter is what gets judged). */
  connection(url: string): AblyConnection {
    const query = urlParts(url).query;
    return new AblyConnection(this, query.get('resume') ?? query.get('recover'));
  }

  /** @internal */
  lineageOf(connectionKey: string): Lineage | undefined {
    return this.lineages.get(connectionKey);
  }

  /** @internal */
  remember(connectionKey: string, lineage: Lineage): void {
    this.lineages.delete(connectionKey);
    this.lineages.set(connectionKey, lineage);
    if (this.lineages.size > MAX_REMEMBERED_KEYS) {
      const oldest = this.lineages.keys().next().value;
      if (oldest !== undefined) this.lineages.delete(oldest);
    }
  }
}

/**
 * Per-socket Ably state, fed every frame of the socket in order (both directions). Pairs each ACK/NACK
 * (`msgSerial`, `count`) with the client's MESSAGE/PRESENCE publishes it settles, with their latency, and says on
 * the first CONNECTED whether a resume worked. Pure: no timers, no I/O; times come from the caller.
 */
export class AblyConnection {
  private lineage: Lineage = { pending: new Map() };
  private connected = false;

  constructor(
    private readonly tracker: AblyTracker,
    private readonly resumeKey: string | undefined,
  ) {}

  receive(direction: Direction, frame: FramePayload, at: number): AblyFrameAnalysis {
    const decoding = decodeAblyFrame(frame);
    const notes: AblyNote[] = [];
    if (decoding.ok) {
      if (direction === 'out') this.trackPublish(decoding, at);
      else this.trackServer(decoding, at, notes);
    }
    return { decoding, notes };
  }

  private trackPublish(message: AblyProtocolMessage, at: number): void {
    if (message.actionName !== 'MESSAGE' && message.actionName !== 'PRESENCE') return;
    if (message.msgSerial === undefined || !Number.isSafeInteger(message.msgSerial)) return;
    const pending = this.lineage.pending;
    const earlier = pending.get(message.msgSerial);
    // A resend after a resume keeps its serial; the wait the user sees started with the first send.
    if (earlier && earlier.action === message.actionName) return;
    const publish: AblyPublish = { msgSerial: message.msgSerial, action: message.actionName, summary: message.summary, sentAt: at };
    if (message.channel !== undefined) publish.channel = message.channel;
    pending.set(message.msgSerial, publish);
    if (pending.size > MAX_PENDING_PUBLISHES) {
      const oldest = pending.keys().next().value;
      if (oldest !== undefined) pending.delete(oldest);
    }
  }

  private trackServer(message: AblyProtocolMessage, at: number, notes: AblyNote[]): void {
    if (message.actionName === 'ACK' || message.actionName === 'NACK') {
      notes.push(this.settle(message, at));
    } else if (message.actionName === 'CONNECTED') {
      this.onConnected(message, notes);
    }
  }

  /**
   * ably-js `MessageQueue.completeMessages`: an ACK/NACK for `msgSerial`, `count` settles every queued publish below
   * `msgSerial + count`, earlier ones included; without a count it settles nothing.
   */
  private settle(message: AblyProtocolMessage, at: number): AblyNote {
    const first = message.msgSerial;
    const count = message.count;
    const valid = first !== undefined && Number.isSafeInteger(first) && count !== undefined && Number.isSafeInteger(count) && count > 0;
    const publishes: Array<AblyPublish & { latencyMs: number }> = [];
    const unmatchedSerials: number[] = [];
    if (valid) {
      const end = first + count;
      for (const [serial, publish] of this.lineage.pending) {
        if (serial >= end) continue;
        this.lineage.pending.delete(serial);
        publishes.push({ ...publish, latencyMs: at - publish.sentAt });
      }
      const settled = new Set(publishes.map((publish) => publish.msgSerial));
      for (let offset = 0; offset < Math.min(count, MAX_LISTED_UNMATCHED); offset++) {
        if (!settled.has(first + offset)) unmatchedSerials.push(first + offset);
      }
    }
    const note: AblyNote = { kind: message.actionName === 'NACK' ? 'nack' : 'ack', publishes, unmatchedSerials };
    if (message.error) note.error = message.error;
    return note;
  }

  private onConnected(message: AblyProtocolMessage, notes: AblyNote[]): void {
    const connectionId = message.connectionId;
    if (!this.connected) {
      this.connected = true;
      const previous = this.resumeKey === undefined ? undefined : this.tracker.lineageOf(this.resumeKey);
      let outcome: Extract<AblyNote, { kind: 'connection' }>['outcome'];
      if (this.resumeKey === undefined) outcome = 'new';
      else if (!previous) outcome = 'resume-unverifiable';
      else if (previous.connectionId !== undefined && previous.connectionId === connectionId) outcome = 'resumed';
      else outcome = 'resume-failed';
      if (outcome === 'resumed' && previous) {
        for (const [serial, publish] of this.lineage.pending) if (!previous.pending.has(serial)) previous.pending.set(serial, publish);
        this.lineage = previous;
      }
      const note: AblyNote = { kind: 'connection', outcome };
      if (connectionId !== undefined) note.connectionId = connectionId;
      if (previous?.connectionId !== undefined) note.previousConnectionId = previous.connectionId;
      if (message.error) note.error = message.error;
      notes.push(note);
    }
    if (connectionId !== undefined) this.lineage.connectionId = connectionId;
    const key = message.connectionDetails?.connectionKey;
    if (key !== undefined) this.tracker.remember(key, this.lineage);
  }
}
