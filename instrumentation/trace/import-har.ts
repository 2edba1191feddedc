import type { CaptureEvent, ConnectionInfo, FrameEvent, LifecycleEvent } from '../protocol';
import { utf8Length } from '../payload';
import { base64, finite, is, isoDate, isRecord, list, oneOf, pathOf, string, type Fields } from '../validation/checks';
import type { Problems } from './json-checks';
import { TRACE_FORMAT, TRACE_VERSION, type TraceFile } from './trace-format';

const webSocketMessageFields: Fields = {
  type: oneOf('send', 'receive', 'error'),
  time: finite,
  opcode: finite,
  data: string,
};

const eventSourceMessageFields: Fields = { time: finite, eventName: string, eventId: string, data: string };

const entryFields: Fields = {
  startedDateTime: isoDate,
  request: is((value) => isRecord(value) && typeof value.url === 'string', 'expected an object with a url'),
};

function header(headers: unknown, name: string): string | undefined {
  if (!Array.isArray(headers)) return undefined;
  const found = headers.find((item) => isRecord(item) && typeof item.name === 'string' && item.name.toLowerCase() === name);
  return found && typeof found.value === 'string' ? found.value : undefined;
}

function base64Length(data: string): number {
  const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
  return (data.length / 4) * 3 - padding;
}

/** Events without a seq yet: seqs are given once all connections' events are merged in time order. */
type Pending = Omit<FrameEvent, 'seq'> | Omit<LifecycleEvent, 'seq'>;

interface ImportedConnection {
  connection: ConnectionInfo;
  events: Pending[];
}

function newConnection(id: string, transport: ConnectionInfo['transport'], url: string, createdAt: number, openedAt: number | null): ConnectionInfo {
  return {
    id, transport, url, requestedProtocols: [], protocol: '', extensions: '',
    // A HAR says nothing of how a connection ended: closed, at an unknown time.
    state: 'closed', createdAt, openedAt, closedAt: null, closeCode: null, closeReason: null, wasClean: null,
    framesIn: 0, framesOut: 0, bytesIn: 0, bytesOut: 0, errors: 0, lineage: url, attempt: 0, adoptedLate: false,
  };
}

function addFrame(imported: ImportedConnection, frame: Omit<FrameEvent, 'seq'>): void {
  const { connection } = imported;
  if (frame.direction === 'in') {
    connection.framesIn++;
    connection.bytesIn += frame.size;
  } else {
    connection.framesOut++;
    connection.bytesOut += frame.size;
  }
  imported.events.push(frame);
}

function importWebSocket(entry: Record<string, unknown>, path: string, id: string, createdAt: number, openedAt: number | null, problems: Problems): ImportedConnection | null {
  const request = entry.request as Record<string, unknown>;
  const response = isRecord(entry.response) ? entry.response : {};
  const imported: ImportedConnection = { connection: newConnection(id, 'websocket', request.url as string, createdAt, openedAt), events: [] };
  const offered = header(request.headers, 'sec-websocket-protocol');
  if (offered) imported.connection.requestedProtocols = offered.split(',').map((item) => item.trim()).filter(Boolean);
  imported.connection.protocol = header(response.headers, 'sec-websocket-protocol') ?? '';
  imported.connection.extensions = header(response.headers, 'sec-websocket-extensions') ?? '';
  const messages = entry._webSocketMessages ?? [];
  if (!Array.isArray(messages)) {
    problems.add(pathOf(path, '_webSocketMessages'), 'expected a list');
    return null;
  }
  messages.forEach((message, index) => {
    const messagePath = pathOf(pathOf(path, '_webSocketMessages'), index);
    if (!problems.fields(message, messagePath, webSocketMessageFields)) return;
    const at = (message.time as number) * 1000;
    if (message.type === 'error') {
      imported.connection.errors++;
      imported.events.push({ type: 'lifecycle', at, connectionId: id, phase: 'error' });
      return;
    }
    const data = message.data as string;
    const direction = message.type === 'send' ? 'out' : 'in';
    if (message.opcode === 1) {
      addFrame(imported, { type: 'frame', at, connectionId: id, direction, size: utf8Length(data), kind: 'text', data, encoding: 'text', truncated: false });
    } else if (message.opcode === 2) {
      if (base64(data) !== null) problems.add(pathOf(messagePath, 'data'), 'expected base64 text (opcode 2 is binary)');
      else addFrame(imported, { type: 'frame', at, connectionId: id, direction, size: base64Length(data), kind: 'binary', data, encoding: 'base64', truncated: false });
    } else {
      problems.add(pathOf(messagePath, 'opcode'), 'expected 1 (text) or 2 (binary)');
    }
  });
  return imported;
}

function importEventSource(entry: Record<string, unknown>, path: string, id: string, createdAt: number, openedAt: number | null, problems: Problems): ImportedConnection | null {
  const request = entry.request as Record<string, unknown>;
  const transport = entry._resourceType === 'fetch' ? 'fetch-sse' : 'eventsource';
  const imported: ImportedConnection = { connection: newConnection(id, transport, request.url as string, createdAt, openedAt), events: [] };
  const messages = entry._eventSourceMessages;
  if (!Array.isArray(messages)) {
    problems.add(pathOf(path, '_eventSourceMessages'), 'expected a list');
    return null;
  }
  messages.forEach((message, index) => {
    const messagePath = pathOf(pathOf(path, '_eventSourceMessages'), index);
    if (!problems.fields(message, messagePath, eventSourceMessageFields)) return;
    const data = message.data as string;
    addFrame(imported, {
      type: 'frame', at: (message.time as number) * 1000, connectionId: id, direction: 'in', size: utf8Length(data), kind: 'event',
      data, encoding: 'text', truncated: false, event: message.eventName as string, lastEventId: message.eventId as string,
    });
  });
  return imported;
}

function isRealtimeEntry(entry: Record<string, unknown>): 'websocket' | 'eventsource' | null {
  if (entry._resourceType === 'websocket' || entry._webSocketMessages !== undefined) return 'websocket';
  if (entry._resourceType === 'eventsource' || entry._eventSourceMessages !== undefined) return 'eventsource';
  return null;
}

/**
 * A HAR 1.2 log's WebSocket and Server-Sent Events entries (Chrome's `_webSocketMessages` and
 * `_eventSourceMessages`) as a trace: one connection per entry, a `connecting` and (for answered handshakes) an
 * `open` event, its messages as frames, Chrome's `error` messages as `error` events. Other entries are counted in
 * `skippedEntries`. A HAR is not redacted by this tool: `redaction.enabled` is false.
 */
export function harToTrace(value: Record<string, unknown>, problems: Problems): { trace: TraceFile; skippedEntries: number } | null {
  const log = value.log;
  if (!problems.fields(log, 'log', { entries: list })) return null;
  const imported: ImportedConnection[] = [];
  let skippedEntries = 0;
  (log.entries as unknown[]).forEach((entry, index) => {
    const path = pathOf('log.entries', index);
    if (!isRecord(entry)) {
      problems.add(path, 'expected an object');
      return;
    }
    const kind = isRealtimeEntry(entry);
    if (kind === null) {
      skippedEntries++;
      return;
    }
    if (!problems.fields(entry, path, entryFields)) return;
    const createdAt = Date.parse(entry.startedDateTime as string);
    const status = isRecord(entry.response) ? entry.response.status : undefined;
    const wait = isRecord(entry.timings) && typeof entry.timings.wait === 'number' && entry.timings.wait > 0 ? entry.timings.wait : 0;
    const openedAt = status === 101 || status === 200 ? createdAt + wait : null;
    const id = `har-${index}`;
    const connection = kind === 'websocket'
      ? importWebSocket(entry, path, id, createdAt, openedAt, problems)
      : importEventSource(entry, path, id, createdAt, openedAt, problems);
    if (!connection) return;
    connection.events.unshift({ type: 'lifecycle', at: createdAt, connectionId: id, phase: 'connecting' });
    if (openedAt !== null) connection.events.splice(1, 0, { type: 'lifecycle', at: openedAt, connectionId: id, phase: 'open' });
    imported.push(connection);
  });
  if (!problems.empty) return null;
  if (imported.length === 0) {
    problems.add('log.entries', 'no WebSocket or EventSource entries: this HAR has no realtime traffic to show');
    return null;
  }

  // A stable sort: within one connection, messages keep their file order when times tie.
  const pending = imported.flatMap((item) => item.events).sort((a, b) => a.at - b.at);
  const events = pending.map((event, index) => ({ ...event, seq: index + 1 }) as CaptureEvent);
  const connections = imported.map((item) => item.connection);
  const pages = isRecord(log) && Array.isArray(log.pages) ? log.pages : [];
  const firstPage = isRecord(pages[0]) ? pages[0] : {};
  const pageStart = typeof firstPage.startedDateTime === 'string' ? Date.parse(firstPage.startedDateTime) : Number.NaN;
  const timeOrigin = Number.isFinite(pageStart) ? pageStart : Math.min(...connections.map((connection) => connection.createdAt));
  const entries = log.entries as Record<string, unknown>[];
  const userAgent = entries.map((entry) => header(isRecord(entry.request) ? entry.request.headers : undefined, 'user-agent')).find(Boolean) ?? '';
  const creator = isRecord(log.creator) ? log.creator : {};
  return {
    trace: {
      format: TRACE_FORMAT,
      version: TRACE_VERSION,
      tool: { name: typeof creator.name === 'string' ? creator.name : 'HAR', version: typeof creator.version === 'string' ? creator.version : '' },
      exportedAt: new Date(Number.isFinite(timeOrigin) ? timeOrigin : 0).toISOString(),
      sessionId: `har-${timeOrigin}`,
      page: {
        url: typeof firstPage.title === 'string' && /^https?:/.test(firstPage.title) ? firstPage.title : (connections[0] as ConnectionInfo).url,
        title: typeof firstPage.title === 'string' ? firstPage.title : '',
        userAgent,
        timeOrigin,
      },
      redaction: { enabled: false, rules: { queryParams: [], fieldNames: [], jsonPaths: [], headers: [], patterns: [] }, counts: {} },
      connections,
      events,
      dropped: 0,
    },
    skippedEntries,
  };
}
