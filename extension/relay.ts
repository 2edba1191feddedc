/**
 * The isolated-world content script of the top frame: carries the page's envelopes (posted by
 * `instrumentation/page-entry.ts` in the MAIN world) to the background over a runtime Port, and the UI's commands
 * back into the page. It opens its Port at load so that a panel already open for this tab hears of the new page;
 * when the Port closes (the service worker went idle) it reconnects at once only while a UI is attached, and
 * otherwise waits for a panel to wake it (`relay-wake-up`), so an idle page never keeps the worker running.
 */
import {
  PAGE_SOURCE,
  RELAY_PORT_NAME,
  isEnvelope,
  type Envelope,
  type PageToUiMessage,
  type UiToPageMessage,
} from '../instrumentation/protocol';
import { contentRuntime } from './content-runtime';
import {
  isRelayReady,
  isRelayWakeUp,
  isUiEnvelopeMessage,
  type PageEnvelopeMessage,
  type RelayToBackground,
} from './messages';
import { ReconnectingPort } from './reconnecting-port';

/**
 * Page messages held while the background has not answered. The page batches every 16 ms, and a service worker
 * restarts in well under a second, so this is seconds of headroom. Past it the oldest go: the panel asks for a
 * fresh snapshot (`init`) whenever the page link comes back, so what the page's ring holds is never lost with them.
 */
const MAX_QUEUED_MESSAGES = 256;

const runtime = contentRuntime();
/** An `init` went into the page and no `detach` since: the page streams and a UI is waiting for it. */
let streaming = false;
/** The background answered this Port's hello. */
let ready = false;
const queued: PageEnvelopeMessage[] = [];

const link = new ReconnectingPort<RelayToBackground>({
  connect: () => runtime.connect({ name: RELAY_PORT_NAME }),
  onOpen(send) {
    ready = false;
    send({ kind: 'relay-hello', streaming });
  },
  onMessage(message) {
    if (isRelayReady(message)) {
      ready = true;
      flushQueue();
    } else if (isUiEnvelopeMessage(message)) {
      toPage(message.envelope);
    }
  },
  onClose() {
    ready = false;
  },
  shouldReconnect: () => streaming,
});

function flushQueue(): void {
  while (ready && queued.length > 0) {
    if (!link.post(queued[0] as PageEnvelopeMessage)) return;
    queued.shift();
  }
}

function toBackground(envelope: Envelope<PageToUiMessage>): void {
  queued.push({ kind: 'page', envelope });
  if (queued.length > MAX_QUEUED_MESSAGES) queued.shift();
  if (!link.isOpen) link.open();
  flushQueue();
}

function toPage(envelope: Envelope<UiToPageMessage>): void {
  if (envelope.message.kind === 'init') streaming = true;
  if (envelope.message.kind === 'detach') streaming = false;
  // Same window, so the origin check only guards against a navigation in between; opaque origins need '*'.
  window.postMessage(envelope, window.location.origin === 'null' ? '*' : window.location.origin);
}

// Capturing, and registered before any page script, so that no page listener can stop it from running first.
window.addEventListener('message', (event: MessageEvent<unknown>) => {
  // The page's own postMessage traffic, and anything from other windows, is none of our business.
  if (event.source !== window || !isEnvelope(event.data, PAGE_SOURCE)) return;
  toBackground(event.data as Envelope<PageToUiMessage>);
}, { capture: true });

runtime.onMessage.addListener((message: unknown) => {
  if (isRelayWakeUp(message)) link.open();
});

// A page restored from the back/forward cache had its Ports closed when it was frozen.
window.addEventListener('pageshow', (event) => {
  if (event.persisted) link.open();
});

link.open();
