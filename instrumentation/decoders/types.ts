/**
 * What the protocol decoders produce. Every decoder is total: any frame yields either a decoded value (`ok: true`)
 * or an `Undecodable` marker (`ok: false`); the caller keeps the raw frame either way.
 */

export type DecodedProtocol = 'socket.io' | 'pusher' | 'ably' | 'sse';

/** The realtime libraries that detection can name; matches `ConnectionInfo.library` in protocol.ts. */
export type RealtimeLibrary = 'socket.io' | 'pusher' | 'ably';

/** A frame as the page saw it: text, or the bytes of a binary frame. */
export type FramePayload = string | Uint8Array;

/** What a frame list shows for one decoded message. */
export interface MessageSummary {
  protocol: DecodedProtocol;
  /** The event name or action: `hello`, `pusher:subscribe`, `MESSAGE`, `ping`. */
  label: string;
  /** Socket.IO namespace, Pusher channel or Ably channel, when the message has one. */
  channel?: string;
  /** One short line (at most SUMMARY_MAX_CHARS characters, no line breaks). */
  summary: string;
  /** Keep-alive traffic, which a frame list may hide or dim. */
  heartbeat?: boolean;
}

export const SUMMARY_MAX_CHARS = 160;

export interface Undecodable {
  ok: false;
  protocol: DecodedProtocol;
  error: string;
}

// ── engine.io v4 / Socket.IO v5 ────────────────────────────────────────────────────────────────────────────────

export interface EngineIoHandshake {
  sid: string;
  upgrades: string[];
  pingInterval: number;
  pingTimeout: number;
  maxPayload?: number;
}

export type SocketIoPacketType = 'CONNECT' | 'DISCONNECT' | 'EVENT' | 'ACK' | 'CONNECT_ERROR' | 'BINARY_EVENT' | 'BINARY_ACK';

interface SocketIoPacketBase {
  /** `/` when the packet names none. */
  namespace: string;
}

/**
 * One Socket.IO packet, the payload of an engine.io `message`: `<type>[<attachments>-][<namespace>,][<ackId>][json]`.
 * Binary packets carry `{"_placeholder":true,"num":n}` where the n-th following binary frame belongs;
 * `SocketIoSession` puts the bytes back.
 */
export type SocketIoPacket =
  | (SocketIoPacketBase & {
      type: 'CONNECT';
      /** Client → server: the `auth` payload; server → client: `{ sid }`. */
      data?: Record<string, unknown>;
    })
  | (SocketIoPacketBase & { type: 'DISCONNECT' })
  | (SocketIoPacketBase & {
      type: 'EVENT' | 'BINARY_EVENT';
      event: string | number;
      args: unknown[];
      ackId?: number;
      attachments?: number;
    })
  | (SocketIoPacketBase & {
      type: 'ACK' | 'BINARY_ACK';
      args: unknown[];
      ackId?: number;
      attachments?: number;
    })
  | (SocketIoPacketBase & {
      type: 'CONNECT_ERROR';
      message: string;
      data?: unknown;
    });

interface EngineIoPacketBase extends MessageSummary {
  protocol: 'socket.io';
}

export type EngineIoPacket =
  | (EngineIoPacketBase & { type: 'open'; handshake: EngineIoHandshake })
  | (EngineIoPacketBase & { type: 'close' })
  | (EngineIoPacketBase & {
      type: 'ping' | 'pong';
      /** `2probe` / `3probe`: the check that a WebSocket works before an upgrade from polling (not a heartbeat). */
      probe: boolean;
      data?: string;
    })
  | (EngineIoPacketBase & {
      type: 'message';
      text: string;
      /** Absent when the text is not a Socket.IO packet (plain engine.io use, or a broken packet). */
      socketIo?: SocketIoPacket;
      socketIoError?: string;
    })
  | (EngineIoPacketBase & {
      type: 'message';
      /** A binary message: in Socket.IO, one attachment of the binary packet before it. */
      binary: Uint8Array;
    })
  | (EngineIoPacketBase & { type: 'upgrade' })
  | (EngineIoPacketBase & { type: 'noop' });

/** One WebSocket frame (one packet) or one HTTP long-polling body (packets joined by \x1e). */
export interface SocketIoFrame extends MessageSummary {
  ok: true;
  protocol: 'socket.io';
  packets: EngineIoPacket[];
}

export type SocketIoDecoding = SocketIoFrame | Undecodable;

export type SocketIoNote =
  /** On a binary packet's header: this many binary frames follow. */
  | { kind: 'awaiting-attachments'; expected: number }
  /** On a binary frame: it is attachment `index` (0-based) of `of`. */
  | { kind: 'attachment'; index: number; of: number }
  /** On the last attachment: the packet with every placeholder replaced by its bytes. */
  | { kind: 'binary-complete'; packet: SocketIoPacket; startedAt: number }
  /** A text packet arrived before every attachment of a binary packet (Socket.IO's own parser throws here). */
  | { kind: 'attachments-missing'; expected: number; received: number }
  /** A binary frame with no binary packet waiting for it. */
  | { kind: 'orphan-attachment' }
  /** On an ACK: the emit it answers (same namespace and ack id, other direction) and the round trip. */
  | { kind: 'ack'; namespace: string; ackId: number; event: string | number; emittedAt: number; roundTripMs: number }
  | { kind: 'unmatched-ack'; namespace: string; ackId: number };

// ── Pusher Channels, protocol 7 ────────────────────────────────────────────────────────────────────────────────

export interface PusherPresence {
  ids: string[];
  hash: Record<string, unknown>;
  count: number;
}

export type PusherCloseAction = 'reconnect-after-1s' | 'switch-to-tls' | 'give-up' | 'back-off' | 'reconnect-now';

export interface PusherCloseMeaning {
  action: PusherCloseAction;
  text: string;
}

interface PusherMessageBase extends MessageSummary {
  ok: true;
  protocol: 'pusher';
  event: string;
  channel?: string;
  /** `data`, parsed when it was a JSON string (as pusher-js does), else as sent. */
  data: unknown;
  /** Presence client events and member events name the user. */
  userId?: string;
}

export type PusherMessage = PusherMessageBase &
  (
    | { kind: 'connection-established'; socketId: string; activityTimeoutSeconds?: number }
    /** `channel` is the one asked for (it travels inside `data`); `auth` is empty for public channels. */
    | { kind: 'subscribe'; hasAuth: boolean; channelData?: unknown }
    | { kind: 'unsubscribe' }
    | { kind: 'subscription-succeeded'; presence?: PusherPresence }
    | { kind: 'subscription-error'; errorType?: string; error?: string; status?: number }
    | { kind: 'subscription-count'; count?: number }
    | { kind: 'member-added'; userInfo: unknown }
    | { kind: 'member-removed' }
    | { kind: 'client-event' }
    | { kind: 'error'; code: number | null; message: string; closeMeaning?: PusherCloseMeaning }
    | { kind: 'ping' }
    | { kind: 'pong' }
    /** Any other `pusher:*` / `pusher_internal:*` event. */
    | { kind: 'protocol-event' }
    /** An application event. */
    | { kind: 'event' }
  );

export type PusherDecoding = PusherMessage | Undecodable;

// ── Ably realtime, protocol v6 ─────────────────────────────────────────────────────────────────────────────────

export interface AblyErrorInfo {
  code?: number;
  statusCode?: number;
  message?: string;
  href?: string;
}

export interface AblyConnectionDetails {
  connectionKey?: string;
  clientId?: string;
  maxIdleInterval?: number;
  connectionStateTtl?: number;
  maxMessageSize?: number;
  serverId?: string;
}

/** A message or presence payload, decoded through its `encoding` chain as far as possible. */
export interface AblyDecodedData {
  data: unknown;
  /** What is left of `encoding` after decoding (empty when fully decoded): e.g. `cipher+aes-128-cbc/base64` → kept. */
  encoding?: string;
  /** Why decoding stopped early; `data` then holds the value at that point. */
  dataError?: string;
}

export interface AblyMessage extends AblyDecodedData {
  id?: string;
  name?: string;
  clientId?: string;
  connectionId?: string;
  timestamp?: number;
  /** `message.create`, `message.update`, … (message actions, protocol v4+). */
  action?: string;
  serial?: string;
  extras?: unknown;
}

export type AblyPresenceAction = 'absent' | 'present' | 'enter' | 'leave' | 'update';

export interface AblyPresenceMessage extends AblyDecodedData {
  action: AblyPresenceAction | `unknown(${number})`;
  clientId?: string;
  connectionId?: string;
  id?: string;
  timestamp?: number;
}

export type AblyActionName =
  | 'HEARTBEAT'
  | 'ACK'
  | 'NACK'
  | 'CONNECT'
  | 'CONNECTED'
  | 'DISCONNECT'
  | 'DISCONNECTED'
  | 'CLOSE'
  | 'CLOSED'
  | 'ERROR'
  | 'ATTACH'
  | 'ATTACHED'
  | 'DETACH'
  | 'DETACHED'
  | 'PRESENCE'
  | 'MESSAGE'
  | 'SYNC'
  | 'AUTH'
  | 'ACTIVATE'
  | 'OBJECT'
  | 'OBJECT_SYNC'
  | 'ANNOTATION';

export interface AblyProtocolMessage extends MessageSummary {
  ok: true;
  protocol: 'ably';
  format: 'json' | 'msgpack';
  action: number;
  actionName: AblyActionName | `UNKNOWN(${number})`;
  channel?: string;
  channelSerial?: string;
  id?: string;
  msgSerial?: number;
  count?: number;
  connectionId?: string;
  timestamp?: number;
  flags?: number;
  /** Names of the set flags: HAS_PRESENCE, HAS_BACKLOG, RESUMED, … and channel modes (PUBLISH, …). */
  flagNames: string[];
  error?: AblyErrorInfo;
  connectionDetails?: AblyConnectionDetails;
  messages?: AblyMessage[];
  presence?: AblyPresenceMessage[];
  /** The whole decoded ProtocolMessage, for fields not lifted above (`auth`, `params`, …). */
  raw: Record<string, unknown>;
}

export type AblyDecoding = AblyProtocolMessage | Undecodable;

export interface AblyPublish {
  msgSerial: number;
  action: 'MESSAGE' | 'PRESENCE';
  channel?: string;
  /** The summary of the publishing frame. */
  summary: string;
  sentAt: number;
}

export type AblyNote =
  /**
   * On an ACK/NACK: the client's publishes it settles (every one still waiting below msgSerial+count) with how long
   * each waited, and the serials in msgSerial … msgSerial+count-1 that match no publish seen.
   */
  | { kind: 'ack' | 'nack'; publishes: Array<AblyPublish & { latencyMs: number }>; unmatchedSerials: number[]; error?: AblyErrorInfo }
  /**
   * On a CONNECTED: what became of the connection. `resumed`: same connectionId as the one whose key the URL's
   * `resume=` named. `resume-failed`: a different connectionId (Ably adds error 80008 when the key expired).
   * `resume-unverifiable`: `resume=` named a key this tracker never saw. `new`: no resume was asked.
   */
  | {
      kind: 'connection';
      outcome: 'new' | 'resumed' | 'resume-failed' | 'resume-unverifiable';
      connectionId?: string;
      previousConnectionId?: string;
      error?: AblyErrorInfo;
    };

// ── Server-Sent Events ─────────────────────────────────────────────────────────────────────────────────────────

/** What the event-stream parser yields, in stream order. */
export type SseItem =
  /** A dispatched event; `type` is `message` when the stream named none. */
  | { kind: 'event'; type: string; data: string; lastEventId: string }
  /** A valid `retry:` line: the new reconnection time. */
  | { kind: 'retry'; milliseconds: number }
  /** A line starting with `:` (commonly a keep-alive), without the colon. */
  | { kind: 'comment'; text: string };

export interface SseMessage extends MessageSummary {
  ok: true;
  protocol: 'sse';
}
