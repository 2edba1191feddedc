/**
 * Small total checks for data read from files: each returns null when the value fits, else what was expected.
 * Paths are only built for the failing value, so that checking 100k events stays cheap.
 */
export type Check = (value: unknown) => string | null;

export interface Problem {
  /** Where in the file, as a JSON path (`events[12].data`). */
  path: string;
  message: string;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const string: Check = (value) => (typeof value === 'string' ? null : 'expected a string');
export const finite: Check = (value) => (typeof value === 'number' && Number.isFinite(value) ? null : 'expected a finite number');
export const count: Check = (value) =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 ? null : 'expected a whole number ≥ 0';
export const boolean: Check = (value) => (typeof value === 'boolean' ? null : 'expected true or false');
export const record: Check = (value) => (isRecord(value) ? null : 'expected an object');
export const oneOf = (...allowed: (string | number)[]): Check => (value) =>
  allowed.includes(value as string | number) ? null : `expected one of ${allowed.map((item) => JSON.stringify(item)).join(', ')}`;
export const nullable = (check: Check): Check => (value) => (value === null ? null : check(value));
export const optional = (check: Check): Check => (value) => (value === undefined ? null : check(value));
export const stringList: Check = (value) =>
  Array.isArray(value) && value.every((item) => typeof item === 'string') ? null : 'expected a list of strings';
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
export const base64: Check = (value) =>
  typeof value === 'string' && value.length % 4 === 0 && BASE64.test(value) ? null : 'expected base64 text';
export const isoDate: Check = (value) =>
  typeof value === 'string' && Number.isFinite(Date.parse(value)) ? null : 'expected a date (ISO 8601)';

export type Fields = Record<string, Check>;

const entriesCache = new WeakMap<Fields, [string, Check][]>();

/** The first field of `value` that does not fit `fields`, as `[name, message]`; extra fields are allowed. */
export function firstBadField(value: Record<string, unknown>, fields: Fields): [string, string] | null {
  let entries = entriesCache.get(fields);
  if (!entries) {
    entries = Object.entries(fields);
    entriesCache.set(fields, entries);
  }
  for (const [name, check] of entries) {
    const message = check(value[name]);
    if (message !== null) return [name, message];
  }
  return null;
}

/** `base.name` or `base[3]`. */
export function pathOf(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? (base ? `${base}.${key}` : key) : `${base}[${JSON.stringify(key)}]`;
}

/** Collects problems up to a limit, then only counts them, so a broken 100k-event file gives a readable list. */
export class Problems {
  readonly list: Problem[] = [];
  more = 0;

  constructor(private readonly limit = 20) {}

  add(path: string, message: string): void {
    if (this.list.length < this.limit) this.list.push({ path, message });
    else this.more++;
  }

  /** Checks `value` against `fields`; true when it fits. */
  fields(value: unknown, path: string, fields: Fields): value is Record<string, unknown> {
    if (!isRecord(value)) {
      this.add(path, 'expected an object');
      return false;
    }
    const bad = firstBadField(value, fields);
    if (bad) this.add(pathOf(path, bad[0]), bad[1]);
    return bad === null;
  }

  get empty(): boolean {
    return this.list.length === 0;
  }

  result(): Problem[] {
    return this.more > 0 ? [...this.list, { path: '', message: `…and ${this.more} more problems` }] : this.list;
  }
}
