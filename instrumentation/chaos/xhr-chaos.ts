import type { Patch } from '../transports/patch-registry';
import { nativeGetter } from '../transports/native-access';
import { wrapGetter, wrapMethod } from '../transports/wrap';
import { REFUSAL_DELAY_MS, type ChaosContext } from './context';

/**
 * XMLHttpRequest while offline: a request to anything not exempt never reaches the network and fails as a network
 * error does — `loadstart` from `send()`, then in a later task readyState DONE with status 0, `readystatechange`,
 * `error` and `loadend` (a synchronous request throws a "NetworkError" DOMException). Socket.IO's long-polling and
 * pusher-js's auth requests go through here. Upload progress events are not simulated.
 * @see https://xhr.spec.whatwg.org/#request-error-steps
 */

/** @see https://xhr.spec.whatwg.org/#dom-xmlhttprequest-readystate */
const OPENED = 1;
const DONE = 4;

interface OpenedRequest {
  url: string;
  async: boolean;
  /** The pending failure of a send, cancelled by a new `open()`. */
  failure: ReturnType<typeof setTimeout> | undefined;
}

export function installXhrChaos(context: ChaosContext, patches: Patch[]): void {
  const { win, conditions, events, recorder, clock } = context;
  if (typeof win.XMLHttpRequest !== 'function') return;
  const prototype = win.XMLHttpRequest.prototype;
  const nativeReadyState = nativeGetter<number>(prototype, 'readyState');
  const PageDOMException = win.DOMException;
  const baseUri = (): string => win.document?.baseURI ?? win.location.href;
  const requests = new WeakMap<object, OpenedRequest>();
  /** Requests chaos failed: they read as DONE until opened again. */
  const failed = new WeakSet<object>();
  const reflectApply = Reflect.apply;

  wrapMethod(win, patches, prototype, 'open', (native, receiver, args) => {
    // Converted once here and handed over as a string, so the page's `toString` runs once, as without us.
    if (args.length >= 2 && ((typeof args[1] === 'object' && args[1] !== null) || typeof args[1] === 'function')) args[1] = `${args[1] as unknown as string}`;
    const result = reflectApply(native, receiver, args);
    recorder.guard('XMLHttpRequest open under chaos', () => {
      const previous = requests.get(receiver as object);
      if (previous?.failure !== undefined) clock.clearTimeout(previous.failure);
      failed.delete(receiver as object);
      let url: string;
      try {
        url = new URL(String(args[1]), baseUri()).href;
      } catch {
        url = String(args[1]);
      }
      requests.set(receiver as object, { url, async: args.length < 3 || Boolean(args[2]), failure: undefined });
    }, undefined);
    return result;
  });

  wrapMethod(win, patches, prototype, 'send', (native, receiver, args) => {
    const xhr = receiver as XMLHttpRequest;
    const request = requests.get(xhr);
    if (failed.has(xhr) || request?.failure !== undefined) {
      // The page sees a request that is DONE (or already sending): the native would throw the same.
      throw new PageDOMException("Failed to execute 'send' on 'XMLHttpRequest': The object's state must be OPENED.", 'InvalidStateError');
    }
    if (!conditions.offline || request === undefined || nativeReadyState(xhr) !== OPENED || !conditions.isNetworkRequest(request.url)) {
      return reflectApply(native, receiver, args);
    }
    if (!request.async) {
      failed.add(xhr);
      throw new PageDOMException(`Failed to execute 'send' on 'XMLHttpRequest': Failed to load '${request.url}'.`, 'NetworkError');
    }
    events.dispatch(xhr, events.progress('loadstart'));
    request.failure = clock.setTimeout(() => recorder.guard('failing an XMLHttpRequest', () => {
      request.failure = undefined;
      failed.add(xhr);
      events.dispatch(xhr, events.event('readystatechange'));
      events.dispatch(xhr, events.progress('error'));
      events.dispatch(xhr, events.progress('loadend'));
    }, undefined), REFUSAL_DELAY_MS) as ReturnType<typeof setTimeout>;
    return undefined;
  });

  wrapGetter<number>(win, patches, prototype, 'readyState', (receiver, value) => (failed.has(receiver as object) ? DONE : value));
}
