import type { RawPayload } from '../recorder';
import { hasBrand, nativeGetter } from './native-access';

/**
 * What `WebSocket.prototype.send(data)` puts on the wire, read without running page code a second time.
 *
 * WebIDL resolves `send`'s argument (USVString or Blob or ArrayBuffer or ArrayBufferView) by brand: a Blob, an
 * ArrayBuffer or a view is sent as bytes; any other object is converted with ToString, which may call the page's
 * own `toString`. To record that string without calling it twice, `prepare` converts such an object before the
 * native call and hands the native the string: the page's code runs once, in the same order, with the same
 * exceptions, and the wire carries the same text.
 * @see https://websockets.spec.whatwg.org/#dom-websocket-send
 * @see https://webidl.spec.whatwg.org/#es-union
 */
export interface SendDataReader {
  /** The argument to pass to the native `send` in place of `data`. */
  prepare(data: unknown): unknown;
  /** What to record for an argument the native `send` accepted. */
  payload(data: unknown): RawPayload;
}

interface BinaryGlobals {
  ArrayBuffer: ArrayBufferConstructor;
  SharedArrayBuffer?: SharedArrayBufferConstructor;
  Blob: typeof Blob;
}

export function createSendDataReader(win: BinaryGlobals): SendDataReader {
  const PageArrayBuffer = win.ArrayBuffer;
  const PageBlob = win.Blob;
  const isView = ArrayBuffer.isView;
  // Brand checks through native getters hold for objects of another realm (an iframe's buffers), where
  // `instanceof` fails; `instanceof` is only the fast path.
  const arrayBufferByteLength = nativeGetter<number>(PageArrayBuffer.prototype, 'byteLength');
  const sharedByteLength = win.SharedArrayBuffer ? nativeGetter<number>(win.SharedArrayBuffer.prototype, 'byteLength') : undefined;
  const blobSize = nativeGetter<number>(PageBlob.prototype, 'size');

  const isArrayBuffer = (value: object): boolean => value instanceof PageArrayBuffer || hasBrand(arrayBufferByteLength, value);
  const isSharedArrayBuffer = (value: object): boolean => sharedByteLength !== undefined && hasBrand(sharedByteLength, value);
  const isBlob = (value: object): boolean => value instanceof PageBlob || hasBrand(blobSize, value);
  const isBinary = (value: object): boolean => isView(value) || isArrayBuffer(value) || isSharedArrayBuffer(value) || isBlob(value);

  return {
    prepare(data) {
      if ((typeof data === 'object' && data !== null) || typeof data === 'function') {
        return isBinary(data) ? data : `${data as unknown as string}`;
      }
      return data;
    },
    payload(data) {
      if (typeof data === 'string') return data;
      if (typeof data !== 'object' || data === null) return `${data as string}`;
      if (isView(data)) return data as ArrayBufferView;
      // The recorder reads buffers of its own realm directly; any other buffer through a view of this realm.
      if (data instanceof ArrayBuffer) return data;
      if (isArrayBuffer(data) || isSharedArrayBuffer(data)) return new Uint8Array(data as ArrayBuffer);
      return data as Blob;
    },
  };
}
