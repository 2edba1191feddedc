import { version as toolVersion } from '../package.json';
import { GLOBAL_NAME, type RealtimeDevtoolsApi, type UiLink } from './api';
import { installCapture } from './capture/install';
import { applyChaosCommand, isChaosCommand } from './chaos/commands';
import { ChaosController } from './chaos/controller';
import { discoverClients } from './clients/discovery';
import { ClientRegistry } from './clients/registry';
import { natives } from './natives';
import type { ConnectionInfo, FrameEvent, PageInfo, PageToUiMessage, StoreLimits } from './protocol';
import { QueryInspector } from './query/inspector';
import { isQueryClient } from './query/query-client';
import { trackAppQueue } from './queues/app-queue';
import { QueueRegistry } from './queues/queue-registry';
import { SocketQueues } from './queues/socket-queues';
import { Recorder } from './recorder';
import { tapEventSource } from './transports/eventsource';
import type { Patch } from './transports/patch-registry';
import { exportPageHar, exportPageTrace } from './trace/page-export';
import { tapWebSocket } from './transports/websocket';
import { createUiLink, type LinkedUi } from './ui-link';

type PageWindow = Window & typeof globalThis;

function randomSessionId(): string {
  const bytes = new Uint8Array(8);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function copyConnection(info: ConnectionInfo): ConnectionInfo {
  return { ...info, requestedProtocols: [...info.requestedProtocols] };
}

function isInstalledApi(value: unknown): value is RealtimeDevtoolsApi {
  return typeof value === 'object' && value !== null && typeof (value as RealtimeDevtoolsApi).connectUi === 'function'
    && typeof (value as RealtimeDevtoolsApi).version === 'string';
}

/**
 * A UI link that also takes chaos commands and tells the UI the chaos state: after its `init` (behind the
 * snapshot) and on every change while it is attached.
 */
function connectUiWithChaos(chaos: ChaosController, recorder: Recorder, link: UiLink, send: (message: PageToUiMessage) => void): UiLink {
  let attached = false;
  const sendState = (): void => {
    if (attached) recorder.guard('sending the chaos state to a UI', () => send({ kind: 'chaos-state', state: chaos.get() }), undefined);
  };
  const stopListening = chaos.onChange(sendState);
  return {
    receive(message) {
      if (isChaosCommand(message)) {
        recorder.guard('handling a chaos command', () => applyChaosCommand(chaos.api, message), undefined);
        return;
      }
      link.receive(message);
      const kind = typeof message === 'object' && message !== null ? message.kind : undefined;
      if (kind === 'init') {
        attached = true;
        sendState();
      } else if (kind === 'detach') {
        attached = false;
      }
    },
    disconnect() {
      attached = false;
      stopListening();
      link.disconnect();
    },
  };
}

function createApi(win: PageWindow, recorder: Recorder, chaos: ChaosController, clients: ClientRegistry, query: QueryInspector, queues: QueueRegistry): RealtimeDevtoolsApi {
  const sessionId = randomSessionId();
  const links = new Set<LinkedUi>();
  const pageInfo = (): PageInfo => ({
    url: win.location.href,
    title: win.document?.title ?? '',
    userAgent: win.navigator.userAgent,
    timeOrigin: natives.timeOrigin,
  });
  const context = { recorder, toolVersion, sessionId, pageInfo, links, query, win, queues };
  const guard = <T>(where: string, fn: () => T, fallback: T): T => recorder.guard(where, fn, fallback);

  return Object.freeze({
    version: toolVersion,
    sessionId,
    connections: () => guard('connections()', () => recorder.connections().map(copyConnection), []),
    frames: (connectionId?: string) =>
      guard('frames()', () => recorder.events().filter((event): event is FrameEvent =>
        event.type === 'frame' && (connectionId === undefined || event.connectionId === connectionId)), []),
    events: () => guard('events()', () => recorder.events(), []),
    subscribe: (listener) => recorder.subscribe(listener),
    clear: () => {
      recorder.clear();
      for (const link of links) link.send({ kind: 'cleared' });
    },
    dropped: () => recorder.dropped,
    limits: (): StoreLimits => recorder.limits,
    setLimits: (limits: Partial<StoreLimits>) => guard('setLimits()', () => recorder.setLimits(limits), undefined),
    chaos: chaos.api,
    attach: (client: unknown) => guard('attach()', () => (isQueryClient(client) ? query.attach(client, 'attach') : clients.attach(client)), null),
    queries: () => guard('queries()', () => query.queries(), []),
    mutations: () => guard('mutations()', () => query.mutations(), []),
    clients: () => guard('clients()', () => clients.clients(), []),
    queue: () => guard('queue()', () => queues.snapshot(), []),
    trackQueue: (name: string, getItems: () => unknown) => guard('trackQueue()', () => trackAppQueue(queues, recorder, name, getItems), () => {}),
    presence: () => guard('presence()', () => clients.presence(), []),
    presenceMapping: () => clients.presenceMapping(),
    setPresenceMapping: (mapping) => guard('setPresenceMapping()', () => clients.setPresenceMapping(mapping), clients.presenceMapping()),
    connectUi: (send) => connectUiWithChaos(chaos, recorder, createUiLink(context, send), send),
    exportTrace: (options) => guard('exportTrace()', () => exportPageTrace({ ...context, win }, options), null),
    exportHar: (options) => guard('exportHar()', () => exportPageHar({ ...context, win }, options), null),
  } satisfies RealtimeDevtoolsApi);
}

/**
 * Installs the instrumentation once per window and returns the public API. A second call — the overlay on a page
 * where the extension already installed it, or a test fixture — returns the first install, so that every UI on
 * the page shares one recorder.
 */
export function installRealtimeDevtools(win: PageWindow = window): RealtimeDevtoolsApi {
  const existing: unknown = (win as unknown as Record<string, unknown>)[GLOBAL_NAME];
  if (isInstalledApi(existing)) return existing;
  const recorder = new Recorder();
  // Before the taps: the chaos layers take the natives they need before anything wraps them, and the taps consult
  // them. Its patches (fetch, XMLHttpRequest, navigator.onLine) stay for the life of the page, like the taps'.
  const chaosPatches: Patch[] = [];
  const chaos = new ChaosController(win, recorder, chaosPatches);
  const queues = new QueueRegistry(win, recorder);
  // The tap tells the queue registry of plain sockets and of their activity through the hooks it gives chaos.
  const socketQueues = new SocketQueues(queues);
  const websocketHooks = chaos.websocket && socketQueues.observe(chaos.websocket);
  recorder.guard('tapping WebSocket', () => tapWebSocket(win, recorder, websocketHooks), undefined);
  recorder.guard('tapping EventSource', () => tapEventSource(win, recorder, chaos.eventSource), undefined);
  // After chaos: its fetch and XMLHttpRequest wraps are the ones the capture goes around.
  recorder.guard('installing the capture', () => installCapture(win, recorder, []), undefined);
  const clients = new ClientRegistry(win, recorder, queues);
  recorder.guard('discovering client libraries', () => discoverClients(win, clients, recorder), undefined);
  const query = new QueryInspector(recorder, { queues });
  recorder.guard('watching for a TanStack QueryClient', () => query.install(win), undefined);
  const api = createApi(win, recorder, chaos, clients, query, queues);
  // Not enumerable, so that page code that walks `window` does not stumble on it; not writable, so that the
  // extension and the overlay cannot end up with two recorders.
  Object.defineProperty(win, GLOBAL_NAME, { value: api, enumerable: false, writable: false, configurable: true });
  return api;
}
