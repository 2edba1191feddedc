import { natives } from './natives';

/** UTF-8 length of a string without allocating, so that every text frame's wire size is exact. */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 2;
        i++;
        continue;
      }
      bytes += 2;
    } else bytes += 2;
  }
  return bytes;
}

const CHUNK = 0x8000;

/** Base64 of the first `maxBytes` bytes. */
export function bytesToBase64(bytes: Uint8Array, maxBytes: number): string {
  const end = Math.min(bytes.length, maxBytes);
  let binary = '';
  for (let i = 0; i < end; i += CHUNK) {
    binary += natives.fromCharCode.apply(null, Array.from(bytes.subarray(i, Math.min(i + CHUNK, end))));
  }
  return natives.btoa(binary);
}

/** `ArrayBuffer.isView` rather than `instanceof`, so that buffers from another realm (an iframe's) work too. */
export function viewBytes(data: ArrayBuffer | ArrayBufferView): Uint8Array {
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(data);
}

/** Base64 characters for a given number of bytes, so that a base64 payload can be cut at a byte boundary. */
export function base64CharsForBytes(bytes: number): number {
  return Math.floor(bytes / 3) * 4;
}
