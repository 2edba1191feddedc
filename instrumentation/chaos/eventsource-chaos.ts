import { inheritsFrom, nativeGetter, uncurryThis } from '../transports/native-access';
import { recordSourceError, type SourceRecord } from '../transports/eventsource';
import { REFUSAL_DELAY_MS, type ChaosContext } from './context';
import { DeliveryQueue } from './delivery-queue';
import type { EventStreamConnection, OpenEventStream } from './sse-stream';

/**
 * Network conditions for EventSource. As for WebSockets, native events are kept from the page and handed to it
 * later as synthetic copies (latency, drop, stall) only while a condition is on.
 *
 * Going offline (or a kill) really closes the native connection — the server sees the client go — and the page's
 * source then behaves as the browser's would on a lost network: `error`, readyState CONNECTING, and a new attempt
 * every reconnection time, each failing while offline. Since a closed native EventSource cannot be reopened, the
 * attempts are made with `fetch` (see `sse-stream.ts`), sending `Last-Event-ID` as the browser does, and their
 * events are dispatched on the page's own source object.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html#reestablish-the-connection
 */

/** @see https://html.spec.whatwg.org/multipage/server-sent-events.html#dom-eventsource-readystate */
const CONNECTING = 0;
const OPEN = 1;
const CLOSED = 2;

/**
 * The reconnection time a source starts with, which the page cannot read: Chromium's `kDefaultReconnectDelay`
 * (3 s) and Firefox's `dom.server-events.default-reconnection-time` (5 s). A `retry:` field the stream sends
 * after chaos took the connection over replaces it.
 */
const DEFAULT_RECONNECTION_MS = { chromium: 3_000, firefox: 5_000 };

type SourceItem =
  | { kind: 'event'; type: string; data: string; lastEventId: string; origin: string }
  | { kind: 'open' }
  | { kind: 'error'; stateAfter: number; simulated: boolean };

interface Takeover {
  stream: EventStreamConnection | undefined;
  timer: unknown;
  reconnectionMs: number;
}

interface ChaosSource {
  source: EventSource;
  record: SourceRecord;
  url: string;
  withCredentials: boolean;
  exempt: boolean;
  /** The readyState the page has been shown. */
  shown: number;
  /** Open/error events waiting in `queue`: while there are some, the page reads `shown`, not the native state. */
  pendingStates: number;
  queue: DeliveryQueue<SourceItem> | undefined;
  /** Of the last event the page got: what a reconnection sends. */
  lastEventId: string;
  /** Set once chaos cut the native connection; from then on every connection of this source is chaos's. */
  takeover: Takeover | undefined;
}

export interface EventSourceChaos {
  track(source: EventSource, record: SourceRecord, constructed: boolean): void;
  isSynthetic(event: Event): boolean;
  /** A native event reached the tap's first listener. True: chaos took it; the tap records nothing. */
  intercept(source: EventSource, event: Event): boolean;
  /** After the page's `close()`; `unrecorded`: the native was closed already, so the tap recorded nothing. */
  closedByPage(source: EventSource, unrecorded: boolean): void;
  readyState(source: EventSource, native: number): number;
}

export interface EventSourceChaosControl extends EventSourceChaos {
  cutAll(): void;
  kill(connectionId: string): boolean;
  setStall(stalled: boolean): void;
  refreshExemptions(): void;
  has(connectionId: string): boolean;
}

export function createEventSourceChaos(context: ChaosContext, openEventStream: OpenEventStream): EventSourceChaosControl {
  const { win, recorder, conditions, events, clock } = context;
  const prototype = win.EventSource.prototype;
  const nativeClose = uncurryThis(prototype.close as (this: EventSource) => void);
  const nativeReadyState = nativeGetter<number>(prototype, 'readyState');
  const sourceUrl = nativeGetter<string>(prototype, 'url');
  const sourceWithCredentials = nativeGetter<boolean>(prototype, 'withCredentials');
  const messagePrototype = win.MessageEvent.prototype;
  const eventData = nativeGetter<string>(messagePrototype, 'data');
  const eventLastId = nativeGetter<string>(messagePrototype, 'lastEventId');
  const eventOrigin = nativeGetter<string>(messagePrototype, 'origin');
  const defaultReconnectionMs = /\bFirefox\//.test(win.navigator.userAgent) ? DEFAULT_RECONNECTION_MS.firefox : DEFAULT_RECONNECTION_MS.chromium;
  const sources = new WeakMap<object, ChaosSource>();
  /** Sources not closed for good. */
  const live = new Set<ChaosSource>();

  const findLive = (connectionId: string): ChaosSource | undefined => {
    for (const chaos of live) if (chaos.record.info.id === connectionId) return chaos;
    return undefined;
  };

  function queueOf(chaos: ChaosSource): DeliveryQueue<SourceItem> {
    if (!chaos.queue) {
      chaos.queue = new DeliveryQueue(clock, (item) => recorder.guard('delivering a delayed EventSource event', () => deliver(chaos, item), undefined));
      chaos.queue.setHeld(conditions.stall);
    }
    return chaos.queue;
  }

  /** Through the queue while a condition touches incoming traffic (or items wait there), at once otherwise. */
  function arrive(chaos: ChaosSource, item: SourceItem): void {
    if (item.kind !== 'event') chaos.pendingStates++;
    if (!chaos.exempt && (conditions.touches('in') || (chaos.queue !== undefined && chaos.queue.size > 0))) {
      queueOf(chaos).push(item, conditions.delay('in'));
    } else {
      deliver(chaos, item);
    }
  }

  function recordDropped(chaos: ChaosSource, type: string, data: string, lastEventId: string): void {
    recorder.frame(chaos.record.info, 'in', data, { event: type, lastEventId, dropped: true });
  }

  function deliver(chaos: ChaosSource, item: SourceItem): void {
    if (item.kind !== 'event') chaos.pendingStates--;
    if (chaos.shown === CLOSED) {
      if (item.kind === 'event') recordDropped(chaos, item.type, item.data, item.lastEventId);
      return;
    }
    switch (item.kind) {
      case 'event':
        recorder.frame(chaos.record.info, 'in', item.data, { event: item.type, lastEventId: item.lastEventId });
        chaos.lastEventId = item.lastEventId;
        events.dispatch(chaos.source, events.message(item.type, item));
        return;
      case 'open':
        chaos.shown = OPEN;
        recorder.lifecycle(chaos.record.info, 'open');
        events.dispatch(chaos.source, events.event('open'));
        return;
      case 'error':
        chaos.shown = item.stateAfter;
        recordSourceError(recorder, chaos.record, item.stateAfter, item.simulated);
        if (item.stateAfter === CLOSED) live.delete(chaos);
        events.dispatch(chaos.source, events.event('error'));
        if (chaos.takeover && chaos.shown === CONNECTING) scheduleAttempt(chaos, chaos.takeover);
        return;
    }
  }

  /** Events on their way are lost with the connection. */
  function loseQueued(chaos: ChaosSource): void {
    for (const item of chaos.queue?.takeAll() ?? []) {
      if (item.kind === 'event') recordDropped(chaos, item.type, item.data, item.lastEventId);
    }
    chaos.pendingStates = 0;
  }

  function scheduleAttempt(chaos: ChaosSource, takeover: Takeover): void {
    if (takeover.timer !== undefined) clock.clearTimeout(takeover.timer);
    takeover.timer = clock.setTimeout(() => recorder.guard('re-establishing an EventSource', () => attempt(chaos, takeover), undefined), takeover.reconnectionMs);
  }

  function attempt(chaos: ChaosSource, takeover: Takeover): void {
    takeover.timer = undefined;
    if (chaos.shown !== CONNECTING) return;
    if (conditions.offline && !chaos.exempt) {
      // Each attempt on a dead network fails, and says so. @see https://html.spec.whatwg.org/multipage/server-sent-events.html#reestablish-the-connection
      arrive(chaos, { kind: 'error', stateAfter: CONNECTING, simulated: true });
      return;
    }
    const guarded = <Args extends unknown[]>(where: string, fn: (...args: Args) => void) => (...args: Args): void => {
      if (takeover.stream === stream) recorder.guard(where, () => fn(...args), undefined);
    };
    const stream: EventStreamConnection = openEventStream(
      { url: chaos.url, withCredentials: chaos.withCredentials, lastEventId: chaos.lastEventId },
      {
        open: guarded('EventSource stream opened', () => arrive(chaos, { kind: 'open' })),
        event: guarded('EventSource stream event', (type: string, data: string, lastEventId: string, origin: string) => {
          if (conditions.drops('in', data, type)) recordDropped(chaos, type, data, lastEventId);
          else arrive(chaos, { kind: 'event', type, data, lastEventId, origin });
        }),
        retry: guarded('EventSource stream retry', (milliseconds: number) => {
          takeover.reconnectionMs = milliseconds;
        }),
        lost: guarded('EventSource stream lost', () => {
          takeover.stream = undefined;
          arrive(chaos, { kind: 'error', stateAfter: CONNECTING, simulated: false });
        }),
        refused: guarded('EventSource stream refused', () => {
          takeover.stream = undefined;
          arrive(chaos, { kind: 'error', stateAfter: CLOSED, simulated: false });
        }),
        fault: (error: unknown) => recorder.internalError('EventSource stream', error),
      },
    );
    takeover.stream = stream;
  }

  /**
   * The connection is lost: what was on its way goes with it, the native connection (if it is still the one) is
   * closed, and after `delayMs` the page gets `error` with readyState CONNECTING; attempts follow.
   */
  function cut(chaos: ChaosSource, delayMs: number): void {
    loseQueued(chaos);
    if (nativeReadyState(chaos.source) !== CLOSED) nativeClose(chaos.source);
    const takeover = (chaos.takeover ??= { stream: undefined, timer: undefined, reconnectionMs: defaultReconnectionMs });
    takeover.stream?.abort();
    takeover.stream = undefined;
    if (takeover.timer !== undefined) clock.clearTimeout(takeover.timer);
    takeover.timer = clock.setTimeout(() => recorder.guard('cutting an EventSource', () => {
      takeover.timer = undefined;
      if (chaos.shown === CLOSED) return;
      chaos.pendingStates++;
      deliver(chaos, { kind: 'error', stateAfter: CONNECTING, simulated: true });
    }, undefined), delayMs);
  }

  return {
    track(source, record, constructed) {
      const url = sourceUrl(source);
      const chaos: ChaosSource = {
        source,
        record,
        url,
        withCredentials: sourceWithCredentials(source),
        exempt: conditions.isExempt(url),
        shown: nativeReadyState(source),
        pendingStates: 0,
        queue: undefined,
        lastEventId: '',
        takeover: undefined,
      };
      sources.set(source, chaos);
      if (chaos.shown === CLOSED) return;
      live.add(chaos);
      if (conditions.offline && !chaos.exempt) cut(chaos, constructed ? REFUSAL_DELAY_MS : 0);
    },

    isSynthetic: events.isSynthetic,

    intercept(source, event) {
      const chaos = sources.get(source);
      if (chaos === undefined) return false;
      if (chaos.takeover !== undefined) {
        events.suppress(event);
        return true;
      }
      const type = events.type(event);
      const isMessage = inheritsFrom(event, messagePrototype);
      const engaged = !chaos.exempt && (conditions.touches('in') || (chaos.queue !== undefined && chaos.queue.size > 0));
      if (!engaged) {
        if (isMessage) chaos.lastEventId = eventLastId(event);
        else if (type === 'open') chaos.shown = OPEN;
        else if (type === 'error') {
          chaos.shown = nativeReadyState(source);
          if (chaos.shown === CLOSED) live.delete(chaos);
        }
        return false;
      }
      events.suppress(event);
      if (isMessage) {
        const data = eventData(event);
        const lastEventId = eventLastId(event);
        if (conditions.drops('in', data, type)) recordDropped(chaos, type, data, lastEventId);
        else arrive(chaos, { kind: 'event', type, data, lastEventId, origin: eventOrigin(event) });
      } else if (type === 'open') {
        arrive(chaos, { kind: 'open' });
      } else if (type === 'error') {
        arrive(chaos, { kind: 'error', stateAfter: nativeReadyState(source), simulated: false });
      }
      return true;
    },

    closedByPage(source, unrecorded) {
      const chaos = sources.get(source);
      if (chaos === undefined) return;
      const wasShown = chaos.shown;
      loseQueued(chaos);
      chaos.takeover?.stream?.abort();
      if (chaos.takeover?.timer !== undefined) clock.clearTimeout(chaos.takeover.timer);
      chaos.shown = CLOSED;
      live.delete(chaos);
      if (unrecorded && wasShown !== CLOSED) recorder.lifecycle(chaos.record.info, 'closed', { initiator: 'page' });
    },

    readyState(source, native) {
      const chaos = sources.get(source);
      if (chaos === undefined || (chaos.takeover === undefined && chaos.pendingStates === 0)) return native;
      return chaos.shown;
    },

    cutAll() {
      for (const chaos of [...live]) {
        if (chaos.exempt || chaos.shown === CLOSED) continue;
        // A source already waiting to reconnect has no connection to lose: its next attempt will fail.
        if (chaos.takeover !== undefined && chaos.takeover.stream === undefined) continue;
        cut(chaos, 0);
      }
    },

    kill(connectionId) {
      const chaos = findLive(connectionId);
      if (chaos === undefined || chaos.shown === CLOSED) return false;
      if (chaos.takeover !== undefined && chaos.takeover.stream === undefined) return false;
      cut(chaos, 0);
      return true;
    },

    setStall(stalled) {
      for (const chaos of live) chaos.queue?.setHeld(stalled);
    },

    refreshExemptions() {
      for (const chaos of live) chaos.exempt = conditions.isExempt(chaos.url);
    },

    has: (connectionId) => findLive(connectionId) !== undefined,
  };
}
