/**
 * A window with the event classes the tool installs against, but no WebSocket, EventSource, fetch or XHR: enough to
 * install the whole page side (`installRealtimeDevtools`) in node and drive it through its API and UI links.
 */
export type PageWindow = Window & typeof globalThis;

class FakeCloseEvent extends Event {}
class FakeProgressEvent extends Event {}

export function fakePageWindow(): PageWindow {
  const win = new EventTarget() as unknown as PageWindow;
  Object.assign(win, {
    Event, MessageEvent, EventTarget, Function, CloseEvent: FakeCloseEvent, ProgressEvent: FakeProgressEvent,
    location: { host: '127.0.0.1:8080', href: 'http://127.0.0.1:8080/' },
    navigator: { userAgent: 'test' },
  });
  return win;
}
