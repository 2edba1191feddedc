/**
 * Debian's Chromium with the real unpacked `dist/chrome` loaded (run `npm run build` first). Panels are opened
 * detached, as `panel.html?tabId=<n>` in an ordinary tab: they get exactly what the DevTools panel gets.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Page, type Worker } from '@playwright/test';

export const CHROME_DIST = resolve(import.meta.dirname, '../../../dist/chrome');
export const PANEL_PATH = 'extension/panel/panel.html';

/** Keeps Chromium off the network and quiet on a closed machine. */
const QUIET_FLAGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A global that only the service-worker instance we marked carries; a restarted worker starts without it. */
const GENERATION_MARK = '__realtimeDevtoolsTestGeneration';
const WORKER_TIMEOUT_MS = 10_000;

/** The part of the service worker's `chrome` namespace these helpers call (no @types/chrome in the project). */
interface ChromeTabsScope {
  chrome: { tabs: { query(filter: { active: boolean; lastFocusedWindow: boolean }): Promise<{ id?: number }[]> } };
}

/** `ServiceWorker.workerVersionUpdated` of the Chrome DevTools Protocol, the fields read here. */
interface WorkerVersionsUpdate {
  versions: { scriptURL: string; runningStatus: 'stopped' | 'starting' | 'running' | 'stopping' }[];
}

type RunningStatus = WorkerVersionsUpdate['versions'][number]['runningStatus'];

export interface ChromiumWithExtension {
  context: BrowserContext;
  extensionId: string;
  /** The extension's service worker; only a running one answers `evaluate`. */
  serviceWorker(): Promise<Worker>;
  /** Whether the service worker runs now, as Chromium reports it. */
  serviceWorkerStatus(): RunningStatus | 'unknown';
  /** The browser's tab id of a page (from the service worker's `chrome.tabs.query`). */
  tabIdOf(page: Page): Promise<number>;
  panelUrl(tabId: number): string;
  /** Opens the detached panel of `page`'s tab in a new tab. */
  openPanelFor(page: Page): Promise<Page>;
  /** Stops the service worker as Chromium does when it idles (every Port to it closes); resolves once stopped. */
  stopServiceWorker(): Promise<void>;
  /** Resolves once a new instance of the service worker runs (something woke it: a Port, a message). */
  waitForFreshServiceWorker(): Promise<void>;
  /** `stopServiceWorker`, then `waitForFreshServiceWorker`: for when reconnecting Ports are what wakes it. */
  restartServiceWorker(): Promise<void>;
  close(): Promise<void>;
}

async function waitFor(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + WORKER_TIMEOUT_MS;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 25));
  }
}

export async function launchChromiumWithExtension(): Promise<ChromiumWithExtension> {
  if (!existsSync(resolve(CHROME_DIST, 'manifest.json'))) throw new Error(`${CHROME_DIST} is missing: run npm run build`);
  const profile = mkdtempSync(join(tmpdir(), 'rtd-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: [`--disable-extensions-except=${CHROME_DIST}`, `--load-extension=${CHROME_DIST}`, ...QUIET_FLAGS],
  });

  const serviceWorker = async (): Promise<Worker> => {
    const known = context.serviceWorkers().find((worker) => worker.url().startsWith('chrome-extension://'));
    return known ?? context.waitForEvent('serviceworker', { timeout: WORKER_TIMEOUT_MS });
  };
  const extensionId = new URL((await serviceWorker()).url()).host;

  // Chromium reports every start and stop of the worker here; Playwright's Worker object outlives them.
  let status: RunningStatus | 'unknown' = 'unknown';
  /** Counted, not just read off `status`: reconnecting Ports may start the worker again within milliseconds. */
  let stops = 0;
  const cdp: CDPSession = await context.newCDPSession(context.pages()[0] ?? (await context.newPage()));
  cdp.on('ServiceWorker.workerVersionUpdated', (update: WorkerVersionsUpdate) => {
    for (const version of update.versions) {
      if (!version.scriptURL.startsWith(`chrome-extension://${extensionId}/`)) continue;
      if (version.runningStatus === 'stopped' && status !== 'stopped') stops++;
      status = version.runningStatus;
    }
  });
  await cdp.send('ServiceWorker.enable');

  const tabIdOf = async (page: Page): Promise<number> => {
    // Without the "tabs" permission (the extension does not need it) tabs carry no URL, so the page is found as
    // the one active tab once it is brought to the front.
    await page.bringToFront();
    const worker = await serviceWorker();
    const ids = await worker.evaluate(async () => {
      const { chrome } = globalThis as unknown as ChromeTabsScope;
      const tabs = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
      return tabs.map((tab) => tab.id);
    });
    const [id] = ids;
    if (ids.length !== 1 || typeof id !== 'number') throw new Error(`expected one active tab, got ${JSON.stringify(ids)}`);
    return id;
  };

  const panelUrl = (tabId: number): string => `chrome-extension://${extensionId}/${PANEL_PATH}?tabId=${tabId}`;

  const stopServiceWorker = async (): Promise<void> => {
    await waitFor(() => status === 'running', 'the service worker to run');
    const worker = await serviceWorker();
    await worker.evaluate((mark) => {
      (globalThis as Record<string, unknown>)[mark] = 'marked';
    }, GENERATION_MARK);
    const stopsBefore = stops;
    await cdp.send('ServiceWorker.stopAllWorkers');
    await waitFor(() => stops > stopsBefore, 'the service worker to stop');
  };

  const waitForFreshServiceWorker = async (): Promise<void> => {
    await waitFor(() => status === 'running', 'the service worker to start again');
    const worker = await serviceWorker();
    const mark = await worker.evaluate((name) => (globalThis as Record<string, unknown>)[name], GENERATION_MARK);
    if (mark !== undefined) throw new Error('the service worker that runs is the one that was stopped');
  };

  return {
    context,
    extensionId,
    serviceWorker,
    serviceWorkerStatus: () => status,
    tabIdOf,
    panelUrl,
    async openPanelFor(page) {
      const tabId = await tabIdOf(page);
      const panel = await context.newPage();
      await panel.goto(panelUrl(tabId));
      return panel;
    },
    stopServiceWorker,
    waitForFreshServiceWorker,
    async restartServiceWorker() {
      await stopServiceWorker();
      await waitForFreshServiceWorker();
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * A Playwright test fixture: Chromium with the extension for one test, closed after it.
 * `base.extend<{ extension: ChromiumWithExtension }>({ extension: extensionFixture })`
 */
// Playwright reads a fixture's dependencies from its first parameter's destructuring: this one has none.
export async function extensionFixture({}: object, use: (extension: ChromiumWithExtension) => Promise<void>): Promise<void> {
  const extension = await launchChromiumWithExtension();
  await use(extension);
  await extension.close();
}
