import type { SocketEventType, WebSocketChaos } from '../chaos/websocket-chaos';
import type { ConnectionInfo, ConnectionState } from '../protocol';
import type { Recorder } from '../recorder';
import { acquireToStringDisguise } from './disguise';
import { hookAddEventListener } from './listener-hooks';
import { hasBrand, inheritsFrom, nativeGetter, uncurryThis } from './native-access';
import { restoreAll, type Patch } from './patch-registry';
import { createSendDataReader } from './send-data';
import { wrapAccessor, wrapConstructor, wrapGetter, wrapMethod, wrapSetter } from './wrap';

/**
 * The WebSocket tap. The page keeps the native constructor's behaviour in every detail — the Proxy's `construct`
 * returns the real native socket, and every native call (constructor, `send`, `close`) runs unchanged, so the
 * native throws its own exceptions; we record only after a call succeeded.
 *
 * Sockets made by a constructor reference taken before install (a library that grabbed `WebSocket` early) are
 * adopted on their first `send`, `close`, `addEventListener` or `on*` assignment, and recorded from then on.
 * A socket the page never touches again after install cannot be seen.
 *
 * With `chaos`, each of our listeners first asks it whether it takes the event over (network conditions), and
 * `send`, `close`, `readyState` and `bufferedAmount` consult it; with no condition on, it always declines.
 *
 * Messages are the hot path: on a busy socket, one more listener for the browser to call costs the page several
 * per cent of its throughput, whatever the listener does. Most clients (socket.io-client, pusher-js, ably-js and
 * most apps) listen through `onmessage` alone, so a handler the page assigns there is wrapped to record the
 * message just before the page's handler runs, and our own message listener is taken off while that handler is
 * the socket's only message listener. Our listener comes back, ahead of the page's, as soon as the page calls
 * `addEventListener` for messages on the socket or clears the handler: whichever of ours runs first records the
 * message and asks chaos about it, and both skip an event already seen.
 */

type PageWindow = Window & typeof globalThis;

/** @see https://websockets.spec.whatwg.org/#dom-websocket-readystate */
const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;
const STATES: readonly ConnectionState[] = ['connecting', 'open', 'closing', 'closed'];

/** `onmessage` has its own accessor patch: see `messageHandlerFor`. */
const ADOPTING_HANDLER_ATTRIBUTES = ['onopen', 'onerror', 'onclose'];
/** `send` while closing or closed is accepted and silently discarded. @see https://websockets.spec.whatwg.org/#dom-websocket-send */
const DISCARDED = Object.freeze({ discarded: true });
/**
 * Our listeners are added first, and capture: under the DOM standard, capturing listeners at the target run before
 * non-capturing ones, so not even a page's capturing listener that stops the event runs before ours. (Chromium runs
 * the listeners of a target outside the DOM tree in registration order whatever their capture flag, where being
 * first is what counts.) @see https://dom.spec.whatwg.org/#concept-event-dispatch
 */
const CAPTURE = true;
const isArray = Array.isArray;
const isInteger = Number.isInteger;

interface TrackedSocket {
  info: ConnectionInfo;
  closedByPage: boolean;
  /** Our own message listener is registered on the socket. */
  listening: boolean;
  /** The page added a message listener with `addEventListener`: ours stays, ahead of it, for good. */
  pageListens: boolean;
  /** The last native message event recorded or handed to chaos, so that meeting it twice records it once. */
  lastMessage: Event | undefined;
}

export function tapWebSocket(win: PageWindow, recorder: Recorder, chaos?: WebSocketChaos): () => void {
  const NativeWebSocket = win.WebSocket;
  if (typeof NativeWebSocket !== 'function') return () => {};
  const patches: Patch[] = [];
  const releases: (() => void)[] = [];
  let active = true;
  const restore = (): void => {
    active = false;
    restoreAll(patches);
    for (const release of releases.splice(0).reverse()) release();
  };
  try {
    installWebSocketTap(win, recorder, NativeWebSocket, patches, releases, () => active, chaos);
  } catch (error) {
    restore();
    recorder.internalError('installing the WebSocket tap', error);
    return () => {};
  }
  return restore;
}

function installWebSocketTap(
  win: PageWindow,
  recorder: Recorder,
  NativeWebSocket: typeof WebSocket,
  patches: Patch[],
  releases: (() => void)[],
  isActive: () => boolean,
  chaos: WebSocketChaos | undefined,
): void {
  const prototype = NativeWebSocket.prototype;
  const readyState = nativeGetter<number>(prototype, 'readyState');
  const socketUrl = nativeGetter<string>(prototype, 'url');
  const socketProtocol = nativeGetter<string>(prototype, 'protocol');
  const socketExtensions = nativeGetter<string>(prototype, 'extensions');
  const messageData = nativeGetter<string | ArrayBuffer | Blob>(win.MessageEvent.prototype, 'data');
  const closeCode = nativeGetter<number>(win.CloseEvent.prototype, 'code');
  const closeReason = nativeGetter<string>(win.CloseEvent.prototype, 'reason');
  const closeWasClean = nativeGetter<boolean>(win.CloseEvent.prototype, 'wasClean');
  const sendData = createSendDataReader(win);
  const reflectApply = Reflect.apply;
  const reflectConstruct = Reflect.construct;
  const sockets = new WeakMap<object, TrackedSocket>();

  /** Chaos made this event (and recorded it already), or keeps it from the page to deliver it its own way. */
  const takenByChaos = (socket: WebSocket, event: Event, type: SocketEventType): boolean =>
    chaos !== undefined && (chaos.isSynthetic(event) || chaos.intercept(socket, event, type));

  // One listener of each kind for all sockets: the socket is `this`, so no closure is made per socket or frame.
  function onOpen(this: WebSocket, event: Event): void {
    const tracked = sockets.get(this);
    if (tracked === undefined || !isActive()) return;
    try {
      if (takenByChaos(this, event, 'open')) return;
      recorder.lifecycle(tracked.info, 'open');
      recorder.update(tracked.info, { protocol: socketProtocol(this), extensions: socketExtensions(this) });
    } catch (error) {
      recorder.internalError('WebSocket open event', error);
    }
  }
  /**
   * Records a native message event once, whichever of our listener and the wrapped handler meets it first. True:
   * chaos took it over, and the page's listeners must not get it (chaos stopped its propagation already).
   */
  function captureMessage(socket: WebSocket, tracked: TrackedSocket, event: MessageEvent): boolean {
    if (tracked.lastMessage === event) return false;
    try {
      if (chaos !== undefined && chaos.isSynthetic(event)) return false;
      tracked.lastMessage = event;
      if (chaos !== undefined && chaos.intercept(socket, event, 'message')) return true;
      recorder.frame(tracked.info, 'in', messageData(event));
    } catch (error) {
      recorder.internalError('WebSocket message event', error);
    }
    return false;
  }
  function onMessage(this: WebSocket, event: MessageEvent): void {
    const tracked = sockets.get(this);
    if (tracked !== undefined && isActive()) captureMessage(this, tracked, event);
  }

  const wrapperOfHandler = new WeakMap<object, (this: WebSocket, event: MessageEvent) => unknown>();
  const handlerOfWrapper = new WeakMap<object, object>();
  /**
   * What the native `onmessage` holds in place of the page's handler: one wrapper per handler (shared by sockets,
   * which it gets as `this`), called by the browser exactly as the handler would be; it returns what the handler
   * returns, and lets the handler's exceptions go to the browser, which reports them as it would.
   */
  function messageHandlerFor(handler: (this: WebSocket, event: MessageEvent) => unknown): (this: WebSocket, event: MessageEvent) => unknown {
    let wrapper = wrapperOfHandler.get(handler);
    if (wrapper === undefined) {
      wrapper = function (this: WebSocket, event: MessageEvent): unknown {
        const tracked = isActive() ? sockets.get(this) : undefined;
        if (tracked !== undefined && captureMessage(this, tracked, event)) return undefined;
        return reflectApply(handler, this, [event]);
      };
      wrapperOfHandler.set(handler, wrapper);
      handlerOfWrapper.set(wrapper, handler);
    }
    return wrapper;
  }

  function listenForMessages(socket: WebSocket, tracked: TrackedSocket): void {
    if (tracked.listening) return;
    addListener(socket, 'message', onMessage as EventListener, CAPTURE);
    tracked.listening = true;
  }
  function onError(this: WebSocket, event: Event): void {
    const tracked = sockets.get(this);
    if (tracked === undefined || !isActive()) return;
    try {
      if (takenByChaos(this, event, 'error')) return;
      recorder.lifecycle(tracked.info, 'error');
    } catch (error) {
      recorder.internalError('WebSocket error event', error);
    }
  }
  function onClose(this: WebSocket, event: CloseEvent): void {
    const tracked = sockets.get(this);
    if (tracked === undefined || !isActive()) return;
    try {
      if (takenByChaos(this, event, 'close')) return;
      recorder.lifecycle(tracked.info, 'closed', {
        closeCode: closeCode(event),
        closeReason: closeReason(event),
        wasClean: closeWasClean(event),
        initiator: tracked.closedByPage ? 'page' : 'remote',
      });
    } catch (error) {
      recorder.internalError('WebSocket close event', error);
    }
  }

  const hook = hookAddEventListener(win, (target, type) => {
    if (!isActive()) return;
    const tracked = sockets.get(target as object) ?? (inheritsFrom(target, prototype) ? adopt(target) : undefined);
    // A type that is not a string is converted by the native call, through page code we must not run twice.
    if (tracked === undefined || (typeof type === 'string' && type !== 'message')) return;
    tracked.pageListens = true;
    recorder.guard('listening for WebSocket messages', () => listenForMessages(target as WebSocket, tracked), undefined);
  });
  releases.push(hook.release);
  const addListener = uncurryThis(hook.native);
  const removeListener = uncurryThis(win.EventTarget.prototype.removeEventListener);

  function track(socket: WebSocket, info: ConnectionInfo, protocols: string[], constructed: boolean): TrackedSocket {
    // A socket adopted late may have message listeners from before install, which we cannot see.
    const tracked: TrackedSocket = { info, closedByPage: false, listening: false, pageListens: !constructed, lastMessage: undefined };
    sockets.set(socket, tracked);
    addListener(socket, 'open', onOpen, CAPTURE);
    listenForMessages(socket, tracked);
    addListener(socket, 'error', onError, CAPTURE);
    addListener(socket, 'close', onClose as EventListener, CAPTURE);
    chaos?.track(socket, info, protocols, constructed);
    return tracked;
  }

  /** A native socket made before install: recorded from now on, in the state it is in. */
  function adopt(candidate: unknown): TrackedSocket | undefined {
    if (typeof candidate !== 'object' || candidate === null || !hasBrand(readyState, candidate)) return undefined;
    const socket = candidate as WebSocket;
    return recorder.guard('adopting a WebSocket', () => {
      const state = readyState(socket);
      const info = recorder.openConnection({
        transport: 'websocket',
        url: socketUrl(socket),
        adoptedLate: true,
        state: STATES[state] ?? 'connecting',
      });
      if (state !== CONNECTING) recorder.update(info, { protocol: socketProtocol(socket), extensions: socketExtensions(socket) });
      return track(socket, info, [], false);
    }, undefined);
  }

  const trackedOrAdopted = (socket: unknown): TrackedSocket | undefined => sockets.get(socket as object) ?? adopt(socket);

  releases.push(acquireToStringDisguise(win));

  wrapConstructor(win, patches, 'WebSocket', NativeWebSocket, (target, args, newTarget) => {
    const socket = reflectConstruct(target, args, newTarget) as WebSocket;
    if (isActive()) {
      recorder.guard('recording a new WebSocket', () => {
        const protocols = requestedProtocols(args[1]);
        const info = recorder.openConnection({ transport: 'websocket', url: socketUrl(socket), requestedProtocols: protocols });
        track(socket, info, protocols, true);
      }, undefined);
    }
    return socket;
  });

  wrapMethod(win, patches, prototype, 'send', (native, receiver, args) => {
    const tracked = isActive() ? trackedOrAdopted(receiver) : undefined;
    if (tracked === undefined || args.length === 0) return reflectApply(native, receiver, args);
    args[0] = sendData.prepare(args[0]);
    if (chaos?.send(receiver as WebSocket, args[0])) return undefined;
    const result = reflectApply(native, receiver, args);
    try {
      const state = readyState(receiver as WebSocket);
      recorder.frame(tracked.info, 'out', sendData.payload(args[0]), state === CLOSING || state === CLOSED ? DISCARDED : undefined);
    } catch (error) {
      recorder.internalError('WebSocket send', error);
    }
    return result;
  });

  wrapMethod(win, patches, prototype, 'close', (native, receiver, args) => {
    const tracked = isActive() ? trackedOrAdopted(receiver) : undefined;
    if (tracked === undefined) return reflectApply(native, receiver, args);
    recorder.guard('WebSocket close under chaos', () => chaos?.beforeClose(receiver as WebSocket), undefined);
    // The state the page saw: chaos may still show OPEN a socket whose native end already closed underneath.
    const nativeBefore = readyState(receiver as WebSocket);
    const before = chaos ? recorder.guard('WebSocket close under chaos', () => chaos.readyState(receiver as WebSocket, nativeBefore), nativeBefore) : nativeBefore;
    const result = reflectApply(native, receiver, args);
    recorder.guard('WebSocket close under chaos', () => chaos?.afterClose(receiver as WebSocket), undefined);
    // close() on a closing or closed socket does nothing. @see https://websockets.spec.whatwg.org/#dom-websocket-close
    if (before === CONNECTING || before === OPEN) {
      try {
        tracked.closedByPage = true;
        const code = args[0];
        const reason = args[1];
        recorder.lifecycle(tracked.info, 'closing', {
          initiator: 'page',
          ...(isInteger(code) ? { closeCode: code as number } : {}),
          ...(typeof reason === 'string' ? { closeReason: reason } : {}),
        });
      } catch (error) {
        recorder.internalError('WebSocket close', error);
      }
    }
    return result;
  });

  for (const attribute of ADOPTING_HANDLER_ATTRIBUTES) {
    wrapSetter(win, patches, prototype, attribute, (receiver) => {
      if (isActive() && !sockets.has(receiver as object)) adopt(receiver);
    });
  }

  wrapAccessor(win, patches, prototype, 'onmessage', {
    get: (native, receiver, args) => {
      const value = reflectApply(native, receiver, args) as unknown;
      return (typeof value === 'function' && handlerOfWrapper.get(value)) || value;
    },
    set: (native, receiver, args) => {
      const tracked = isActive() ? trackedOrAdopted(receiver) : undefined;
      const handler: unknown = args[0];
      if (tracked === undefined) return reflectApply(native, receiver, args);
      const socket = receiver as WebSocket;
      if (typeof handler !== 'function') {
        const result = reflectApply(native, receiver, args);
        recorder.guard('listening for WebSocket messages', () => listenForMessages(socket, tracked), undefined);
        return result;
      }
      // Wrapped even when our listener stays: the handler may hold a place ahead of it in the listener list.
      const result = reflectApply(native, receiver, [messageHandlerFor(handler as (this: WebSocket, event: MessageEvent) => unknown)]);
      if (tracked.listening && !tracked.pageListens) {
        recorder.guard('handing message capture to the handler', () => {
          removeListener(socket, 'message', onMessage as EventListener, CAPTURE);
          tracked.listening = false;
        }, undefined);
      }
      return result;
    },
  });

  if (chaos !== undefined) {
    // What the page reads of a socket chaos holds back or ended: the state and buffer the network would leave.
    wrapGetter<number>(win, patches, prototype, 'readyState', (receiver, value) =>
      recorder.guard('WebSocket readyState under chaos', () => chaos.readyState(receiver as WebSocket, value), value));
    wrapGetter<number>(win, patches, prototype, 'bufferedAmount', (receiver, value) =>
      recorder.guard('WebSocket bufferedAmount under chaos', () => chaos.bufferedAmount(receiver as WebSocket, value), value));
  }
}

/**
 * The subprotocols the page asked for, as far as they can be read without running page code: a string, or an
 * array whose items are primitives. An iterable object, or an item that is an object, was converted by the native
 * constructor through the page's own iterator or `toString`; calling those again could change what the page sees,
 * so they are left out (the negotiated `protocol` is recorded on open in any case).
 * @see https://websockets.spec.whatwg.org/#dom-websocket-websocket
 */
function requestedProtocols(protocols: unknown): string[] {
  if (protocols === undefined) return [];
  if (isArray(protocols)) {
    const list: string[] = [];
    for (let i = 0; i < protocols.length; i++) {
      const item: unknown = protocols[i];
      if (isPrimitive(item)) list.push(`${item as string}`);
    }
    return list;
  }
  return isPrimitive(protocols) ? [`${protocols as string}`] : [];
}

function isPrimitive(value: unknown): boolean {
  return value === null || (typeof value !== 'object' && typeof value !== 'function');
}
