import { nativeGetter, uncurryThis } from '../transports/native-access';

type PageWindow = Window & typeof globalThis;

/**
 * Events the chaos layer hands the page in place of the browser's: made with the page's own constructors (so that
 * `instanceof MessageEvent` holds in the page) taken at install, and dispatched with the native `dispatchEvent`, so
 * that they reach the page's listeners and `on*` handlers in the same order as a real event would. They differ from
 * a real event only in `isTrusted` (false) and `timeStamp`.
 *
 * The taps see these events too (their listeners come first); `isSynthetic` lets them skip what chaos already
 * recorded.
 */
export interface SyntheticEvents {
  isSynthetic(event: Event): boolean;
  /** Keeps a native event from every listener after ours. */
  suppress(event: Event): void;
  type(event: Event): string;
  dispatch(target: EventTarget, event: Event): void;
  event(type: string): Event;
  message(type: string, init: { data: unknown; origin: string; lastEventId?: string }): MessageEvent;
  close(code: number, reason: string, wasClean: boolean): CloseEvent;
  progress(type: string): ProgressEvent;
}

export function createSyntheticEvents(win: PageWindow): SyntheticEvents {
  const synthetic = new WeakSet<object>();
  const PageEvent = win.Event;
  const PageMessageEvent = win.MessageEvent;
  const PageCloseEvent = win.CloseEvent;
  const PageProgressEvent = win.ProgressEvent;
  const construct = Reflect.construct;
  const dispatchEvent = uncurryThis(win.EventTarget.prototype.dispatchEvent);
  const stopImmediatePropagation = uncurryThis(win.Event.prototype.stopImmediatePropagation);
  const eventType = nativeGetter<string>(win.Event.prototype, 'type');
  const mark = <E extends Event>(event: E): E => {
    synthetic.add(event);
    return event;
  };

  return {
    isSynthetic: (event) => synthetic.has(event),
    suppress: (event) => stopImmediatePropagation(event),
    type: (event) => eventType(event),
    dispatch: (target, event) => {
      dispatchEvent(target, event);
    },
    event: (type) => mark(construct(PageEvent, [type]) as Event),
    message: (type, init) => mark(construct(PageMessageEvent, [type, { data: init.data, origin: init.origin, lastEventId: init.lastEventId ?? '' }]) as MessageEvent),
    close: (code, reason, wasClean) => mark(construct(PageCloseEvent, ['close', { code, reason, wasClean }]) as CloseEvent),
    progress: (type) => mark(construct(PageProgressEvent, [type, { lengthComputable: false, loaded: 0, total: 0 }]) as ProgressEvent),
  };
}
