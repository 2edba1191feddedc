import { createStore, type StoreApi } from 'zustand/vanilla';
import {
  PROTOCOL_VERSION,
  type BatchMessage,
  type CaptureEvent,
  type ChaosEvent,
  type ChaosState,
  type ClientEvent,
  type ClientQueue,
  type HelloMessage,
  type InternalErrorEvent,
  type PageDisconnectedMessage,
  type PageInfo,
  type PayloadEncoding,
  type PayloadMessage,
  type QueryCacheMessage,
  type QueryEvent,
  type QueueEvent,
  type SnapshotMessage,
  type TraceMessage,
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
/** A trace of a full ring (100k frames) is built and redacted in the page within a few seconds. */
const DEFAULT_TRACE_TIMEOUT_MS = 30_000;
/** Query-cache and non-library queue events kept for the Cache, Queue and Timeline views and the frame links. */
const MAX_QUERY_EVENTS = 20_000;
const MAX_QUEUE_EVENTS = 20_000;
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

export interface QueryEventRecord {
  session: number;
  event: QueryEvent;
}

export interface QueueEventRecord {
  session: number;
  event: QueueEvent;
}

/** The query cache as the page last described it. */
export type QueryCacheState = Omit<QueryCacheMessage, 'kind'>;

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

export type MainTab = 'frames' | 'timeline' | 'network' | 'queue' | 'presence' | 'cache';
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
  /** Every query-cache event still known (cache actions, fetches, causes), oldest first. */
  queryEvents: QueryEventRecord[];
  /** Every change of a queue that is no client library's (TanStack, app, plain socket), oldest first. */
  queueEvents: QueueEventRecord[];
  /** The page's query cache now; null until the page has said (an older page, or none yet). */
  queryCache: QueryCacheState | null;
  /** Every offline queue with its items now; null until the page has said. */
  queues: ClientQueue[] | null;
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
  /**
   * Asks the page for a trace or HAR (or only its redaction report, with `preview`); resolves with the page's answer,
   * or with an `ok: false` answer when there is no live page or it does not answer within `timeoutMs`.
   */
  requestTrace(request: Omit<Extract<UiToPageMessage, { kind: 'export-trace' }>, 'kind' | 'requestId'>, timeoutMs?: number): Promise<TraceMessage>;
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
  const traceRequests = new Map<number, (answer: TraceMessage) => void>();
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
    ): { logged: LoggedEvent[]; errors: InternalErrorEvent[]; chaos: ChaosEvent[]; clients: ClientEvent[]; queries: QueryEvent[]; queues: QueueEvent[] } => {
      const logged: LoggedEvent[] = [];
      const errors: InternalErrorEvent[] = [];
      const chaos: ChaosEvent[] = [];
      const clients: ClientEvent[] = [];
      const queries: QueryEvent[] = [];
      const queues: QueueEvent[] = [];
      for (const event of events) {
        if (event.type === 'internal-error') errors.push(event);
        else if (event.type === 'chaos') chaos.push(event);
        else if (event.type === 'client') clients.push(event);
        else if (event.type === 'query') queries.push(event);
        else if (event.type === 'queue') queues.push(event);
        else logged.push(event);
      }
      return { logged, errors, chaos, clients, queries, queues };
    };

    /** `base` plus the events of `session` it does not hold yet (a page resends them on every `init`), in seq order. */
    const withSessionEvents = <E extends CaptureEvent>(
      session: number,
      events: E[],
      base: { session: number; event: E }[],
      max: number,
    ): { session: number; event: E }[] => {
      const known = new Set(base.filter((record) => record.session === session).map((record) => record.event.seq));
      const fresh = events.filter((event) => !known.has(event.seq));
      if (fresh.length === 0) return base;
      const merged = [...base, ...fresh.map((event) => ({ session, event }))];
      merged.sort((a, b) => a.session - b.session || a.event.seq - b.event.seq);
      return merged.slice(-max);
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
        touched({ ...common, session, dropped: 0, chaos: null, queryCache: null, queues: null, pendingPayloads: new Set() });
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
        queryEvents: [],
        queueEvents: [],
        queryCache: null,
        queues: null,
        payloads: new Map(),
        pendingPayloads: new Set(),
        selectedRow: null,
        selectedConnection: null,
      });
    };

    const onSnapshot = (snapshot: SnapshotMessage, session: SessionInfo): void => {
      const state = get();
      const { logged, errors, chaos, clients, queries, queues } = splitEvents(snapshot.events);
      state.log.replaceCurrentSession(logged);
      state.connections.replaceSession(session.ordinal, snapshot.connections);
      internalErrorSeqs = new Set();
      const kept = state.internalErrors.filter((record) => record.session !== session.ordinal);
      const keptChaos = state.chaosEvents.filter((record) => record.session !== session.ordinal);
      const keptClients = state.clientEvents.filter((record) => record.session !== session.ordinal);
      const keptQueries = state.queryEvents.filter((record) => record.session !== session.ordinal);
      const keptQueues = state.queueEvents.filter((record) => record.session !== session.ordinal);
      touched({
        dropped: snapshot.dropped,
        internalErrors: withInternalErrors(session.ordinal, errors, kept),
        chaosEvents: withSessionEvents(session.ordinal, chaos, keptChaos, MAX_CHAOS_EVENTS),
        clientEvents: withSessionEvents(session.ordinal, clients, keptClients, MAX_CLIENT_EVENTS),
        queryEvents: withSessionEvents(session.ordinal, queries, keptQueries, MAX_QUERY_EVENTS),
        queueEvents: withSessionEvents(session.ordinal, queues, keptQueues, MAX_QUEUE_EVENTS),
      });
    };

    const onBatch = (batch: BatchMessage, session: SessionInfo): void => {
      const state = get();
      const { logged, errors, chaos, clients, queries, queues } = splitEvents(batch.events);
      state.log.append(logged);
      state.connections.upsert(session.ordinal, batch.connections);
      touched({
        dropped: batch.dropped,
        internalErrors: withInternalErrors(session.ordinal, errors, state.internalErrors),
        chaosEvents: withSessionEvents(session.ordinal, chaos, state.chaosEvents, MAX_CHAOS_EVENTS),
        clientEvents: withSessionEvents(session.ordinal, clients, state.clientEvents, MAX_CLIENT_EVENTS),
        queryEvents: withSessionEvents(session.ordinal, queries, state.queryEvents, MAX_QUERY_EVENTS),
        queueEvents: withSessionEvents(session.ordinal, queues, state.queueEvents, MAX_QUEUE_EVENTS),
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
      touched({
        dropped: 0,
        internalErrors: [],
        chaosEvents: [],
        clientEvents: [],
        queryEvents: [],
        queueEvents: [],
        payloads: new Map(),
        selectedRow: null,
        selectedConnection,
      });
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
        case 'query-cache':
          touched({ queryCache: { clientFound: message.clientFound, queries: message.queries, mutations: message.mutations } });
          break;
        case 'queue-state':
          touched({ queues: message.queues });
          break;
        case 'trace': {
          const resolve = traceRequests.get(message.requestId);
          if (!resolve) {
            addProblem(`Ignored a trace for request ${message.requestId}, which this UI did not make`);
            break;
          }
          traceRequests.delete(message.requestId);
          resolve(message);
          break;
        }
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
      queryEvents: [],
      queueEvents: [],
      queryCache: null,
      queues: null,
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

      requestTrace(request, timeoutMs = DEFAULT_TRACE_TIMEOUT_MS) {
        const { format } = request;
        const failed = (error: string): TraceMessage => ({
          kind: 'trace',
          requestId: -1,
          format,
          ok: false,
          error,
          redaction: { enabled: request.options.redact !== false, counts: {}, samples: [] },
        });
        const state = get();
        if (!state.session || state.disconnected || state.versionMismatch) return Promise.resolve(failed('No live page to export from'));
        const requestId = nextRequestId++;
        return new Promise<TraceMessage>((resolve) => {
          const timer = setTimeout(() => {
            traceRequests.delete(requestId);
            resolve(failed(`The page did not answer within ${Math.round(timeoutMs / 1000)} s`));
          }, timeoutMs);
          traceRequests.set(requestId, (answer) => {
            clearTimeout(timer);
            resolve(answer);
          });
          send({ kind: 'export-trace', requestId, ...request });
        });
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
