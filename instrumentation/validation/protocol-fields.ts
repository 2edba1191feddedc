/**
 * The shape of every protocol value (instrumentation/protocol.ts) that comes from somewhere untrusted, declared once:
 * the UI checks what a page sends with these tables, and the trace importer checks files with the same ones, so a
 * field added to the protocol is added here and both readers know it.
 */
import type { CaptureEvent, ChaosState, PageInfo, StoreLimits } from '../protocol';
import {
  boolean,
  checkFields,
  count,
  counts,
  finite,
  isRecord,
  listOf,
  nonEmptyString,
  nonNegative,
  nullable,
  objectOf,
  oneOf,
  optional,
  probability,
  string,
  stringList,
  type Check,
  type CheckFailure,
  type Fields,
} from './checks';

export const connectionFields: Fields = {
  id: nonEmptyString,
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

/** A frame's one-line decoded form (`FrameDecoded`): checked on its own, since a reader may keep the frame without it. */
export const decodedFields: Fields = {
  protocol: oneOf('socket.io', 'pusher', 'ably', 'sse'),
  label: string,
  channel: optional(string),
  summary: string,
  heartbeat: optional(boolean),
  error: optional(string),
  ackRoundTripMs: optional(finite),
  ackOf: optional(string),
  ackLatencyMs: optional(finite),
  ackCount: optional(count),
  resume: optional(oneOf('new', 'resumed', 'resume-failed', 'resume-unverifiable')),
};

const dropFilterFields: Fields = { kind: oneOf('substring', 'regex'), pattern: string, flags: optional(string) };

const offlineForFields: Fields = { durationMs: nonNegative, startedAt: finite };
const flapFields: Fields = { periodMs: nonNegative, offlineMs: nonNegative, startedAt: finite };
const badSchedule: CheckFailure = Object.freeze({ path: '', message: 'expected an object' });
const badScheduleKind: CheckFailure = Object.freeze({ path: '.kind', message: 'expected offline-for or flap' });

const schedule: Check = (value) => {
  if (!isRecord(value)) return badSchedule;
  if (value.kind === 'offline-for') return checkFields(value, offlineForFields);
  if (value.kind === 'flap') return checkFields(value, flapFields);
  return badScheduleKind;
};

export const chaosStateFields: Readonly<Record<keyof ChaosState, Check>> = {
  offline: boolean,
  stall: boolean,
  latencyInMs: nonNegative,
  latencyOutMs: nonNegative,
  jitterInMs: nonNegative,
  jitterOutMs: nonNegative,
  dropRateIn: probability,
  dropRateOut: probability,
  dropFilter: nullable(objectOf(dropFilterFields)),
  exemptUrls: stringList,
  persist: boolean,
  schedule: nullable(schedule),
};

const queueOwner = oneOf('socket.io', 'pusher', 'ably', 'tanstack-query', 'app', 'websocket');

export const frameCauseFields: Fields = {
  frameSeq: count,
  connectionId: string,
  label: string,
  channel: optional(string),
  inference: oneOf('same-task', 'async-continuation'),
  delayMs: finite,
};
const frameCause = objectOf(frameCauseFields);

const queuedItem = objectOf({
  name: string,
  preview: string,
  status: oneOf('buffered', 'lost'),
  since: finite,
});

export const clientQueueFields: Fields = {
  clientId: string,
  library: queueOwner,
  source: string,
  items: listOf(queuedItem),
  bufferedAmount: nullable(count),
};

export const queryInfoFields: Fields = {
  queryHash: string,
  queryKey: string,
  status: oneOf('pending', 'error', 'success'),
  fetchStatus: oneOf('fetching', 'paused', 'idle'),
  isStale: boolean,
  isInvalidated: boolean,
  observers: count,
  dataUpdatedAt: finite,
  errorUpdatedAt: finite,
  error: nullable(string),
  data: string,
  dataTruncated: boolean,
  lastCause: nullable(objectOf({ kind: oneOf('invalidated', 'set-data', 'refetch'), at: finite, cause: frameCause })),
};

export const mutationInfoFields: Fields = {
  id: string,
  mutationKey: string,
  status: oneOf('idle', 'pending', 'success', 'error'),
  isPaused: boolean,
  variables: string,
  error: nullable(string),
  submittedAt: finite,
};

export const eventBaseFields: Fields = { seq: count, at: finite };

/** Every event type's fields; a frame's `decoded` is left to `decodedFields`. */
export const eventFieldsByType: Readonly<Record<CaptureEvent['type'], Fields>> = {
  frame: {
    ...eventBaseFields,
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
  },
  lifecycle: {
    ...eventBaseFields,
    connectionId: string,
    phase: oneOf('connecting', 'open', 'closing', 'closed', 'error', 'reconnecting'),
    closeCode: optional(finite),
    closeReason: optional(string),
    wasClean: optional(boolean),
    initiator: optional(oneOf('page', 'remote')),
    simulated: optional(boolean),
  },
  'internal-error': { ...eventBaseFields, where: string, message: string, stack: optional(string) },
  chaos: {
    ...eventBaseFields,
    cause: oneOf('set', 'reset', 'preset', 'schedule', 'schedule-tick', 'restored', 'kill'),
    state: objectOf(chaosStateFields),
    connectionId: optional(string),
    closeCode: optional(finite),
    closeReason: optional(string),
    preset: optional(oneOf('slow-3g', 'flaky-mobile')),
  },
  client: {
    ...eventBaseFields,
    library: oneOf('socket.io', 'pusher', 'ably', 'unknown'),
    clientId: string,
    kind: oneOf('attached', 'ignored', 'state', 'reconnect-scheduled', 'reconnect-attempt', 'gave-up', 'resumed', 'resume-failed', 'queue', 'presence-join', 'presence-leave', 'lost'),
    connectionId: optional(string),
    state: optional(string),
    previousState: optional(string),
    reason: optional(string),
    attempt: optional(count),
    delayMs: optional(nonNegative),
    nextAttemptAt: optional(finite),
    source: optional(string),
    queued: optional(count),
    memberId: optional(string),
    memberData: optional(string),
    event: optional(string),
  },
  query: {
    ...eventBaseFields,
    kind: oneOf('client-found', 'client-lost', 'added', 'removed', 'invalidated', 'set-data', 'fetch-start', 'fetch-end', 'mutation', 'action', 'storm'),
    queryHash: string,
    queryKey: string,
    cause: optional(nullable(frameCause)),
    observers: optional(count),
    durationMs: optional(nonNegative),
    outcome: optional(oneOf('success', 'error', 'cancelled')),
    dataChanged: optional(boolean),
    status: optional(string),
    isPaused: optional(boolean),
    action: optional(oneOf('refetch', 'invalidate', 'reset', 'remove')),
    count: optional(count),
    causes: optional(listOf(frameCause)),
    how: optional(oneOf('global', 'attach')),
    error: optional(string),
  },
  queue: {
    ...eventBaseFields,
    kind: oneOf('count', 'replay'),
    library: queueOwner,
    clientId: optional(string),
    source: string,
    queued: count,
    sent: optional(listOf(queuedItem)),
    lost: optional(listOf(queuedItem)),
  },
};

/**
 * Whether `value` fits `eventFieldsByType.frame` in the shape nearly every streamed event has: a text or binary
 * frame without the optional fields. Written out field by field because the UI checks every event of a busy
 * socket, and the table's generic walk costs several times more per event; anything this does not accept (an SSE
 * frame, a malformed one) goes to the table, which also says what is wrong. It never accepts what the table
 * refuses: a unit test spoils each field of the table in turn.
 */
export function isPlainFrame(value: Record<string, unknown>): boolean {
  const { seq, at, size } = value;
  return (
    typeof seq === 'number' && Number.isInteger(seq) && seq >= 0 &&
    typeof at === 'number' && Number.isFinite(at) &&
    typeof value.connectionId === 'string' &&
    (value.direction === 'in' || value.direction === 'out') &&
    typeof size === 'number' && Number.isInteger(size) && size >= 0 &&
    (value.kind === 'text' || value.kind === 'binary') &&
    typeof value.data === 'string' &&
    (value.encoding === 'text' || value.encoding === 'base64') &&
    typeof value.truncated === 'boolean' &&
    value.event === undefined &&
    value.lastEventId === undefined &&
    value.discarded === undefined &&
    value.dropped === undefined
  );
}

export function isEventType(type: unknown): type is CaptureEvent['type'] {
  return typeof type === 'string' && Object.hasOwn(eventFieldsByType, type);
}

export const pageInfoFields: Readonly<Record<keyof PageInfo, Check>> = {
  url: string,
  title: string,
  userAgent: string,
  timeOrigin: finite,
};

export const limitFields: Readonly<Record<keyof StoreLimits, Check>> = {
  maxEvents: count,
  maxBytes: count,
  maxPayloadBytes: count,
  previewBytes: count,
};

const redactionPattern = objectOf({ name: string, source: string, flags: optional(string) });

/** Redaction rules as a trace summarises them (`RedactionRuleSummary`) and as a UI sends extra ones. */
export const redactionRuleFields: Fields = {
  queryParams: stringList,
  fieldNames: stringList,
  jsonPaths: stringList,
  headers: stringList,
  patterns: listOf(redactionPattern),
};

export const redactionSampleFields: Fields = { rule: string, where: string, after: string };

/** `TraceMessage.redaction`, the report a page gives with a trace. */
export const traceReportFields: Fields = {
  enabled: boolean,
  counts,
  samples: listOf(objectOf(redactionSampleFields)),
};
