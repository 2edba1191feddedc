import type { CaptureEvent, ConnectionInfo, FrameEvent, PageInfo } from '../protocol';
import { base64CharsForBytes, utf8Length } from '../payload';
import { mergeRules, summarizeRules, type RedactionRules } from './redaction-rules';
import { redactTraceWithSamples } from './redact-trace';
import type { RedactionSample } from './redactor';
import { TRACE_FORMAT, TRACE_VERSION, type TraceExportOptions, type TraceFile } from './trace-format';

export const TOOL_NAME = 'Realtime DevTools';

/** What the page holds when it exports. */
export interface TraceSource {
  toolVersion: string;
  sessionId: string;
  page: PageInfo;
  connections: ConnectionInfo[];
  events: CaptureEvent[];
  dropped: number;
  /** Epoch ms of the export. */
  now: number;
  /** Extra rules saved for the page's origin. */
  savedRules?: Partial<RedactionRules> | null;
}

/** The longest prefix of `text` that fits in `maxBytes` of UTF-8, never splitting a surrogate pair. */
export function cutUtf8(text: string, maxBytes: number): string {
  if (text.length <= maxBytes / 3) return text;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const isPair = code >= 0xd800 && code <= 0xdbff && i + 1 < text.length;
    const width = code < 0x80 ? 1 : code < 0x800 ? 2 : isPair ? 4 : 3;
    if (bytes + width > maxBytes) return text.slice(0, i);
    bytes += width;
    if (isPair) i++;
  }
  return text;
}

function capPayload(frame: FrameEvent, maxBytes: number): FrameEvent {
  if (frame.encoding === 'base64') {
    const chars = base64CharsForBytes(maxBytes);
    return frame.data.length <= chars ? frame : { ...frame, data: frame.data.slice(0, chars), truncated: true };
  }
  if (utf8Length(frame.data) <= maxBytes) return frame;
  return { ...frame, data: cutUtf8(frame.data, maxBytes), truncated: true };
}

function eventConnection(event: CaptureEvent): string | undefined {
  return 'connectionId' in event && typeof event.connectionId === 'string' ? event.connectionId : undefined;
}

function overlaps(connection: ConnectionInfo, from: number, to: number): boolean {
  return connection.createdAt <= to && (connection.closedAt ?? Number.POSITIVE_INFINITY) >= from;
}

/**
 * The trace of what the page holds, limited to the connections and time range asked for, (unless `redact: false`)
 * redacted by the default rules plus the saved and given ones, and payloads cut at `maxPayloadBytes`.
 * Events without a connection (chaos changes, tool errors) stay in a connection-limited trace: they are context.
 */
export function buildTrace(source: TraceSource, options: TraceExportOptions = {}): TraceFile {
  return buildTraceWithSamples(source, options).trace;
}

/**
 * `buildTrace`, and the first redactions of each rule for a report. Their `before` holds the secret: a report that
 * leaves the page uses only where and the marker.
 */
export function buildTraceWithSamples(source: TraceSource, options: TraceExportOptions = {}): { trace: TraceFile; samples: RedactionSample[] } {
  const wanted = options.connections ? new Set(options.connections) : null;
  const from = options.from ?? Number.NEGATIVE_INFINITY;
  const to = options.to ?? Number.POSITIVE_INFINITY;
  const maxPayloadBytes = options.maxPayloadBytes;

  const events: CaptureEvent[] = [];
  const seen = new Set<string>();
  for (const event of source.events) {
    if (event.at < from || event.at > to) continue;
    const connectionId = eventConnection(event);
    if (connectionId !== undefined) {
      if (wanted && !wanted.has(connectionId)) continue;
      seen.add(connectionId);
    }
    events.push(event);
  }
  const connections = source.connections
    .filter((connection) => (!wanted || wanted.has(connection.id)) && (seen.has(connection.id) || overlaps(connection, from, to)))
    .map((connection) => ({ ...connection, requestedProtocols: [...connection.requestedProtocols] }));

  const rules = mergeRules(source.savedRules, options.rules);
  const trace: TraceFile = {
    format: TRACE_FORMAT,
    version: TRACE_VERSION,
    tool: { name: TOOL_NAME, version: source.toolVersion },
    exportedAt: new Date(source.now).toISOString(),
    sessionId: source.sessionId,
    page: { url: source.page.url, title: source.page.title, userAgent: source.page.userAgent, timeOrigin: source.page.timeOrigin },
    redaction: { enabled: false, rules: summarizeRules({ queryParams: [], fieldNames: [], jsonPaths: [], headers: [], patterns: [] }), counts: {} },
    ...(options.from !== undefined || options.to !== undefined ? { range: { from: options.from ?? null, to: options.to ?? null } } : {}),
    connections,
    events,
    dropped: source.dropped,
  };
  // Redacted before the cut, so that whole JSON payloads parse and their structure guides the rules.
  const { trace: redacted, samples } = options.redact === false ? { trace, samples: [] } : redactTraceWithSamples(trace, rules);
  if (maxPayloadBytes === undefined) return { trace: redacted, samples };
  const cap = Math.max(0, maxPayloadBytes);
  return { trace: { ...redacted, events: redacted.events.map((event) => (event.type === 'frame' ? capPayload(event, cap) : event)) }, samples };
}
