import type { Direction } from '../protocol';
import { isRecord, own } from './json';
import { decodeSocketIoFrame } from './socketio';
import type { EngineIoPacket, FramePayload, SocketIoDecoding, SocketIoNote, SocketIoPacket } from './types';

export interface SocketIoFrameAnalysis {
  decoding: SocketIoDecoding;
  /** What this frame means given the frames before it (attachments, acks). */
  notes: SocketIoNote[];
}

/** Emits still waiting for their ack, per session; the oldest are forgotten beyond this. */
const MAX_PENDING_ACKS = 1_000;

interface PendingBinary {
  /** A BINARY_EVENT or BINARY_ACK (the variants with `args`). */
  packet: Extract<SocketIoPacket, { args: unknown[] }>;
  startedAt: number;
  attachments: Uint8Array[];
}

/**
 * Per-connection Socket.IO state, fed every frame of one engine.io connection in order (both directions):
 * puts binary attachments back into their packet (`451-[…{"_placeholder":true,"num":0}]` then one binary frame per
 * attachment, as socket.io-parser's BinaryReconstructor does) and pairs each ACK with its emit — same namespace and
 * ack id, opposite direction — to give the round trip. Pure: no timers, no I/O; times come from the caller.
 */
export class SocketIoSession {
  private readonly pendingBinary: Record<Direction, PendingBinary | undefined> = { in: undefined, out: undefined };
  private readonly pendingAcks = new Map<string, { event: string | number; emittedAt: number }>();

  receive(direction: Direction, frame: FramePayload, at: number, transport: 'websocket' | 'polling' = 'websocket'): SocketIoFrameAnalysis {
    const decoding = decodeSocketIoFrame(frame, transport);
    const notes: SocketIoNote[] = [];
    if (decoding.ok) for (const packet of decoding.packets) this.track(packet, direction, at, notes);
    return { decoding, notes };
  }

  private track(packet: EngineIoPacket, direction: Direction, at: number, notes: SocketIoNote[]): void {
    if (packet.type !== 'message') return;
    const pending = this.pendingBinary[direction];
    if ('binary' in packet) {
      if (!pending) {
        notes.push({ kind: 'orphan-attachment' });
        return;
      }
      const expected = pending.packet.attachments ?? 0;
      notes.push({ kind: 'attachment', index: pending.attachments.length, of: expected });
      pending.attachments.push(packet.binary);
      if (pending.attachments.length >= expected) {
        this.pendingBinary[direction] = undefined;
        const complete = { ...pending.packet, args: fillPlaceholders(pending.packet.args, pending.attachments) };
        notes.push({ kind: 'binary-complete', packet: complete, startedAt: pending.startedAt });
      }
      return;
    }
    if (pending) {
      this.pendingBinary[direction] = undefined;
      notes.push({ kind: 'attachments-missing', expected: pending.packet.attachments ?? 0, received: pending.attachments.length });
    }
    const socketIo = packet.socketIo;
    if (!socketIo) return;
    if ((socketIo.type === 'EVENT' || socketIo.type === 'BINARY_EVENT') && socketIo.ackId !== undefined) {
      this.rememberEmit(ackKey(direction, socketIo.namespace, socketIo.ackId), { event: socketIo.event, emittedAt: at });
    }
    if ((socketIo.type === 'ACK' || socketIo.type === 'BINARY_ACK') && socketIo.ackId !== undefined) {
      const key = ackKey(direction === 'in' ? 'out' : 'in', socketIo.namespace, socketIo.ackId);
      const emit = this.pendingAcks.get(key);
      if (emit) {
        this.pendingAcks.delete(key);
        notes.push({ kind: 'ack', namespace: socketIo.namespace, ackId: socketIo.ackId, event: emit.event, emittedAt: emit.emittedAt, roundTripMs: at - emit.emittedAt });
      } else {
        notes.push({ kind: 'unmatched-ack', namespace: socketIo.namespace, ackId: socketIo.ackId });
      }
    }
    if ((socketIo.type === 'BINARY_EVENT' || socketIo.type === 'BINARY_ACK') && socketIo.attachments) {
      this.pendingBinary[direction] = { packet: socketIo, startedAt: at, attachments: [] };
      notes.push({ kind: 'awaiting-attachments', expected: socketIo.attachments });
    }
  }

  private rememberEmit(key: string, emit: { event: string | number; emittedAt: number }): void {
    this.pendingAcks.delete(key);
    this.pendingAcks.set(key, emit);
    if (this.pendingAcks.size > MAX_PENDING_ACKS) {
      const oldest = this.pendingAcks.keys().next().value;
      if (oldest !== undefined) this.pendingAcks.delete(oldest);
    }
  }
}

function ackKey(emitDirection: Direction, namespace: string, ackId: number): string {
  return `${emitDirection} ${ackId} ${namespace}`;
}

type Container = unknown[] | Record<string, unknown>;

/**
 * A copy of `args` with every `{"_placeholder":true,"num":n}` replaced by attachment n (socket.io-parser
 * `reconstructPacket`). Iterative, so that deep nesting cannot overflow the stack; a placeholder with a bad `num`
 * stays as it is. Keys are defined, not assigned, so that a `__proto__` key stays a plain property.
 */
function fillPlaceholders(args: unknown[], attachments: Uint8Array[]): unknown[] {
  const stack: Array<[Container, Container]> = [];
  const convert = (value: unknown): unknown => {
    if (Array.isArray(value)) {
      const copy: unknown[] = new Array<unknown>(value.length);
      stack.push([value, copy]);
      return copy;
    }
    if (!isRecord(value)) return value;
    if (own(value, '_placeholder') === true) {
      const num = own(value, 'num');
      if (typeof num === 'number' && Number.isInteger(num) && num >= 0 && num < attachments.length) return attachments[num];
    }
    const copy: Record<string, unknown> = {};
    stack.push([value, copy]);
    return copy;
  };
  const root = convert(args) as unknown[];
  for (let entry = stack.pop(); entry; entry = stack.pop()) {
    const [source, target] = entry;
    if (Array.isArray(source)) {
      for (let i = 0; i < source.length; i++) (target as unknown[])[i] = convert(source[i]);
    } else {
      for (const key of Object.keys(source)) {
        Object.defineProperty(target, key, { value: convert(source[key]), enumerable: true, writable: true, configurable: true });
      }
    }
  }
  return root;
}
