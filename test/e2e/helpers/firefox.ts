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

const OPEN_TIMEOUT_MS = 45_000;
/** A navigation that has not shown the page by then is started again (under load Firefox sometimes drops one). */
const NAVIGATION_RETRY_MS = 10_000;
const POLL_MS = 100;

const pause = (ms: number): Promise<void> => new Promise((resolvePause) => setTimeout(resolvePause, ms));

/** `page`'s answer to whether it shows `url` with its root, or the error of asking (the realm may be torn down). */
async function showsPage(page: Page, url: string): Promise<boolean | Error> {
  let timer: NodeJS.Timeout | undefined;
  const asked = page.evaluate((expected) => window.location.href === expected && document.getElementById('root') !== null, url);
  const timedOut = new Promise<Error>((resolveTimeout) => {
    timer = setTimeout(() => resolveTimeout(new Error(`no answer from ${url} within ${NAVIGATION_RETRY_MS} ms`)), NAVIGATION_RETRY_MS);
  });
  try {
    return await Promise.race([asked.catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `page.goto` of a moz-extension:// page loads it but never resolves over BiDi: start it, then poll for content.
 * A poll that lands while the old document is torn down fails inside Firefox's BiDi agent (`script.evaluate`:
 * "right-hand side of 'in' should be an object"); the next poll sees the new one.
 */
async function openExtensionPage(page: Page, url: string): Promise<void> {
  const deadline = Date.now() + OPEN_TIMEOUT_MS;
  let lastProblem: Error | undefined;
  while (Date.now() < deadline) {
    void page.goto(url).catch(() => undefined);
    const retryAt = Math.min(deadline, Date.now() + NAVIGATION_RETRY_MS);
    while (Date.now() < retryAt) {
      const shown = await showsPage(page, url);
      if (shown === true) return;
      if (shown instanceof Error) lastProblem = shown;
      await pause(POLL_MS);
    }
  }
  throw new Error(`${url} did not open within ${OPEN_TIMEOUT_MS} ms`, { cause: lastProblem });
}

export interface FirefoxOptions {
  /** Where downloads are saved, without asking (Firefox otherwise asks where to save each one). */
  downloadDir?: string;
}

function downloadPrefs(dir: string): Record<string, unknown> {
  return {
    'browser.download.folderList': 2,
    'browser.download.dir': dir,
    'browser.download.useDownloadDir': true,
    'browser.download.always_ask_before_handling_new_types': false,
    'browser.download.alwaysOpenPanel': false,
  };
}

export async function launchFirefoxWithExtension(options: FirefoxOptions = {}): Promise<FirefoxWithExtension> {
  const manifestPath = resolve(FIREFOX_DIST, 'manifest.json');
  if (!existsSync(manifestPath)) throw new Error(`${FIREFOX_DIST} is missing: run npm run build`);
  const geckoId = (JSON.parse(readFileSync(manifestPath, 'utf8')) as GeckoManifest).browser_specific_settings.gecko.id;
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: '/usr/bin/firefox-esr',
    headless: true,
    // Lets the automation open moz-extension:// pages.
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [geckoId]: EXTENSION_UUID }),
      ...(options.downloadDir === undefined ? {} : downloadPrefs(options.downloadDir)),
    },
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
