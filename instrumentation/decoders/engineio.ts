import { base64ToBytes } from './bytes';
import { isRecord, numberField, own, parseJson, stringField } from './json';
import { clip } from './preview';
import { decodeSocketIoPacket, summarizeSocketIoPacket } from './socketio-packet';
import type { EngineIoHandshake, EngineIoPacket, FramePayload } from './types';

/**
 * engine.io protocol v4 packets. A text packet is a type digit and its data; a binary WebSocket frame is a
 * `message` whose data is the bytes.
 * @see https://github.com/socketio/engine.io-protocol#protocol (v4)
 */

/** Separates the packets of one HTTP long-polling body (v4: U+001E, the record separator). */
const RECORD_SEPARATOR = '\x1e';

export type EngineIoPacketResult = { ok: true; packet: EngineIoPacket } | { ok: false; error: string };

export function decodeEngineIoPacket(packet: FramePayload): EngineIoPacketResult {
  if (typeof packet !== 'string') return { ok: true, packet: binaryMessage(packet) };
  const type = packet.charAt(0);
  const data = packet.slice(1);
  switch (type) {
    case '0':
      return decodeOpen(data);
    case '1':
      return { ok: true, packet: { protocol: 'socket.io', type: 'close', label: 'close', summary: 'close (engine.io)' } };
    case '2':
    case '3':
      return { ok: true, packet: pingPong(type === '2' ? 'ping' : 'pong', data) };
    case '4':
      return { ok: true, packet: message(data) };
    case '5':
      return { ok: true, packet: { protocol: 'socket.io', type: 'upgrade', label: 'upgrade', summary: 'upgrade: transport switched to WebSocket' } };
    case '6':
      return { ok: true, packet: { protocol: 'socket.io', type: 'noop', label: 'noop', summary: 'noop (ends a pending poll)' } };
    case 'b': {
      const bytes = base64ToBytes(data);
      if (!bytes) return { ok: false, error: 'binary packet ("b") with invalid base64' };
      return { ok: true, packet: binaryMessage(bytes) };
    }
    case '':
      return { ok: false, error: 'empty engine.io packet' };
    default:
      return { ok: false, error: `unknown engine.io packet type ${JSON.stringify(type)}` };
  }
}

/** The packets of one long-polling body. */
export function splitPollingPayload(body: string): string[] {
  return body.split(RECORD_SEPARATOR);
}

function decodeOpen(data: string): EngineIoPacketResult {
  const parsed = parseJson(data);
  if (!parsed.ok) return { ok: false, error: `open packet: ${parsed.error}` };
  const handshake = readHandshake(parsed.value);
  if (!handshake) return { ok: false, error: 'open packet without sid, upgrades, pingInterval and pingTimeout' };
  const upgrades = handshake.upgrades.length ? handshake.upgrades.join(',') : 'none';
  return {
    ok: true,
    packet: {
      protocol: 'socket.io',
      type: 'open',
      handshake,
      label: 'open',
      summary: clip(`open sid=${handshake.sid} ping ${handshake.pingInterval}/${handshake.pingTimeout} ms upgrades=${upgrades}`),
    },
  };
}

function readHandshake(value: unknown): EngineIoHandshake | undefined {
  if (!isRecord(value)) return undefined;
  const sid = stringField(value, 'sid');
  const upgrades = own(value, 'upgrades');
  const pingInterval = numberField(value, 'pingInterval');
  const pingTimeout = numberField(value, 'pingTimeout');
  if (sid === undefined || !Array.isArray(upgrades) || pingInterval === undefined || pingTimeout === undefined) return undefined;
  const handshake: EngineIoHandshake = {
    sid,
    upgrades: upgrades.filter((item): item is string => typeof item === 'string'),
    pingInterval,
    pingTimeout,
  };
  const maxPayload = numberField(value, 'maxPayload');
  if (maxPayload !== undefined) handshake.maxPayload = maxPayload;
  return handshake;
}

function pingPong(type: 'ping' | 'pong', data: string): EngineIoPacket {
  const probe = data === 'probe';
  const packet: EngineIoPacket = {
    protocol: 'socket.io',
    type,
    probe,
    label: type,
    summary: probe ? `${type} probe (checks the WebSocket before upgrading)` : clip(data ? `${type} ${data}` : type),
  };
  if (!probe) packet.heartbeat = true;
  if (data) packet.data = data;
  return packet;
}

function message(text: string): EngineIoPacket {
  const decoded = decodeSocketIoPacket(text);
  if (!decoded.ok) {
    return {
      protocol: 'socket.io',
      type: 'message',
      text,
      socketIoError: decoded.error,
      label: 'message',
      summary: clip(`message ${text}`),
    };
  }
  const { label, summary } = summarizeSocketIoPacket(decoded.packet);
  return {
    protocol: 'socket.io',
    type: 'message',
    text,
    socketIo: decoded.packet,
    label,
    channel: decoded.packet.namespace,
    summary,
  };
}

function binaryMessage(bytes: Uint8Array): EngineIoPacket {
  return {
    protocol: 'socket.io',
    type: 'message',
    binary: bytes,
    label: 'binary',
    summary: `binary message, ${bytes.length} bytes`,
  };
}
