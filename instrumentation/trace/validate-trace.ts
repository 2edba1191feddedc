import type { CaptureEvent, ConnectionInfo } from '../protocol';
import {
  base64,
  boolean,
  count,
  finite,
  isoDate,
  isRecord,
  nullable,
  oneOf,
  optional,
  pathOf,
  record,
  string,
  stringList,
  type Check,
  type Fields,
  type Problems,
} from './json-checks';
import { TRACE_FORMAT, TRACE_VERSION, type TraceFile } from './trace-format';

const connectionFields: Fields = {
  id: (value) => (typeof value === 'string' && value.length > 0 ? null : 'expected a non-empty string'),
  transport: oneOf('websocket', 'eventsource', 'fetch-sse', 'polling'),
  url: string,
  requestedProtocols: stringList,
  protocol: string,
  extensions: string,
  state: oneOf('connecting', 'open', 'closing', 'closed'),
  createdAt: finite,
  openedAt: nullable(finite),
  closedAt: nullable(finite),
  closeCode: nullable(finite),
  closeReason: nullable(string),
  wasClean: nullable(boolean),
  framesIn: count,
  framesOut: count,
  bytesIn: count,
  bytesOut: count,
  errors: count,
  lineage: string,
  attempt: count,
  adoptedLate: boolean,
  library: optional(oneOf('socket.io', 'pusher', 'ably')),
  upgradedFrom: optional(string),
};

const decodedFields: Fields = {
  protocol: oneOf('socket.io', 'pusher', 'ably', 'sse'),
  label: string,
  channel: optional(string),
  summary: string,
  heartbeat: optional(boolean),
  error: optional(string),
};

const chaosStateFields: Fields = {
  offline: boolean,
  stall: boolean,
  latencyInMs: finite,
  latencyOutMs: finite,
  jitterInMs: finite,
  jitterOutMs: finite,
  dropRateIn: finite,
  dropRateOut: finite,
  dropFilter: nullable(record),
  exemptUrls: stringList,
  persist: boolean,
  schedule: nullable(record),
};

const base: Fields = { seq: count, at: finite };

const eventFields: Record<CaptureEvent['type'], Fields> = {
  frame: {
    ...base,
    connectionId: string,
    direction: oneOf('in', 'out'),
    size: count,
    kind: oneOf('text', 'binary', 'event'),
    data: string,
    encoding: oneOf('text', 'base64'),
    truncated: boolean,
    event: optional(string),
    lastEventId: optional(string),
    discarded: optional(boolean),
    dropped: optional(boolean),
    decoded: optional(record),
  },
  lifecycle: {
    ...base,
    connectionId: string,
    phase: oneOf('connecting', 'open', 'closing', 'closed', 'error', 'reconnecting'),
    closeCode: optional(finite),
    closeReason: optional(string),
    wasClean: optional(boolean),
    initiator: optional(oneOf('page', 'remote')),
    simulated: optional(boolean),
  },
  'internal-error': { ...base, where: string, message: string, stack: optional(string) },
  chaos: {
    ...base,
    cause: oneOf('set', 'reset', 'preset', 'schedule', 'schedule-tick', 'restored', 'kill'),
    state: record,
    connectionId: optional(string),
    closeCode: optional(finite),
    closeReason: optional(string),
    preset: optional(oneOf('slow-3g', 'flaky-mobile')),
  },
  client: {
    ...base,
    library: oneOf('socket.io', 'pusher', 'ably', 'unknown'),
    clientId: string,
    kind: oneOf('attached', 'ignored', 'state', 'reconnect-scheduled', 'reconnect-attempt', 'gave-up', 'resumed', 'resume-failed', 'queue', 'presence-join', 'presence-leave', 'lost'),
    connectionId: optional(string),
    state: optional(string),
    previousState: optional(string),
    reason: optional(string),
    attempt: optional(count),
    delayMs: optional(finite),
    nextAttemptAt: optional(finite),
    source: optional(string),
    queued: optional(count),
    memberId: optional(string),
    memberData: optional(string),
    event: optional(string),
  },
};

const countsCheck: Check = (value) =>
  isRecord(value) && Object.values(value).every((item) => count(item) === null) ? null : 'expected an object of counts';

const patternList: Check = (value) =>
  Array.isArray(value) && value.every((item) => isRecord(item) && typeof item.name === 'string' && typeof item.source === 'string')
    ? null
    : 'expected a list of { name, source, flags }';

const ruleFields: Fields = { queryParams: stringList, fieldNames: stringList, jsonPaths: stringList, headers: stringList, patterns: patternList };

const topFields: Fields = {
  version: count,
  tool: record,
  exportedAt: isoDate,
  sessionId: optional(string),
  page: record,
  redaction: record,
  range: optional(record),
  connections: (value) => (Array.isArray(value) ? null : 'expected a list'),
  events: (value) => (Array.isArray(value) ? null : 'expected a list'),
  dropped: count,
};

function isKnownType(type: unknown): type is CaptureEvent['type'] {
  return typeof type === 'string' && Object.hasOwn(eventFields, type);
}

function checkFrame(event: Record<string, unknown>, path: string, problems: Problems): void {
  if (event.encoding === 'base64' && base64(event.data) !== null) problems.add(pathOf(path, 'data'), 'expected base64 text (encoding is base64)');
  if (event.decoded !== undefined) problems.fields(event.decoded, pathOf(path, 'decoded'), decodedFields);
}

/**
 * Checks a parsed native trace field by field. Known event types are checked in full; an event of a type this
 * version does not know (a newer exporter) only needs `type`, `seq` and `at`, and is kept verbatim and counted in
 * `unknownEvents`. Events are returned in `seq` order.
 */
export function validateTrace(value: Record<string, unknown>, problems: Problems): { trace: TraceFile; unknownEvents: number } | null {
  if (value.format !== TRACE_FORMAT) {
    problems.add('format', `expected ${JSON.stringify(TRACE_FORMAT)}`);
    return null;
  }
  if (!problems.fields(value, '', topFields)) return null;
  const version = value.version as number;
  if (version > TRACE_VERSION) {
    problems.add('version', `version ${version} was written by a newer Realtime DevTools; this one reads version ${TRACE_VERSION}`);
    return null;
  }
  if (version < 1) problems.add('version', 'expected 1 or more');
  problems.fields(value.tool, 'tool', { name: string, version: string });
  problems.fields(value.page, 'page', { url: string, title: optional(string), userAgent: string, timeOrigin: finite });
  if (problems.fields(value.redaction, 'redaction', { enabled: boolean, rules: record, counts: countsCheck })) {
    problems.fields((value.redaction as Record<string, unknown>).rules, 'redaction.rules', ruleFields);
  }
  if (value.range !== undefined) problems.fields(value.range, 'range', { from: nullable(finite), to: nullable(finite) });

  const connectionIds = new Set<string>();
  (value.connections as unknown[]).forEach((connection, index) => {
    const path = pathOf('connections', index);
    problems.fields(connection, path, connectionFields);
    // Known even when another of its fields is wrong, so that its events are not reported as orphans too.
    const id = isRecord(connection) && typeof connection.id === 'string' ? connection.id : null;
    if (id === null) return;
    if (connectionIds.has(id)) problems.add(pathOf(path, 'id'), `duplicate connection id ${JSON.stringify(id)}`);
    connectionIds.add(id);
  });

  const seqs = new Set<number>();
  let unknownEvents = 0;
  let ordered = true;
  let previousSeq = -1;
  const events = value.events as unknown[];
  for (let index = 0; index < events.length; index++) {
    const event = events[index];
    const path = pathOf('events', index);
    if (!problems.fields(event, path, base)) continue;
    const type = event.type;
    if (typeof type !== 'string') {
      problems.add(pathOf(path, 'type'), 'expected a string');
      continue;
    }
    if (isKnownType(type)) {
      if (!problems.fields(event, path, eventFields[type])) continue;
      if (type === 'frame') checkFrame(event, path, problems);
      if (type === 'chaos') problems.fields(event.state, pathOf(path, 'state'), chaosStateFields);
      if ((type === 'frame' || type === 'lifecycle') && !connectionIds.has(event.connectionId as string)) {
        problems.add(pathOf(path, 'connectionId'), `no connection ${JSON.stringify(event.connectionId)} in connections`);
      }
    } else {
      unknownEvents++;
    }
    const seq = event.seq as number;
    if (seqs.has(seq)) problems.add(pathOf(path, 'seq'), `duplicate seq ${seq}`);
    seqs.add(seq);
    if (seq < previousSeq) ordered = false;
    previousSeq = seq;
  }
  if (!problems.empty) return null;

  const trace = value as unknown as TraceFile;
  const page = trace.page as TraceFile['page'] & { title?: string };
  return {
    trace: {
      ...trace,
      sessionId: trace.sessionId ?? `trace-${trace.exportedAt}`,
      page: { ...page, title: page.title ?? '' },
      connections: trace.connections as ConnectionInfo[],
      events: ordered ? trace.events : [...trace.events].sort((a, b) => a.seq - b.seq),
    },
    unknownEvents,
  };
}
