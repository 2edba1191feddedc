/**
 * Total checks for data that crosses a trust boundary: messages a page sends to the UI, trace and HAR files a user
 * opens. A check returns null when the value fits, else a failure: what was expected, and where below the checked
 * value (a relative JSON path such as `.state.offline` or `[3].name`, empty for the value itself).
 *
 * Checks run on every field of every streamed event, so the happy path allocates nothing: primitive failures are
 * shared constants, and paths are only built for a value that fails.
 */
export interface CheckFailure {
  path: string;
  message: string;
}

export type Check = (value: unknown) => CheckFailure | null;

export type Fields = Readonly<Record<string, Check>>;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function failure(message: string): CheckFailure {
  return Object.freeze({ path: '', message });
}

/** A check of one predicate, failing with `message`. */
export function is(predicate: (value: unknown) => boolean, message: string): Check {
  const failed = failure(message);
  return (value) => (predicate(value) ? null : failed);
}

const expectedString = failure('expected a string');
const expectedNonEmpty = failure('expected a non-empty string');
const expectedFinite = failure('expected a finite number');
const expectedNonNegative = failure('expected a finite number ≥ 0');
const expectedProbability = failure('expected a probability from 0 to 1');
const expectedCount = failure('expected a whole number ≥ 0');
const expectedBoolean = failure('expected a boolean');

// The most used checks are written out rather than built with `is`: one call per field, not two.
export const string: Check = (value) => (typeof value === 'string' ? null : expectedString);
export const nonEmptyString: Check = (value) => (typeof value === 'string' && value.length > 0 ? null : expectedNonEmpty);
export const finite: Check = (value) => (typeof value === 'number' && Number.isFinite(value) ? null : expectedFinite);
export const nonNegative: Check = (value) => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? null : expectedNonNegative);
export const probability: Check = (value) => (typeof value === 'number' && value >= 0 && value <= 1 ? null : expectedProbability);
export const count: Check = (value) => (typeof value === 'number' && Number.isInteger(value) && value >= 0 ? null : expectedCount);
export const boolean: Check = (value) => (typeof value === 'boolean' ? null : expectedBoolean);
export const record = is(isRecord, 'expected an object');
export const list = is(Array.isArray, 'expected a list');
export const isoDate = is((value) => typeof value === 'string' && Number.isFinite(Date.parse(value)), 'expected a date (ISO 8601)');
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
export const base64 = is((value) => typeof value === 'string' && value.length % 4 === 0 && BASE64.test(value), 'expected base64 text');
/** Counts by name (redaction counts per rule). */
export const counts = is((value) => isRecord(value) && Object.values(value).every((item) => count(item) === null), 'expected an object of counts');

export function oneOf(...allowed: (string | number)[]): Check {
  const expected = failure(`expected one of ${allowed.map((item) => JSON.stringify(item)).join(', ')}`);
  return (value) => (allowed.includes(value as string | number) ? null : expected);
}

export function nullable(check: Check): Check {
  return (value) => (value === null ? null : check(value));
}

export function optional(check: Check): Check {
  return (value) => (value === undefined ? null : check(value));
}

function within(key: string | number, inner: CheckFailure): CheckFailure {
  return { path: `${typeof key === 'number' ? `[${key}]` : `.${key}`}${inner.path}`, message: inner.message };
}

/** A list whose every item passes `check`; fails at the first item that does not. */
export function listOf(check: Check): Check {
  const notList = failure('expected a list');
  return (value) => {
    if (!Array.isArray(value)) return notList;
    for (let index = 0; index < value.length; index++) {
      const failed = check(value[index]);
      if (failed) return within(index, failed);
    }
    return null;
  };
}

export const stringList = listOf(string);

const notObject = failure('expected an object');

/**
 * The check of an object against `fields` (fields not in the table are allowed). The table is read once, here:
 * the check runs for every streamed event, so it walks two flat arrays rather than looking the table up each time.
 */
export function objectOf(fields: Fields): Check {
  const names = Object.keys(fields);
  const checks = names.map((name) => fields[name] as Check);
  return (value) => {
    if (!isRecord(value)) return notObject;
    for (let i = 0; i < names.length; i++) {
      const name = names[i] as string;
      const failed = (checks[i] as Check)(value[name]);
      if (failed) return within(name, failed);
    }
    return null;
  };
}

const checkOfFields = new WeakMap<Fields, Check>();

/** The first field of `value` that does not fit `fields`. */
export function checkFields(value: unknown, fields: Fields): CheckFailure | null {
  let check = checkOfFields.get(fields);
  if (!check) {
    check = objectOf(fields);
    checkOfFields.set(fields, check);
  }
  return check(value);
}

/** `base.name` or `base[3]`, for building a path to a value. */
export function pathOf(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? (base ? `${base}.${key}` : key) : `${base}[${JSON.stringify(key)}]`;
}

/** The full path of a failure found below `base`. */
export function failurePath(base: string, failed: CheckFailure): string {
  const path = `${base}${failed.path}`;
  return path.startsWith('.') ? path.slice(1) : path;
}

/** `path: message`, the one-line form of a failure. */
export function describeFailure(base: string, failed: CheckFailure): string {
  const path = failurePath(base, failed);
  return path ? `${path}: ${failed.message}` : failed.message;
}
