/**
 * Finds clients the page never hands to `attach()`, where a library leaves a way in:
 * - pusher-js always sets `window.Pusher` (even bundled) and lists its clients in `Pusher.instances`;
 * - the script-tag builds of ably-js and socket.io-client set `window.Ably` and `window.io`, whose `Ably.Realtime`
 *   and `io()` are observed through Proxies that return the library's own objects, so `instanceof` and identity of
 *   the clients hold.
 * Each global is caught by a setter on `window` that replaces itself with a plain data property on first
 * assignment; the one trace it leaves before that is `'Ably' in window` being true.
 *
 * Bundled Socket.IO and Ably expose no global. protocols.md describes catching their constructors through an
 * accessor on `Object.prototype` (`receiveBuffer`, `nsps`); that makes `'receiveBuffer' in obj` true for every
 * object of the page and runs our code on every plain object's assignment of those names, which is not read-only
 * observation, so it is not done: such apps call `__REALTIME_DEVTOOLS__.attach(socket)`.
 */
import type { Recorder } from '../recorder';
import { isAblyRealtime } from './ably';
import { isFunction, isRecord, readPath } from './read';
import type { ClientRegistry } from './registry';
import { isSocketIoSocket } from './socketio';

/** Calls `assigned` with the first value the page assigns to `window[name]`; what it returns is stored instead. */
function onGlobalAssignment(win: Window, recorder: Recorder, name: string, assigned: (value: unknown) => unknown): void {
  if (Object.prototype.hasOwnProperty.call(win, name)) return;
  Object.defineProperty(win, name, {
    configurable: true,
    enumerable: true,
    // What `window[name]` gave before: a named element or frame (HTML named access on Window), if any.
    get: () => Reflect.get(Object.getPrototypeOf(win) as object, name, win) as unknown,
    set(value: unknown) {
      const stored = recorder.guard(`observing window.${name}`, () => assigned(value), value);
      Object.defineProperty(win, name, { value: stored, writable: true, enumerable: true, configurable: true });
    },
  });
}

/** A Proxy of `namespace` whose `key` constructor reports each instance; the namespace itself when that cannot hold. */
function observeConstructor(namespace: unknown, key: string, constructed: (instance: unknown) => void): unknown {
  if (!isRecord(namespace)) return namespace;
  const original = readPath(namespace, [key]);
  const descriptor = Object.getOwnPropertyDescriptor(namespace, key);
  // A Proxy must return the real value of a non-configurable, non-writable data property (ECMA-262 [[Get]] invariant).
  if (!isFunction(original) || (descriptor && 'value' in descriptor && !descriptor.configurable && !descriptor.writable)) return namespace;
  const observed: unknown = new Proxy(original, {
    construct(target, args: unknown[], newTarget: Function) {
      const instance = Reflect.construct(target, args, newTarget === observed ? target : newTarget) as object;
      constructed(instance);
      return instance;
    },
  });
  return new Proxy(namespace, {
    get: (target, property, receiver) => (property === key ? observed : Reflect.get(target, property, receiver)),
  });
}

/** A Proxy of the `io()` function that reports each socket it returns. */
function observeCalls(fn: unknown, returned: (value: unknown) => void): unknown {
  if (!isFunction(fn)) return fn;
  return new Proxy(fn, {
    apply(target, thisArg, args: unknown[]) {
      const value = Reflect.apply(target, thisArg, args);
      returned(value);
      return value;
    },
  });
}

export function discoverClients(win: Window, registry: ClientRegistry, recorder: Recorder): void {
  // Only what is surely a client: a page's own global of the same name must not fill the log with `ignored`.
  const found = (client: unknown): void => {
    if (isSocketIoSocket(client) || isAblyRealtime(client)) recorder.guard('attaching a discovered client', () => registry.attach(client, 'discovery'), null);
  };
  if (readPath(win, ['Pusher']) !== undefined) registry.watchPusherInstances();
  else {
    onGlobalAssignment(win, recorder, 'Pusher', (value) => {
      registry.watchPusherInstances();
      return value;
    });
  }
  onGlobalAssignment(win, recorder, 'Ably', (value) => observeConstructor(value, 'Realtime', found));
  onGlobalAssignment(win, recorder, 'io', (value) => observeCalls(value, found));
}
