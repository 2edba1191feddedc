import type {
  CaptureEvent,
  ConnectionInfo,
  FrameEvent,
  PageToUiMessage,
  StoreLimits,
  UiToPageMessage,
} from './protocol';

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

/**
 * `window.__REALTIME_DEVTOOLS__`: the public programmatic API (documented in the README).
 * Every method is safe to call from page code and tests: none throws for the tool's own faults.
 */
export interface RealtimeDevtoolsApi {
  readonly version: string;
  readonly sessionId: string;
  /** Every physical connection seen since load (or since `clear()`), oldest first. Copies: mutate freely. */
  connections(): ConnectionInfo[];
  /** Frames the ring still holds, for one connection or all, oldest first. */
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
  /** Attach a UI: it is sent `hello` + `snapshot` when it sends `init`, then batches. */
  connectUi(send: (message: PageToUiMessage) => void): UiLink;
}

export const GLOBAL_NAME = '__REALTIME_DEVTOOLS__';
