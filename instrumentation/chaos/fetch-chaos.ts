import { natives } from '../natives';
import type { Patch } from '../transports/patch-registry';
import { hasBrand, nativeGetter, uncurryThis } from '../transports/native-access';
import { wrapMethod } from '../transports/wrap';
import type { ChaosContext } from './context';

/**
 * `fetch` under chaos. Offline, a request to anything not exempt rejects as on a dead network — a `TypeError`
 * with the browser's own message — without reaching the network. Under latency the request leaves after the
 * outgoing delay and its response is handed over after the incoming one (the body then streams as it comes).
 * An abort during either delay behaves as it would on a slow network: the promise rejects with the signal's reason.
 * With no condition on, the page's call goes straight to the native `fetch`.
 * @see https://fetch.spec.whatwg.org/#fetch-method
 */

/** What the engines reject `fetch` with on a network error. */
const NETWORK_ERROR_MESSAGE = { chromium: 'Failed to fetch', firefox: 'NetworkError when attempting to fetch resource.' };

export function installFetchChaos(context: ChaosContext, patches: Patch[]): void {
  const { win, conditions, recorder } = context;
  if (typeof win.fetch !== 'function') return;
  const PagePromise = win.Promise;
  const promiseReject = PagePromise.reject;
  const PageTypeError = win.TypeError;
  const networkErrorMessage = /\bFirefox\//.test(win.navigator.userAgent) ? NETWORK_ERROR_MESSAGE.firefox : NETWORK_ERROR_MESSAGE.chromium;
  const requestUrl = nativeGetter<string>(win.Request.prototype, 'url');
  const requestSignal = nativeGetter<AbortSignal>(win.Request.prototype, 'signal');
  const signalAborted = nativeGetter<boolean>(win.AbortSignal.prototype, 'aborted');
  const signalReason = nativeGetter<unknown>(win.AbortSignal.prototype, 'reason');
  const addListener = uncurryThis(win.EventTarget.prototype.addEventListener);
  const removeListener = uncurryThis(win.EventTarget.prototype.removeEventListener);
  const baseUri = (): string => win.document?.baseURI ?? win.location.href;
  const getOwnDescriptor = Object.getOwnPropertyDescriptor;
  const reflectApply = Reflect.apply;
  const reflectConstruct = Reflect.construct;

  /** The signal that can abort the request, read without running page getters. */
  const signalOf = (input: unknown, init: unknown): AbortSignal | undefined => {
    const fromInit = typeof init === 'object' && init !== null ? getOwnDescriptor(init, 'signal')?.value : undefined;
    if (fromInit !== undefined && fromInit !== null) return hasBrand(signalAborted, fromInit as object) ? (fromInit as AbortSignal) : undefined;
    return typeof input === 'object' && input !== null && hasBrand(requestUrl, input) ? requestSignal(input) : undefined;
  };

  const delayed = (native: (...args: never[]) => unknown, receiver: unknown, args: unknown[]): Promise<unknown> =>
    reflectConstruct(PagePromise, [(resolve: (value: unknown) => void, reject: (reason: unknown) => void) => {
      const signal = signalOf(args[0], args[1]);
      let timer: ReturnType<typeof setTimeout> | undefined;
      let stage: 'waiting to send' | 'in flight' | 'waiting to deliver' | 'done' = 'waiting to send';
      const finish = (): void => {
        stage = 'done';
        if (timer !== undefined) natives.clearTimeout(timer);
        if (signal) removeListener(signal, 'abort', onAbort);
      };
      const send = (): void => {
        if (timer !== undefined) natives.clearTimeout(timer);
        timer = undefined;
        if (conditions.offline) {
          finish();
          reject(reflectConstruct(PageTypeError, [networkErrorMessage]));
          return;
        }
        stage = 'in flight';
        // An aborted signal makes the native reject at once with its reason, as it would have without the delay.
        (reflectApply(native, receiver, args) as Promise<unknown>).then(
          (response) => {
            if (stage === 'done') return;
            stage = 'waiting to deliver';
            timer = natives.setTimeout(() => {
              finish();
              resolve(response);
            }, conditions.delay('in'));
          },
          (error: unknown) => {
            finish();
            reject(error);
          },
        );
      };
      function onAbort(): void {
        if (stage === 'waiting to send') send();
        else if (stage === 'waiting to deliver' && signal) {
          finish();
          reject(signalReason(signal));
        }
      }
      if (signal) {
        if (signalAborted(signal)) {
          send();
          return;
        }
        addListener(signal, 'abort', onAbort);
      }
      timer = natives.setTimeout(send, conditions.delay('out'));
    }]) as Promise<unknown>;

  wrapMethod(win, patches, win, 'fetch', (native, receiver, args) => {
    if ((!conditions.offline && !conditions.delaysRequests()) || args.length === 0) return reflectApply(native, receiver, args);
    const input = args[0];
    let url: string;
    if (typeof input === 'object' && input !== null && hasBrand(requestUrl, input)) {
      url = requestUrl(input);
    } else {
      // Converted once here and handed over as a string, so the page's `toString` runs once, as without us.
      try {
        url = `${input as string}`;
      } catch (error) {
        return reflectApply(promiseReject, PagePromise, [error]);
      }
      args[0] = url;
    }
    const decision = recorder.guard('fetch under chaos', () => {
      let absolute: string;
      try {
        absolute = new URL(url, baseUri()).href;
      } catch {
        return 'native';
      }
      if (!conditions.isNetworkRequest(absolute)) return 'native';
      return conditions.offline ? 'offline' : 'delay';
    }, 'native' as const);
    if (decision === 'offline') return reflectApply(promiseReject, PagePromise, [reflectConstruct(PageTypeError, [networkErrorMessage])]);
    if (decision === 'delay') return delayed(native, receiver, args);
    return reflectApply(native, receiver, args);
  });
}
