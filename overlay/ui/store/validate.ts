import type {
  CaptureEvent,
  ChaosState,
  ClientQueue,
  ConnectionInfo,
  HelloMessage,
  MutationInfo,
  QueryInfo,
  ToUiMessage,
} from '../../../instrumentation/protocol';
import {
  boolean,
  checkFields,
  count,
  describeFailure,
  finite,
  isRecord,
  nonEmptyString,
  objectOf,
  oneOf,
  optional,
  string,
  type Fields,
} from '../../../instrumentation/validation/checks';
import {
  chaosStateFields,
  clientQueueFields,
  connectionFields,
  decodedFields,
  eventFieldsByType,
  isEventType,
  isPlainFrame,
  limitFields,
  mutationInfoFields,
  pageInfoFields,
  queryInfoFields,
  redactionRuleFields,
  traceReportFields,
} from '../../../instrumentation/validation/protocol-fields';

/**
 * Messages reach the UI from the inspected page, which can send anything (in the overlay it shares our window;
 * through the extension it can forge envelopes). Every message is checked before the store reads it, so that a
 * malformed one is reported and skipped instead of corrupting what the UI shows or throwing. The field tables are
 * the protocol's, shared with the trace importer (instrumentation/validation/).
 */
export interface ValidationResult {
  /** The message to apply, or null when its envelope-level shape is wrong (it must then be ignored whole). */
  message: ToUiMessage | null;
  /** What was wrong: the reason the message was refused, or the items of a list that were skipped. */
  problems: string[];
}

/** `path: problem` for the first field of `value` that does not fit `fields`, or null. */
function fieldProblem(value: unknown, path: string, fields: Fields): string | null {
  const failed = checkFields(value, fields);
  return failed && describeFailure(path, failed);
}

const eventTypeProblem = `.type: expected ${Object.keys(eventFieldsByType).join(', ')}`;

function eventProblem(value: unknown, path: string): string | null {
  if (!isRecord(value)) return `${path}: expected an object`;
  if (value.type === 'frame' && isPlainFrame(value)) return null;
  if (!isEventType(value.type)) return `${path}${eventTypeProblem}`;
  return fieldProblem(value, path, eventFieldsByType[value.type]);
}

/** The events with a malformed `decoded` replaced by copies without it; each one becomes a problem. */
function withoutMalformedDecoded(events: CaptureEvent[], path: string, problems: string[]): CaptureEvent[] {
  let cleaned: CaptureEvent[] | undefined;
  for (let i = 0; i < events.length; i++) {
    const event = events[i] as CaptureEvent;
    const failed = event.type === 'frame' && event.decoded !== undefined ? checkFields(event.decoded, decodedFields) : null;
    if (event.type !== 'frame' || failed === null) {
      cleaned?.push(event);
      continue;
    }
    problems.push(`${describeFailure(`${path}[seq ${event.seq}].decoded`, failed)} (frame kept without it)`);
    cleaned ??= events.slice(0, i);
    const { decoded: _malformed, ...frame } = event;
    cleaned.push(frame);
  }
  return cleaned ?? events;
}

/** Whether `value` is a `ChaosState`, for shells that read `chaos-state` messages without the store (the extension's badge). */
export function isChaosState(value: unknown): value is ChaosState {
  return checkFields(value, chaosStateFields) === null;
}

/** Keeps the valid items of a list; the invalid ones are described in `problems` and left out. */
function keepValid<T>(items: unknown[], path: string, problemOf: (item: unknown, path: string) => string | null, problems: string[]): T[] {
  let kept: unknown[] | undefined;
  for (let i = 0; i < items.length; i++) {
    // The item's path is built only for a problem: a batch of valid events costs no string per event.
    if (problemOf(items[i], '') === null) {
      kept?.push(items[i]);
      continue;
    }
    problems.push(problemOf(items[i], `${path}[${i}]`) as string);
    kept ??= items.slice(0, i);
  }
  return (kept ?? items) as T[];
}

const itemsOf = (fields: Fields) => (item: unknown, path: string): string | null => fieldProblem(item, path, fields);

function refuse(problem: string): ValidationResult {
  return { message: null, problems: [problem] };
}

/** The message itself when `fields` fit it, else refused with the first problem. */
function whole(value: Record<string, unknown>, kind: string, fields: Fields): ValidationResult {
  const problem = fieldProblem(value, kind, fields);
  return problem ? refuse(problem) : { message: value as unknown as ToUiMessage, problems: [] };
}

function validateStream(kind: 'snapshot' | 'batch', value: Record<string, unknown>): ValidationResult {
  if (!Array.isArray(value.connections)) return refuse(`${kind}.connections: expected a list`);
  if (!Array.isArray(value.events)) return refuse(`${kind}.events: expected a list`);
  const dropped = count(value.dropped);
  if (dropped) return refuse(describeFailure(`${kind}.dropped`, dropped));
  const problems: string[] = [];
  const connections = keepValid<ConnectionInfo>(value.connections, `${kind}.connections`, itemsOf(connectionFields), problems);
  const events = withoutMalformedDecoded(keepValid<CaptureEvent>(value.events, `${kind}.events`, eventProblem, problems), `${kind}.events`, problems);
  return { message: { kind, connections, events, dropped: value.dropped as number }, problems };
}

const helloFields: Fields = {
  protocolVersion: finite,
  toolVersion: string,
  sessionId: nonEmptyString,
  page: objectOf(pageInfoFields),
  limits: objectOf(limitFields),
};

const payloadFields: Fields = {
  requestId: count,
  seq: count,
  found: boolean,
  data: string,
  encoding: oneOf('text', 'base64'),
  truncated: boolean,
};

const chaosStateMessageFields: Fields = { state: objectOf(chaosStateFields) };

const traceFields: Fields = {
  requestId: count,
  format: oneOf('rtdtrace', 'har'),
  ok: boolean,
  error: optional(string),
  text: optional(string),
  redaction: objectOf(traceReportFields),
  savedRules: optional(objectOf(redactionRuleFields)),
};

const pageDisconnectedFields: Fields = { reason: oneOf('navigated', 'tab-closed', 'no-relay') };

const listField = (value: unknown): value is unknown[] => Array.isArray(value);

/** The protocol version is read before anything else: a page speaking another version is announced, not misread. */
export function helloVersion(value: unknown): number | null {
  if (!isRecord(value) || value.kind !== 'hello') return null;
  return typeof value.protocolVersion === 'number' ? value.protocolVersion : null;
}

export function validateToUiMessage(value: unknown): ValidationResult {
  if (!isRecord(value)) return refuse('message: expected an object');
  switch (value.kind) {
    case 'hello': {
      const problem = fieldProblem(value, 'hello', helloFields);
      return problem ? refuse(problem) : { message: value as unknown as HelloMessage, problems: [] };
    }
    case 'snapshot':
    case 'batch':
      return validateStream(value.kind, value);
    case 'payload':
      return whole(value, 'payload', payloadFields);
    case 'cleared':
      return { message: { kind: 'cleared' }, problems: [] };
    case 'chaos-state':
      return whole(value, 'chaos-state', chaosStateMessageFields);
    case 'query-cache': {
      if (typeof value.clientFound !== 'boolean') return refuse('query-cache.clientFound: expected a boolean');
      if (!listField(value.queries)) return refuse('query-cache.queries: expected a list');
      if (!listField(value.mutations)) return refuse('query-cache.mutations: expected a list');
      const problems: string[] = [];
      const queries = keepValid<QueryInfo>(value.queries, 'query-cache.queries', itemsOf(queryInfoFields), problems);
      const mutations = keepValid<MutationInfo>(value.mutations, 'query-cache.mutations', itemsOf(mutationInfoFields), problems);
      return { message: { kind: 'query-cache', clientFound: value.clientFound, queries, mutations }, problems };
    }
    case 'queue-state': {
      if (!listField(value.queues)) return refuse('queue-state.queues: expected a list');
      const problems: string[] = [];
      const queues = keepValid<ClientQueue>(value.queues, 'queue-state.queues', itemsOf(clientQueueFields), problems);
      return { message: { kind: 'queue-state', queues }, problems };
    }
    case 'trace':
      return whole(value, 'trace', traceFields);
    case 'page-disconnected':
      return whole(value, 'page-disconnected', pageDisconnectedFields);
    default:
      return refuse(`message.kind: unknown kind ${JSON.stringify(String(value.kind)).slice(0, 80)}`);
  }
}
