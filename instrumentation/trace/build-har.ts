import type { ConnectionInfo, FrameEvent } from '../protocol';
import type { HarEntry, HarEventSourceMessage, HarLog, HarNameValue, HarWebSocketMessage } from './har-format';
import type { TraceFile } from './trace-format';

const PAGE_ID = 'page_1';

function isoTime(epochMs: number): string {
  return new Date(Number.isFinite(epochMs) ? epochMs : 0).toISOString();
}

function queryString(url: string): HarNameValue[] {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    return [];
  }
}

function webSocketMessage(frame: FrameEvent): HarWebSocketMessage {
  return {
    type: frame.direction === 'out' ? 'send' : 'receive',
    time: frame.at / 1000,
    opcode: frame.encoding === 'base64' ? 2 : 1,
    data: frame.data,
  };
}

function eventSourceMessage(frame: FrameEvent): HarEventSourceMessage {
  return { time: frame.at / 1000, eventName: frame.event ?? 'message', eventId: frame.lastEventId ?? '', data: frame.data };
}

function response(connection: ConnectionInfo, bytesIn: number): HarEntry['response'] {
  const common = { httpVersion: 'HTTP/1.1', headers: [], cookies: [], redirectURL: '', headersSize: -1, bodySize: -1 };
  const opened = connection.openedAt !== null;
  if (connection.transport === 'websocket') {
    // RFC 6455 §4.2.2: a successful opening handshake answers 101. A socket that never opened has no status (0, as Chrome writes).
    return { ...common, status: opened ? 101 : 0, statusText: opened ? 'Switching Protocols' : '', content: { size: 0, mimeType: 'x-unknown' } };
  }
  return { ...common, status: opened ? 200 : 0, statusText: opened ? 'OK' : '', content: { size: bytesIn, mimeType: 'text/event-stream' } };
}

function entry(connection: ConnectionInfo, frames: FrameEvent[]): HarEntry {
  const end = connection.closedAt ?? frames.at(-1)?.at ?? connection.openedAt ?? connection.createdAt;
  const wait = connection.openedAt === null ? 0 : Math.max(0, connection.openedAt - connection.createdAt);
  const time = Math.max(0, end - connection.createdAt);
  const bytesIn = frames.reduce((sum, frame) => sum + (frame.direction === 'in' ? frame.size : 0), 0);
  const base: HarEntry = {
    pageref: PAGE_ID,
    startedDateTime: isoTime(connection.createdAt),
    time,
    request: {
      method: 'GET',
      url: connection.url,
      httpVersion: 'HTTP/1.1',
      // The page never sees request headers; an empty list is what HAR allows for unknown ones.
      headers: [],
      queryString: queryString(connection.url),
      cookies: [],
      headersSize: -1,
      bodySize: 0,
    },
    response: response(connection, bytesIn),
    cache: {},
    // HAR 1.2: -1 for phases that do not apply; `time` is the sum of the others, so the rest of the life is `receive`.
    timings: { blocked: -1, dns: -1, connect: -1, ssl: -1, send: 0, wait, receive: Math.max(0, time - wait) },
    _resourceType: connection.transport === 'websocket' ? 'websocket' : connection.transport === 'eventsource' ? 'eventsource' : 'fetch',
  };
  if (connection.transport === 'websocket') return { ...base, _webSocketMessages: frames.map(webSocketMessage) };
  return { ...base, _eventSourceMessages: frames.filter((frame) => frame.direction === 'in').map(eventSourceMessage) };
}

/**
 * A HAR 1.2 log of the trace's WebSocket and Server-Sent Events connections, one entry each, with their messages
 * where Chrome DevTools puts them, so that HAR tools and DevTools' own import show them. Engine.io long-polling
 * sessions, lifecycle details and the other event types have no HAR form: they are only in the native trace.
 * Redaction happened when the trace was built; this only reshapes it.
 */
export function buildHar(trace: TraceFile): HarLog {
  const framesByConnection = new Map<string, FrameEvent[]>();
  for (const event of trace.events) {
    if (event.type !== 'frame') continue;
    const frames = framesByConnection.get(event.connectionId);
    if (frames) frames.push(event);
    else framesByConnection.set(event.connectionId, [event]);
  }
  const entries = trace.connections
    .filter((connection) => connection.transport !== 'polling')
    .map((connection) => entry(connection, framesByConnection.get(connection.id) ?? []));
  return {
    log: {
      version: '1.2',
      creator: { name: trace.tool.name, version: trace.tool.version },
      pages: [{ startedDateTime: isoTime(trace.page.timeOrigin), id: PAGE_ID, title: trace.page.url, pageTimings: { onContentLoad: -1, onLoad: -1 } }],
      entries,
      comment: trace.redaction.enabled ? 'Secrets were redacted by Realtime DevTools before export.' : 'Exported without redaction.',
    },
  };
}
