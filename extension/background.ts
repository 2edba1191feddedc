/**
 * The background (an MV3 service worker in Chromium, an event page in Firefox): routes each tab's page to that
 * tab's panels. It may be stopped whenever it idles; everything it knows comes back with the Ports that reconnect.
 */
import browser from 'webextension-polyfill';
import { chaosBadgeText, chaosSummary } from '../overlay/ui/store/chaos-summary';
import { TabRouter } from './tab-router';
import type { RelayWakeUp } from './messages';

const router = new TabRouter({
  extensionOrigin: browser.runtime.getURL('/'),
  extensionId: browser.runtime.id,
  wakeRelay(tabId) {
    const wakeUp: RelayWakeUp = { kind: 'relay-wake-up' };
    // Rejects where no relay runs (a page loaded before the extension, or one the browser forbids scripting): the
    // panel already shows `no-relay` for it.
    browser.tabs.sendMessage(tabId, wakeUp, { frameId: 0 }).catch(() => undefined);
  },
  tabExists: (tabId) => browser.tabs.get(tabId).then(() => true, () => false),
  showChaos(tabId, state) {
    // The toolbar icon keeps simulated conditions in sight even with DevTools docked away from the panel.
    // Rejects once the tab is gone, which leaves nothing to mark.
    const text = chaosBadgeText(state);
    browser.action.setBadgeText({ tabId, text }).catch(() => undefined);
    browser.action.setTitle({ tabId, title: chaosSummary(state) ?? 'Realtime DevTools' }).catch(() => undefined);
    if (text) browser.action.setBadgeBackgroundColor({ tabId, color: '#b0006d' }).catch(() => undefined);
  },
});

// Registered synchronously at the top level, so that a Port that wakes a stopped worker is not missed.
browser.runtime.onConnect.addListener((port) => router.accept(port));
