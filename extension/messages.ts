/**
 * What travels on the extension's own runtime Ports, around the page ↔ UI envelopes of `instrumentation/protocol`.
 * The envelopes pass through untouched; these wrappers add only what the shell itself needs to say: that a relay
 * is ready, that a tab's page link came (back), or went.
 *
 *   relay ──RelayToBackground──▶ background ──BackgroundToPanel──▶ panel
 *   relay ◀──BackgroundToRelay── background ◀──PanelToBackground── panel (commands, keep-alive)
 *   background ──RelayWakeUp (tabs.sendMessage)──▶ relay whose Port is closed
 */
import {
  PAGE_SOURCE,
  UI_SOURCE,
  isEnvelope,
  type Envelope,
  type PageToUiMessage,
  type ShellToUiMessage,
  type UiToPageMessage,
} from '../instrumentation/protocol';

/** A relay's first message on a new Port: whether its page is streaming to a UI (an `init` went through it). */
export interface RelayHello {
  kind: 'relay-hello';
  streaming: boolean;
}

export interface PageEnvelopeMessage {
  kind: 'page';
  envelope: Envelope<PageToUiMessage>;
}

export interface UiEnvelopeMessage {
  kind: 'ui';
  envelope: Envelope<UiToPageMessage>;
}

/** The background heard the relay's hello: what the relay queued can flow. */
export interface RelayReady {
  kind: 'relay-ready';
}

/** The tab's page is reachable (again): a panel that wants data sends `init` now, and gets hello + snapshot. */
export interface PageConnected {
  kind: 'page-connected';
}

export interface ShellNews {
  kind: 'shell';
  message: ShellToUiMessage;
}

/**
 * A panel's periodic word to the background. Chromium stops a service worker after 30 s without events, and an
 * open Port alone is not one; a stopped worker closes every Port and each panel then asks the page for its whole
 * snapshot again. A message every few seconds is such an event, so the worker lives as long as a panel is open.
 */
export interface KeepAlive {
  kind: 'keep-alive';
}

/**
 * Sent with `tabs.sendMessage` to a relay that let its Port close while no UI was attached (the service worker
 * went idle): a panel has opened for its tab.
 */
export interface RelayWakeUp {
  kind: 'relay-wake-up';
}

export type RelayToBackground = RelayHello | PageEnvelopeMessage;
export type BackgroundToRelay = RelayReady | UiEnvelopeMessage;
export type PanelToBackground = UiEnvelopeMessage | KeepAlive;
export type BackgroundToPanel = PageEnvelopeMessage | PageConnected | ShellNews;

function hasKind(value: unknown): value is { kind: unknown } {
  return typeof value === 'object' && value !== null && 'kind' in value;
}

export function isPageEnvelopeMessage(value: unknown): value is PageEnvelopeMessage {
  return hasKind(value) && value.kind === 'page' && isEnvelope((value as { envelope?: unknown }).envelope, PAGE_SOURCE);
}

export function isUiEnvelopeMessage(value: unknown): value is UiEnvelopeMessage {
  return hasKind(value) && value.kind === 'ui' && isEnvelope((value as { envelope?: unknown }).envelope, UI_SOURCE);
}

export function isRelayHello(value: unknown): value is RelayHello {
  return hasKind(value) && value.kind === 'relay-hello' && typeof (value as { streaming?: unknown }).streaming === 'boolean';
}

export function isRelayReady(value: unknown): value is RelayReady {
  return hasKind(value) && value.kind === 'relay-ready';
}

export function isRelayWakeUp(value: unknown): value is RelayWakeUp {
  return hasKind(value) && value.kind === 'relay-wake-up';
}

export function isBackgroundToPanel(value: unknown): value is BackgroundToPanel {
  if (!hasKind(value)) return false;
  switch (value.kind) {
    case 'page':
      return isPageEnvelopeMessage(value);
    case 'page-connected':
      return true;
    case 'shell':
      return hasKind((value as { message?: unknown }).message);
    default:
      return false;
  }
}
