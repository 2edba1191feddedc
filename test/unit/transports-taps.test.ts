/**
 * The taps against small stand-ins of WebSocket and EventSource in node: install, record, adopt, survive a failing
 * recorder, refuse a second install, and restore every native. Browser fidelity itself is covered by the
 * Playwright compliance spec.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CaptureEvent, FrameEvent, LifecycleEvent } from '../../instrumentation/protocol';
import { Recorder } from '../../instrumentation/recorder';
import { tapEventSource } from '../../instrumentation/transports/eventsource';
import { tapWebSocket } from '../../instrumentation/transports/websocket';

type PageWindow = Window & typeof globalThis;

const nativeAddEventListener = EventTarget.prototype.addEventListener;
const nativeToString = Function.prototype.toString;

/** Event handler attributes (`onmessage`…) as the platform defines them: one listener slot per type. */
function defineHandlerAttributes(prototype: object, types: string[]): void {
  for (const type of types) {
    const handlers = new WeakMap<object, EventListener | null>();
    Object.defineProperty(prototype, `on${type}`, {
      configurable: true,
      enumerable: true,
      get(this: object) {
        return handlers.get(this) ?? null;
      },
      set(this: EventTarget, handler: EventListener | null) {
        if (!handlers.has(this)) {
          Reflect.apply(nativeAddEventListener, this, [type, (event: Event) => handlers.get(this)?.call(this, event)]);
        }
        handlers.set(this, typeof handler === 'function' ? handler : null);
      },
    });
  }
}

class FakeCloseEvent extends Event {
  readonly #code: number;
  readonly #reason: string;
  readonly #wasClean: boolean;
  constructor(code: number, reason: string, wasClean: boolean) {
    super('close');
    this.#code = code;
    this.#reason = reason;
    this.#wasClean = wasClean;
  }
  get code(): number {
    return this.#code;
  }
  get reason(): string {
    return this.#reason;
  }
  get wasClean(): boolean {
    return this.#wasClean;
  }
}

const sentBySocket = new WeakMap<object, unknown[]>();

/** Enough of WebSocket for the tap: brand-checked accessors, native-style exceptions, and a remote end for tests. */
class FakeWebSocket extends EventTarget {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  declare onmessage: ((event: MessageEvent) => void) | null;
  #readyState = 0;
  #url: string;
  #protocol = '';
  constructor(url: string, _protocols?: string | string[]) {
    super();
    if (!/^wss?:\/\//.test(url)) throw new DOMException(`The URL's scheme must be either 'ws' or 'wss'.`, 'SyntaxError');
    this.#url = url;
    sentBySocket.set(this, []);
  }
  get readyState(): number {
    return this.#readyState;
  }
  get url(): string {
    return this.#url;
  }
  get protocol(): string {
    return this.#protocol;
  }
  get extensions(): string {
    return '';
  }
  send(data: unknown): void {
    if (this.#readyState === 0) throw new DOMException('Still in CONNECTING state.', 'InvalidStateError');
    sentBySocket.get(this)?.push(data);
  }
  close(code?: number, _reason?: string): void {
    if (code !== undefined && code !== 1000 && (code < 3000 || code > 4999)) throw new DOMException('invalid code', 'InvalidAccessError');
    if (this.#readyState < 2) this.#readyState = 2;
  }
  static remoteOpen(socket: FakeWebSocket, protocol = ''): void {
    socket.#readyState = 1;
    socket.#protocol = protocol;
    socket.dispatchEvent(new Event('open'));
  }
  static remoteMessage(socket: FakeWebSocket, data: unknown): void {
    socket.dispatchEvent(new MessageEvent('message', { data }));
  }
  static remoteClose(socket: FakeWebSocket, code: number, reason: string, wasClean: boolean): void {
    socket.#readyState = 3;
    socket.dispatchEvent(new FakeCloseEvent(code, reason, wasClean));
  }
}
defineHandlerAttributes(FakeWebSocket.prototype, ['open', 'message', 'error', 'close']);
const originalSend = FakeWebSocket.prototype.send;

class FakeEventSource extends EventTarget {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  declare onmessage: ((event: MessageEvent) => void) | null;
  #readyState = 0;
  #url: string;
  constructor(url: string) {
    super();
    this.#url = new URL(url).href;
  }
  get readyState(): number {
    return this.#readyState;
  }
  get url(): string {
    return this.#url;
  }
  close(): void {
    this.#readyState = 2;
  }
  static remoteOpen(source: FakeEventSource): void {
    source.#readyState = 1;
    source.dispatchEvent(new Event('open'));
  }
  static remoteEvent(source: FakeEventSource, type: string, data: string, lastEventId: string): void {
    source.dispatchEvent(new MessageEvent(type, { data, lastEventId }));
  }
  /** The connection dropped (`CONNECTING`: the browser will reconnect) or failed for good (`CLOSED`). */
  static remoteError(source: FakeEventSource, readyState: 0 | 2): void {
    source.#readyState = readyState;
    source.dispatchEvent(new Event('error'));
  }
}
defineHandlerAttributes(FakeEventSource.prototype, ['open', 'message', 'error']);

function fakeWindow(): PageWindow {
  return {
    WebSocket: FakeWebSocket, EventSource: FakeEventSource, CloseEvent: FakeCloseEvent, MessageEvent, Event, EventTarget, Function,
    ArrayBuffer, SharedArrayBuffer, Blob,
  } as unknown as PageWindow;
}

let win: PageWindow;
let recorder: Recorder;
let restores: (() => void)[];

beforeEach(() => {
  win = fakeWindow();
  recorder = new Recorder();
  restores = [];
});

afterEach(() => {
  for (const restore of restores.splice(0).reverse()) restore();
});

function tap(transports: ('websocket' | 'eventsource')[] = ['websocket', 'eventsource'], into: Recorder = recorder): void {
  for (const transport of transports) restores.push(transport === 'websocket' ? tapWebSocket(win, into) : tapEventSource(win, into));
}

const frames = (events: CaptureEvent[] = recorder.events()): FrameEvent[] => events.filter((event): event is FrameEvent => event.type === 'frame');
const phases = (connectionId: string): unknown[] => recorder.events()
  .filter((event): event is LifecycleEvent => event.type === 'lifecycle' && event.connectionId === connectionId)
  .map(({ phase, initiator, closeCode, wasClean }) => ({ phase, ...(initiator ? { initiator } : {}), ...(closeCode !== undefined ? { closeCode } : {}), ...(wasClean !== undefined ? { wasClean } : {}) }));
const internalErrors = (): CaptureEvent[] => recorder.events().filter((event) => event.type === 'internal-error');

describe('the WebSocket tap', () => {
  it('gives the page the native socket behind a constructor that looks native', () => {
    tap(['websocket']);
    const WebSocketSeen = win.WebSocket;
    expect(WebSocketSeen).not.toBe(FakeWebSocket);
    const socket = new WebSocketSeen('ws://example.test/');
    expect(Object.getPrototypeOf(socket)).toBe(FakeWebSocket.prototype);
    expect(socket).toBeInstanceOf(WebSocketSeen);
    expect(WebSocketSeen.prototype.constructor).toBe(WebSocketSeen);
    expect([WebSocketSeen.name, WebSocketSeen.length, WebSocketSeen.OPEN]).toEqual([FakeWebSocket.name, FakeWebSocket.length, 1]);
    expect(Function.prototype.toString.call(WebSocketSeen)).toBe(nativeToString.call(FakeWebSocket));
    expect(FakeWebSocket.prototype.send).not.toBe(originalSend);
    expect(Function.prototype.toString.call(FakeWebSocket.prototype.send)).toBe(nativeToString.call(originalSend));
    expect([FakeWebSocket.prototype.send.name, FakeWebSocket.prototype.send.length]).toEqual([originalSend.name, originalSend.length]);
  });

  it('records a socket from creation to close, both directions', () => {
    tap(['websocket']);
    const socket = new win.WebSocket('ws://example.test/chat', ['v1', 'v2']) as unknown as FakeWebSocket;
    FakeWebSocket.remoteOpen(socket, 'v2');
    FakeWebSocket.remoteMessage(socket, 'hello');
    socket.send('hi');
    socket.send(new Uint8Array([1, 2, 3]));
    socket.close(4000, 'bye');
    socket.send('dropped');
    FakeWebSocket.remoteClose(socket, 4000, 'bye', true);

    const [connection] = recorder.connections();
    expect(connection).toMatchObject({ url: 'ws://example.test/chat', requestedProtocols: ['v1', 'v2'], protocol: 'v2', state: 'closed', closeCode: 4000, wasClean: true });
    expect(frames().map(({ direction, data, discarded }) => [direction, data, discarded ?? false])).toEqual([
      ['in', 'hello', false], ['out', 'hi', false], ['out', 'AQID', false], ['out', 'dropped', true],
    ]);
    expect(phases(connection?.id ?? '')).toEqual([
      { phase: 'connecting' }, { phase: 'open' }, { phase: 'closing', initiator: 'page', closeCode: 4000 },
      { phase: 'closed', initiator: 'page', closeCode: 4000, wasClean: true },
    ]);
    expect(sentBySocket.get(socket)).toEqual(['hi', new Uint8Array([1, 2, 3]), 'dropped']);
  });

  it('marks a close the server started as remote', () => {
    tap(['websocket']);
    const socket = new win.WebSocket('ws://example.test/') as unknown as FakeWebSocket;
    FakeWebSocket.remoteOpen(socket);
    FakeWebSocket.remoteClose(socket, 1001, 'going away', true);
    expect(phases(recorder.connections()[0]?.id ?? '').at(-1)).toEqual({ phase: 'closed', initiator: 'remote', closeCode: 1001, wasClean: true });
  });

  it('lets native exceptions through and records nothing for the call that threw', () => {
    tap(['websocket']);
    expect(() => new win.WebSocket('http://example.test/')).toThrow(expect.objectContaining({ name: 'SyntaxError' }));
    expect(recorder.connections()).toEqual([]);
    const socket = new win.WebSocket('ws://example.test/');
    expect(() => socket.send('too early')).toThrow(expect.objectContaining({ name: 'InvalidStateError' }));
    expect(() => socket.close(1)).toThrow(expect.objectContaining({ name: 'InvalidAccessError' }));
    expect(() => win.WebSocket.prototype.send.call({}, 'x')).toThrow(TypeError);
    expect(frames()).toEqual([]);
    expect(phases(recorder.connections()[0]?.id ?? '')).toEqual([{ phase: 'connecting' }]);
    expect(internalErrors()).toEqual([]);
  });

  it('keeps the page working when the recorder fails, and reports the fault', () => {
    class FailingRecorder extends Recorder {
      override frame(): void {
        throw new Error('recorder broke');
      }
    }
    const failing = new FailingRecorder();
    tap(['websocket'], failing);
    const socket = new win.WebSocket('ws://example.test/') as unknown as FakeWebSocket;
    const seen: unknown[] = [];
    socket.addEventListener('message', (event) => seen.push((event as MessageEvent).data));
    FakeWebSocket.remoteOpen(socket);
    FakeWebSocket.remoteMessage(socket, 'still delivered');
    expect(socket.send('still sent')).toBeUndefined();
    expect(seen).toEqual(['still delivered']);
    expect(sentBySocket.get(socket)).toEqual(['still sent']);
    expect(failing.events().filter((event) => event.type === 'internal-error').map((event) => 'message' in event && event.message))
      .toEqual(['Error: recorder broke', 'Error: recorder broke']);
  });

  it('adopts a socket made before install on its next send, listener or handler, and records from then on', () => {
    const bySend = new FakeWebSocket('ws://example.test/send');
    const byListener = new FakeWebSocket('ws://example.test/listener');
    const byHandler = new FakeWebSocket('ws://example.test/handler');
    FakeWebSocket.remoteOpen(bySend);
    tap(['websocket']);
    FakeWebSocket.remoteMessage(bySend, 'missed');
    bySend.send('first seen');
    FakeWebSocket.remoteMessage(bySend, 'seen');
    byListener.addEventListener('message', () => {});
    byHandler.onmessage = () => {};
    expect(recorder.connections().map(({ url, adoptedLate, state }) => [url, adoptedLate, state])).toEqual([
      ['ws://example.test/send', true, 'open'],
      ['ws://example.test/listener', true, 'connecting'],
      ['ws://example.test/handler', true, 'connecting'],
    ]);
    expect(frames().map(({ direction, data }) => [direction, data])).toEqual([['out', 'first seen'], ['in', 'seen']]);
  });

  it('hands message capture to an onmessage handler while it is the only message listener, and takes it back ahead of later listeners', () => {
    const realAdd = EventTarget.prototype.addEventListener;
    const realRemove = EventTarget.prototype.removeEventListener;
    const pageListeners = new WeakSet<object>();
    const registrations: string[] = [];
    const whose = (listener: unknown): string => (typeof listener === 'function' && pageListeners.has(listener) ? 'page' : 'tool');
    EventTarget.prototype.addEventListener = function (this: EventTarget, ...args: Parameters<EventTarget['addEventListener']>) {
      if (args[0] === 'message') registrations.push(`${whose(args[1])} listens`);
      return Reflect.apply(realAdd, this, args);
    };
    EventTarget.prototype.removeEventListener = function (this: EventTarget, ...args: Parameters<EventTarget['removeEventListener']>) {
      if (args[0] === 'message') registrations.push(`${whose(args[1])} stops listening`);
      return Reflect.apply(realRemove, this, args);
    };
    try {
      tap(['websocket']);
      const socket = new win.WebSocket('ws://example.test/') as unknown as FakeWebSocket;
      const got: unknown[] = [];
      const handler = function (this: unknown, event: MessageEvent): string {
        got.push(['handler', this === socket, event.data]);
        return 'returned';
      };
      socket.onmessage = handler;
      expect(socket.onmessage).toBe(handler);
      FakeWebSocket.remoteOpen(socket);
      FakeWebSocket.remoteMessage(socket, 'a');
      const listener = (event: Event): void => void got.push(['listener', (event as MessageEvent).data]);
      pageListeners.add(listener);
      socket.addEventListener('message', listener);
      FakeWebSocket.remoteMessage(socket, 'b');
      socket.onmessage = null;
      FakeWebSocket.remoteMessage(socket, 'c');

      expect(registrations).toEqual(['tool listens', 'tool stops listening', 'tool listens', 'page listens']);
      expect(got).toEqual([['handler', true, 'a'], ['handler', true, 'b'], ['listener', 'b'], ['listener', 'c']]);
      expect(frames().map(({ data }) => data)).toEqual(['a', 'b', 'c']);
      expect(internalErrors()).toEqual([]);
    } finally {
      for (const restore of restores.splice(0).reverse()) restore();
      EventTarget.prototype.addEventListener = realAdd;
      EventTarget.prototype.removeEventListener = realRemove;
    }
  });

  it('refuses a second tap of the same window instead of recording everything twice', () => {
    tap(['websocket']);
    const first = win.WebSocket;
    tap(['websocket']);
    expect(win.WebSocket).toBe(first);
    expect(internalErrors()).toHaveLength(1);
    const socket = new win.WebSocket('ws://example.test/') as unknown as FakeWebSocket;
    FakeWebSocket.remoteOpen(socket);
    FakeWebSocket.remoteMessage(socket, 'once');
    expect(frames()).toHaveLength(1);
  });

  it('restore puts back every native and stops recording', () => {
    const prototypeBefore = Object.getOwnPropertyDescriptors(FakeWebSocket.prototype);
    const tracked = (() => {
      tap(['websocket']);
      return new win.WebSocket('ws://example.test/') as unknown as FakeWebSocket;
    })();
    for (const restore of restores.splice(0)) restore();
    expect(win.WebSocket).toBe(FakeWebSocket);
    expect(Object.getOwnPropertyDescriptors(FakeWebSocket.prototype)).toEqual(prototypeBefore);
    expect(EventTarget.prototype.addEventListener).toBe(nativeAddEventListener);
    expect(Function.prototype.toString).toBe(nativeToString);
    FakeWebSocket.remoteOpen(tracked);
    FakeWebSocket.remoteMessage(tracked, 'after restore');
    new win.WebSocket('ws://example.test/new');
    expect(recorder.connections()).toHaveLength(1);
    expect(frames()).toEqual([]);
  });
});

describe('the EventSource tap', () => {
  it('records unnamed events always and named events once the page listens for their type', () => {
    tap(['eventsource']);
    const source = new win.EventSource('http://example.test/stream') as unknown as FakeEventSource;
    const pageSaw: string[] = [];
    FakeEventSource.remoteOpen(source);
    FakeEventSource.remoteEvent(source, 'message', 'one', '1');
    FakeEventSource.remoteEvent(source, 'update', 'unheard', '2');
    source.addEventListener('update', (event) => {
      pageSaw.push((event as MessageEvent).data as string);
      event.stopImmediatePropagation();
    });
    FakeEventSource.remoteEvent(source, 'update', 'heard', '3');
    FakeEventSource.remoteEvent(source, 'error', 'an event named error', '4');
    source.addEventListener('error', () => {});
    FakeEventSource.remoteEvent(source, 'error', 'an event named error', '5');
    expect(pageSaw).toEqual(['heard']);
    expect(frames().map(({ kind, event, data, lastEventId }) => [kind, event, data, lastEventId])).toEqual([
      ['event', 'message', 'one', '1'],
      ['event', 'update', 'heard', '3'],
      ['event', 'error', 'an event named error', '4'],
      ['event', 'error', 'an event named error', '5'],
    ]);
    expect(recorder.connections()[0]).toMatchObject({ errors: 0, state: 'open' });
  });

  it('records each reconnection as a new connection of the same lineage, and a fatal error as the end', () => {
    tap(['eventsource']);
    const source = new win.EventSource('http://example.test/stream') as unknown as FakeEventSource;
    FakeEventSource.remoteOpen(source);
    FakeEventSource.remoteError(source, FakeEventSource.CONNECTING);
    FakeEventSource.remoteOpen(source);
    FakeEventSource.remoteEvent(source, 'message', 'after reconnect', '7');
    FakeEventSource.remoteError(source, FakeEventSource.CLOSED);

    const [first, second] = recorder.connections();
    expect(recorder.connections()).toHaveLength(2);
    expect(second).toMatchObject({ lineage: first?.lineage, attempt: 1, state: 'closed', framesIn: 1 });
    expect(phases(first?.id ?? '')).toEqual([{ phase: 'connecting' }, { phase: 'open' }, { phase: 'error' }, { phase: 'closed', initiator: 'remote', wasClean: false }]);
    expect(phases(second?.id ?? '')).toEqual([{ phase: 'connecting' }, { phase: 'open' }, { phase: 'error' }, { phase: 'closed', initiator: 'remote', wasClean: false }]);
  });

  it('records a page close once, as the page’s', () => {
    tap(['eventsource']);
    const source = new win.EventSource('http://example.test/stream');
    source.close();
    source.close();
    expect(phases(recorder.connections()[0]?.id ?? '')).toEqual([{ phase: 'connecting' }, { phase: 'closed', initiator: 'page' }]);
  });

  it('adopts a source made before install, and restore puts back every native', () => {
    const early = new FakeEventSource('http://example.test/early');
    const prototypeBefore = Object.getOwnPropertyDescriptors(FakeEventSource.prototype);
    tap(['websocket', 'eventsource']);
    early.onmessage = () => {};
    FakeEventSource.remoteEvent(early, 'message', 'seen', '1');
    expect(recorder.connections()).toMatchObject([{ url: 'http://example.test/early', adoptedLate: true }]);
    expect(frames()).toHaveLength(1);

    for (const restore of restores.splice(0).reverse()) restore();
    expect(win.EventSource).toBe(FakeEventSource);
    expect(win.WebSocket).toBe(FakeWebSocket);
    expect(Object.getOwnPropertyDescriptors(FakeEventSource.prototype)).toEqual(prototypeBefore);
    expect(EventTarget.prototype.addEventListener).toBe(nativeAddEventListener);
    expect(Function.prototype.toString).toBe(nativeToString);
  });
});
