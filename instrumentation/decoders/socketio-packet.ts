import { isRecord, own, parseJson } from './json';
import { clip, previewValue } from './preview';
import type { SocketIoPacket, SocketIoPacketType } from './types';

/**
 * Socket.IO protocol v5 packets: `<type>[<attachments>-][<namespace>,][<ackId>][json]`. Validity follows
 * socket.io-parser 4.2 (`Decoder.decodeString` and `isPayloadValid`), so that what we call broken is what a real
 * peer rejects.
 * @see https://github.com/socketio/socket.io-protocol#packet-encoding
 */

const PACKET_TYPES: readonly SocketIoPacketType[] = ['CONNECT', 'DISCONNECT', 'EVENT', 'ACK', 'CONNECT_ERROR', 'BINARY_EVENT', 'BINARY_ACK'];

/** Event names a Socket.IO peer refuses to send or receive (socket.io-parser RESERVED_EVENTS). */
const RESERVED_EVENTS = ['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener'];

/** Longest digit run read as a number: beyond 15 digits a number may not be a safe integer. */
const MAX_DIGITS = 15;

export type SocketIoPacketResult = { ok: true; packet: SocketIoPacket } | { ok: false; error: string };

export function decodeSocketIoPacket(text: string): SocketIoPacketResult {
  const type = PACKET_TYPES[digitAt(text, 0)];
  if (type === undefined) return { ok: false, error: `unknown Socket.IO packet type ${JSON.stringify(text.charAt(0))}` };
  let i = 1;

  let attachments: number | undefined;
  if (type === 'BINARY_EVENT' || type === 'BINARY_ACK') {
    const end = digitRunEnd(text, i);
    if (end === i || end - i > MAX_DIGITS || text.charAt(end) !== '-') return { ok: false, error: 'binary packet without a valid attachment count' };
    attachments = Number(text.slice(i, end));
    if (attachments < 1) return { ok: false, error: 'binary packet with no attachments' };
    i = end + 1;
  }

  let namespace = '/';
  if (text.charAt(i) === '/') {
    const comma = text.indexOf(',', i);
    const end = comma === -1 ? text.length : comma;
    namespace = text.slice(i, end);
    i = comma === -1 ? end : end + 1;
  }

  let ackId: number | undefined;
  const idEnd = digitRunEnd(text, i);
  if (idEnd > i) {
    if (idEnd - i > MAX_DIGITS) return { ok: false, error: 'ack id too large' };
    ackId = Number(text.slice(i, idEnd));
    i = idEnd;
  }

  let payload: unknown;
  const hasPayload = i < text.length;
  if (hasPayload) {
    const parsed = parseJson(text.slice(i));
    if (!parsed.ok) return { ok: false, error: `${type} payload: ${parsed.error}` };
    payload = parsed.value;
  }

  switch (type) {
    case 'CONNECT':
      if (hasPayload && !isRecord(payload)) return { ok: false, error: 'CONNECT payload must be an object' };
      return { ok: true, packet: hasPayload ? { type, namespace, data: payload as Record<string, unknown> } : { type, namespace } };
    case 'DISCONNECT':
      if (hasPayload) return { ok: false, error: 'DISCONNECT carries no payload' };
      return { ok: true, packet: { type, namespace } };
    case 'CONNECT_ERROR':
      if (typeof payload === 'string') return { ok: true, packet: { type, namespace, message: payload } };
      if (isRecord(payload)) {
        const message = own(payload, 'message');
        const packet: SocketIoPacket = { type, namespace, message: typeof message === 'string' ? message : '' };
        if (Object.prototype.hasOwnProperty.call(payload, 'data')) packet.data = payload['data'];
        return { ok: true, packet };
      }
      return { ok: false, error: 'CONNECT_ERROR payload must be a string or an object' };
    case 'EVENT':
    case 'BINARY_EVENT': {
      if (!Array.isArray(payload) || payload.length === 0) return { ok: false, error: `${type} payload must be a non-empty array` };
      const event: unknown = payload[0];
      if (typeof event !== 'number' && (typeof event !== 'string' || RESERVED_EVENTS.includes(event))) {
        return { ok: false, error: `${type} with a missing or reserved event name` };
      }
      const packet: SocketIoPacket = { type, namespace, event, args: payload.slice(1) };
      if (ackId !== undefined) packet.ackId = ackId;
      if (attachments !== undefined) packet.attachments = attachments;
      return { ok: true, packet };
    }
    case 'ACK':
    case 'BINARY_ACK': {
      if (!Array.isArray(payload)) return { ok: false, error: `${type} payload must be an array` };
      const packet: SocketIoPacket = { type, namespace, args: payload };
      if (ackId !== undefined) packet.ackId = ackId;
      if (attachments !== undefined) packet.attachments = attachments;
      return { ok: true, packet };
    }
  }
}

export function summarizeSocketIoPacket(packet: SocketIoPacket): { label: string; summary: string } {
  const where = packet.namespace === '/' ? '' : `${packet.namespace} `;
  switch (packet.type) {
    case 'CONNECT':
      return { label: 'connect', summary: clip(`connect ${packet.namespace}${packet.data ? ' ' + previewValue(packet.data) : ''}`) };
    case 'DISCONNECT':
      return { label: 'disconnect', summary: clip(`disconnect ${packet.namespace}`) };
    case 'CONNECT_ERROR':
      return { label: 'connect_error', summary: clip(`connect_error ${packet.namespace}: ${packet.message}`) };
    case 'EVENT':
    case 'BINARY_EVENT': {
      const ack = packet.ackId === undefined ? '' : ` ack#${packet.ackId}`;
      const binary = packet.attachments ? ` +${packet.attachments} binary` : '';
      const label = String(packet.event);
      return { label: clip(label), summary: clip(`${where}${label}${ack}${binary} ${previewValue(packet.args)}`) };
    }
    case 'ACK':
    case 'BINARY_ACK': {
      const binary = packet.attachments ? ` +${packet.attachments} binary` : '';
      return { label: 'ack', summary: clip(`${where}ack#${packet.ackId ?? '?'}${binary} ${previewValue(packet.args)}`) };
    }
  }
}

function digitAt(text: string, index: number): number {
  const code = text.charCodeAt(index);
  return code >= 0x30 && code <= 0x39 ? code - 0x30 : -1;
}

function digitRunEnd(text: string, start: number): number {
  let end = start;
  while (digitAt(text, end) >= 0) end++;
  return end;
}
