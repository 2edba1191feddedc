import type { ConnectionInfo } from '../protocol';
import type { RawPayload } from '../recorder';
import { nativeGetter, uncurryThis } from '../transports/native-access';
import { DROPPED, REFUSAL_DELAY_MS, type ChaosContext } from './context';
import { DeliveryQueue } from './delivery-queue';
import { createPayloadSnapshot, type HeldFrame } from './payload-snapshot';

/**
 * Network conditions for WebSockets. The tap asks this layer, from its own first listener and its `send`/`close`
 * wrappers, whether chaos takes over; when nothing is on, every answer is "no" and the page sees the native socket
 * unchanged.
 *
 * When a condition is on, the native events of a socket are kept from the page (`stopImmediatePropagation` in the
 * tap's listener, which runs first) and handed to it later as synthetic copies through the same listeners: delayed,
 * dropped or held. A socket that chaos ends (offline, kill, a refusal) is really closed underneath; its own late
 * events never reach the page, which gets the close the network would have given instead.
 * @see https://websockets.spec.whatwg.org/#feedback-from-the-protocol
 */

/** @see https://websockets.spec.whatwg.org/#dom-websocket-readystate */
const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;

/** RFC 6455 §7.4.1: 1006 (and 1015, a failed TLS handshake) are never sent in a close frame: no clean close has them. */
const ABNORMAL_CODES = new Set([1006, 1015]);

type Incoming =
  | { kind: 'message'; data: unknown; origin: string }
  | { kind: 'error' }
  | { kind: 'close'; code: number; reason: string; wasClean: boolean };

interface ChaosSocket {
  socket: WebSocket;
  info: ConnectionInfo;
  protocols: readonly string[];
  exempt: boolean;
  /** The page saw `open` (or the socket was adopted open). */
  opened: boolean;
  pageClosed: boolean;
  /** Chaos ended this socket: every native event of it is kept from the page from now on. */
  ended: 'refused' | 'killed' | undefined;
  /** The readyState the page sees while it differs from the native one (an end not yet delivered). */
  visible: number | undefined;
  incoming: DeliveryQueue<Incoming> | undefined;
  outgoing: DeliveryQueue<HeldFrame> | undefined;
  /** Bytes of frames held back, not yet given to the native socket. */
  heldBytes: number;
  /** Bytes of held frames lost when the socket ended: `bufferedAmount` keeps counting them, as it would. */
  lostBytes: number;
}

export type SocketEventType = 'open' | 'message' | 'error' | 'close';

export interface WebSocketChaos {
  /** The tap records `socket` from now on; `constructed` is false for a socket adopted after install. */
  track(socket: WebSocket, info: ConnectionInfo, protocols: readonly string[], constructed: boolean): void;
  isSynthetic(event: Event): boolean;
  /**
   * A native event reached the tap's first listener (which knows its type: one listener per type). True: chaos
   * took it; the tap records nothing.
   */
  intercept(socket: WebSocket, event: Event, type: SocketEventType): boolean;
  /**
   * The page's `send(data)` (data as the native will get it). True: chaos took the frame; skip the native call.
   * Throws only what the native would throw for the socket as the page sees it.
   */
  send(socket: WebSocket, data: unknown): boolean;
  /** Before the page's `close()` reaches the native: frames it sent earlier leave first. */
  beforeClose(socket: WebSocket): void;
  /** The page's `close()` succeeded. */
  afterClose(socket: WebSocket): void;
  readyState(socket: WebSocket, native: number): number;
  bufferedAmount(socket: WebSocket, native: number): number;
}

export interface WebSocketChaosControl extends WebSocketChaos {
  /** Offline: every live socket that is not exempt fails as on a lost network. */
  cutAll(): void;
  kill(connectionId: string, code: number, reason: string): boolean;
  setStall(stalled: boolean): void;
  refreshExemptions(): void;
  has(connectionId: string): boolean;
}

export function createWebSocketChaos(context: ChaosContext): WebSocketChaosControl {
  const { win, recorder, conditions, events, clock } = context;
  const prototype = win.WebSocket.prototype;
  // Taken before the tap wraps them: chaos sends and closes underneath the page, unrecorded by the tap.
  const nativeSend = uncurryThis(prototype.send as (this: WebSocket, data: unknown) => void);
  const nativeClose = uncurryThis(prototype.close as (this: WebSocket) => void);
  const nativeReadyState = nativeGetter<number>(prototype, 'readyState');
  const messageData = nativeGetter<unknown>(win.MessageEvent.prototype, 'data');
  const messageOrigin = nativeGetter<string>(win.MessageEvent.prototype, 'origin');
  const closeCode = nativeGetter<number>(win.CloseEvent.prototype, 'code');
  const closeReason = nativeGetter<string>(win.CloseEvent.prototype, 'reason');
  const closeWasClean = nativeGetter<boolean>(win.CloseEvent.prototype, 'wasClean');
  const snapshot = createPayloadSnapshot(win);
  const PageDOMException = win.DOMException;
  const sockets = new WeakMap<object, ChaosSocket>();
  /** Sockets not yet closed to the page, by connection id: what offline and kill reach. */
  const live = new Map<string, ChaosSocket>();

  const holdsIncoming = (chaos: ChaosSocket): boolean =>
    !chaos.exempt && (conditions.touches('in') || (chaos.incoming !== undefined && chaos.incoming.size > 0));
  /**
   * The readyState the page sees. The server's close frame is incoming traffic like any other: while chaos holds
   * that traffic back, the page must not see the CLOSING it caused before the close event (held too) comes.
   * @see https://websockets.spec.whatwg.org/#feedback-from-the-protocol
   */
  const pageState = (chaos: ChaosSocket, native: number): number => {
    if (chaos.visible !== undefined) return chaos.visible;
    return native === CLOSING && chaos.opened && !chaos.pageClosed && holdsIncoming(chaos) ? OPEN : native;
  };
  const shownState = (chaos: ChaosSocket): number => pageState(chaos, nativeReadyState(chaos.socket));

  function incomingQueue(chaos: ChaosSocket): DeliveryQueue<Incoming> {
    if (!chaos.incoming) {
      chaos.incoming = new DeliveryQueue(clock, (item) => recorder.guard('delivering a delayed WebSocket event', () => deliverIncoming(chaos, item), undefined));
      chaos.incoming.setHeld(conditions.stall);
    }
    return chaos.incoming;
  }

  function outgoingQueue(chaos: ChaosSocket): DeliveryQueue<HeldFrame> {
    if (!chaos.outgoing) {
      chaos.outgoing = new DeliveryQueue(clock, (frame) => recorder.guard('sending a delayed WebSocket frame', () => deliverOutgoing(chaos, frame), undefined));
      chaos.outgoing.setHeld(conditions.stall);
    }
    return chaos.outgoing;
  }

  function deliverIncoming(chaos: ChaosSocket, item: Incoming): void {
    switch (item.kind) {
      case 'message':
        // A message is dispatched only to an OPEN socket. @see https://websockets.spec.whatwg.org/#feedback-from-the-protocol
        if (shownState(chaos) !== OPEN) {
          recorder.frame(chaos.info, 'in', item.data as RawPayload, DROPPED);
          return;
        }
        recorder.frame(chaos.info, 'in', item.data as RawPayload);
        events.dispatch(chaos.socket, events.message('message', { data: item.data, origin: item.origin }));
        return;
      case 'error':
        chaos.visible = CLOSED;
        recorder.lifecycle(chaos.info, 'error');
        events.dispatch(chaos.socket, events.event('error'));
        return;
      case 'close':
        chaos.visible = CLOSED;
        live.delete(chaos.info.id);
        recorder.lifecycle(chaos.info, 'closed', {
          closeCode: item.code,
          closeReason: item.reason,
          wasClean: item.wasClean,
          initiator: chaos.pageClosed ? 'page' : 'remote',
        });
        events.dispatch(chaos.socket, events.close(item.code, item.reason, item.wasClean));
        return;
    }
  }

  function deliverOutgoing(chaos: ChaosSocket, frame: HeldFrame): void {
    chaos.heldBytes -= frame.size;
    if (chaos.ended === undefined && nativeReadyState(chaos.socket) === OPEN) {
      nativeSend(chaos.socket, frame.payload);
      recorder.frame(chaos.info, 'out', frame.payload);
    } else {
      chaos.lostBytes += frame.size;
      recorder.frame(chaos.info, 'out', frame.payload, DROPPED);
    }
  }

  /** What was on its way is lost with the connection: recorded as dropped, its bytes kept in `bufferedAmount`. */
  function loseQueued(chaos: ChaosSocket): void {
    for (const item of chaos.incoming?.takeAll() ?? []) {
      if (item.kind === 'message') recorder.frame(chaos.info, 'in', item.data as RawPayload, DROPPED);
    }
    for (const frame of chaos.outgoing?.takeAll() ?? []) recorder.frame(chaos.info, 'out', frame.payload, DROPPED);
    chaos.lostBytes += chaos.heldBytes;
    chaos.heldBytes = 0;
  }

  /**
   * Ends the socket for the page as the network would, after `delayMs`: 1006 fails it (readyState CLOSED, `error`,
   * then `close` with wasClean false); any other code is a close frame from the server (`close`, wasClean true).
   * The native socket is closed now; its own events are kept from the page.
   * @see https://websockets.spec.whatwg.org/#closeWebSocket
   */
  function end(chaos: ChaosSocket, how: 'refused' | 'killed', code: number, reason: string, delayMs: number): void {
    const abnormal = ABNORMAL_CODES.has(code);
    chaos.visible = shownState(chaos);
    chaos.ended = how;
    loseQueued(chaos);
    const state = nativeReadyState(chaos.socket);
    if (state === CONNECTING || state === OPEN) nativeClose(chaos.socket);
    live.delete(chaos.info.id);
    clock.setTimeout(() => recorder.guard('ending a WebSocket', () => {
      chaos.visible = CLOSED;
      if (abnormal) {
        recorder.lifecycle(chaos.info, 'error', { simulated: true });
        events.dispatch(chaos.socket, events.event('error'));
      }
      recorder.lifecycle(chaos.info, 'closed', { closeCode: code, closeReason: reason, wasClean: !abnormal, initiator: 'remote', simulated: true });
      events.dispatch(chaos.socket, events.close(code, reason, !abnormal));
    }, undefined), delayMs);
  }

  function kill(chaos: ChaosSocket, code: number, reason: string): boolean {
    if (chaos.ended !== undefined) return false;
    const state = shownState(chaos);
    if (state === CLOSED) return false;
    // No close frame can come before the handshake completed: a connection cut then always fails abnormally.
    const abnormal = state === CONNECTING || ABNORMAL_CODES.has(code);
    end(chaos, 'killed', abnormal ? (ABNORMAL_CODES.has(code) ? code : 1006) : code, abnormal ? '' : reason, 0);
    return true;
  }

  return {
    track(socket, info, protocols, constructed) {
      const chaos: ChaosSocket = {
        socket,
        info,
        protocols,
        exempt: conditions.isExempt(info.url, protocols),
        opened: !constructed && nativeReadyState(socket) === OPEN,
        pageClosed: false,
        ended: undefined,
        visible: undefined,
        incoming: undefined,
        outgoing: undefined,
        heldBytes: 0,
        lostBytes: 0,
      };
      sockets.set(socket, chaos);
      if (nativeReadyState(socket) === CLOSED) return;
      live.set(info.id, chaos);
      if (!conditions.offline || chaos.exempt) return;
      // A connection attempt on a dead network fails, as a refused one does: error, then close 1006.
      if (constructed) end(chaos, 'refused', 1006, '', REFUSAL_DELAY_MS);
      else kill(chaos, 1006, '');
    },

    isSynthetic: events.isSynthetic,

    intercept(socket, event, type) {
      const chaos = sockets.get(socket);
      if (chaos === undefined) return false;
      if (chaos.ended !== undefined) {
        events.suppress(event);
        return true;
      }
      if (type === 'open') {
        chaos.opened = true;
        return false;
      }
      const engaged = holdsIncoming(chaos);
      if (!engaged) {
        if (type === 'close') live.delete(chaos.info.id);
        return false;
      }
      events.suppress(event);
      const queue = incomingQueue(chaos);
      switch (type) {
        case 'message': {
          const data = messageData(event);
          if (conditions.drops('in', typeof data === 'string' ? data : undefined)) {
            recorder.frame(chaos.info, 'in', data as RawPayload, DROPPED);
            return true;
          }
          queue.push({ kind: 'message', data, origin: messageOrigin(event) }, conditions.delay('in'));
          return true;
        }
        case 'error':
          chaos.visible ??= chaos.pageClosed ? CLOSING : chaos.opened ? OPEN : CONNECTING;
          queue.push({ kind: 'error' }, conditions.delay('in'));
          return true;
        case 'close':
          chaos.visible ??= chaos.pageClosed ? CLOSING : chaos.opened ? OPEN : CONNECTING;
          queue.push({ kind: 'close', code: closeCode(event), reason: closeReason(event), wasClean: closeWasClean(event) }, conditions.delay('in'));
          return true;
      }
    },

    send(socket, data) {
      const chaos = sockets.get(socket);
      if (chaos === undefined || chaos.exempt) return false;
      if (chaos.ended === 'refused' && chaos.visible === CONNECTING) {
        // What the native throws for a socket still connecting, which is what this one looks like to the page.
        throw new PageDOMException("Failed to execute 'send' on 'WebSocket': Still in CONNECTING state.", 'InvalidStateError');
      }
      return recorder.guard('WebSocket send under chaos', () => {
        if (chaos.ended !== undefined || nativeReadyState(socket) !== OPEN) return false;
        const queued = chaos.outgoing !== undefined && chaos.outgoing.size > 0;
        if (!queued && !conditions.touches('out')) return false;
        const frame = snapshot(data);
        if (conditions.drops('out', frame.text)) {
          recorder.frame(chaos.info, 'out', frame.payload, DROPPED);
          return true;
        }
        chaos.heldBytes += frame.size;
        outgoingQueue(chaos).push(frame, conditions.delay('out'));
        return true;
      }, false);
    },

    beforeClose(socket) {
      const chaos = sockets.get(socket);
      if (chaos?.outgoing === undefined || chaos.ended !== undefined || chaos.outgoing.size === 0) return;
      if (chaos.outgoing.isHeld) {
        // A stalled link never carried them; the page's close does not change that.
        for (const frame of chaos.outgoing.takeAll()) recorder.frame(chaos.info, 'out', frame.payload, DROPPED);
        chaos.lostBytes += chaos.heldBytes;
        chaos.heldBytes = 0;
      } else {
        chaos.outgoing.deliverAll();
      }
    },

    afterClose(socket) {
      const chaos = sockets.get(socket);
      if (chaos === undefined || chaos.ended !== undefined) return;
      chaos.pageClosed = true;
      if (chaos.visible === OPEN || chaos.visible === CONNECTING) chaos.visible = CLOSING;
    },

    readyState(socket, native) {
      const chaos = sockets.get(socket);
      return chaos === undefined ? native : pageState(chaos, native);
    },

    bufferedAmount(socket, native) {
      const chaos = sockets.get(socket);
      return chaos === undefined ? native : native + chaos.heldBytes + chaos.lostBytes;
    },

    cutAll() {
      for (const chaos of [...live.values()]) if (!chaos.exempt) kill(chaos, 1006, '');
    },

    kill(connectionId, code, reason) {
      const chaos = live.get(connectionId);
      return chaos !== undefined && kill(chaos, code, reason);
    },

    setStall(stalled) {
      for (const chaos of live.values()) {
        chaos.incoming?.setHeld(stalled);
        chaos.outgoing?.setHeld(stalled);
      }
    },

    refreshExemptions() {
      for (const chaos of live.values()) chaos.exempt = conditions.isExempt(chaos.info.url, chaos.protocols);
    },

    has: (connectionId) => live.has(connectionId),
  };
}
