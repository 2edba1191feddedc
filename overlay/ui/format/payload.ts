import type { FrameEvent, PayloadEncoding } from '../../../instrumentation/protocol';

/**
 * Conversions between what a frame carries (text, or base64 of bytes) and what the detail tabs show. All of them
 * accept garbage from the page: invalid base64 yields the bytes that could be read, never a throw.
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: false });

export function base64ToBytes(base64: string): Uint8Array {
  const clean = base64.replace(/[^A-Za-z0-9+/]/g, '');
  const usable = clean.length - (clean.length % 4 === 1 ? 1 : 0);
  const padded = clean.slice(0, usable).padEnd(Math.ceil(usable / 4) * 4, '=');
  const binary = atob(padded);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

export function payloadBytes(data: string, encoding: PayloadEncoding): Uint8Array {
  return encoding === 'base64' ? base64ToBytes(data) : encoder.encode(data);
}

export function payloadText(data: string, encoding: PayloadEncoding): string {
  return encoding === 'base64' ? decoder.decode(base64ToBytes(data)) : data;
}

export function payloadBase64(data: string, encoding: PayloadEncoding): string {
  return encoding === 'base64' ? data : bytesToBase64(encoder.encode(data));
}

/** Bytes a payload string stands for, without decoding it. */
export function payloadByteLength(data: string, encoding: PayloadEncoding): number {
  if (encoding === 'base64') {
    const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
    return Math.max(0, Math.floor((data.length * 3) / 4) - padding);
  }
  return encoder.encode(data).length;
}

/** The parsed value when the text is a JSON object or array (scalars gain nothing from a tree). */
export function parseJsonContainer(text: string): { ok: true; value: object } | { ok: false } {
  const first = text.trimStart()[0];
  if (first !== '{' && first !== '[') return { ok: false };
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? { ok: true, value } : { ok: false };
  } catch {
    return { ok: false };
  }
}

const PREVIEW_CHARS = 240;
const PREVIEW_BYTES = 24;

/** One line for the frame list: whitespace runs folded, binary shown as its first bytes in hex. */
export function framePreview(frame: Pick<FrameEvent, 'data' | 'encoding'>): string {
  if (frame.encoding === 'base64') {
    const bytes = base64ToBytes(frame.data.slice(0, Math.ceil(PREVIEW_BYTES / 3) * 4));
    const hex = Array.from(bytes.subarray(0, PREVIEW_BYTES), (byte) => byte.toString(16).padStart(2, '0')).join(' ');
    return bytes.length >= PREVIEW_BYTES && frame.data.length > Math.ceil(PREVIEW_BYTES / 3) * 4 ? `${hex} …` : hex;
  }
  const head = frame.data.slice(0, PREVIEW_CHARS).replace(/\s+/g, ' ');
  return frame.data.length > PREVIEW_CHARS ? `${head}…` : head;
}
