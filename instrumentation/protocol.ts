/**
 * The one typed protocol between the page (instrumentation) and every UI (DevTools panel, overlay, tests).
 * Every other layer imports this file; it imports nothing.
 *
 * Data flows page → UI as `PageToUiMessage`; commands flow UI → page as `UiToPageMessage`.
 * Both travel inside an `Envelope` tagged with `source` so that the relay can tell them from the page's own
 * `postMessage` traffic.
 */

/**
 * Bump when a message shape changes incompatibly, with a line saying what broke.
 * 1: first version.
 */
export const PROTOCOL_VERSION = 1;

/** Tags on `window.postMessage` envelopes; the relay checks the tag and `event.source === window`. */
export const PAGE_SOURCE = 'realtime-devtools:page';
export const UI_SOURCE = 'realtime-devtools:ui';

/** The name of the Port a relay opens to the background, and the prefix of the one a panel opens (`panel:<tabId>`). */
export const RELAY_PORT_NAME = 'realtime-devtools:relay';
export const PANEL_PORT_PREFIX = 'realtime-devtools:panel:';

export type Transport = 'websocket' | 'eventsource';
export type ConnectionState = 'connecting' | 'open' | 'closing' | 'closed';
export type Direction = 'in' | 'out';
export type FrameKind = 'text' | 'binary' | 'event';
/** How `FrameEvent.data` is encoded: text as is, binary as base64. */
export type PayloadEncoding = 'text' | 'base64';

/** One physical connection (one socket, or one EventSource attempt). Times are page-clock epoch ms. */
export interface ConnectionInfo {
  id: string;
  transport: Transport;
  url: string;
  /** Subprotocols the page asked for (WebSocket only). */
  requestedProtocols: string[];
  /** Negotiated subprotocol and extensions, known once open (WebSocket only). */
  protocol: string;
  extensions: string;
  state: ConnectionState;
  createdAt: number;
  openedAt: number | null;
  closedAt: number | null;
  closeCode: number | null;
  closeReason: string | null;
  wasClean: boolean | null;
  framesIn: number;
  framesOut: number;
  bytesIn: number;
  bytesOut: number;
  errors: number;
  /** Connections that re-open the same endpoint for the same client share a lineage; `attempt` counts 0, 1, 2… */
  lineage: string;
  attempt: number;
  /** Adopted through a prototype hook after the page created it (late install): its early frames were not seen. */
  adoptedLate: boolean;
  /** Set by library detection (a later layer); undefined for plain sockets. */
  library?: 'socket.io' | 'pusher' | 'ably' | undefined;
}

interface EventBase {
  /** Monotonic per page session; the UI orders and deduplicates by it. */
  seq: number;
  /** Page clock: `performance.timeOrigin + performance.now()`, in ms. */
  at: number;
}

export interface FrameEvent extends EventBase {
  type: 'frame';
  connectionId: string;
  direction: Direction;
  /** Size on the wire in bytes (UTF-8 for text), whatever was kept of the payload. */
  size: number;
  kind: FrameKind;
  /** Text, or base64 of the bytes, cut to the current cap. */
  data: string;
  encoding: PayloadEncoding;
  /** True when `data` holds less than the whole payload (store cap, or a preview sent to a UI). */
  truncated: boolean;
  /** SSE: the event type (`message` when unnamed) and the last event id. */
  event?: string;
  lastEventId?: string;
  /** Sent while the socket was closing or closed: the browser discarded it. */
  discarded?: boolean;
}

export type LifecyclePhase = 'connecting' | 'open' | 'closing' | 'closed' | 'error' | 'reconnecting';

export interface LifecycleEvent extends EventBase {
  type: 'lifecycle';
  connectionId: string;
  phase: LifecyclePhase;
  closeCode?: number;
  closeReason?: string;
  wasClean?: boolean;
  /** Who started a close: the page's own `close()` call, or the server/network. */
  initiator?: 'page' | 'remote';
}

/** An error inside the tool itself. It is recorded and shown, never thrown into the page. */
export interface InternalErrorEvent extends EventBase {
  type: 'internal-error';
  where: string;
  message: string;
  stack?: string;
}

export type CaptureEvent = FrameEvent | LifecycleEvent | InternalErrorEvent;

export interface StoreLimits {
  /** Most events the page-side ring keeps. */
  maxEvents: number;
  /** Most bytes (payload + overhead estimate) the page-side ring keeps. */
  maxBytes: number;
  /** Bytes of one frame's payload kept in the ring; the rest is cut and marked. */
  maxPayloadBytes: number;
  /** Bytes of a payload sent to a UI in a batch; the full stored payload travels on request. */
  previewBytes: number;
}

export const DEFAULT_LIMITS: StoreLimits = {
  maxEvents: 100_000,
  maxBytes: 64 * 1024 * 1024,
  maxPayloadBytes: 256 * 1024,
  previewBytes: 2 * 1024,
};

export interface PageInfo {
  url: string;
  title: string;
  userAgent: string;
  /** `performance.timeOrigin` of the page. */
  timeOrigin: number;
}

// ── page → UI ───────────────────────────────────────────────────────────────────────────────────────────────────

export interface HelloMessage {
  kind: 'hello';
  protocolVersion: number;
  toolVersion: string;
  sessionId: string;
  page: PageInfo;
  limits: StoreLimits;
}

/** Everything the ring still holds, sent after `hello`; the UI replaces what it had of this session. */
export interface SnapshotMessage {
  kind: 'snapshot';
  connections: ConnectionInfo[];
  events: CaptureEvent[];
  /** Events the ring has dropped since the session started (or since the last clear). */
  dropped: number;
}

/** New events since the last batch, and the connections whose info changed. */
export interface BatchMessage {
  kind: 'batch';
  connections: ConnectionInfo[];
  events: CaptureEvent[];
  dropped: number;
}

export interface PayloadMessage {
  kind: 'payload';
  requestId: number;
  seq: number;
  /** False when the ring no longer holds that frame. */
  found: boolean;
  data: string;
  encoding: PayloadEncoding;
  truncated: boolean;
}

export interface ClearedMessage {
  kind: 'cleared';
}

export type PageToUiMessage = HelloMessage | SnapshotMessage | BatchMessage | PayloadMessage | ClearedMessage;

// ── UI → page ───────────────────────────────────────────────────────────────────────────────────────────────────

/** Starts (or restarts) streaming: the page answers `hello` then `snapshot`, then `batch`es. */
export interface InitMessage {
  kind: 'init';
  protocolVersion: number;
}

/** The last UI went away: the page stops streaming (capture goes on). */
export interface DetachMessage {
  kind: 'detach';
}

export interface ClearMessage {
  kind: 'clear';
}

export interface GetPayloadMessage {
  kind: 'get-payload';
  requestId: number;
  seq: number;
}

export interface SetLimitsMessage {
  kind: 'set-limits';
  limits: Partial<StoreLimits>;
}

export type UiToPageMessage = InitMessage | DetachMessage | ClearMessage | GetPayloadMessage | SetLimitsMessage;

// ── shell → UI (the extension's own news, not the page's) ──────────────────────────────────────────────────────

/** The inspected tab's page went away (navigation, reload, tab closed) or its relay has not answered yet. */
export interface PageDisconnectedMessage {
  kind: 'page-disconnected';
  reason: 'navigated' | 'tab-closed' | 'no-relay';
}

export type ShellToUiMessage = PageDisconnectedMessage;

export type ToUiMessage = PageToUiMessage | ShellToUiMessage;

// ── envelopes ───────────────────────────────────────────────────────────────────────────────────────────────────

export interface Envelope<M> {
  source: typeof PAGE_SOURCE | typeof UI_SOURCE;
  protocolVersion: number;
  /** The page session (one page load) the message belongs to; empty from a UI that has not seen a hello. */
  sessionId: string;
  /** Per sender, increasing; a receiver can see gaps. */
  seq: number;
  message: M;
}

/** How a UI talks to a page, whatever carries it (extension Port, same-window calls, a test harness). */
export interface Wall {
  send(message: UiToPageMessage): void;
  listen(listener: (message: ToUiMessage) => void): () => void;
}

export function isEnvelope(value: unknown, source: Envelope<unknown>['source']): value is Envelope<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Envelope<unknown>>;
  return candidate.source === source && typeof candidate.message === 'object' && candidate.message !== null;
}
