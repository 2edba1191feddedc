import { SseParser } from '../decoders/sse';
import { nativeGetter, uncurryThis } from '../transports/native-access';
import type { PageWindow } from './context';

/**
 * One connection of an event stream, made with `fetch` the way `EventSource` makes it. Chaos uses it once it has
 * cut a source's native connection (offline, kill): the native EventSource cannot be reopened, so the reconnections
 * the browser would make — with `Last-Event-ID` — are made here, and their events handed to the page's source.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html#dom-eventsource
 */

export interface EventStreamRequest {
  url: string;
  withCredentials: boolean;
  lastEventId: string;
}

export interface EventStreamCallbacks {
  /** The server answered with an event stream: "announce the connection". */
  open(origin: string): void;
  event(type: string, data: string, lastEventId: string, origin: string): void;
  retry(milliseconds: number): void;
  /** The connection failed or ended on the network: the source re-establishes it. */
  lost(): void;
  /** The answer was not an event stream (status, type): the source fails for good. */
  refused(): void;
  fault(error: unknown): void;
}

export interface EventStreamConnection {
  abort(): void;
}

export type OpenEventStream = (request: EventStreamRequest, callbacks: EventStreamCallbacks) => EventStreamConnection;

const EVENT_STREAM_TYPE = 'text/event-stream';

export function createEventStreamOpener(win: PageWindow): OpenEventStream {
  // Taken at install, before chaos wraps `fetch` and before page code can replace any of them.
  const fetchNative = win.fetch;
  const PageAbortController = win.AbortController;
  const PageHeaders = win.Headers;
  const abort = uncurryThis(win.AbortController.prototype.abort as (this: AbortController) => void);
  const abortSignal = nativeGetter<AbortSignal>(win.AbortController.prototype, 'signal');
  const responseStatus = nativeGetter<number>(win.Response.prototype, 'status');
  const responseUrl = nativeGetter<string>(win.Response.prototype, 'url');
  const responseHeaders = nativeGetter<Headers>(win.Response.prototype, 'headers');
  const responseBody = nativeGetter<ReadableStream<Uint8Array> | null>(win.Response.prototype, 'body');
  const headerValue = uncurryThis(win.Headers.prototype.get as (this: Headers, name: string) => string | null);
  const setHeader = uncurryThis(win.Headers.prototype.set as (this: Headers, name: string, value: string) => void);
  const getReader = uncurryThis(win.ReadableStream.prototype.getReader as (this: ReadableStream<Uint8Array>) => ReadableStreamDefaultReader<Uint8Array>);
  const read = uncurryThis(win.ReadableStreamDefaultReader.prototype.read as (this: ReadableStreamDefaultReader<Uint8Array>) => Promise<ReadableStreamReadResult<Uint8Array>>);
  const reflectApply = Reflect.apply;
  const reflectConstruct = Reflect.construct;

  return (request, callbacks) => {
    const controller = reflectConstruct(PageAbortController, []) as AbortController;
    let aborted = false;
    const headers = reflectConstruct(PageHeaders, []) as Headers;
    setHeader(headers, 'Accept', EVENT_STREAM_TYPE);
    if (request.lastEventId !== '') setHeader(headers, 'Last-Event-ID', request.lastEventId);
    const init: RequestInit = {
      headers,
      cache: 'no-store',
      credentials: request.withCredentials ? 'include' : 'same-origin',
      signal: abortSignal(controller),
    };

    const readStream = async (response: Response): Promise<void> => {
      const status = responseStatus(response);
      const type = (headerValue(responseHeaders(response), 'content-type') ?? '').split(';')[0]?.trim().toLowerCase();
      const body = responseBody(response);
      // Anything but a 200 event stream fails the connection for good. @see https://html.spec.whatwg.org/multipage/server-sent-events.html#sse-processing-model
      if (status !== 200 || type !== EVENT_STREAM_TYPE || body === null) {
        callbacks.refused();
        return;
      }
      const origin = new URL(responseUrl(response) || request.url).origin;
      callbacks.open(origin);
      const parser = new SseParser(request.lastEventId);
      const reader = getReader(body);
      for (;;) {
        const chunk = await read(reader);
        if (aborted) return;
        if (chunk.done) break;
        for (const item of parser.push(chunk.value)) {
          if (aborted) return;
          if (item.kind === 'event') callbacks.event(item.type, item.data, item.lastEventId, origin);
          else if (item.kind === 'retry') callbacks.retry(item.milliseconds);
        }
      }
      callbacks.lost();
    };

    (reflectApply(fetchNative, win, [request.url, init]) as Promise<Response>).then(
      (response) => {
        if (aborted) return undefined;
        return readStream(response).catch(() => {
          if (!aborted) callbacks.lost();
        });
      },
      () => {
        if (!aborted) callbacks.lost();
      },
    ).catch((error: unknown) => callbacks.fault(error));

    return {
      abort: () => {
        if (aborted) return;
        aborted = true;
        abort(controller);
      },
    };
  };
}
