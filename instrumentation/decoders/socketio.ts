import { decodeEngineIoPacket, splitPollingPayload } from './engineio';
import { clip } from './preview';
import type { EngineIoPacket, FramePayload, SocketIoDecoding, SocketIoFrame } from './types';

/**
 * Decodes one Socket.IO frame: a WebSocket message (one engine.io packet) or an HTTP long-polling body (several
 * packets joined by \x1e, binary ones as `b<base64>`). Stateless; `SocketIoSession` adds what needs history.
 */
export function decodeSocketIoFrame(frame: FramePayload, transport: 'websocket' | 'polling' = 'websocket'): SocketIoDecoding {
  const pieces = transport === 'polling' && typeof frame === 'string' ? splitPollingPayload(frame) : [frame];
  const packets: EngineIoPacket[] = [];
  for (let i = 0; i < pieces.length; i++) {
    const result = decodeEngineIoPacket(pieces[i] as FramePayload);
    if (!result.ok) {
      return { ok: false, protocol: 'socket.io', error: pieces.length > 1 ? `packet ${i + 1} of ${pieces.length}: ${result.error}` : result.error };
    }
    packets.push(result.packet);
  }
  return frameOf(packets);
}

/** Summaries of this many packets at most go into a polling body's line: it is cut to one line anyway. */
const SUMMARIZED_PACKETS = 8;

function frameOf(packets: EngineIoPacket[]): SocketIoFrame {
  const single = packets.length === 1 ? packets[0] : undefined;
  const frame: SocketIoFrame = {
    ok: true,
    protocol: 'socket.io',
    packets,
    label: single ? single.label : `${packets.length} packets`,
    summary: single
      ? single.summary
      : clip(`${packets.length} packets: ${packets.slice(0, SUMMARIZED_PACKETS).map((packet) => packet.summary).join(' | ')}`),
  };
  if (packets.every((packet) => packet.heartbeat)) frame.heartbeat = true;
  const channel = packets[0]?.channel;
  if (channel !== undefined && packets.every((packet) => packet.channel === channel)) frame.channel = channel;
  return frame;
}
