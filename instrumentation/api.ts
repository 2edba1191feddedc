import type {
  CaptureEvent,
  ChaosFrameFilter,
  ChaosPresetName,
  ChaosScheduleRequest,
  ChaosSettingsPatch,
  ChaosState,
  ClientInfo,
  ClientQueue,
  ConnectionInfo,
  FrameEvent,
  MutationInfo,
  PageToUiMessage,
  PresenceMapping,
  PresenceSet,
  QueryInfo,
  StoreLimits,
  UiToPageMessage,
} from './protocol';
import type { HarLog } from './trace/har-format';
import type { TraceExportOptions, TraceFile } from './trace/trace-format';

/** What `subscribe` listeners receive: each batch of new events plus the connections that changed. */
export interface CaptureUpdate {
  events: CaptureEvent[];
  connections: ConnectionInfo[];
  dropped: number;
}

/** A UI attached to the page in the same window (overlay) or through the extension relay. */
export interface UiLink {
  /** Hand the page a command from the UI. */
  receive(message: UiToPageMessage): void;
  /** The UI went away: stop sending to it. */
  disconnect(): void;
}

/** What `chaos.set` takes: the protocol's patch, with a drop filter that may also be a plain substring or a RegExp. */
export type ChaosSettingsInput = Omit<ChaosSettingsPatch, 'dropFilter'> & { dropFilter?: ChaosFrameFilter | string | RegExp | null };

/**
 * Network conditions simulated inside the page (`__REALTIME_DEVTOOLS__.chaos`). Every change is recorded as a
 * `chaos` event and, unless `persist` is off, kept for this tab across reloads until `reset()`. Invalid input is
 * ignored and reported as an internal error; nothing here throws.
 */
export interface ChaosApi {
  /** The conditions in force (a copy). */
  get(): ChaosState;
  /** Called with the new state after every change; returns the unsubscribe function. */
  onChange(listener: (state: ChaosState) => void): () => void;
  /** Changes some conditions; returns the new state. Setting `offline` stops a running schedule. */
  set(changes: ChaosSettingsInput): ChaosState;
  /** Every condition off, schedule stopped, exemptions and persistence back to their defaults. */
  reset(): ChaosState;
  /** Replaces the conditions with a named preset (exemptions and persistence stay). */
  preset(name: ChaosPresetName): ChaosState;
  /** Starts a schedule (`offline-for`, `flap`), replacing any running one; `null` stops it and goes online. */
  schedule(request: ChaosScheduleRequest | null): ChaosState;
  /**
   * Ends one connection as the server or the network would. WebSocket: code 1006 (the default) fails it
   * (`error`, then `close` with wasClean false); any other code from 1000 to 4999 is a close frame from the server
   * (wasClean true). EventSource: the connection drops and the source reconnects (the code is not used).
   * Returns false when there is no such open connection, or the code or reason is invalid.
   */
  kill(connectionId: string, code?: number, reason?: string): boolean;
}

/**
 * `window.__REALTIME_DEVTOOLS__`: the public programmatic API (documented in the README).
 * Every method is safe to call from page code and tests: none throws for the tool's own faults.
 */
export interface RealtimeDevtoolsApi {
  readonly version: string;
  readonly sessionId: string;
  /** Every physical connection seen since load (or since `clear()`), oldest first. Copies: mutate freely. */
  connections(): ConnectionInfo[];
  /**
   * Frames the ring still holds, for one connection or all, oldest first. Frames of a connection whose library was
   * detected (`ConnectionInfo.library`) and fetch-SSE events carry their one-line decoded form in `decoded`.
   */
  frames(connectionId?: string): FrameEvent[];
  /** Every event the ring still holds (frames, lifecycle, internal errors). */
  events(): CaptureEvent[];
  /** Called with batches of new events (a few ms apart, never per frame). Returns the unsubscribe function. */
  subscribe(listener: (update: CaptureUpdate) => void): () => void;
  /** Forget every event and every closed connection; open ones stay listed with counters reset. */
  clear(): void;
  /** Events dropped because the ring was full. */
  dropped(): number;
  limits(): StoreLimits;
  setLimits(limits: Partial<StoreLimits>): void;
  /** Simulated network conditions: offline, stall, latency, drops, kill. */
  readonly chaos: ChaosApi;
  /**
   * Observe a client library instance: a socket.io-client Socket or Manager, a pusher-js instance, an Ably Realtime
   * instance. Returns its client id (`ClientInfo.id`; the same for a client attached twice), or null for anything
   * else (recorded as a `client` event of kind `ignored`). pusher-js clients, and the script-tag builds of Ably and
   * Socket.IO, are found without it; bundled Socket.IO and Ably need it. Observation never changes the client.
   * A TanStack Query v5 `QueryClient` (anything with `getQueryCache` and `getMutationCache`) becomes the observed
   * query client (replacing any other) and gets an id `q1`, `q2`…; an app that sets
   * `window.__TANSTACK_QUERY_CLIENT__` needs no `attach`.
   */
  attach(client: unknown): string | null;
  /**
   * The observed QueryClient's queries, JSON-safe: key, status, fetchStatus, staleness, observers, data as JSON text
   * cut to `previewBytes`, and the last cache action a realtime frame caused. Empty while no client is observed.
   */
  queries(): QueryInfo[];
  /** The observed QueryClient's mutations, JSON-safe: status, `isPaused` (waiting for the network), variables. */
  mutations(): MutationInfo[];
  /** Every observed client library instance: state, reconnect attempt, next attempt time, physical connections. */
  clients(): ClientInfo[];
  /**
   * The one offline queue, per source: what each client library holds to send later (Socket.IO `sendBuffer` with
   * emits lost on a dying connection, Ably queued messages), TanStack paused mutations, app queues registered with
   * `trackQueue`, and plain WebSockets whose `bufferedAmount` is above zero (library `websocket`).
   */
  queue(): ClientQueue[];
  /**
   * Shows an app-defined queue (e.g. an `offline-queue` array in localStorage) in the Queue view and in `queue()`.
   * `getItems()` returns the queued items, oldest first (null or undefined: none); each is named by its `type`,
   * `event` or `name` field and previewed as JSON. It is called while something is queued, when the window goes
   * online or offline and after socket activity, never in a tight loop; if it throws, that is recorded as an
   * internal error. Returns the function that stops tracking the queue.
   */
  trackQueue(name: string, getItems: () => unknown): () => void;
  /** The members of every presence set as each client sees it (Pusher, Ably; Socket.IO through the mapping). */
  presence(): PresenceSet[];
  /** The Socket.IO presence mapping in force. */
  presenceMapping(): PresenceMapping;
  /** Changes it (missing fields keep their defaults), kept for this site in localStorage; `null` restores the defaults. */
  setPresenceMapping(mapping: Partial<PresenceMapping> | null): PresenceMapping;
  /** Attach a UI: it is sent `hello` + `snapshot` when it sends `init`, then batches. */
  connectUi(send: (message: PageToUiMessage) => void): UiLink;
  /**
   * A trace of what the ring holds (docs/trace-format.md) as an object: `JSON.stringify` it to save a
   * `.rtdtrace.json`. Secrets are redacted unless `redact: false`. Null if the export failed (recorded as an
   * internal error), e.g. for a pattern in `rules` that is no valid RegExp.
   */
  exportTrace(options?: TraceExportOptions): TraceFile | null;
  /** The same capture as a HAR 1.2 log with Chrome's `_webSocketMessages` and `_eventSourceMessages`. */
  exportHar(options?: TraceExportOptions): HarLog | null;
}

export const GLOBAL_NAME = '__REALTIME_DEVTOOLS__';
