/**
 * The overlay's remembered settings in the page's localStorage, under its own prefix. Storage can be missing or
 * throw (sandboxed frames, opaque origins, a full quota, privacy modes): then nothing is remembered, nothing breaks.
 */
const PREFIX = 'realtime-devtools:';

export function readSetting<T>(name: string, isValid: (value: unknown) => value is T): T | undefined {
  try {
    const raw = window.localStorage.getItem(PREFIX + name);
    if (raw === null) return undefined;
    const value: unknown = JSON.parse(raw);
    return isValid(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export function writeSetting(name: string, value: unknown): void {
  try {
    window.localStorage.setItem(PREFIX + name, JSON.stringify(value));
  } catch {
    // Not remembered this time; the overlay works the same.
  }
}

export const isBoolean = (value: unknown): value is boolean => typeof value === 'boolean';
export const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
