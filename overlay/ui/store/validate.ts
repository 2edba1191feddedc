import type {
  CaptureEvent,
  ChaosState,
  ConnectionInfo,
  HelloMessage,
  PageInfo,
  StoreLimits,
  ToUiMessage,
} from '../../../instrumentation/protocol';

/**
 * Messages reach the UI from the inspected page, which can send anything (in the overlay it shares our window;
 * through the extension it can forge envelopes). Every message is checked before the store reads it, so that a
 * malformed one is reported and skipped instead of corrupting what the UI shows or throwing.
 */
export interface ValidationResult {
  /** The message to apply, or null when its envelope-level shape is wrong (it must then be ignored whole). */
  message: ToUiMessage | null;
  /** What was wrong: the reason the message was refused, or the items of a list that were skipped. */
  problems: string[];
}

type Check = (value: unknown, path: string) => string | null;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const string: Check = (value, path) => (typeof value === 'string' ? null : `${path}: expected a string`);
const finiteNumber: Check = (value, path) =>
  typeof value === 'number' && Number.isFinite(value) ? null : `${path}: expected a finite number`;
const count: Check = (value, path) =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 ? null : `${path}: expected a count (integer ≥ 0)`;
const boolean: Check = (value, path) => (typeof value === 'boolean' ? null : `${path}: expected a boolean`);
const oneOf = (...allowed: string[]): Check => (value, path) =>
  typeof value === 'string' && allowed.includes(value) ? null : `${path}: expected one of ${allowed.join(', ')}`;
const nullable = (check: Check): Check => (value, path) => (value === null ? null : check(value, path));
const optional = (check: Check): Check => (value, path) => (value === undefined ? null : check(value, path));
const stringList: Check = (value, path) => {
  if (!Array.isArray(value)) return `${path}: expected a list of strings`;
  const bad = value.findIndex((item) => typeof item !== 'string');
  return bad < 0 ? null : `${path}[${bad}]: expected a string`;
};

const fieldEntries = new WeakMap<Record<string, Check>, [string, Check][]>();

/**
 * Runs on every field of every streamed event, so the happy path builds no strings: each check runs with an empty
 * path, and only a failing one runs again with its real path to word the problem.
 */
function checkFields(value: unknown, path: string, fields: Record<string, Check>): string | null {
  if (!isRecord(value)) return `${path}: expected an object`;
  let entries = fieldEntries.get(fields);
  if (!entries) {
    entries = Object.entries(fields);
    fieldEntries.set(fields, entries);
  }
  for (const [name, check] of entries) {
    if (check(value[name], '') !== null) return check(value[name], `${path}.${name}`);
  }
  return null;
}

const connectionFields: Record<string, Check> = {
  id: string,
  transport: oneOf('websocket', 'eventsource', 'fetch-sse', 'polling'),
  url: string,
  requestedProtocols: stringList,
  protocol: string,
  extensions: string,
  state: oneOf('connecting', 'open', 'closing', 'closed'),
  createdAt: finiteNumber,
  openedAt: nullable(finiteNumber),
  closedAt: nullable(finiteNumber),
  closeCode: nullable(finiteNumber),
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

const eventBaseFields: Record<string, Check> = { seq: count, at: finiteNumber };

const eventFieldsByType: Record<CaptureEvent['type'], Record<string, Check>> = {
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
    closeCode: optional(finiteNumber),
    closeReason: optional(string),
    wasClean: optional(boolean),
    initiator: optional(oneOf('page', 'remote')),
    simulated: optional(boolean),
  },
  'internal-error': { ...eventBaseFields, where: string, message: string, stack: optional(string) },
  chaos: {
    ...eventBaseFields,
    cause: oneOf('set', 'reset', 'preset', 'schedule', 'schedule-tick', 'restored', 'kill'),
    state: (state, path) => checkChaosState(state, path),
    connectionId: optional(string),
    closeCode: optional(finiteNumber),
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
    delayMs: optional((value, path) => nonNegative(value, path)),
    nextAttemptAt: optional(finiteNumber),
    source: optional(string),
    queued: optional(count),
    memberId: optional(string),
    memberData: optional(string),
    event: optional(string),
  },
};

/**
 * A frame's one-line decoded form is an extra the raw frame does not need: a malformed one is reported and
 * dropped, and the frame kept without it.
 */
const decodedFields: Record<string, Check> = {
  protocol: oneOf('socket.io', 'pusher', 'ably', 'sse'),
  label: string,
  channel: optional(string),
  summary: string,
  heartbeat: optional(boolean),
  error: optional(string),
  ackRoundTripMs: optional(finiteNumber),
  ackOf: optional(string),
  ackLatencyMs: optional(finiteNumber),
  ackCount: optional(count),
  resume: optional(oneOf('new', 'resumed', 'resume-failed', 'resume-unverifiable')),
};

/** The events with a malformed `decoded` replaced by copies without it; each one becomes a problem. */
function withoutMalformedDecoded(events: CaptureEvent[], path: string, problems: string[]): CaptureEvent[] {
  let cleaned: CaptureEvent[] | undefined;
  for (let i = 0; i < events.length; i++) {
    const event = events[i] as CaptureEvent;
    if (event.type !== 'frame' || event.decoded === undefined || checkFields(event.decoded, '', decodedFields) === null) {
      cleaned?.push(event);
      continue;
    }
    problems.push(`${checkFields(event.decoded, `${path}[seq ${event.seq}].decoded`, decodedFields) as string} (frame kept without it)`);
    cleaned ??= events.slice(0, i);
    const { decoded: _malformed, ...frame } = event;
    cleaned.push(frame);
  }
  return cleaned ?? events;
}

const nonNegative: Check = (value, path) =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 ? null : `${path}: expected a finite number ≥ 0`;
const probability: Check = (value, path) =>
  typeof value === 'number' && value >= 0 && value <= 1 ? null : `${path}: expected a probability from 0 to 1`;

const dropFilterFields: Record<string, Check> = { kind: oneOf('substring', 'regex'), pattern: string, flags: optional(string) };

function checkSchedule(value: unknown, path: string): string | null {
  if (!isRecord(value)) return `${path}: expected an object`;
  if (value.kind === 'offline-for') return checkFields(value, path, { durationMs: nonNegative, startedAt: finiteNumber });
  if (value.kind === 'flap') return checkFields(value, path, { periodMs: nonNegative, offlineMs: nonNegative, startedAt: finiteNumber });
  return `${path}.kind: expected offline-for or flap`;
}

const chaosStateFields: Record<keyof ChaosState, Check> = {
  offline: boolean,
  stall: boolean,
  latencyInMs: nonNegative,
  latencyOutMs: nonNegative,
  jitterInMs: nonNegative,
  jitterOutMs: nonNegative,
  dropRateIn: probability,
  dropRateOut: probability,
  dropFilter: nullable((filter, path) => checkFields(filter, path, dropFilterFields)),
  exemptUrls: stringList,
  persist: boolean,
  schedule: nullable(checkSchedule),
};

function checkChaosState(value: unknown, path: string): string | null {
  return checkFields(value, path, chaosStateFields);
}

/** Whether `value` is a `ChaosState`, for shells that read `chaos-state` messages without the store (the extension's badge). */
export function isChaosState(value: unknown): value is ChaosState {
  return checkChaosState(value, 'state') === null;
}

function checkConnection(value: unknown, path: string): string | null {
  return checkFields(value, path, connectionFields);
}

function checkEvent(value: unknown, path: string): string | null {
  if (!isRecord(value)) return `${path}: expected an object`;
  const type = value.type;
  if (type !== 'frame' && type !== 'lifecycle' && type !== 'internal-error' && type !== 'chaos' && type !== 'client') {
    return `${path}.type: expected frame, lifecycle, internal-error, chaos or client`;
  }
  return checkFields(value, path, eventFieldsByType[type]);
}

const pageInfoFields: Record<keyof PageInfo, Check> = {
  url: string,
  title: string,
  userAgent: string,
  timeOrigin: finiteNumber,
};

const limitFields: Record<keyof StoreLimits, Check> = {
  maxEvents: count,
  maxBytes: count,
  maxPayloadBytes: count,
  previewBytes: count,
};

/** Keeps the valid items of a list; the invalid ones are described in `problems` and left out. */
function keepValid<T>(items: unknown[], path: string, check: Check, problems: string[]): T[] {
  let kept: unknown[] | undefined;
  for (let i = 0; i < items.length; i++) {
    if (check(items[i], '') === null) {
      kept?.push(items[i]);
      continue;
    }
    problems.push(check(items[i], `${path}[${i}]`) as string);
    kept ??= items.slice(0, i);
  }
  return (kept ?? items) as T[];
}

function refuse(problem: string): ValidationResult {
  return { message: null, problems: [problem] };
}

function validateStream(kind: 'snapshot' | 'batch', value: Record<string, unknown>): ValidationResult {
  if (!Array.isArray(value.connections)) return refuse(`${kind}.connections: expected a list`);
  if (!Array.isArray(value.events)) return refuse(`${kind}.events: expected a list`);
  const droppedProblem = count(value.dropped, `${kind}.dropped`);
  if (droppedProblem) return refuse(droppedProblem);
  const problems: string[] = [];
  const connections = keepValid<ConnectionInfo>(value.connections, `${kind}.connections`, checkConnection, problems);
  const events = withoutMalformedDecoded(keepValid<CaptureEvent>(value.events, `${kind}.events`, checkEvent, problems), `${kind}.events`, problems);
  return { message: { kind, connections, events, dropped: value.dropped as number }, problems };
}

/** The protocol version is read before anything else: a page speaking another version is announced, not misread. */
export function helloVersion(value: unknown): number | null {
  if (!isRecord(value) || value.kind !== 'hello') return null;
  return typeof value.protocolVersion === 'number' ? value.protocolVersion : null;
}

export function validateToUiMessage(value: unknown): ValidationResult {
  if (!isRecord(value)) return refuse('message: expected an object');
  switch (value.kind) {
    case 'hello': {
      const problem = checkFields(value, 'hello', {
        protocolVersion: finiteNumber,
        toolVersion: string,
        sessionId: (id, path) => (typeof id === 'string' && id.length > 0 ? null : `${path}: expected a non-empty string`),
        page: (page, path) => checkFields(page, path, pageInfoFields),
        limits: (limits, path) => checkFields(limits, path, limitFields),
      });
      return problem ? refuse(problem) : { message: value as unknown as HelloMessage, problems: [] };
    }
    case 'snapshot':
    case 'batch':
      return validateStream(value.kind, value);
    case 'payload': {
      const problem = checkFields(value, 'payload', {
        requestId: count,
        seq: count,
        found: boolean,
        data: string,
        encoding: oneOf('text', 'base64'),
        truncated: boolean,
      });
      return problem ? refuse(problem) : { message: value as unknown as ToUiMessage, problems: [] };
    }
    case 'cleared':
      return { message: { kind: 'cleared' }, problems: [] };
    case 'chaos-state': {
      const problem = checkChaosState(value.state, 'chaos-state.state');
      return problem ? refuse(problem) : { message: value as unknown as ToUiMessage, problems: [] };
    }
    case 'page-disconnected': {
      const problem = checkFields(value, 'page-disconnected', { reason: oneOf('navigated', 'tab-closed', 'no-relay') });
      return problem ? refuse(problem) : { message: value as unknown as ToUiMessage, problems: [] };
    }
    default:
      return refuse(`message.kind: unknown kind ${JSON.stringify(String(value.kind)).slice(0, 80)}`);
  }
}
