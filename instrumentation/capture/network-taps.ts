import type { Recorder } from '../recorder';
import type { Patch } from '../transports/patch-registry';
import { hasBrand, inheritsFrom, nativeGetter, uncurryThis } from '../transports/native-access';
import { wrapMethodOuter } from '../transports/wrap';
import { isEnginePollingUrl, type PollingSessions } from './polling';

type PageWindow = Window & typeof globalThis;

/** @see https://xhr.spec.whatwg.org/#dom-xmlhttprequest-done */
const DONE = 4;

interface OpenedRequest {
  url: string;
  method: string;
}

/**
 * The capture's view of `fetch` and `XMLHttpRequest`: event-stream responses and engine.io long-polling.
 * Both globals are also wrapped by the chaos layer; these wraps go outside it (`wrapMethodOuter`), so the page
 * calls the capture, which calls chaos, which calls the native: a request chaos refuses never reaches the
 * capture's bookkeeping, and what the capture records is what the page was handed.
 */
export function installNetworkTaps(
  win: PageWindow,
  recorder: Recorder,
  patches: Patch[],
  polling: PollingSessions,
  captureEventStream: ((response: Response) => Response) | undefined,
): void {
  const baseUri = (): string => win.document?.baseURI ?? win.location.href;
  const absolute = (url: string): string => {
    try {
      return new URL(url, baseUri()).href;
    } catch {
      return url;
    }
  };
  const urlHref = typeof win.URL === 'function' ? nativeGetter<string>(win.URL.prototype, 'href') : undefined;
  const getOwnDescriptor = Object.getOwnPropertyDescriptor;
  const reflectApply = Reflect.apply;

  /** A URL given as a string, a URL object or a Request, read without running page code. */
  const urlOf = (input: unknown, requestUrl: ((self: object) => string) | undefined): string | undefined => {
    if (typeof input === 'string') return input;
    if (typeof input !== 'object' || input === null) return undefined;
    if (urlHref && hasBrand(urlHref, input)) return urlHref(input);
    return requestUrl && hasBrand(requestUrl, input) ? requestUrl(input) : undefined;
  };

  if (typeof win.fetch === 'function' && typeof win.Request === 'function' && typeof win.Response === 'function') {
    const requestUrl = nativeGetter<string>(win.Request.prototype, 'url');
    const requestMethod = nativeGetter<string>(win.Request.prototype, 'method');
    const responseStatus = nativeGetter<number>(win.Response.prototype, 'status');
    const responseClone = uncurryThis(win.Response.prototype.clone);
    const responseText = uncurryThis(win.Response.prototype.text);
    const promiseThen = uncurryThis(win.Promise.prototype.then) as <T>(promise: Promise<T>, onFulfilled: (value: T) => unknown, onRejected?: (reason: unknown) => unknown) => Promise<unknown>;
    const isPromise = (value: unknown): value is Promise<unknown> => inheritsFrom(value, win.Promise.prototype);

    /** A long-polling request: its URL, method and (string) body, read from own data properties only. */
    const pollingRequest = (args: unknown[]): (OpenedRequest & { body: string | undefined }) | undefined => {
      const url = urlOf(args[0], requestUrl);
      if (url === undefined || !isEnginePollingUrl(url)) return undefined;
      const init = typeof args[1] === 'object' && args[1] !== null ? args[1] : undefined;
      const method = init ? getOwnDescriptor(init, 'method')?.value : undefined;
      const body = init ? getOwnDescriptor(init, 'body')?.value : undefined;
      const fromRequest = typeof args[0] === 'object' && args[0] !== null && hasBrand(requestUrl, args[0]) ? requestMethod(args[0]) : 'GET';
      return { url: absolute(url), method: typeof method === 'string' ? method : fromRequest, body: typeof body === 'string' ? body : undefined };
    };

    wrapMethodOuter(win, patches, win, 'fetch', (inner, receiver, args) => {
      const request = recorder.guard('reading a fetch request', () => pollingRequest(args), undefined);
      const result = reflectApply(inner, receiver, args);
      if (!isPromise(result)) return result;
      const responsePromise = result as Promise<Response>;
      if (request) recorder.guard('capturing a long-polling request', () => polling.request(request.url, request.method, request.body), undefined);
      if (!request && !captureEventStream) return result;
      return promiseThen(responsePromise, (response: Response) => recorder.guard('capturing a fetch response', () => {
        if (!request) return captureEventStream ? captureEventStream(response) : response;
        // The answer is recorded before the page gets it, as the page acts on it at once (engine.io posts its
        // CONNECT as soon as it reads the handshake). A polling answer is short and whole, so the wait is the
        // time to read it; the page's own body stays unread (the clone tees it).
        const status = responseStatus(response);
        const handOver = (): Response => response;
        return promiseThen(responseText(responseClone(response)), (text: string) => {
          recorder.guard('capturing a long-polling answer', () => polling.response(request.url, request.method, status, text), undefined);
          return response;
        }, handOver);
      }, response));
    });
  }

  if (typeof win.XMLHttpRequest === 'function' && typeof win.EventTarget === 'function') {
    const prototype = win.XMLHttpRequest.prototype;
    const xhrStatus = nativeGetter<number>(prototype, 'status');
    const xhrReadyState = nativeGetter<number>(prototype, 'readyState');
    const xhrResponseText = nativeGetter<string>(prototype, 'responseText');
    const addListener = uncurryThis(win.EventTarget.prototype.addEventListener);
    const opened = new WeakMap<object, OpenedRequest>();
    const listening = new WeakSet<object>();

    const answered = (xhr: XMLHttpRequest, failed: boolean): void => {
      const request = opened.get(xhr);
      if (!request) return;
      recorder.guard('capturing a long-polling answer', () => {
        const status = failed ? 0 : xhrStatus(xhr);
        let text = '';
        if (!failed) {
          try {
            text = xhrResponseText(xhr);
          } catch {
            // A responseType other than text: engine.io never sets one, so this is not a session of ours.
            return;
          }
        }
        polling.response(request.url, request.method, status, text);
      }, undefined);
    };

    wrapMethodOuter(win, patches, prototype, 'open', (inner, receiver, args) => {
      const result = reflectApply(inner, receiver, args);
      recorder.guard('capturing XMLHttpRequest open', () => {
        const xhr = receiver as XMLHttpRequest;
        const url = urlOf(args[1], undefined);
        if (url === undefined || !isEnginePollingUrl(url)) {
          opened.delete(xhr);
          return;
        }
        opened.set(xhr, { url: absolute(url), method: typeof args[0] === 'string' ? args[0] : 'GET' });
        // Added at open, before the page sets its own handler, so that the answer is recorded before the page
        // acts on it: engine.io sends its first POST from inside the handshake's readystatechange.
        if (!listening.has(xhr)) {
          listening.add(xhr);
          addListener(xhr, 'readystatechange', () => {
            if (xhrReadyState(xhr) === DONE && xhrStatus(xhr) !== 0) answered(xhr, false);
          });
          // A network error (status 0) and not an abort, which fires no `error`.
          addListener(xhr, 'error', () => answered(xhr, true));
        }
      }, undefined);
      return result;
    });

    wrapMethodOuter(win, patches, prototype, 'send', (inner, receiver, args) => {
      const result = reflectApply(inner, receiver, args);
      const request = opened.get(receiver as object);
      if (request) {
        recorder.guard('capturing a long-polling request', () => polling.request(request.url, request.method, typeof args[0] === 'string' ? args[0] : undefined), undefined);
      }
      return result;
    });
  }
}
