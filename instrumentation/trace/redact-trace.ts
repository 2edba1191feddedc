import type { CaptureEvent, ConnectionInfo } from '../protocol';
import { summarizeRules, type RedactionRules } from './redaction-rules';
import { Redactor, type RedactionSample } from './redactor';
import type { TraceFile } from './trace-format';

function redactConnection(connection: ConnectionInfo, redactor: Redactor): ConnectionInfo {
  redactor.at(`connection ${connection.id}`);
  return {
    ...connection,
    url: redactor.url(connection.url),
    closeReason: connection.closeReason === null ? null : redactor.text(connection.closeReason),
  };
}

/** Every string of an event that can carry page data goes through the rules; ids, names and numbers stay. */
function redactEvent(event: CaptureEvent, redactor: Redactor): CaptureEvent {
  redactor.at(`event ${event.seq}`);
  switch (event.type) {
    case 'frame': {
      const data = event.encoding === 'text' ? redactor.payload(event.data) : event.data;
      const decoded = event.decoded && { ...event.decoded, summary: redactor.text(event.decoded.summary) };
      return decoded ? { ...event, data, decoded } : { ...event, data };
    }
    case 'lifecycle':
      return event.closeReason === undefined ? event : { ...event, closeReason: redactor.text(event.closeReason) };
    case 'internal-error':
      return { ...event, message: redactor.text(event.message), ...(event.stack === undefined ? {} : { stack: redactor.text(event.stack) }) };
    case 'chaos':
      return {
        ...event,
        state: { ...event.state, exemptUrls: event.state.exemptUrls.map((url) => redactor.url(url)) },
        ...(event.closeReason === undefined ? {} : { closeReason: redactor.text(event.closeReason) }),
      };
    case 'client':
      return {
        ...event,
        ...(event.reason === undefined ? {} : { reason: redactor.text(event.reason) }),
        ...(event.memberData === undefined ? {} : { memberData: redactor.payload(event.memberData) }),
      };
    default:
      // A type newer than this file: carried verbatim, but not past the rules.
      return redactor.value(event) as CaptureEvent;
  }
}

function applyRules(trace: TraceFile, rules: RedactionRules): { trace: TraceFile; redactor: Redactor } {
  const redactor = new Redactor(rules);
  const connections = trace.connections.map((connection) => redactConnection(connection, redactor));
  const events = trace.events.map((event) => redactEvent(event, redactor));
  redactor.at('page');
  const page = { ...trace.page, url: redactor.url(trace.page.url), title: redactor.text(trace.page.title) };
  const counts = { ...trace.redaction.counts };
  for (const [rule, count] of Object.entries(redactor.counts)) counts[rule] = (counts[rule] ?? 0) + count;
  return {
    trace: { ...trace, page, connections, events, redaction: { enabled: true, rules: summarizeRules(rules), counts } },
    redactor,
  };
}

/** The trace with every secret the rules find replaced by a length-class marker, and `redaction` filled in. */
export function redactTrace(trace: TraceFile, rules: RedactionRules): TraceFile {
  return applyRules(trace, rules).trace;
}

/** `redactTrace`, and the first redactions of each rule (their `before` holds the secret: never let it leave the page). */
export function redactTraceWithSamples(trace: TraceFile, rules: RedactionRules): { trace: TraceFile; samples: RedactionSample[] } {
  const { trace: redacted, redactor } = applyRules(trace, rules);
  return { trace: redacted, samples: redactor.samples };
}

export interface RedactionPreview {
  /** Redactions per rule id. */
  counts: Record<string, number>;
  total: number;
  /** A few redactions per rule, the secret before (cut) and the marker after, for a settings view to show. */
  samples: RedactionSample[];
}

/**
 * What `rules` would remove from a trace exported without redaction, without changing it. The samples hold the
 * secrets themselves: show them in the page's own UI only, never put them in a file.
 */
export function previewRedaction(trace: TraceFile, rules: RedactionRules): RedactionPreview {
  const { redactor } = applyRules(trace, rules);
  const total = Object.values(redactor.counts).reduce((sum, count) => sum + count, 0);
  return { counts: { ...redactor.counts }, total, samples: redactor.samples };
}
