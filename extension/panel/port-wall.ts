import type { Runtime } from 'webextension-polyfill';
import {
  PANEL_PORT_PREFIX,
  PROTOCOL_VERSION,
  UI_SOURCE,
  type InitMessage,
  type ToUiMessage,
  type UiToPageMessage,
  type Wall,
} from '../../instrumentation/protocol';
import { isBackgroundToPanel, type PanelToBackground } from '../messages';
import { ReconnectingPort } from '../reconnecting-port';

/** Well inside the 30 s after which Chromium stops an idle service worker. */
const KEEP_ALIVE_INTERVAL_MS = 20_000;

/**
 * The panel's wall to its inspected tab, over a runtime Port to the background that reconnects whenever the
 * service worker restarts. The UI's `init` is remembered and sent again each time the background reports the
 * page link (back): after a worker restart, a reload, or a page that loaded after the panel. The page then answers
 * `hello` + `snapshot` of everything its ring holds, so nothing is lost across any of these.
 */
export function createPortWall(tabId: number, connect: (name: string) => Runtime.Port): Wall {
  const listeners = new Set<(message: ToUiMessage) => void>();
  let pageConnected = false;
  let wantedInit: InitMessage | undefined;
  let sessionId = '';
  let seq = 0;

  const deliver = (message: ToUiMessage): void => {
    for (const listener of [...listeners]) listener(message);
  };

  const toPage = (message: UiToPageMessage): void => {
    port.post({
      kind: 'ui',
      envelope: { source: UI_SOURCE, protocolVersion: PROTOCOL_VERSION, sessionId, seq: ++seq, message },
    });
  };

  const port = new ReconnectingPort<PanelToBackground>({
    connect: () => connect(PANEL_PORT_PREFIX + tabId),
    onOpen() {
      pageConnected = false;
    },
    onMessage(message) {
      if (!isBackgroundToPanel(message)) return;
      switch (message.kind) {
        case 'page-connected':
          pageConnected = true;
          if (wantedInit) toPage(wantedInit);
          break;
        case 'page':
          if (message.envelope.message.kind === 'hello') sessionId = message.envelope.message.sessionId;
          deliver(message.envelope.message);
          break;
        case 'shell':
          if (message.message.kind === 'page-disconnected') pageConnected = false;
          deliver(message.message);
          break;
        default:
          message satisfies never;
      }
    },
    onClose() {
      pageConnected = false;
    },
    shouldReconnect: () => true,
  });
  port.open();
  setInterval(() => port.post({ kind: 'keep-alive' }), KEEP_ALIVE_INTERVAL_MS);

  return {
    send(message) {
      if (message.kind === 'init') wantedInit = message;
      if (message.kind === 'detach') wantedInit = undefined;
      // Other commands are dropped while the page is away: held back, they would reach whatever page loads next.
      if (pageConnected) toPage(message);
    },
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
