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

/**
 * `fetch-sse`: a `fetch` response of type `text/event-stream` read by the page (LLM-style streaming).
 * `polling`: one engine.io (Socket.IO) HTTP long-polling session, its requests and responses as frames.
 */
export type Transport = 'websocket' | 'eventsource' | 'fetch-sse' | 'polling';
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
  /** The connection this one took over from: the engine.io long-polling session a Socket.IO WebSocket upgraded. */
  upgradedFrom?: string;
}

/**
 * The one-line decoded form of a frame of a detected library (or of a fetch-SSE event). The full decoded form can
 * be rebuilt from the raw `data` with the pure decoders in `instrumentation/decoders/`.
 */
export interface FrameDecoded {
  protocol: 'socket.io' | 'pusher' | 'ably' | 'sse';
  /** Event name or action: `hello`, `pusher:subscribe`, `MESSAGE`, `ping`. */
  label: string;
  /** Socket.IO namespace, Pusher channel or Ably channel. */
  channel?: string;
  summary: string;
  /** Keep-alive traffic. */
  heartbeat?: boolean;
  /** The frame could not be decoded as `protocol`: why. `label` is then `undecodable`. */
  error?: string;
  /** Socket.IO ACK: ms since the emit it answers (same namespace and ack id, other direction). */
  ackRoundTripMs?: number;
  /** Socket.IO ACK: the event name of that emit. */
  ackOf?: string;
  /** Ably ACK/NACK: the longest wait of the publishes it settles, and how many it settles. */
  ackLatencyMs?: number;
  ackCount?: number;
  /** Ably first CONNECTED: what became of the connection (`resume=` in the URL asks for a resume). */
  resume?: 'new' | 'resumed' | 'resume-failed' | 'resume-unverifiable';
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
  /** Lost on purpose by a chaos condition (drop rate, or held when the connection was cut): the other end never got it. */
  dropped?: boolean;
  /** Set on frames of connections whose library was detected, and on fetch-SSE events. */
  decoded?: FrameDecoded;
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
  /** Made up by a chaos condition (offline, kill) rather than seen on the wire. */
  simulated?: boolean;
}

/** An error inside the tool itself. It is recorded and shown, never thrown into the page. */
export interface InternalErrorEvent extends EventBase {
  type: 'internal-error';
  where: string;
  message: string;
  stack?: string;
}

/** A change of the simulated network conditions: a marker on the timeline. `state` is the state after the change. */
export interface ChaosEvent extends EventBase {
  type: 'chaos';
  cause: ChaosChangeCause;
  state: ChaosState;
  /** For `kill`: the connection, and the close it was given. */
  connectionId?: string;
  closeCode?: number;
  closeReason?: string;
  /** For `preset`: which one. */
  preset?: ChaosPresetName;
}

// ── client libraries: what frames cannot show (instrumentation/clients/) ────────────────────────────────────────

export type ClientLibrary = 'socket.io' | 'pusher' | 'ably';

/**
 * What a `client` event reports:
 * - `attached`: a client became observed (`state` holds its state then); `ignored`: `attach()` got an object that is
 *   no known client (`reason` says why), recorded so that the mistake is visible.
 * - `state`: the library's own connection state changed (`state`, `previousState`, `reason`).
 * - `reconnect-scheduled`: the library chose to wait `delayMs` before attempt `attempt`, due at `nextAttemptAt`.
 * - `reconnect-attempt`: attempt `attempt` started. `gave-up`: the library stopped retrying.
 * - `resumed` / `resume-failed`: after a reconnect, the session came back (Ably same connection id, Socket.IO
 *   `socket.recovered`) or did not (missed messages are gone).
 * - `queue`: the number of messages the client holds to send later changed (`source`, `queued`).
 * - `presence-join` / `presence-leave`: a member (`memberId`) appeared in or left a presence set (`source`).
 * - `lost`: an emit (`event`) went out after the server's last sign of life on a connection that then died: the
 *   library will not resend it, and the server most likely never got it (Socket.IO's silent loss).
 */
export type ClientEventKind =
  | 'attached' | 'ignored' | 'state' | 'reconnect-scheduled' | 'reconnect-attempt' | 'gave-up' | 'resumed' | 'resume-failed'
  | 'queue' | 'presence-join' | 'presence-leave' | 'lost';

export interface ClientEvent extends EventBase {
  type: 'client';
  /** `unknown` only for `ignored`. */
  library: ClientLibrary | 'unknown';
  /** `k1`, `k2`… per page session; `ClientInfo.id`. */
  clientId: string;
  kind: ClientEventKind;
  /** The physical connection (`ConnectionInfo.id`) in use when this happened, when known. */
  connectionId?: string;
  state?: string;
  previousState?: string;
  reason?: string;
  attempt?: number;
  delayMs?: number;
  /** Page-clock epoch ms of the next attempt. */
  nextAttemptAt?: number;
  /** The queue (`ClientQueue.source`) or presence set (`PresenceSet.source`) concerned. */
  source?: string;
  queued?: number;
  memberId?: string;
  /** For `presence-join`: the member's info/data, as JSON text cut to the preview size. */
  memberData?: string;
  /** For `lost`: the event name. */
  event?: string;
}

/** One observed client library instance. */
export interface ClientInfo {
  id: string;
  library: ClientLibrary;
  /** What the library calls itself in the UI: URL and namespace, app key, client id. */
  label: string;
  /** The library's own state name (`connected`, `disconnected`, `connecting`…). */
  state: string;
  /** Reconnect attempts since the last successful connection. */
  attempt: number;
  /** Page-clock epoch ms of the next scheduled attempt, while one is scheduled. */
  nextAttemptAt: number | null;
  /** Physical connections (`ConnectionInfo.id`) this client has used, oldest first. */
  connectionIds: string[];
  /** How the client was found: `attach()` by the page or a test, or discovered by the tool. */
  foundBy: 'attach' | 'discovery';
}

export interface QueuedItem {
  /** Event or message name. */
  name: string;
  /** JSON text of the arguments or data, cut to the preview size. */
  preview: string;
  /** `buffered`: waits in the library to be sent; `lost`: sent on a connection that died (see `ClientEventKind`). */
  status: 'buffered' | 'lost';
  /** When the tool first saw it (page-clock epoch ms). */
  since: number;
}

/**
 * Who holds a queue: a client library; TanStack Query (its paused mutations); the app itself (a queue registered with
 * `trackQueue`); or a plain WebSocket of no known library (its `bufferedAmount`).
 */
export type QueueOwner = ClientLibrary | 'tanstack-query' | 'app' | 'websocket';

/**
 * One offline queue, the unit of the unified Queue view: Socket.IO `sendBuffer` per socket, Ably queued messages,
 * TanStack paused mutations, an app queue registered with `trackQueue`, a socket's `bufferedAmount`.
 */
export interface ClientQueue {
  /** The observed client (`ClientInfo.id`), the connection (`ConnectionInfo.id`) for `websocket`, else empty. */
  clientId: string;
  library: QueueOwner;
  /** e.g. `socket.io / (socket id)`, `ably connection`. */
  source: string;
  items: QueuedItem[];
  /** Bytes the WebSocket in use holds but has not yet sent (`WebSocket.bufferedAmount`); null when none is open. */
  bufferedAmount: number | null;
}

export interface PresenceMember {
  id: string;
  /** JSON text of the member's info/data, cut to the preview size. */
  data: string;
  /** When the tool first saw this member in this set (page-clock epoch ms). */
  since: number;
}

/** The members of one presence set as the client sees them. */
export interface PresenceSet {
  clientId: string;
  library: ClientLibrary;
  /** The channel (Pusher, Ably) or namespace (Socket.IO). */
  source: string;
  members: PresenceMember[];
}

/**
 * How Socket.IO events describe presence, which Socket.IO itself leaves to each app. A sync event carries the whole
 * member list (its first argument, or that argument's `members`/`users`); join and leave events carry one member or
 * its id. `memberIdPath` is a dotted path to the id inside a member object.
 */
export interface PresenceMapping {
  syncEvents: string[];
  joinEvents: string[];
  leaveEvents: string[];
  memberIdPath: string;
}

/**
 * A queue that is not a client library's changed (TanStack paused mutations, an app queue from `trackQueue`,
 * a plain socket's `bufferedAmount`), or a queue drained after the connection came back.
 * - `count`: `queued` items are waiting now.
 * - `replay`: the queue went from non-empty to empty or smaller: `sent` are the items that left in the order they
 *   left (names and previews), `lost` those that left without being sent (a mutation that failed, an app item
 *   that vanished while the connection was down).
 */
export interface QueueEvent extends EventBase {
  type: 'queue';
  kind: 'count' | 'replay';
  library: QueueOwner;
  /** `ClientQueue.clientId`: tells apart two clients (or sockets) with queues of the same source. */
  clientId?: string;
  /** `ClientQueue.source`. */
  source: string;
  queued: number;
  sent?: QueuedItem[];
  lost?: QueuedItem[];
}

export type CaptureEvent = FrameEvent | LifecycleEvent | InternalErrorEvent | ChaosEvent | ClientEvent | QueryEvent | QueueEvent;

// ── TanStack Query: the app's cache, and which frame caused which cache action (instrumentation/query/) ───────

/**
 * Why the tool believes a frame caused a cache action. Never guessed beyond these:
 * - `same-task`: the action ran while the page's handlers of that frame were running (same task, or its microtasks).
 * - `async-continuation`: the action ran within `ASYNC_CAUSE_WINDOW_MS` after that frame's handlers, and no other
 *   frame was handled in between (a handler that awaited, or debounced with a short timer).
 */
export type CauseInference = 'same-task' | 'async-continuation';

export const ASYNC_CAUSE_WINDOW_MS = 100;

/** The frame a cache action is linked to. */
export interface FrameCause {
  frameSeq: number;
  connectionId: string;
  /** What the frame was, as shown on its row: the decoded label (`todo:created`), the SSE event type, or `message`. */
  label: string;
  /** Channel, namespace or room of the decoded frame, when it has one. */
  channel?: string;
  inference: CauseInference;
  /** ms from the frame to the action. */
  delayMs: number;
}

/**
 * What happened in the query cache:
 * - `client-found` / `client-lost`: a QueryClient became observed (`how` it was found), or was replaced.
 * - `added` / `removed`: a query entered or left the cache.
 * - `invalidated`: a query was marked stale by `invalidateQueries` (`observers` = how many observe it then).
 * - `set-data`: `setQueryData` wrote the query's data.
 * - `fetch-start` / `fetch-end`: the query fetched (`durationMs`, `outcome`, `dataChanged`: false when the
 *   result equalled the cached data, a wasted round trip).
 * - `mutation`: a mutation changed status (`status`, `isPaused`).
 * - `action`: a UI asked the tool to `refetch`/`invalidate`/`reset`/`remove` a query (`action`).
 * - `storm`: `count` fetches of one query within a second, caused by the frames in `causes`.
 * `cause` is set when a frame caused it (see `CauseInference`), null when the tool found no cause it can vouch for.
 * A `fetch-start` that follows an `invalidated` of the same query carries the cause of that invalidation.
 */
export type QueryEventKind =
  | 'client-found' | 'client-lost' | 'added' | 'removed' | 'invalidated' | 'set-data' | 'fetch-start' | 'fetch-end'
  | 'mutation' | 'action' | 'storm';

export interface QueryEvent extends EventBase {
  type: 'query';
  kind: QueryEventKind;
  /** TanStack's `queryHash` (a query) or `m<mutationId>` (a mutation); empty for client events. */
  queryHash: string;
  /** The query or mutation key as JSON text. */
  queryKey: string;
  cause?: FrameCause | null;
  observers?: number;
  durationMs?: number;
  outcome?: 'success' | 'error' | 'cancelled';
  dataChanged?: boolean;
  status?: string;
  isPaused?: boolean;
  action?: QueryAction;
  count?: number;
  causes?: FrameCause[];
  /** For `client-found`: `global` (`window.__TANSTACK_QUERY_CLIENT__`) or `attach`. */
  how?: 'global' | 'attach';
  error?: string;
}

export type QueryAction = 'refetch' | 'invalidate' | 'reset' | 'remove';

/** One query in the cache, JSON-safe (`__REALTIME_DEVTOOLS__.queries()`). */
export interface QueryInfo {
  queryHash: string;
  queryKey: string;
  status: 'pending' | 'error' | 'success';
  fetchStatus: 'fetching' | 'paused' | 'idle';
  isStale: boolean;
  isInvalidated: boolean;
  observers: number;
  /** Page-clock epoch ms; 0 when never. */
  dataUpdatedAt: number;
  errorUpdatedAt: number;
  error: string | null;
  /** The data as JSON text, cut to the preview size (`dataTruncated`); `undefined` data is the empty string. */
  data: string;
  dataTruncated: boolean;
  /** The last cache action that had a cause, and that cause. */
  lastCause: { kind: 'invalidated' | 'set-data' | 'refetch'; at: number; cause: FrameCause } | null;
}

/** One mutation, JSON-safe (`__REALTIME_DEVTOOLS__.mutations()`). */
export interface MutationInfo {
  /** `m<mutationId>`. */
  id: string;
  mutationKey: string;
  status: 'idle' | 'pending' | 'success' | 'error';
  isPaused: boolean;
  /** The variables as JSON text, cut to the preview size. */
  variables: string;
  error: string | null;
  submittedAt: number;
}

// ── chaos: network conditions simulated inside the page ─────────────────────────────────────────────────────────

/** Which frames a drop rate applies to: text payloads (and SSE event types) containing `pattern`, or matching it. */
export interface ChaosFrameFilter {
  kind: 'substring' | 'regex';
  pattern: string;
  /** RegExp flags, for `regex`. */
  flags?: string;
}

/**
 * The conditions in force. `in` is towards the page (frames, SSE events, fetch responses), `out` away from it.
 * Latency and jitter are milliseconds one way; the delay of each item is latency ± up to jitter, never reordering
 * the items of one connection. Drop rates are probabilities from 0 to 1.
 */
export interface ChaosSettings {
  offline: boolean;
  /** Sockets stay open but nothing moves either way (a zombie connection), until turned off. */
  stall: boolean;
  latencyInMs: number;
  latencyOutMs: number;
  jitterInMs: number;
  jitterOutMs: number;
  dropRateIn: number;
  dropRateOut: number;
  /** Only frames matching this are dropped; null: any frame. */
  dropFilter: ChaosFrameFilter | null;
  /**
   * URLs no condition touches: a plain string matches as a substring of the absolute URL, `/source/flags` as a
   * RegExp. The defaults cover dev-server hot-reload channels.
   */
  exemptUrls: string[];
  /** Keep the conditions across reloads of this tab (sessionStorage) until they are turned off. */
  persist: boolean;
}

/** A change to the settings: any subset, plus shorthands that set both directions. */
export interface ChaosSettingsPatch extends Partial<ChaosSettings> {
  latencyMs?: number;
  jitterMs?: number;
  dropRate?: number;
}

export type ChaosScheduleRequest =
  /** Offline now, online again after `durationMs`. */
  | { kind: 'offline-for'; durationMs: number }
  /** Offline for `offlineMs` (default half the period) at the start of every `periodMs`, online the rest. */
  | { kind: 'flap'; periodMs: number; offlineMs?: number };

/** A running schedule; `startedAt` is page-clock epoch ms, so that it carries on across reloads. */
export type ChaosSchedule =
  | { kind: 'offline-for'; durationMs: number; startedAt: number }
  | { kind: 'flap'; periodMs: number; offlineMs: number; startedAt: number };

export type ChaosPresetName = 'slow-3g' | 'flaky-mobile';

export interface ChaosState extends ChaosSettings {
  schedule: ChaosSchedule | null;
}

export type ChaosChangeCause = 'set' | 'reset' | 'preset' | 'schedule' | 'schedule-tick' | 'restored' | 'kill';

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

/** The chaos conditions in force: sent after the snapshot, and again whenever they change. */
export interface ChaosStateMessage {
  kind: 'chaos-state';
  state: ChaosState;
}

/**
 * The query cache as it is now: sent after the snapshot, then whenever it changes (at most every
 * `QUERY_CACHE_THROTTLE_MS`). `clientFound` false: no QueryClient is observed (the UI says how to expose one).
 */
export interface QueryCacheMessage {
  kind: 'query-cache';
  clientFound: boolean;
  queries: QueryInfo[];
  mutations: MutationInfo[];
}

export const QUERY_CACHE_THROTTLE_MS = 200;

/** Every offline queue with its items, sent after the snapshot and whenever one changes (throttled likewise). */
export interface QueueStateMessage {
  kind: 'queue-state';
  queues: ClientQueue[];
}

/** What to put in an exported trace; the JSON-safe form of `TraceExportOptions` (instrumentation/trace/). */
export interface TraceRequestOptions {
  /** Remove secrets before the trace leaves the page (default true; false only by the user's explicit choice). */
  redact?: boolean;
  /** Rules added to the defaults and to the rules saved for the site. */
  rules?: {
    queryParams?: string[];
    fieldNames?: string[];
    jsonPaths?: string[];
    headers?: string[];
    patterns?: { name: string; source: string; flags?: string }[];
  };
  connections?: string[];
  from?: number;
  to?: number;
  maxPayloadBytes?: number;
}

/** One redaction as the user previews it before saving: where, by which rule, and the value's marker. */
export interface RedactionSample {
  rule: string;
  /** e.g. `frame #12 (conn 3)`, `connection 3 URL`. */
  where: string;
  /** The redacted text around the marker, as it will be saved. */
  after: string;
}

/** The answer to `export-trace`: the file as JSON text (not for a preview), the redaction report, or an error. */
export interface TraceMessage {
  kind: 'trace';
  requestId: number;
  format: 'rtdtrace' | 'har';
  ok: boolean;
  error?: string;
  text?: string;
  redaction: { enabled: boolean; counts: Record<string, number>; samples: RedactionSample[] };
  /** The extra redaction rules saved for the page's site (they apply to every export, the API's too). */
  savedRules?: Required<NonNullable<TraceRequestOptions['rules']>>;
}

export type PageToUiMessage =
  | HelloMessage | SnapshotMessage | BatchMessage | PayloadMessage | ClearedMessage | ChaosStateMessage
  | QueryCacheMessage | QueueStateMessage | TraceMessage;

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

export interface SetChaosMessage {
  kind: 'set-chaos';
  settings: ChaosSettingsPatch;
}

/** Every condition off (and any schedule stopped); exemptions and persistence back to their defaults. */
export interface ResetChaosMessage {
  kind: 'reset-chaos';
}

/** Starts a schedule (replacing any running one), or stops it with `null`. */
export interface ScheduleChaosMessage {
  kind: 'schedule-chaos';
  schedule: ChaosScheduleRequest | null;
}

export interface ChaosPresetMessage {
  kind: 'chaos-preset';
  preset: ChaosPresetName;
}

/** Ends one connection as the server or the network would: 1006 (the default) abnormally, any other code cleanly. */
export interface KillConnectionMessage {
  kind: 'kill';
  connectionId: string;
  code?: number;
  reason?: string;
}

export type ChaosCommand = SetChaosMessage | ResetChaosMessage | ScheduleChaosMessage | ChaosPresetMessage | KillConnectionMessage;

/** Carried out in the page on the observed QueryClient; recorded as a `query` event of kind `action`. */
export interface QueryActionMessage {
  kind: 'query-action';
  action: QueryAction;
  queryHash: string;
}

/**
 * Asks the page for a trace (redaction happens in the page, so secrets never leave it). `preview`: answer with the
 * redaction report only (counts per rule and samples), not the file.
 */
export interface ExportTraceMessage {
  kind: 'export-trace';
  requestId: number;
  format: 'rtdtrace' | 'har';
  options: TraceRequestOptions;
  preview: boolean;
  /** Save `options.rules` as the site's extra rules, replacing the saved ones (the UI's rules editor). */
  saveRules?: boolean;
}

export type UiToPageMessage =
  | InitMessage | DetachMessage | ClearMessage | GetPayloadMessage | SetLimitsMessage | ChaosCommand
  | QueryActionMessage | ExportTraceMessage;

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
