import type { EventSourceChaos } from '../chaos/eventsource-chaos';
import type { ConnectionInfo, ConnectionState } from '../protocol';
import type { Recorder } from '../recorder';
import { acquireToStringDisguise } from './disguise';
import { hookAddEventListener } from './listener-hooks';
import { hasBrand, inheritsFrom, nativeGetter, uncurryThis } from './native-access';
import { restoreAll, type Patch } from './patch-registry';
import { wrapConstructor, wrapGetter, wrapMethod, wrapSetter } from './wrap';

/**
 * The EventSource tap: the same Proxy approach as the WebSocket tap (the page gets the native object; every
 * native call runs unchanged).
 *
 * Each physical connection gets its own record. When the browser re-establishes the connection by itself (an
 * `error` event with readyState CONNECTING), the current record is closed and a new one continues its lineage.
 *
 * Unnamed events (type `message`) are always recorded. A named event type is only dispatched to listeners of that
 * type, so we can see it only once the page listens for it: when the page adds a listener for a new type, ours is
 * added just before, and so runs first. Event types nobody listens for cannot be seen through the EventSource API.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html#dispatchMessage
 *
 * With `chaos`, each of our listeners first asks it whether it takes the event over (network conditions), and
 * `close` and `readyState` consult it; with no condition on, it always declines.
 */

type PageWindow = Window & typeof globalThis;

/** @see https://html.spec.whatwg.org/multipage/server-sent-events.html#dom-eventsource-readystate */
const CONNECTING = 0;
const CLOSED = 2;
const STATES: readonly ConnectionState[] = ['connecting', 'open', 'closed'];

const EVENT_HANDLER_ATTRIBUTES = ['onopen', 'onmessage', 'onerror'];
/** Types we listen for on every source; any other type is a named event, listened for on demand. */
const ALWAYS_HEARD = new Set(['open', 'message', 'error']);
/** See the WebSocket tap: capturing listeners at the target run before the page's non-capturing ones. */
const CAPTURE = true;

/** The current physical connection of a source; replaced when the browser reconnects. */
export interface SourceRecord {
  info: ConnectionInfo;
}

interface TrackedSource extends SourceRecord {
  namedTypes: Set<string> | undefined;
}

/**
 * An `error` that is not a message: the connection ended. With readyState CONNECTING after it, the browser
 * re-establishes the connection by itself, as a new request: the next attempt is a new record of the same lineage.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html#reestablish-the-connection
 */
export function recordSourceError(recorder: Recorder, record: SourceRecord, stateAfter: number, simulated = false): void {
  const previous = record.info;
  const extra = simulated ? { simulated } : {};
  recorder.lifecycle(previous, 'error', extra);
  if (stateAfter === CONNECTING || stateAfter === CLOSED) {
    recorder.lifecycle(previous, 'closed', { wasClean: false, initiator: 'remote', ...extra });
  }
  if (stateAfter === CONNECTING) {
    record.info = recorder.openConnection({ transport: 'eventsource', url: previous.url, continues: previous });
  }
}

export function tapEventSource(win: PageWindow, recorder: Recorder, chaos?: EventSourceChaos): () => void {
  const NativeEventSource = win.EventSource;
  if (typeof NativeEventSource !== 'function') return () => {};
  const patches: Patch[] = [];
  const releases: (() => void)[] = [];
  let active = true;
  const restore = (): void => {
    active = false;
    restoreAll(patches);
    for (const release of releases.splice(0).reverse()) release();
  };
  try {
    installEventSourceTap(win, recorder, NativeEventSource, patches, releases, () => active, chaos);
  } catch (error) {
    restore();
    recorder.internalError('installing the EventSource tap', error);
    return () => {};
  }
  return restore;
}

function installEventSourceTap(
  win: PageWindow,
  recorder: Recorder,
  NativeEventSource: typeof EventSource,
  patches: Patch[],
  releases: (() => void)[],
  isActive: () => boolean,
  chaos: EventSourceChaos | undefined,
): void {
  const prototype = NativeEventSource.prototype;
  const readyState = nativeGetter<number>(prototype, 'readyState');
  const sourceUrl = nativeGetter<string>(prototype, 'url');
  const messagePrototype = win.MessageEvent.prototype;
  const eventData = nativeGetter<string>(messagePrototype, 'data');
  const eventLastId = nativeGetter<string>(messagePrototype, 'lastEventId');
  const eventType = nativeGetter<string>(win.Event.prototype, 'type');
  const reflectApply = Reflect.apply;
  const reflectConstruct = Reflect.construct;
  const sources = new WeakMap<object, TrackedSource>();

  function recordEvent(info: ConnectionInfo, event: MessageEvent): void {
    recorder.frame(info, 'in', eventData(event), { event: eventType(event), lastEventId: eventLastId(event) });
  }

  /** Chaos made this event (and recorded it already), or keeps it from the page to deliver it its own way. */
  const takenByChaos = (source: EventSource, event: Event): boolean =>
    chaos !== undefined && (chaos.isSynthetic(event) || chaos.intercept(source, event));

  // One listener of each kind for all sources: the source is `this`, so no closure is made per source or event.
  function onOpen(this: EventSource, event: Event): void {
    const tracked = sources.get(this);
    if (tracked === undefined || !isActive()) return;
    try {
      if (takenByChaos(this, event)) return;
      // A server can name an event "open": that is a MessageEvent, not the connection opening.
      if (inheritsFrom(event, messagePrototype)) recordEvent(tracked.info, event as MessageEvent);
      else recorder.lifecycle(tracked.info, 'open');
    } catch (error) {
      recorder.internalError('EventSource open event', error);
    }
  }
  function onEvent(this: EventSource, event: MessageEvent): void {
    const tracked = sources.get(this);
    if (tracked === undefined || !isActive()) return;
    try {
      if (takenByChaos(this, event)) return;
      recordEvent(tracked.info, event);
    } catch (error) {
      recorder.internalError('EventSource message event', error);
    }
  }
  function onError(this: EventSource, event: Event): void {
    const tracked = sources.get(this);
    if (tracked === undefined || !isActive()) return;
    try {
      if (takenByChaos(this, event)) return;
      if (inheritsFrom(event, messagePrototype)) {
        recordEvent(tracked.info, event as MessageEvent);
        return;
      }
      recordSourceError(recorder, tracked, readyState(this));
    } catch (error) {
      recorder.internalError('EventSource error event', error);
    }
  }

  const hook = hookAddEventListener(win, (target, type) => {
    if (!isActive()) return;
    const tracked = sources.get(target as object) ?? (inheritsFrom(target, prototype) ? adopt(target) : undefined);
    // A type that is not a string is converted by the native through page code; we do not run that twice.
    if (tracked === undefined || typeof type !== 'string' || ALWAYS_HEARD.has(type) || tracked.namedTypes?.has(type)) return;
    recorder.guard('listening for a named EventSource event', () => {
      (tracked.namedTypes ??= new Set()).add(type);
      addListener(target as EventSource, type, onEvent as EventListener, CAPTURE);
    }, undefined);
  });
  releases.push(hook.release);
  const addListener = uncurryThis(hook.native);

  function track(source: EventSource, info: ConnectionInfo, constructed: boolean): TrackedSource {
    const tracked: TrackedSource = { info, namedTypes: undefined };
    sources.set(source, tracked);
    addListener(source, 'open', onOpen, CAPTURE);
    addListener(source, 'message', onEvent as EventListener, CAPTURE);
    addListener(source, 'error', onError, CAPTURE);
    chaos?.track(source, tracked, constructed);
    return tracked;
  }

  /** A native EventSource made before install: recorded from now on, in the state it is in. */
  function adopt(candidate: unknown): TrackedSource | undefined {
    if (typeof candidate !== 'object' || candidate === null || !hasBrand(readyState, candidate)) return undefined;
    const source = candidate as EventSource;
    return recorder.guard('adopting an EventSource', () => {
      const info = recorder.openConnection({
        transport: 'eventsource',
        url: sourceUrl(source),
        adoptedLate: true,
        state: STATES[readyState(source)] ?? 'connecting',
      });
      return track(source, info, false);
    }, undefined);
  }

  releases.push(acquireToStringDisguise(win));

  wrapConstructor(win, patches, 'EventSource', NativeEventSource, (target, args, newTarget) => {
    const source = reflectConstruct(target, args, newTarget) as EventSource;
    if (isActive()) {
      recorder.guard('recording a new EventSource', () => {
        track(source, recorder.openConnection({ transport: 'eventsource', url: sourceUrl(source) }), true);
      }, undefined);
    }
    return source;
  });

  wrapMethod(win, patches, prototype, 'close', (native, receiver, args) => {
    const tracked = isActive() ? (sources.get(receiver as object) ?? adopt(receiver)) : undefined;
    if (tracked === undefined) return reflectApply(native, receiver, args);
    const before = readyState(receiver as EventSource);
    const result = reflectApply(native, receiver, args);
    recorder.guard('EventSource close under chaos', () => chaos?.closedByPage(receiver as EventSource, before === CLOSED), undefined);
    // close() on a closed source does nothing, and fires no event. @see https://html.spec.whatwg.org/multipage/server-sent-events.html#dom-eventsource-close
    if (before !== CLOSED) {
      try {
        recorder.lifecycle(tracked.info, 'closed', { initiator: 'page' });
      } catch (error) {
        recorder.internalError('EventSource close', error);
      }
    }
    return result;
  });

  for (const attribute of EVENT_HANDLER_ATTRIBUTES) {
    wrapSetter(win, patches, prototype, attribute, (receiver) => {
      if (isActive() && !sources.has(receiver as object)) adopt(receiver);
    });
  }

  if (chaos !== undefined) {
    // What the page reads of a source chaos holds back or took over: the state the network would leave.
    wrapGetter<number>(win, patches, prototype, 'readyState', (receiver, value) =>
      recorder.guard('EventSource readyState under chaos', () => chaos.readyState(receiver as EventSource, value), value));
  }
}
