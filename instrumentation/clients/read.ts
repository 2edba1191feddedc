/**
 * Reading a client library's objects without ever throwing into the page: their internals change between versions,
 * and a getter may throw, so every read is defensive and a missing piece reads as undefined.
 */

/** Characters of member data and queued arguments kept for display. */
export const PREVIEW_CHARS = 200;

export function readPath(root: unknown, path: readonly string[]): unknown {
  let value = root;
  for (const key of path) {
    if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return undefined;
    try {
      value = (value as Record<string, unknown>)[key];
    } catch {
      return undefined;
    }
  }
  return value;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export function isFunction(value: unknown): value is (...args: unknown[]) => unknown {
  return typeof value === 'function';
}

/** JSON text of a value, cut to `PREVIEW_CHARS`; values JSON cannot hold (cycles, BigInt) fall back to `String`. */
export function previewJson(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text;
}

/** The `url` of a WebSocket-like object, if that is what `socket` is. */
export function socketUrl(socket: unknown): string | undefined {
  const url = readPath(socket, ['url']);
  return typeof url === 'string' ? url : undefined;
}

/** `bufferedAmount` of a WebSocket-like object, or null. */
export function socketBufferedAmount(socket: unknown): number | null {
  const amount = readPath(socket, ['bufferedAmount']);
  return typeof amount === 'number' ? amount : null;
}
