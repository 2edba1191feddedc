/**
 * Simulated network conditions driven from the UI, as users drive them: the Network view and the kill control of
 * the drop-in overlay (built `dist/overlay/realtime-devtools-overlay.js`, first script of a page of the wire
 * server), and of the real extension's detached panel with its toolbar badge. Run `npm run build` first.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { defaultSettings } from '../../instrumentation/chaos/settings';
import type { ChaosState, UiToPageMessage } from '../../instrumentation/protocol';
import { startUiHarnessServer, type UiHarnessServer } from '../fixtures/ui-harness-server';
import { startWireServer, type WireServer } from '../fixtures/wire-server';
import { launchChromiumWithExtension, type ChromiumWithExtension } from './helpers/extension';

const OVERLAY_DIST = resolve(import.meta.dirname, '../../dist/overlay');
const OVERLAY_SCRIPT = '/dist/overlay/realtime-devtools-overlay.js';

let server: WireServer;
let harness: UiHarnessServer;

test.beforeAll(async () => {
  if (!existsSync(resolve(OVERLAY_DIST, 'realtime-devtools-overlay.js'))) throw new Error(`${OVERLAY_DIST} is missing: run npm run build`);
  server = await startWireServer();
  harness = await startUiHarnessServer();
});

test.afterAll(async () => {
  await server?.close();
  await harness?.close();
});

/** What the page's own code saw: every close of its sockets, and whether its latest socket is open. */
interface ChaosClientWindow {
  closes: { code: number; reason: string; wasClean: boolean }[];
  connect(): Promise<boolean>;
  socket: WebSocket;
}

/** The page's app: one echo socket at a time; `connect()` opens a new one and resolves whether it opened. */
const CLIENT = `<script>
  window.closes = [];
  window.connect = () => new Promise((settled) => {
    const socket = new WebSocket('ws://' + location.host + '/echo');
    window.socket = socket;
    socket.onopen = () => settled(true);
    socket.onclose = (event) => {
      closes.push({ code: event.code, reason: event.reason, wasClean: event.wasClean });
      settled(false);
    };
  });
  connect();
</script>`;

async function openOverlayPage(page: Page, name: string): Promise<void> {
  await page.route('**/dist/overlay/**', async (route) => {
    const path = new URL(route.request().url()).pathname.replace(/^\/dist\/overlay\//, '');
    const file = resolve(OVERLAY_DIST, path);
    if (!file.startsWith(OVERLAY_DIST) || !existsSync(file)) return route.fulfill({ status: 404 });
    return route.fulfill({ status: 200, contentType: 'text/javascript', body: readFileSync(file) });
  });
  const url = server.addPage(`/${name}.html`, `<!doctype html><html><head><meta charset="utf-8">
<script src="${OVERLAY_SCRIPT}"></script>${CLIENT}</head><body><h1>Chaos</h1></body></html>`);
  await page.goto(url);
  await expect.poll(() => page.evaluate(() => (window as unknown as ChaosClientWindow).socket.readyState)).toBe(1);
}

const closes = (page: Page) => page.evaluate(() => (window as unknown as ChaosClientWindow).closes);

test('Offline from the Network view cuts the page socket with 1006, stays in sight, and lets the page reconnect once off', async ({ page }) => {
  await openOverlayPage(page, 'offline');
  await page.getByTestId('rtd-launcher').click();
  await expect(page.getByTestId('rtd-connection-row')).toHaveAttribute('data-state', 'open');
  await expect(page.getByTestId('rtd-chaos-banner')).toHaveCount(0);

  await page.getByTestId('rtd-tab-network').click();
  await page.getByTestId('rtd-chaos-offline').check();
  await expect.poll(() => closes(page)).toEqual([{ code: 1006, reason: '', wasClean: false }]);
  const banner = page.getByTestId('rtd-chaos-banner');
  await expect(banner).toContainText('Simulating: offline');
  await expect(page.getByTestId('rtd-chaos-offline')).toBeChecked();
  // The close the page saw is listed as made up by chaos, not as the server's.
  await page.getByTestId('rtd-tab-frames').click();
  await expect(page.locator('[data-testid="rtd-lifecycle-row"][data-phase="closed"]')).toHaveAttribute('data-simulated', 'true');
  await expect(page.getByTestId('rtd-simulated-tag').first()).toBeVisible();
  await expect(banner).toBeVisible();

  // Closed, the overlay leaves the launcher, which still says the network is simulated.
  await page.getByTestId('rtd-close').click();
  await expect(page.getByTestId('rtd-launcher-chaos')).toHaveText('OFF');
  expect(await page.evaluate(() => (window as unknown as ChaosClientWindow).connect())).toBe(false);

  await page.getByTestId('rtd-launcher').click();
  await page.getByTestId('rtd-chaos-banner-reset').click();
  await expect(banner).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as ChaosClientWindow).connect())).toBe(true);
  await page.getByTestId('rtd-close').click();
  await expect(page.getByTestId('rtd-launcher-chaos')).toBeHidden();
});

test('kills one connection from its row with the close code and reason picked', async ({ page }) => {
  await openOverlayPage(page, 'kill');
  await page.getByTestId('rtd-launcher').click();
  const row = page.getByTestId('rtd-connection-row');
  await expect(row).toHaveAttribute('data-state', 'open');
  await row.getByTestId('rtd-kill-button').click();
  const dialog = page.getByTestId('rtd-kill-dialog');
  await dialog.getByTestId('rtd-kill-code').selectOption('4001');
  await dialog.getByTestId('rtd-kill-reason').fill('kicked by test');
  await dialog.getByTestId('rtd-kill-confirm').click();

  await expect.poll(() => closes(page)).toEqual([{ code: 4001, reason: 'kicked by test', wasClean: true }]);
  await expect(dialog).toHaveCount(0);
  await expect(row).toHaveAttribute('data-state', 'closed');
  await expect(row.getByTestId('rtd-kill-button')).toHaveCount(0);
  // A kill is a one-off: nothing stays simulated, and the timeline marks where it happened.
  await expect(page.getByTestId('rtd-chaos-banner')).toHaveCount(0);
  await page.getByTestId('rtd-tab-timeline').click();
  await expect(page.getByTestId('rtd-timeline-chaos-marker')).toHaveAttribute('data-label', /^killed /);
});

test('marks on the timeline where offline started and ended', async ({ page }) => {
  await openOverlayPage(page, 'timeline');
  await page.getByTestId('rtd-launcher').click();
  await page.getByTestId('rtd-tab-network').click();
  await page.getByTestId('rtd-chaos-offline').check();
  await expect(page.getByTestId('rtd-chaos-banner')).toBeVisible();
  await page.getByTestId('rtd-chaos-offline').uncheck();
  await expect(page.getByTestId('rtd-chaos-banner')).toHaveCount(0);
  await page.getByTestId('rtd-tab-timeline').click();
  const markers = page.getByTestId('rtd-timeline-chaos-marker');
  await expect(markers).toHaveCount(2);
  expect(await markers.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-label')))).toEqual(['offline on', 'offline off']);
  await expect(page.getByTestId('rtd-timeline-chaos-band')).toHaveCount(1);
});

/** The text of the extension's toolbar badge for one tab, read from its service worker. */
async function toolbarBadge(extension: ChromiumWithExtension, tabId: number): Promise<string> {
  const worker = await extension.serviceWorker();
  return worker.evaluate(
    (id) => (globalThis as unknown as { chrome: { action: { getBadgeText(details: { tabId: number }): Promise<string> } } }).chrome.action.getBadgeText({ tabId: id }),
    tabId,
  );
}

test('in the extension panel: Offline shows the banner and the toolbar badge of that tab, Reset clears both', async () => {
  const extension = await launchChromiumWithExtension();
  try {
    const page = await extension.context.newPage();
    await page.goto(server.httpUrl);
    await page.evaluate(async (url) => {
      const socket = new WebSocket(url);
      (window as unknown as { closes: number[] }).closes = [];
      socket.onclose = (event) => (window as unknown as { closes: number[] }).closes.push(event.code);
      await new Promise((opened) => socket.addEventListener('open', opened));
    }, `${server.wsUrl}/echo`);
    const tabId = await extension.tabIdOf(page);
    const badge = (): Promise<string> => toolbarBadge(extension, tabId);
    expect(await badge()).toBe('');

    const panel = await extension.openPanelFor(page);
    await expect(panel.getByTestId('rtd-connection-row')).toHaveAttribute('data-state', 'open');
    await panel.getByTestId('rtd-tab-network').click();
    await panel.getByTestId('rtd-chaos-offline').check();
    await expect(panel.getByTestId('rtd-chaos-banner')).toContainText('Simulating: offline');
    await expect.poll(badge).toBe('OFF');
    await expect.poll(() => page.evaluate(() => (window as unknown as { closes: number[] }).closes)).toEqual([1006]);

    await panel.getByTestId('rtd-chaos-reset').click();
    await expect(panel.getByTestId('rtd-chaos-banner')).toHaveCount(0);
    await expect.poll(badge).toBe('');
  } finally {
    await extension.close();
  }
});

test('the toolbar badge shows chaos with no panel open, also when a reload restores it', async () => {
  const extension = await launchChromiumWithExtension();
  try {
    const page = await extension.context.newPage();
    await page.goto(server.httpUrl);
    const tabId = await extension.tabIdOf(page);
    const badge = (): Promise<string> => toolbarBadge(extension, tabId);
    expect(await badge()).toBe('');
    await page.evaluate(() => (window as unknown as { __REALTIME_DEVTOOLS__: { chaos: { set(changes: object): unknown } } }).__REALTIME_DEVTOOLS__.chaos.set({ offline: true }));
    await expect.poll(badge).toBe('OFF');
    // The browser clears a tab's badge on navigation; the page restores the persisted condition and says so.
    await page.reload();
    await expect.poll(() => page.evaluate(() => navigator.onLine)).toBe(false);
    await expect.poll(badge).toBe('OFF');
    await page.evaluate(() => (window as unknown as { __REALTIME_DEVTOOLS__: { chaos: { reset(): unknown } } }).__REALTIME_DEVTOOLS__.chaos.reset());
    await expect.poll(badge).toBe('');
  } finally {
    await extension.close();
  }
});

test('the Network view sends each control as its command, refuses invalid values, and shows what the page answers', async ({ page }) => {
  await page.goto(`${harness.url}?frames=20`);
  await expect(page.getByTestId('rtd-app')).toBeVisible();
  const state: ChaosState = { ...defaultSettings('app.test'), schedule: null };
  const deliver = (message: unknown) => page.evaluate((value) => window.__rtdHarness.deliver(value), message);
  const chaosCommands = async (): Promise<UiToPageMessage[]> => {
    const sent = (await page.evaluate(() => window.__rtdHarness.sent)) as UiToPageMessage[];
    return sent.filter((message) => !['init', 'get-payload', 'detach'].includes(message.kind));
  };
  await page.getByTestId('rtd-tab-network').click();
  await expect(page.getByTestId('rtd-network-view')).toContainText('Waiting for the page');
  await deliver({ kind: 'chaos-state', state });

  const latencyIn = page.getByTestId('rtd-chaos-latency-in');
  await latencyIn.fill('300');
  await latencyIn.press('Enter');
  const dropOut = page.getByTestId('rtd-chaos-drop-out');
  await dropOut.fill('150');
  await dropOut.press('Enter');
  await expect(dropOut).toHaveAttribute('aria-invalid', 'true');
  await dropOut.fill('25');
  await dropOut.press('Enter');
  const filter = page.getByTestId('rtd-chaos-drop-filter');
  await page.getByTestId('rtd-chaos-drop-filter-kind').selectOption('regex');
  await filter.fill('(unclosed');
  await filter.press('Enter');
  await filter.fill('^ping');
  await filter.press('Enter');
  await page.getByTestId('rtd-chaos-preset-slow-3g').click();
  const flapSeconds = page.getByTestId('rtd-chaos-flap-seconds');
  await flapSeconds.fill('8');
  await flapSeconds.press('Enter');
  await page.getByTestId('rtd-chaos-flap').click();
  await page.getByTestId('rtd-chaos-persist').uncheck();
  await page.getByTestId('rtd-chaos-reset').click();
  await expect.poll(chaosCommands).toEqual([
    { kind: 'set-chaos', settings: { latencyInMs: 300 } },
    { kind: 'set-chaos', settings: { dropRateOut: 0.25 } },
    { kind: 'set-chaos', settings: { dropFilter: { kind: 'regex', pattern: '^ping' } } },
    { kind: 'chaos-preset', preset: 'slow-3g' },
    { kind: 'schedule-chaos', schedule: { kind: 'flap', periodMs: 8000 } },
    { kind: 'set-chaos', settings: { persist: false } },
    { kind: 'reset-chaos' },
  ]);

  // The view shows the page's answer, not what was typed.
  await deliver({ kind: 'chaos-state', state: { ...state, latencyInMs: 200, latencyOutMs: 200, schedule: { kind: 'flap', periodMs: 8000, offlineMs: 4000, startedAt: Date.now() } } });
  await expect(latencyIn).toHaveValue('200');
  await expect(page.getByTestId('rtd-chaos-schedule')).toContainText('flapping: offline 4 s every 8 s');
  await expect(page.getByTestId('rtd-chaos-banner')).toHaveText(/Simulating: latency 200 ms · flapping: offline 4 s every 8 s/);
  await expect(page.getByTestId('rtd-chaos-tab-dot')).toBeVisible();
});

test('dropped frames are struck through and tagged in the frame list', async ({ page }) => {
  await page.goto(`${harness.url}?frames=0`);
  await expect(page.getByTestId('rtd-app')).toBeVisible();
  await expect(page.getByTestId('rtd-connection-row').first()).toBeVisible();
  const connectionId = await page.getByTestId('rtd-connection-row').first().getAttribute('data-connection-id');
  const frame = { type: 'frame', at: Date.now(), connectionId, direction: 'out', size: 4, kind: 'text', encoding: 'text', truncated: false };
  await page.evaluate((events) => window.__rtdHarness.deliver({ kind: 'batch', connections: [], events, dropped: 0 }), [
    { ...frame, seq: 900_001, data: 'kept' },
    { ...frame, seq: 900_002, data: 'lost', dropped: true },
  ]);
  const lost = page.locator('[data-testid="rtd-frame-row"][data-seq="900002"]');
  await expect(lost).toHaveAttribute('data-dropped', 'true');
  await expect(lost.getByTestId('rtd-dropped-tag')).toHaveText('dropped by chaos');
  await expect(lost.locator('.rtd-preview-text')).toHaveCSS('text-decoration-line', 'line-through');
  const kept = page.locator('[data-testid="rtd-frame-row"][data-seq="900001"]');
  await expect(kept.getByTestId('rtd-dropped-tag')).toHaveCount(0);
  await expect(kept.locator('.rtd-preview-text')).toHaveCSS('text-decoration-line', 'none');
});
