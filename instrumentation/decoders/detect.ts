import { decodeAblyFrame } from './ably';
import { isRecord, own, parseJson, stringField } from './json';
import { urlParts } from './url';
import type { FramePayload, RealtimeLibrary } from './types';

/** Frames looked at when the URL does not tell: the handshake comes first in every supported protocol. */
const FRAMES_TO_INSPECT = 4;
/** Longest text frame parsed for detection; handshakes are small. */
const MAX_DETECTION_FRAME_CHARS = 64 * 1024;

/**
 * Which realtime library a connection speaks, from its URL and, failing that, its first frames (either direction).
 * URL shapes: Socket.IO `/socket.io/?EIO=4&transport=…`; Pusher `/app/<key>?protocol=7&client=js…`; Ably
 * `/?key=…|access_token=…&format=json|msgpack&v=…` on an Ably host or any host.
 */
export function detectLibrary(url: string, firstFrames: ReadonlyArray<FramePayload> = []): RealtimeLibrary | undefined {
  return libraryFromUrl(url) ?? libraryFromFrames(firstFrames);
}

function libraryFromUrl(url: string): RealtimeLibrary | undefined {
  const { host, path, query } = urlParts(url);
  const eio = query.get('EIO');
  if (eio !== undefined && /^\d+$/.test(eio) && (path.includes('/socket.io') || query.has('transport'))) return 'socket.io';
  if (/\/app\/[^/]+$/.test(path) && query.has('protocol')) return 'pusher';
  const format = query.get('format');
  const ablyHost = host.endsWith('.ably.io') || host.endsWith('.ably.net') || host.endsWith('.ably-realtime.com');
  if ((format === 'json' || format === 'msgpack') && query.has('v') && (query.has('key') || query.has('access_token') || ablyHost)) return 'ably';
  return undefined;
}

function libraryFromFrames(frames: ReadonlyArray<FramePayload>): RealtimeLibrary | undefined {
  for (const frame of frames.slice(0, FRAMES_TO_INSPECT)) {
    const library = typeof frame === 'string' ? libraryFromText(frame) : libraryFromBinary(frame);
    if (library) return library;
  }
  return undefined;
}

function libraryFromText(text: string): RealtimeLibrary | undefined {
  if (text === '2probe' || text === '3probe') return 'socket.io';
  if (text.length > MAX_DETECTION_FRAME_CHARS) return undefined;
  if (text.startsWith('0{')) {
    const open = parseJson(text.slice(1));
    if (open.ok && isRecord(open.value) && stringField(open.value, 'sid') !== undefined && own(open.value, 'pingInterval') !== undefined) {
      return 'socket.io';
    }
    return undefined;
  }
  if (!text.startsWith('{')) return undefined;
  const parsed = parseJson(text);
  if (!parsed.ok || !isRecord(parsed.value)) return undefined;
  const event = stringField(parsed.value, 'event');
  if (event !== undefined && (event.startsWith('pusher:') || event.startsWith('pusher_internal:'))) return 'pusher';
  return looksLikeAbly(parsed.value) ? 'ably' : undefined;
}

function libraryFromBinary(bytes: Uint8Array): RealtimeLibrary | undefined {
  if (bytes.length > MAX_DETECTION_FRAME_CHARS) return undefined;
  const decoded = decodeAblyFrame(bytes);
  return decoded.ok && looksLikeAbly(decoded.raw) ? 'ably' : undefined;
}

/** A ProtocolMessage: a known action and a field only Ably's protocol puts there. */
function looksLikeAbly(message: Record<string, unknown>): boolean {
  const action = own(message, 'action');
  if (typeof action !== 'number' || !Number.isInteger(action) || action < 0 || action > 21) return false;
  if (isRecord(own(message, 'connectionDetails')) || typeof own(message, 'msgSerial') === 'number') return true;
  return typeof own(message, 'channel') === 'string' && action >= 10 && action <= 16;
}
