import { createStore, type StoreApi } from 'zustand/vanilla';
import {
  PROTOCOL_VERSION,
  type BatchMessage,
  type CaptureEvent,
  type ChaosEvent,
  type ChaosState,
  type ClientEvent,
  type HelloMessage,
  type InternalErrorEvent,
  type PageDisconnectedMessage,
  type PageInfo,
  type PayloadEncoding,
  type PayloadMessage,
  type SnapshotMessage,
  type StoreLimits,
  type ToUiMessage,
  type UiToPageMessage,
} from '../../../instrumentation/protocol';
import { ConnectionTable } from './connection-table';
import { EventLog, type LoggedEvent } from './event-log';
import type { DirectionFilter } from './frame-filter';
import { helloVersion, validateToUiMessage } from './validate';

/** Rows the UI keeps across sessions; a page's own ring holds 100k by default, a preserved log may hold more. */
export const UI_MAX_ROWS = 200_000;
const UI_MAX_CONNECTIONS = 10_000;
const MAX_INTERNAL_ERRORS = 1_000;
const MAX_PROBLEMS = 200;
const MAX_CHAOS_EVENTS = 2_000;
/** Library events (states, reconnects, queue counts, presence) kept for the Queue, Presence and Timeline views. */
const MAX_CLIENT_EVENTS = 20_000;
/** Problems listed per refused message; the rest are counted. */
const PROBLEMS_PER_MESSAGE = 3;

export interface SessionInfo {
  /** Increases with every page session this UI sees; keys rows and connections across a preserved log. */
  ordinal: number;
  sessionId: string;
  toolVersion: string;
  page: PageInfo;
  limits: StoreLimits;
}

export interface InternalErrorRecord {
  session: number;
  event: InternalErrorEvent;
}

/** A change of the simulated network conditions, kept as a marker for the timeline. */
export interface ChaosEventRecord {
  session: number;
  event: ChaosEvent;
}

/** What a client library reported (reconnects, queue counts, presence), for the views built from them. */
export interface ClientEventRecord {
  session: number;
  event: ClientEvent;
}

/** Something the UI itself noticed: a malformed message from the page, a command that could not be sent. */
export interface UiProblem {
  at: number;
  text: string;
}

export interface LoadedPayload {
  found: boolean;
  data: string;
  encoding: PayloadEncoding;
  truncated: boolean;
}

export interface RowRef {
  session: number;
  seq: number;
}

export type MainTab = 'frames' | 'timeline' | 'network' | 'queue' | 'presence';
export type DetailTab = 'decoded' | 'text' | 'json' | 'hex' | 'base64';

export function rowKey(row: RowRef): string {
  return `${row.session}:${row.seq}`;
}

export interface PageData {
  session: SessionInfo | null;
  log: EventLog;
  connections: ConnectionTable;
  internalErrors: InternalErrorRecord[];
  /** The network conditions the page simulates, as it last said; null until it has said (or for a page gone). */
  chaos: ChaosState | null;
  /** Every change of those conditions still known, oldest first. */
  chaosEvents: ChaosEventRecord[];
  /** Every client library event still known, oldest first. */
  clientEvents: ClientEventRecord[];
  /** Events the page's ring dropped this session (as the page last reported). */
  dropped: number;
  versionMismatch: { pageVersion: number; uiVersion: number } | null;
  disconnected: PageDisconnectedMessage['reason'] | null;
  /** Full payloads fetched with `get-payload`, by `rowKey`. */
  payloads: Map<string, LoadedPayload>;
  /** Changes whenever `apply` changed anything above; the mutable log and table carry their own versions. */
  dataVersion: number;
}

export interface ViewState {
  preserveLog: boolean;
  search: string;
  regex: boolean;
  direction: DirectionFilter;
  /** Keep-alive frames of decoded protocols (pings, pongs) are hidden unless this is on. */
  showHeartbeats: boolean;
  /** Connection key (`session:id`), or null for all connections. */
  selectedConnection: string | null;
  selectedRow: RowRef | null;
  tab: MainTab;
  /** The detail tab the user picked; null lets the detail pane choose the best one for the frame. */
  detailTab: DetailTab | null;
  errorsOpen: boolean;
  problems: UiProblem[];
  problemCount: number;
  /** `problemCount` when the user last dismissed the error line. */
  problemsSeen: number;
  /** Row keys whose full payload was asked for and has not arrived. */
  pendingPayloads: ReadonlySet<string>;
}

export interface Actions {
  /** The only writer of page data. Never throws: a malformed or failing message becomes a visible problem. */
  apply(message: unknown): void;
  /** Sends a command to the page; a wall that throws (a dead Port) becomes a visible problem. */
  send(message: UiToPageMessage): void;
  clear(): void;
  requestFullPayload(row: RowRef): void;
  setPreserveLog(preserve: boolean): void;
  setSearch(search: string): void;
  setRegex(regex: boolean): void;
  setDirection(direction: DirectionFilter): void;
  setShowHeartbeats(show: boolean): void;
  selectConnection(key: string | null): void;
  selectRow(row: RowRef | null): void;
  setTab(tab: MainTab): void;
  setDetailTab(tab: DetailTab): void;
  setErrorsOpen(open: boolean): void;
  dismissProblems(): void;
}

export type DevtoolsState = PageData & ViewState & Actions;
export type DevtoolsStore = StoreApi<DevtoolsState>;

export interface StoreOptions {
  send(message: UiToPageMessage): void;
  maxRows?: number;
  now?: () => number;
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

export function createDevtoolsStore(options: StoreOptions): DevtoolsStore {
  const now = options.now ?? Date.now;
  let nextOrdinal = 0;
  let nextRequestId = 1;
  const requests = new Map<number, RowRef>();
  let internalErrorSeqs = new Set<number>();

  return createStore<DevtoolsState>()((set, get) => {
    const addProblem = (text: string): void => {
      const state = get();
      const problems = [...state.problems, { at: now(), text }];
      set({ problems: problems.slice(-MAX_PROBLEMS), problemCount: state.problemCount + 1 });
    };

    const send = (message: UiToPageMessage): void => {
      try {
        options.send(message);
      } catch (error) {
        addProblem(`Could not send “${message.kind}” to the page: ${describeError(error)}`);
      }
    };

    const touched = (patch: Partial<DevtoolsState> = {}): void => {
      set({ ...patch, dataVersion: get().dataVersion + 1 });
    };

    const splitEvents = (
      events: readonly CaptureEvent[],
    ): { logged: LoggedEvent[]; errors: InternalErrorEvent[]; chaos: ChaosEvent[]; clients: ClientEvent[] } => {
      const logged: LoggedEvent[] = [];
      const errors: InternalErrorEvent[] = [];
      const chaos: ChaosEvent[] = [];
      const clients: ClientEvent[] = [];
      for (const event of events) {
        if (event.type === 'internal-error') errors.push(event);
        else if (event.type === 'chaos') chaos.push(event);
        else if (event.type === 'client') clients.push(event);
        else logged.push(event);
      }
      return { logged, errors, chaos, clients };
    };

    /** `base` plus the client events of `session` it does not hold yet (a page resends them on every `init`), in seq order. */
    const withClientEvents = (session: number, events: ClientEvent[], base: ClientEventRecord[]): ClientEventRecord[] => {
      const known = new Set(base.filter((record) => record.session === session).map((record) => record.event.seq));
      const fresh = events.filter((event) => !known.has(event.seq));
      if (fresh.length === 0) return base;
      const merged = [...base, ...fresh.map((event) => ({ session, event }))];
      merged.sort((a, b) => a.session - b.session || a.event.seq - b.event.seq);
      return merged.slice(-MAX_CLIENT_EVENTS);
    };

    /** `base` plus the chaos events of `session` it does not hold yet (a page resends them on every `init`), in seq order. */
    const withChaosEvents = (session: number, events: ChaosEvent[], base: ChaosEventRecord[]): ChaosEventRecord[] => {
      const known = new Set(base.filter((record) => record.session === session).map((record) => record.event.seq));
      const fresh = events.filter((event) => !known.has(event.seq));
      if (fresh.length === 0) return base;
      const merged = [...base, ...fresh.map((event) => ({ session, event }))];
      merged.sort((a, b) => a.session - b.session || a.event.seq - b.event.seq);
      return merged.slice(-MAX_CHAOS_EVENTS);
    };

    const withInternalErrors = (session: number, errors: InternalErrorEvent[], base: InternalErrorRecord[]): InternalErrorRecord[] => {
      const fresh = errors.filter((event) => !internalErrorSeqs.has(event.seq));
      if (fresh.length === 0) return base;
      for (const event of fresh) internalErrorSeqs.add(event.seq);
      return [...base, ...fresh.map((event) => ({ session, event }))].slice(-MAX_INTERNAL_ERRORS);
    };

    const onHello = (hello: HelloMessage): void => {
      const state = get();
      const common = { versionMismatch: null, disconnected: null };
      if (state.session?.sessionId === hello.sessionId) {
        // The same page load answering a repeated `init` (panel reopened, service worker restarted).
        touched({ ...common, session: { ...state.session, toolVersion: hello.toolVersion, page: hello.page, limits: hello.limits } });
        return;
      }
      const session: SessionInfo = {
        ordinal: nextOrdinal++,
        sessionId: hello.sessionId,
        toolVersion: hello.toolVersion,
        page: hello.page,
        limits: hello.limits,
      };
      requests.clear();
      internalErrorSeqs = new Set();
      if (state.preserveLog && state.session) {
        state.log.beginSession(session.ordinal, { type: 'navigation', seq: -1, at: hello.page.timeOrigin, url: hello.page.url });
        touched({ ...common, session, dropped: 0, chaos: null, pendingPayloads: new Set() });
        return;
      }
      state.log.reset();
      state.log.beginSession(session.ordinal, null);
      state.connections.reset();
      touched({
        ...common,
        session,
        dropped: 0,
        internalErrors: [],
        chaos: null,
        chaosEvents: [],
        clientEvents: [],
        payloads: new Map(),
        pendingPayloads: new Set(),
        selectedRow: null,
        selectedConnection: null,
      });
    };

    const onSnapshot = (snapshot: SnapshotMessage, session: SessionInfo): void => {
      const state = get();
      const { logged, errors, chaos, clients } = splitEvents(snapshot.events);
      state.log.replaceCurrentSession(logged);
      state.connections.replaceSession(session.ordinal, snapshot.connections);
      internalErrorSeqs = new Set();
      const kept = state.internalErrors.filter((record) => record.session !== session.ordinal);
      const keptChaos = state.chaosEvents.filter((record) => record.session !== session.ordinal);
      const keptClients = state.clientEvents.filter((record) => record.session !== session.ordinal);
      touched({
        dropped: snapshot.dropped,
        internalErrors: withInternalErrors(session.ordinal, errors, kept),
        chaosEvents: withChaosEvents(session.ordinal, chaos, keptChaos),
        clientEvents: withClientEvents(session.ordinal, clients, keptClients),
      });
    };

    const onBatch = (batch: BatchMessage, session: SessionInfo): void => {
      const state = get();
      const { logged, errors, chaos, clients } = splitEvents(batch.events);
      state.log.append(logged);
      state.connections.upsert(session.ordinal, batch.connections);
      touched({
        dropped: batch.dropped,
        internalErrors: withInternalErrors(session.ordinal, errors, state.internalErrors),
        chaosEvents: withChaosEvents(session.ordinal, chaos, state.chaosEvents),
        clientEvents: withClientEvents(session.ordinal, clients, state.clientEvents),
      });
    };

    const onPayload = (payload: PayloadMessage): void => {
      const row = requests.get(payload.requestId);
      if (!row || row.seq !== payload.seq) {
        addProblem(`Ignored a payload for request ${payload.requestId}, which this UI did not make`);
        return;
      }
      requests.delete(payload.requestId);
      const state = get();
      const key = rowKey(row);
      const payloads = new Map(state.payloads);
      payloads.set(key, { found: payload.found, data: payload.data, encoding: payload.encoding, truncated: payload.truncated });
      const pendingPayloads = new Set(state.pendingPayloads);
      pendingPayloads.delete(key);
      touched({ payloads, pendingPayloads });
    };

    const onCleared = (): void => {
      const state = get();
      state.log.reset();
      if (state.session) state.log.beginSession(state.session.ordinal, null);
      state.connections.clear(state.session?.ordinal ?? -1);
      internalErrorSeqs = new Set();
      const selectedConnection =
        state.selectedConnection !== null && state.connections.get(state.selectedConnection) ? state.selectedConnection : null;
      touched({ dropped: 0, internalErrors: [], chaosEvents: [], clientEvents: [], payloads: new Map(), selectedRow: null, selectedConnection });
    };

    const applyValid = (message: ToUiMessage): void => {
      const state = get();
      if (message.kind === 'page-disconnected') {
        touched({ disconnected: message.reason });
        return;
      }
      if (message.kind === 'hello') {
        onHello(message);
        return;
      }
      if (message.kind === 'cleared') {
        onCleared();
        return;
      }
      // Data from a page speaking another protocol version, or before its hello, cannot be read safely.
      if (state.versionMismatch) return;
      const session = state.session;
      if (!session) {
        addProblem(`Ignored “${message.kind}” received before the page said hello`);
        return;
      }
      switch (message.kind) {
        case 'snapshot':
          onSnapshot(message, session);
          break;
        case 'batch':
          onBatch(message, session);
          break;
        case 'payload':
          onPayload(message);
          break;
        case 'chaos-state':
          touched({ chaos: message.state });
          break;
        default: {
          const unreachable: never = message;
          addProblem(`Unhandled message ${JSON.stringify(unreachable)}`);
        }
      }
    };

    return {
      session: null,
      log: new EventLog(options.maxRows ?? UI_MAX_ROWS),
      connections: new ConnectionTable(UI_MAX_CONNECTIONS),
      internalErrors: [],
      chaos: null,
      chaosEvents: [],
      clientEvents: [],
      dropped: 0,
      versionMismatch: null,
      disconnected: null,
      payloads: new Map(),
      dataVersion: 0,

      preserveLog: false,
      search: '',
      regex: false,
      direction: 'all',
      showHeartbeats: false,
      selectedConnection: null,
      selectedRow: null,
      tab: 'frames',
      detailTab: null,
      errorsOpen: false,
      problems: [],
      problemCount: 0,
      problemsSeen: 0,
      pendingPayloads: new Set(),

      apply(raw: unknown) {
        let kind = 'message';
        try {
          const version = helloVersion(raw);
          if (version !== null && version !== PROTOCOL_VERSION) {
            touched({ versionMismatch: { pageVersion: version, uiVersion: PROTOCOL_VERSION }, disconnected: null });
            return;
          }
          const { message, problems } = validateToUiMessage(raw);
          kind = message?.kind ?? kind;
          if (problems.length > 0) {
            const shown = problems.slice(0, PROBLEMS_PER_MESSAGE).join('; ');
            const more = problems.length > PROBLEMS_PER_MESSAGE ? ` (and ${problems.length - PROBLEMS_PER_MESSAGE} more)` : '';
            addProblem(message
              ? `Skipped ${problems.length} malformed item${problems.length === 1 ? '' : 's'} of a “${kind}” from the page: ${shown}${more}`
              : `Ignored a malformed message from the page: ${shown}`);
          }
          if (message) applyValid(message);
        } catch (error) {
          addProblem(`Failed to apply a “${kind}” from the page: ${describeError(error)}`);
        }
      },

      send,

      clear() {
        const state = get();
        // Without a live page nobody would answer `cleared`: clear what is shown at once.
        if (!state.session || state.disconnected || state.versionMismatch) get().apply({ kind: 'cleared' });
        else send({ kind: 'clear' });
      },

      requestFullPayload(row: RowRef) {
        const state = get();
        const key = rowKey(row);
        if (!state.session || row.session !== state.session.ordinal || state.pendingPayloads.has(key)) return;
        const requestId = nextRequestId++;
        requests.set(requestId, row);
        set({ pendingPayloads: new Set(state.pendingPayloads).add(key) });
        send({ kind: 'get-payload', requestId, seq: row.seq });
      },

      setPreserveLog: (preserveLog) => set({ preserveLog }),
      setSearch: (search) => set({ search }),
      setRegex: (regex) => set({ regex }),
      setDirection: (direction) => set({ direction }),
      setShowHeartbeats: (showHeartbeats) => set({ showHeartbeats }),
      selectConnection: (selectedConnection) => set({ selectedConnection }),
      selectRow: (selectedRow) => set({ selectedRow }),
      setTab: (tab) => set({ tab }),
      setDetailTab: (detailTab) => set({ detailTab }),
      setErrorsOpen: (errorsOpen) => set({ errorsOpen }),
      dismissProblems: () => set({ problemsSeen: get().problemCount }),
    };
  });
}
