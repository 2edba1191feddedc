import { SseParser, summarizeSseItem } from '../decoders/sse';
import type { ConnectionInfo, LifecycleEvent } from '../protocol';
import type { Recorder } from '../recorder';
import type { Patch } from '../transports/patch-registry';
import { nativeGetter, uncurryThis } from '../transports/native-access';
import { wrapGetter, wrapMethod } from '../transports/wrap';
import { summaryOf } from './frame-decoding';

type PageWindow = Window & typeof globalThis;

/** What a Response built by script cannot be given through its constructor, kept for the stand-ins we build. */
interface ResponseFacts {
  url: string;
  type: ResponseType;
  redirected: boolean;
}

/** `text/event-stream`, whatever its case and parameters. @see https://html.spec.whatwg.org/multipage/iana.html#text/event-stream */
export function isEventStreamType(contentType: string | null): boolean {
  if (contentType === null) return false;
  const essence = contentType.split(';', 1)[0] ?? '';
  return essence.trim().toLowerCase() === 'text/event-stream';
}

/**
 * Fetch responses of type `text/event-stream` (how LLM clients stream; they never reach `EventSource`).
 * The page gets a stand-in Response whose body is a byte stream pulling from the real one: each chunk the page
 * reads is parsed (as `EventSource` would) into `event` frames before it is handed on, untouched, so the page
 * still receives every byte, at its own pace, and backpressure and cancellation reach the network as before.
 * The connection opens at the headers and closes when the body ends, errors (an abort) or the page cancels it.
 * Status, status text and headers go through the constructor; `url`, `type` and `redirected`, which it cannot
 * set, are answered by the Response getters for the stand-ins (and their clones).
 */
export function createEventStreamCapture(win: PageWindow, recorder: Recorder, patches: Patch[]): (response: Response) => Response {
  const NativeResponse = win.Response;
  const NativeReadableStream = win.ReadableStream;
  const responsePrototype = NativeResponse.prototype;
  const responseHeaders = nativeGetter<Headers>(responsePrototype, 'headers');
  const responseBody = nativeGetter<ReadableStream<Uint8Array> | null>(responsePrototype, 'body');
  const responseStatus = nativeGetter<number>(responsePrototype, 'status');
  const responseStatusText = nativeGetter<string>(responsePrototype, 'statusText');
  const responseUrl = nativeGetter<string>(responsePrototype, 'url');
  const responseType = nativeGetter<ResponseType>(responsePrototype, 'type');
  const responseRedirected = nativeGetter<boolean>(responsePrototype, 'redirected');
  const headersGet = uncurryThis(win.Headers.prototype.get);
  const getReader = uncurryThis(NativeReadableStream.prototype.getReader as (this: ReadableStream<Uint8Array>) => ReadableStreamDefaultReader<Uint8Array>);
  const readerPrototype = Object.getPrototypeOf(getReader(new NativeReadableStream())) as ReadableStreamDefaultReader<Uint8Array>;
  const read = uncurryThis(readerPrototype.read);
  const cancel = uncurryThis(readerPrototype.cancel);
  const promiseThen = uncurryThis(win.Promise.prototype.then) as <T>(promise: Promise<T>, onFulfilled: (value: T) => unknown, onRejected: (reason: unknown) => unknown) => Promise<unknown>;
  const reflectConstruct = Reflect.construct;
  const standIns = new WeakMap<object, ResponseFacts>();

  wrapGetter<string>(win, patches, responsePrototype, 'url', (receiver, value) => standIns.get(receiver as object)?.url ?? value);
  wrapGetter<ResponseType>(win, patches, responsePrototype, 'type', (receiver, value) => standIns.get(receiver as object)?.type ?? value);
  wrapGetter<boolean>(win, patches, responsePrototype, 'redirected', (receiver, value) => standIns.get(receiver as object)?.redirected ?? value);
  wrapMethod(win, patches, responsePrototype, 'clone', (native, receiver, args) => {
    const copy = Reflect.apply(native, receiver, args) as object;
    const facts = standIns.get(receiver as object);
    if (facts) standIns.set(copy, facts);
    return copy;
  });

  const record = (info: ConnectionInfo, parser: SseParser, chunk: Uint8Array): void => {
    for (const item of parser.push(chunk)) {
      if (item.kind !== 'event') continue;
      recorder.frame(info, 'in', item.data, { event: item.type, lastEventId: item.lastEventId, decoded: summaryOf(summarizeSseItem(item)) });
    }
  };

  return (response) => {
    const type = responseType(response);
    if (type === 'opaque' || type === 'opaqueredirect') return response;
    if (!isEventStreamType(headersGet(responseHeaders(response), 'content-type'))) return response;
    const body = responseBody(response);
    if (body === null) return response;
    const source = getReader(body);
    const facts: ResponseFacts = { url: responseUrl(response), type, redirected: responseRedirected(response) };
    const info = recorder.openConnection({ transport: 'fetch-sse', url: facts.url });
    recorder.lifecycle(info, 'open');
    const parser = new SseParser();
    let ended = false;
    const end = (details: Omit<Partial<LifecycleEvent>, 'type' | 'seq' | 'at' | 'connectionId' | 'phase'>, failed: boolean): void => {
      if (ended) return;
      ended = true;
      parser.end();
      if (failed) recorder.lifecycle(info, 'error');
      recorder.lifecycle(info, 'closed', details);
    };
    const pageBody = reflectConstruct(NativeReadableStream, [{
      type: 'bytes',
      pull: (controller: ReadableByteStreamController) => promiseThen(read(source), (result: ReadableStreamReadResult<Uint8Array>) => {
        if (result.done) {
          recorder.guard('ending a fetch event stream', () => end({ wasClean: true, initiator: 'remote' }, false), undefined);
          controller.close();
          return;
        }
        // Parsed before it is handed on: enqueueing transfers the chunk's buffer to the page's stream.
        recorder.guard('reading a fetch event stream', () => record(info, parser, result.value), undefined);
        controller.enqueue(result.value as Uint8Array<ArrayBuffer>);
      }, (error: unknown) => {
        recorder.guard('failing a fetch event stream', () => end({ wasClean: false, closeReason: describe(error), initiator: isAbort(error) ? 'page' : 'remote' }, true), undefined);
        controller.error(error);
      }),
      cancel: (reason: unknown) => {
        recorder.guard('cancelling a fetch event stream', () => end({ wasClean: true, closeReason: 'cancelled by the page', initiator: 'page' }, false), undefined);
        return cancel(source, reason);
      },
    }]) as ReadableStream<Uint8Array>;
    const standIn = reflectConstruct(NativeResponse, [pageBody, {
      status: responseStatus(response),
      statusText: responseStatusText(response),
      headers: responseHeaders(response),
    }]) as Response;
    standIns.set(standIn, facts);
    return standIn;
  };
}

function isAbort(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError';
}

function describe(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const { name, message } = error as { name?: unknown; message?: unknown };
    if (typeof name === 'string' && typeof message === 'string') return `${name}: ${message}`;
  }
  return String(error);
}
