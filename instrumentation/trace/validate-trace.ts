import type { ConnectionInfo } from '../protocol';
import {
  base64,
  boolean,
  count,
  counts,
  finite,
  isoDate,
  isRecord,
  list,
  nullable,
  optional,
  pathOf,
  record,
  string,
  type Fields,
} from '../validation/checks';
import { decodedFields, eventBaseFields, eventFieldsByType, isEventType, connectionFields, redactionRuleFields } from '../validation/protocol-fields';
import type { Problems } from './json-checks';
import { TRACE_FORMAT, TRACE_VERSION, type TraceFile } from './trace-format';

const topFields: Fields = {
  version: count,
  tool: record,
  exportedAt: isoDate,
  sessionId: optional(string),
  page: record,
  redaction: record,
  range: optional(record),
  connections: list,
  events: list,
  dropped: count,
};

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
  if (problems.fields(value.redaction, 'redaction', { enabled: boolean, rules: record, counts })) {
    problems.fields((value.redaction as Record<string, unknown>).rules, 'redaction.rules', redactionRuleFields);
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
    if (!problems.fields(event, path, eventBaseFields)) continue;
    const type = event.type;
    if (typeof type !== 'string') {
      problems.add(pathOf(path, 'type'), 'expected a string');
      continue;
    }
    if (isEventType(type)) {
      if (!problems.fields(event, path, eventFieldsByType[type])) continue;
      if (type === 'frame') checkFrame(event, path, problems);
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
