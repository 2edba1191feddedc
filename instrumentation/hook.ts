import { version as toolVersion } from '../package.json';
import { GLOBAL_NAME, type RealtimeDevtoolsApi } from './api';
import { natives } from './natives';
import type { ConnectionInfo, FrameEvent, PageInfo, StoreLimits } from './protocol';
import { Recorder } from './recorder';
import { tapEventSource } from './transports/eventsource';
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

function createApi(win: PageWindow, recorder: Recorder): RealtimeDevtoolsApi {
  const sessionId = randomSessionId();
  const links = new Set<LinkedUi>();
  const pageInfo = (): PageInfo => ({
    url: win.location.href,
    title: win.document?.title ?? '',
    userAgent: win.navigator.userAgent,
    timeOrigin: natives.timeOrigin,
  });
  const context = { recorder, toolVersion, sessionId, pageInfo, links };
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
    connectUi: (send) => createUiLink(context, send),
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
  recorder.guard('tapping WebSocket', () => tapWebSocket(win, recorder), undefined);
  recorder.guard('tapping EventSource', () => tapEventSource(win, recorder), undefined);
  const api = createApi(win, recorder);
  // Not enumerable, so that page code that walks `window` does not stumble on it; not writable, so that the
  // extension and the overlay cannot end up with two recorders.
  Object.defineProperty(win, GLOBAL_NAME, { value: api, enumerable: false, writable: false, configurable: true });
  return api;
}
