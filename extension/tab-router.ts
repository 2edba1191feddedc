import type { Runtime } from 'webextension-polyfill';
import {
  PANEL_PORT_PREFIX,
  PROTOCOL_VERSION,
  RELAY_PORT_NAME,
  UI_SOURCE,
  type ChaosState,
  type Envelope,
  type PageDisconnectedMessage,
  type UiToPageMessage,
} from '../instrumentation/protocol';
import { isChaosState } from '../overlay/ui/store/validate';
import {
  isPageEnvelopeMessage,
  isRelayHello,
  isUiEnvelopeMessage,
  type BackgroundToPanel,
  type BackgroundToRelay,
} from './messages';

/** What the router needs from the browser, so that it holds no browser state of its own. */
export interface RouterEnvironment {
  /** The origin of this extension's pages, e.g. `chrome-extension://<id>/`: only they may open panel Ports. */
  extensionOrigin: string;
  extensionId: string;
  /** Asks the top-frame relay of a tab to open its Port (it let it close while no UI was attached). */
  wakeRelay(tabId: number): void;
  /** Resolves false once the tab is gone, which tells a closed tab from a navigation. */
  tabExists(tabId: number): Promise<boolean>;
  /**
   * The network conditions a tab's page simulates, as it last reported them (null: unreadable). The browser itself
   * clears a tab's badge when the tab navigates; the next page reports its own conditions when a UI attaches.
   */
  showChaos(tabId: number, state: ChaosState | null): void;
}

interface TabLink {
  /** The top-frame relay that said hello; a newer page's relay replaces it. */
  relay: Runtime.Port | undefined;
  panels: Set<Runtime.Port>;
}

/**
 * Pairs the relay Port of a tab's page with the panel Ports of that same tab, and nothing else: a page reaches only
 * the panels of the tab the browser says it is in (`sender.tab.id`, which a page cannot forge), a panel only the tab
 * named in its Port. Every bit of state here is a Port, so a restarted service worker rebuilds all of it from the
 * Ports that reconnect (the relay while it streams, panels always); nothing that matters lives only in memory.
 */
export class TabRouter {
  private readonly tabs = new Map<number, TabLink>();
  private commandSeq = 0;

  constructor(private readonly environment: RouterEnvironment) {}

  accept(port: Runtime.Port): void {
    if (port.name === RELAY_PORT_NAME) this.acceptRelay(port);
    else if (port.name.startsWith(PANEL_PORT_PREFIX)) this.acceptPanel(port);
    else port.disconnect();
  }

  private linkFor(tabId: number): TabLink {
    let link = this.tabs.get(tabId);
    if (!link) {
      link = { relay: undefined, panels: new Set() };
      this.tabs.set(tabId, link);
    }
    return link;
  }

  private forgetIfIdle(tabId: number, link: TabLink): void {
    if (!link.relay && link.panels.size === 0) this.tabs.delete(tabId);
  }

  private acceptRelay(port: Runtime.Port): void {
    const tabId = port.sender?.tab?.id;
    // Top frame only for now: sockets opened inside iframes are captured by their frame's hook but not relayed.
    if (tabId === undefined || tabId < 0 || port.sender?.frameId !== 0) {
      port.disconnect();
      return;
    }
    port.onMessage.addListener((message: unknown) => {
      const link = this.linkFor(tabId);
      if (isRelayHello(message)) {
        this.relayArrived(link, port, message.streaming);
      } else if (isPageEnvelopeMessage(message) && link.relay === port) {
        for (const panel of link.panels) post<BackgroundToPanel>(panel, message);
        const pageMessage = message.envelope.message;
        // The page is the only judge of its conditions; a forged or malformed state shows nothing rather than a lie.
        if (pageMessage.kind === 'chaos-state') this.environment.showChaos(tabId, isChaosState(pageMessage.state) ? pageMessage.state : null);
      }
    });
    port.onDisconnect.addListener(() => {
      const link = this.tabs.get(tabId);
      if (!link || link.relay !== port) return;
      link.relay = undefined;
      if (link.panels.size === 0) {
        this.forgetIfIdle(tabId, link);
        return;
      }
      void this.environment.tabExists(tabId).then((exists) => {
        // A new page's relay may have said hello meanwhile; its `page-connected` is the newer news.
        if (link.relay) return;
        this.tellPanels(link, { kind: 'page-disconnected', reason: exists ? 'navigated' : 'tab-closed' });
      });
    });
  }

  private relayArrived(link: TabLink, port: Runtime.Port, streaming: boolean): void {
    // The previous page's Port may close after the next page's relay says hello; it is ignored from now on, but
    // the panels must still hear that their page changed before they hear it is back.
    if (link.relay && link.relay !== port) this.tellPanels(link, { kind: 'page-disconnected', reason: 'navigated' });
    link.relay = port;
    post<BackgroundToRelay>(port, { kind: 'relay-ready' });
    if (link.panels.size > 0) {
      for (const panel of link.panels) post<BackgroundToPanel>(panel, { kind: 'page-connected' });
    } else if (streaming) {
      // A UI was attached before the service worker restarted and has not come back: stop the page streaming.
      this.sendCommand(port, { kind: 'detach' });
    }
  }

  private acceptPanel(port: Runtime.Port): void {
    const tabId = Number(port.name.slice(PANEL_PORT_PREFIX.length));
    const sender = port.sender;
    const fromExtensionPage = sender?.id === this.environment.extensionId
      && typeof sender.url === 'string' && sender.url.startsWith(this.environment.extensionOrigin);
    if (!fromExtensionPage || !Number.isSafeInteger(tabId) || tabId < 0) {
      port.disconnect();
      return;
    }
    const link = this.linkFor(tabId);
    link.panels.add(port);
    port.onMessage.addListener((message: unknown) => {
      if (isUiEnvelopeMessage(message) && link.relay && link.panels.has(port)) post<BackgroundToRelay>(link.relay, message);
    });
    port.onDisconnect.addListener(() => {
      link.panels.delete(port);
      if (link.panels.size > 0) return;
      if (link.relay) this.sendCommand(link.relay, { kind: 'detach' });
      else this.forgetIfIdle(tabId, link);
    });
    if (link.relay) {
      post<BackgroundToPanel>(port, { kind: 'page-connected' });
    } else {
      post<BackgroundToPanel>(port, { kind: 'shell', message: { kind: 'page-disconnected', reason: 'no-relay' } });
      this.environment.wakeRelay(tabId);
    }
  }

  private tellPanels(link: TabLink, message: PageDisconnectedMessage): void {
    for (const panel of link.panels) post<BackgroundToPanel>(panel, { kind: 'shell', message });
  }

  /** A command of the shell's own, not of any one panel. */
  private sendCommand(relay: Runtime.Port, message: UiToPageMessage): void {
    const envelope: Envelope<UiToPageMessage> = {
      source: UI_SOURCE,
      protocolVersion: PROTOCOL_VERSION,
      sessionId: '',
      seq: ++this.commandSeq,
      message,
    };
    post<BackgroundToRelay>(relay, { kind: 'ui', envelope });
  }
}

/** A Port can close between our check and the call; its `onDisconnect` does the cleaning up. */
function post<M>(port: Runtime.Port, message: M): void {
  try {
    port.postMessage(message);
  } catch {
    // Closed: nothing to deliver to.
  }
}
