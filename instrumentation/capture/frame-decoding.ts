import { AblyTracker, type AblyConnection } from '../decoders/ably-session';
import { detectLibrary } from '../decoders/detect';
import { decodePusherFrame } from '../decoders/pusher';
import { SocketIoSession } from '../decoders/socketio-session';
import type { AblyNote, FramePayload, MessageSummary, RealtimeLibrary, SocketIoNote, Undecodable } from '../decoders/types';
import { urlParts } from '../decoders/url';
import type { ConnectionInfo, Direction, FrameDecoded } from '../protocol';

/** Frames looked at for a library when the URL did not tell; the handshake comes first in every supported protocol. */
const FRAMES_TO_INSPECT = 4;
/** Socket.IO sessions remembered by engine.io sid, so that an upgrade keeps pending acks; the oldest go first. */
const MAX_SOCKET_IO_SESSIONS = 200;

type LibraryDecoder = (direction: Direction, frame: FramePayload, at: number) => FrameDecoded;

interface ConnectionDecoding {
  /** Frames still to look at for detection; 0 once the library is known or detection gave up. */
  framesToInspect: number;
  decoder: LibraryDecoder | undefined;
}

/**
 * Per connection, which library it speaks (from its URL at open, else from its first frames) and the stateful
 * decoding of its frames into the short `FrameDecoded` form. A connection with no library costs one map lookup
 * per frame once its first frames have been looked at. Socket.IO state is kept per engine.io session (sid), so
 * that an ack on the WebSocket answers an emit made while long-polling; Ably state outlives sockets for resumes.
 */
export class FrameDecoding {
  private readonly connections = new WeakMap<ConnectionInfo, ConnectionDecoding>();
  private readonly ably = new AblyTracker();
  private readonly socketIoSessions = new Map<string, SocketIoSession>();

  /**
   * A connection was listed. Returns the library its URL names, if any. `socketIoSid` names the engine.io session
   * of a long-polling connection, whose URL does not carry it until the handshake is done.
   */
  opened(info: ConnectionInfo, socketIoSid?: string): RealtimeLibrary | undefined {
    if (info.transport === 'eventsource' || info.transport === 'fetch-sse') return undefined;
    const library = detectLibrary(info.url);
    const state: ConnectionDecoding = { framesToInspect: library ? 0 : FRAMES_TO_INSPECT, decoder: undefined };
    if (library) state.decoder = this.decoderFor(library, info, socketIoSid);
    this.connections.set(info, state);
    return library;
  }

  /**
   * The decoded form of one frame, or undefined when the connection speaks no known library. `detected` is called
   * when this frame is the one that revealed the library.
   */
  decode(info: ConnectionInfo, direction: Direction, frame: FramePayload, at: number, detected: (library: RealtimeLibrary) => void): FrameDecoded | undefined {
    const state = this.connections.get(info);
    if (!state) return undefined;
    if (state.decoder) return state.decoder(direction, frame, at);
    if (state.framesToInspect === 0) return undefined;
    state.framesToInspect--;
    const library = detectLibrary(info.url, [frame]);
    if (!library) return undefined;
    state.framesToInspect = 0;
    state.decoder = this.decoderFor(library, info, undefined);
    detected(library);
    return state.decoder(direction, frame, at);
  }

  private decoderFor(library: RealtimeLibrary, info: ConnectionInfo, socketIoSid: string | undefined): LibraryDecoder {
    switch (library) {
      case 'socket.io': {
        const session = this.socketIoSession(socketIoSid ?? urlParts(info.url).query.get('sid'));
        const transport = info.transport === 'polling' ? 'polling' : 'websocket';
        return (direction, frame, at) => {
          const analysis = session.receive(direction, frame, at, transport);
          return withSocketIoNotes(analysis.decoding.ok ? summaryOf(analysis.decoding) : undecodable(analysis.decoding), analysis.notes);
        };
      }
      case 'pusher':
        return (_direction, frame) => {
          const decoding = decodePusherFrame(frame);
          return decoding.ok ? summaryOf(decoding) : undecodable(decoding);
        };
      case 'ably': {
        const connection: AblyConnection = this.ably.connection(info.url);
        return (direction, frame, at) => {
          const analysis = connection.receive(direction, frame, at);
          return withAblyNotes(analysis.decoding.ok ? summaryOf(analysis.decoding) : undecodable(analysis.decoding), analysis.notes);
        };
      }
    }
  }

  private socketIoSession(sid: string | undefined): SocketIoSession {
    if (sid === undefined) return new SocketIoSession();
    let session = this.socketIoSessions.get(sid);
    if (!session) {
      session = new SocketIoSession();
      this.socketIoSessions.set(sid, session);
      if (this.socketIoSessions.size > MAX_SOCKET_IO_SESSIONS) {
        const oldest = this.socketIoSessions.keys().next().value;
        if (oldest !== undefined) this.socketIoSessions.delete(oldest);
      }
    }
    return session;
  }
}

/** The common short form of a decoded message: only the shared summary fields, never the decoded payload. */
export function summaryOf(message: MessageSummary): FrameDecoded {
  const decoded: FrameDecoded = { protocol: message.protocol, label: message.label, summary: message.summary };
  if (message.channel !== undefined) decoded.channel = message.channel;
  if (message.heartbeat) decoded.heartbeat = true;
  return decoded;
}

function undecodable(failure: Undecodable): FrameDecoded {
  return { protocol: failure.protocol, label: 'undecodable', summary: failure.error, error: failure.error };
}

function withSocketIoNotes(decoded: FrameDecoded, notes: SocketIoNote[]): FrameDecoded {
  for (const note of notes) {
    if (note.kind === 'ack') {
      decoded.ackRoundTripMs = note.roundTripMs;
      decoded.ackOf = String(note.event);
    }
  }
  return decoded;
}

function withAblyNotes(decoded: FrameDecoded, notes: AblyNote[]): FrameDecoded {
  for (const note of notes) {
    if (note.kind === 'connection') {
      decoded.resume = note.outcome;
    } else {
      decoded.ackCount = note.publishes.length;
      if (note.publishes.length > 0) decoded.ackLatencyMs = Math.max(...note.publishes.map((publish) => publish.latencyMs));
    }
  }
  return decoded;
}
