/**
 * The extension's MAIN-world script, run at document_start before any page script. It installs the
 * instrumentation and bridges it to the isolated relay through tagged `window.postMessage` envelopes.
 * Capture runs from page load; envelopes flow only while a UI is attached (after its `init`).
 */
import { hasConditions } from './chaos/settings';
import { installRealtimeDevtools } from './hook';
import {
  PAGE_SOURCE,
  PROTOCOL_VERSION,
  UI_SOURCE,
  isEnvelope,
  type ChaosState,
  type Envelope,
  type PageToUiMessage,
  type UiToPageMessage,
} from './protocol';
import type { UiLink } from './api';

const api = installRealtimeDevtools();
const post = window.postMessage.bind(window);
let sequence = 0;
let link: UiLink | undefined;

function toRelay(message: PageToUiMessage): void {
  const envelope: Envelope<PageToUiMessage> = {
    source: PAGE_SOURCE,
    protocolVersion: PROTOCOL_VERSION,
    sessionId: api.sessionId,
    seq: ++sequence,
    message,
  };
  post(envelope, window.location.origin === 'null' ? '*' : window.location.origin);
}

// Capture, and registered before any page script: no page listener can stop the relay's commands first.
// The extension's icon badge must show chaos that is on even while no panel is open (it may have been restored
// from an earlier load of this tab), so its state travels to the relay whether or not a UI is attached.
const reportChaos = (state: ChaosState): void => {
  if (!link) toRelay({ kind: 'chaos-state', state });
};
api.chaos.onChange(reportChaos);
if (hasConditions(api.chaos.get()) || api.chaos.get().schedule) reportChaos(api.chaos.get());

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  // Only the relay, which shares this window, may command the page side; anything else is the page's own traffic.
  if (event.source !== window || !isEnvelope(event.data, UI_SOURCE)) return;
  const message = event.data.message as UiToPageMessage;
  if (message.kind === 'init' && !link) link = api.connectUi(toRelay);
  link?.receive(message);
  if (message.kind === 'detach') {
    link?.disconnect();
    link = undefined;
  }
}, { capture: true });
