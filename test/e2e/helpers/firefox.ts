/**
 * Debian's Firefox ESR with the real `dist/firefox` installed as a temporary add-on, driven by puppeteer-core over
 * WebDriver BiDi (Playwright can neither drive stock Firefox here nor install a Firefox extension).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

export const FIREFOX_DIST = resolve(import.meta.dirname, '../../../dist/firefox');
const PANEL_PATH = 'extension/panel/panel.html';
/** Pinned through `extensions.webextensions.uuids`, or the moz-extension:// origin changes with every profile. */
export const EXTENSION_UUID = '3f7c1c9e-6a51-4d2b-9a3e-1b2c3d4e5f60';

interface GeckoManifest {
  browser_specific_settings: { gecko: { id: string } };
}

export interface FirefoxWithExtension {
  browser: Browser;
  extensionOrigin: string;
  /** Opens the detached panel of `page`'s tab in a new tab; resolves once the panel page has its root. */
  openPanelFor(page: Page): Promise<Page>;
  close(): Promise<void>;
}

/**
 * `page.goto` of a moz-extension:// page loads it but never resolves over BiDi: start it, then wait for content.
 */
async function openExtensionPage(page: Page, url: string): Promise<void> {
  void page.goto(url).catch(() => undefined);
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await page.waitForFunction((expected) => window.location.href === expected && document.getElementById('root') !== null, { timeout: Math.max(1, deadline - Date.now()) }, url);
      return;
    } catch (error) {
      // A poll that lands while the old document is torn down fails inside Firefox's BiDi agent ("Waiting failed",
      // caused by `script.evaluate`: "right-hand side of 'in' should be an object"); the next poll sees the new one.
      const cause = error instanceof Error ? error.cause : undefined;
      const fromBidiAgent = cause instanceof Error && cause.message.includes('script.evaluate');
      if (Date.now() >= deadline || !fromBidiAgent) throw error;
    }
  }
}

export async function launchFirefoxWithExtension(): Promise<FirefoxWithExtension> {
  const manifestPath = resolve(FIREFOX_DIST, 'manifest.json');
  if (!existsSync(manifestPath)) throw new Error(`${FIREFOX_DIST} is missing: run npm run build`);
  const geckoId = (JSON.parse(readFileSync(manifestPath, 'utf8')) as GeckoManifest).browser_specific_settings.gecko.id;
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: '/usr/bin/firefox-esr',
    headless: true,
    // Lets the automation open moz-extension:// pages.
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: { 'extensions.webextensions.uuids': JSON.stringify({ [geckoId]: EXTENSION_UUID }) },
  });
  await browser.installExtension(FIREFOX_DIST);
  const extensionOrigin = `moz-extension://${EXTENSION_UUID}`;

  return {
    browser,
    extensionOrigin,
    async openPanelFor(page) {
      const panel = await browser.newPage();
      // The extension's own page asks its tabs API which tab shows `page`; the temporary add-on may read tab URLs.
      await openExtensionPage(panel, `${extensionOrigin}/${PANEL_PATH}`);
      const tabId = await panel.evaluate(async (url) => {
        const { browser: extension } = globalThis as unknown as { browser: { tabs: { query(filter: object): Promise<{ id?: number; url?: string }[]> } } };
        const tabs = await extension.tabs.query({});
        return tabs.filter((tab) => tab.url === url).map((tab) => tab.id);
      }, page.url());
      const [id] = tabId;
      if (tabId.length !== 1 || typeof id !== 'number') throw new Error(`expected one tab showing ${page.url()}, got ${JSON.stringify(tabId)}`);
      await openExtensionPage(panel, `${extensionOrigin}/${PANEL_PATH}?tabId=${id}`);
      return panel;
    },
    close: () => browser.close(),
  };
}
