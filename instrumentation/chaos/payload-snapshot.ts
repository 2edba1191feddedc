import { utf8Length } from '../payload';
import { hasBrand, nativeGetter, uncurryThis } from '../transports/native-access';

type PageWindow = Window & typeof globalThis;

/** A frame the page sent, held back by chaos: what to hand the native `send` later, and what it weighs. */
export interface HeldFrame {
  /** What the native `send` gets when the frame goes out. */
  payload: string | ArrayBuffer | Blob;
  /** Bytes on the wire: what `bufferedAmount` counts while the frame waits. */
  size: number;
  /** The text, for drop filters; undefined for binary frames. */
  text: string | undefined;
}

/**
 * Copies a frame at the moment of `send`, as the browser does: a page that reuses its buffer after `send` returns
 * must not change what goes out later. Blobs are immutable and strings are values, so only buffers are copied.
 * @see https://websockets.spec.whatwg.org/#dom-websocket-send
 */
export function createPayloadSnapshot(win: PageWindow): (data: unknown) => HeldFrame {
  const isView = ArrayBuffer.isView;
  const sliceBytes = uncurryThis(Uint8Array.prototype.slice as (this: Uint8Array) => Uint8Array);
  const arrayBufferByteLength = nativeGetter<number>(win.ArrayBuffer.prototype, 'byteLength');
  const sharedByteLength = win.SharedArrayBuffer ? nativeGetter<number>(win.SharedArrayBuffer.prototype, 'byteLength') : undefined;
  const blobSize = nativeGetter<number>(win.Blob.prototype, 'size');
  const copyBytes = (view: Uint8Array): ArrayBuffer => sliceBytes(view).buffer as ArrayBuffer;

  return (data) => {
    if (typeof data === 'string') return { payload: data, size: utf8Length(data), text: data };
    if (typeof data === 'object' && data !== null) {
      if (isView(data)) {
        const payload = copyBytes(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
        return { payload, size: payload.byteLength, text: undefined };
      }
      if (hasBrand(arrayBufferByteLength, data) || (sharedByteLength !== undefined && hasBrand(sharedByteLength, data))) {
        const payload = copyBytes(new Uint8Array(data as ArrayBuffer));
        return { payload, size: payload.byteLength, text: undefined };
      }
      if (hasBrand(blobSize, data)) return { payload: data as Blob, size: blobSize(data), text: undefined };
    }
    const text = `${data as string}`;
    return { payload: text, size: utf8Length(text), text };
  };
}
