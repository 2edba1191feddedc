import type {
  CaptureEvent,
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

function checkFields(value: unknown, path: string, fields: Record<string, Check>): string | null {
  if (!isRecord(value)) return `${path}: expected an object`;
  for (const [name, check] of Object.entries(fields)) {
    const problem = check(value[name], `${path}.${name}`);
    if (problem) return problem;
  }
  return null;
}

const connectionFields: Record<string, Check> = {
  id: string,
  transport: oneOf('websocket', 'eventsource'),
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
  },
  lifecycle: {
    ...eventBaseFields,
    connectionId: string,
    phase: oneOf('connecting', 'open', 'closing', 'closed', 'error', 'reconnecting'),
    closeCode: optional(finiteNumber),
    closeReason: optional(string),
    wasClean: optional(boolean),
    initiator: optional(oneOf('page', 'remote')),
  },
  'internal-error': { ...eventBaseFields, where: string, message: string, stack: optional(string) },
};

function checkConnection(value: unknown, path: string): string | null {
  return checkFields(value, path, connectionFields);
}

function checkEvent(value: unknown, path: string): string | null {
  if (!isRecord(value)) return `${path}: expected an object`;
  const type = value.type;
  if (type !== 'frame' && type !== 'lifecycle' && type !== 'internal-error') {
    return `${path}.type: expected frame, lifecycle or internal-error`;
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
    const problem = check(items[i], `${path}[${i}]`);
    if (problem === null) {
      kept?.push(items[i]);
      continue;
    }
    problems.push(problem);
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
  const events = keepValid<CaptureEvent>(value.events, `${kind}.events`, checkEvent, problems);
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
    case 'page-disconnected': {
      const problem = checkFields(value, 'page-disconnected', { reason: oneOf('navigated', 'tab-closed', 'no-relay') });
      return problem ? refuse(problem) : { message: value as unknown as ToUiMessage, problems: [] };
    }
    default:
      return refuse(`message.kind: unknown kind ${JSON.stringify(String(value.kind)).slice(0, 80)}`);
  }
}
