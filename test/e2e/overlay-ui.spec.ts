/**
 * The shared UI mounted by the harness (test/fixtures/ui-harness.html) with a scripted wall: the same UI the panel
 * and the overlay show, driven by synthetic protocol messages, so that every view can be checked without a page.
 */
import { expect, test, type Page } from '@playwright/test';
import { PROTOCOL_VERSION, type UiToPageMessage } from '../../instrumentation/protocol';
import { startUiHarnessServer, type UiHarnessServer } from '../fixtures/ui-harness-server';

let harness: UiHarnessServer;

test.beforeAll(async () => {
  harness = await startUiHarnessServer();
});

test.afterAll(async () => {
  await harness?.close();
});

async function open(page: Page, query = ''): Promise<void> {
  await page.goto(`${harness.url}?${query}`);
  await expect(page.getByTestId('rtd-app')).toBeVisible();
}

const deliver = (page: Page, message: unknown) => page.evaluate((value) => window.__rtdHarness.deliver(value), message);
const sent = (page: Page) => page.evaluate(() => window.__rtdHarness.sent) as Promise<UiToPageMessage[]>;
const status = (page: Page) => page.getByTestId('rtd-statusbar');

test('renders 100k frames through a virtual list and moves the selection with the keyboard', async ({ page }) => {
  await open(page, 'frames=100000');
  await expect(status(page)).toContainText('100,0');
  const rows = page.locator('[data-testid=rtd-frame-list] .rtd-row');
  expect(await rows.count()).toBeLessThan(120);
  // Following the tail: the newest frame is in view.
  const last = await page.evaluate(() => Math.max(...[...document.querySelectorAll('[data-testid=rtd-frame-row]')].map((row) => Number(row.getAttribute('data-seq')))));
  expect(last).toBeGreaterThan(100_000);

  const list = page.getByTestId('rtd-frame-list');
  await list.focus();
  await page.keyboard.press('Home');
  const selected = page.locator('[data-testid=rtd-frame-list] [aria-selected=true]');
  await expect(selected).toHaveAttribute('data-testid', 'rtd-lifecycle-row');
  await expect(selected).toHaveAttribute('data-phase', 'connecting');
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
  await expect(selected).toHaveAttribute('data-testid', 'rtd-frame-row');
  await expect(selected).toHaveAttribute('data-seq', '4');
  await expect(page.getByTestId('rtd-frame-detail')).toContainText('"joined"');
  await page.keyboard.press('ArrowUp');
  await expect(selected).toHaveAttribute('data-seq', '3');
  await expect(page.getByTestId('rtd-frame-detail')).toContainText('"join"');
  await page.keyboard.press('End');
  await expect(selected).toBeVisible();
  expect(Number(await selected.getAttribute('data-seq'))).toBe(last);
});

test('shows a frame as text, a JSON tree, a hex dump and base64, and copies the current view', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await open(page);
  await page.getByTestId('rtd-search').fill('"join"');
  await page.getByTestId('rtd-frame-row').first().click();
  const detail = page.getByTestId('rtd-frame-detail');
  // Parseable JSON opens on its tree.
  await expect(page.getByTestId('rtd-detail-tab-json')).toHaveAttribute('aria-selected', 'true');
  await expect(detail.locator('.rtd-json-key').first()).toHaveText('type');
  await page.getByTestId('rtd-detail-tab-text').click();
  await expect(detail.locator('pre')).toHaveText('{"type":"join","room":"lobby","user":"alice"}');
  await page.getByTestId('rtd-detail-tab-hex').click();
  const firstLine = detail.locator('.rtd-hex-line').first();
  await expect(firstLine.locator('.rtd-hex-offset')).toHaveText('00000000');
  await expect(firstLine.locator('.rtd-hex-bytes')).toHaveText('7b 22 74 79 70 65 22 3a  22 6a 6f 69 6e 22 2c 22', { useInnerText: true });
  await expect(firstLine.locator('.rtd-hex-ascii')).toHaveText('{"type":"join","');
  await page.getByTestId('rtd-detail-tab-base64').click();
  await expect(detail.locator('pre')).toHaveText(Buffer.from('{"type":"join","room":"lobby","user":"alice"}').toString('base64'));
  await page.getByTestId('rtd-copy').click();
  await expect(page.getByTestId('rtd-copy')).toHaveText('Copied ✓');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(Buffer.from('{"type":"join","room":"lobby","user":"alice"}').toString('base64'));

  // The tab the user picked stays picked from frame to frame.
  await page.getByTestId('rtd-search').fill('"joined"');
  await page.getByTestId('rtd-frame-row').first().click();
  await expect(page.getByTestId('rtd-detail-tab-base64')).toHaveAttribute('aria-selected', 'true');
});

test('opens a binary frame on its hex dump, with no JSON tab', async ({ page }) => {
  // No live batches: a row that the stream keeps moving is never still enough to click, here as for a user.
  await open(page, 'live=0');
  await page.getByTestId('rtd-connection-row').and(page.locator('[data-connection-id="c7"]')).click();
  await expect(page.getByTestId('rtd-frame-row').and(page.locator(':not([data-connection-id="c7"])'))).toHaveCount(0);
  // The list follows its end, so its first rendered rows are the overscan above the view: scrolled into view by the
  // click, such a row's element would be recycled for another row under the pointer. A user clicks what is in view.
  await page.getByTestId('rtd-frame-list').evaluate((list) => {
    list.scrollTop = 0;
  });
  await expect(page.getByTestId('rtd-frame-row').first()).toBeInViewport();
  await page.getByTestId('rtd-frame-row').and(page.locator('[data-kind="binary"]')).first().click();
  await expect(page.getByTestId('rtd-detail-tab-hex')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('rtd-detail-tab-json')).toHaveCount(0);
  await expect(page.getByTestId('rtd-frame-detail').locator('.rtd-hex-line').first().locator('.rtd-hex-offset')).toHaveText('00000000');
});

test('loads the full payload of a truncated frame on request', async ({ page }) => {
  await open(page);
  await page.getByTestId('rtd-search').fill('"snapshot"');
  await page.getByTestId('rtd-frame-row').first().click();
  const detail = page.getByTestId('rtd-frame-detail');
  await expect(detail).toContainText(/Showing 2\.0 KiB of \d+ KiB/);
  await expect(page.getByTestId('rtd-detail-tab-json')).toHaveCount(0);
  await page.getByTestId('rtd-load-full').click();
  const request = (await sent(page)).find((message) => message.kind === 'get-payload');
  expect(request).toMatchObject({ kind: 'get-payload', seq: Number(await page.locator('[data-testid=rtd-frame-row][aria-selected=true]').getAttribute('data-seq')) });
  await expect(page.getByTestId('rtd-load-full')).toHaveCount(0);
  await expect(page.getByTestId('rtd-detail-tab-json')).toHaveAttribute('aria-selected', 'true');
  await expect(detail.getByText('Array(1200)')).toBeVisible();
});

test('draws reconnect attempts as bars and the backoff between them in ms; a bar selects its connection', async ({ page }) => {
  await open(page);
  await page.getByTestId('rtd-tab-timeline').click();
  const timeline = page.getByTestId('rtd-timeline');
  await expect(timeline).toBeVisible();
  await expect(page.getByTestId('rtd-timeline-attempt')).toHaveCount(8);
  const gaps = page.getByTestId('rtd-timeline-gap');
  await expect(gaps).toHaveCount(3);
  expect(await gaps.evaluateAll((elements) => elements.map((element) => element.textContent))).toEqual(['1000 ms', '2000 ms', '4000 ms']);
  await expect(timeline).toContainText('waited 1000, 2000, 4000 ms');

  await page.getByTestId('rtd-timeline-attempt').and(page.locator('[data-connection-id="c4"]')).click({ force: true });
  await expect(page.getByTestId('rtd-connection-row').and(page.locator('[data-connection-id="c4"]'))).toHaveAttribute('aria-selected', 'true');
  await page.getByTestId('rtd-tab-frames').click();
  const connections = await page.getByTestId('rtd-lifecycle-row').evaluateAll((rows) => [...new Set(rows.map((row) => row.getAttribute('data-connection-id')))]);
  expect(connections).toEqual(['c4']);
  await expect(page.getByTestId('rtd-lifecycle-row').and(page.locator('[data-phase="closed"]'))).toContainText('1006 Abnormal Closure');
});

test('lists connections with state, transport and attempt, and filters frames by the selected one', async ({ page }) => {
  await open(page);
  const rows = page.getByTestId('rtd-connection-row');
  await expect(rows).toHaveCount(8);
  const c5 = rows.and(page.locator('[data-connection-id="c5"]'));
  await expect(c5).toHaveAttribute('data-state', 'open');
  await expect(c5).toHaveAttribute('data-attempt', '3');
  await expect(c5).toContainText('#4');
  await expect(rows.and(page.locator('[data-connection-id="c6"]'))).toHaveAttribute('data-transport', 'eventsource');
  await rows.and(page.locator('[data-connection-id="c6"]')).click();
  const kinds = await page.getByTestId('rtd-frame-row').evaluateAll((frames) => [...new Set(frames.map((row) => `${row.getAttribute('data-connection-id')}:${row.getAttribute('data-kind')}`))]);
  expect(kinds).toEqual(['c6:event']);
  await page.getByTestId('rtd-connection-all').click();
  await expect(page.getByTestId('rtd-frame-row').and(page.locator(':not([data-connection-id="c6"])')).first()).toBeVisible();
});

test('announces a page of another protocol version instead of showing its data', async ({ page }) => {
  await open(page, `version=${PROTOCOL_VERSION + 1}`);
  await expect(page.getByTestId('rtd-version-banner')).toContainText(`protocol v${PROTOCOL_VERSION + 1}`);
  await expect(page.getByTestId('rtd-frame-row')).toHaveCount(0);
  await expect(page.getByTestId('rtd-connection-row')).toHaveCount(0);
});

test('shows dropped events, internal errors and malformed messages without losing data', async ({ page }) => {
  await open(page, 'dropped=1234');
  await expect(page.getByTestId('rtd-dropped-banner')).toContainText('1,234 events dropped by the page');
  await expect(page.getByTestId('rtd-dropped-banner')).toContainText('limit 100,000 events');
  const before = await status(page).textContent();

  await deliver(page, { kind: 'batch', connections: [], events: [{ type: 'frame', seq: 'oops' }], dropped: 1234 });
  await deliver(page, 'not even an object');
  await expect(page.getByTestId('rtd-problem-line')).toContainText('Ignored a malformed message');
  await expect(status(page)).toHaveText(before ?? '');

  await page.getByTestId('rtd-internal-errors').click();
  const list = page.getByTestId('rtd-internal-errors-list');
  await expect(list).toContainText('Failed to read the Blob');
  await expect(list).toContainText('events[0].seq');
});

test('renders page data as text, never as markup', async ({ page }) => {
  await open(page);
  const markup = '<img src=x onerror="window.__pwned=1"><b>bold</b>';
  await deliver(page, {
    kind: 'batch',
    connections: [],
    events: [{ type: 'frame', seq: 999_999, at: Date.now(), connectionId: 'c1', direction: 'in', size: markup.length, kind: 'text', data: markup, encoding: 'text', truncated: false }],
    dropped: 0,
  });
  await page.getByTestId('rtd-search').fill('onerror');
  await page.getByTestId('rtd-frame-row').first().click();
  await page.getByTestId('rtd-detail-tab-text').click();
  await expect(page.getByTestId('rtd-frame-detail').locator('pre')).toHaveText(markup);
  expect(await page.locator('[data-testid=rtd-app] img, [data-testid=rtd-app] b').count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
});

test('preserve log keeps the previous page load behind a divider; without it a new load starts afresh', async ({ page }) => {
  await open(page);
  const newSession = (sessionId: string) => ({
    kind: 'hello', protocolVersion: PROTOCOL_VERSION, toolVersion: '0.1.0', sessionId,
    page: { url: `https://app.example.test/${sessionId}`, title: '', userAgent: '', timeOrigin: Date.now() },
    limits: { maxEvents: 100_000, maxBytes: 67_108_864, maxPayloadBytes: 262_144, previewBytes: 2048 },
  });
  const snapshot = { kind: 'snapshot', connections: [], events: [{ type: 'frame', seq: 1, at: Date.now(), connectionId: 'c1', direction: 'in', size: 9, kind: 'text', data: 'new page!', encoding: 'text', truncated: false }], dropped: 0 };

  await page.getByTestId('rtd-preserve-log').check();
  await deliver(page, newSession('second-load'));
  await deliver(page, snapshot);
  await expect(page.getByTestId('rtd-navigation-row')).toContainText('Navigated to https://app.example.test/second-load');
  await expect(status(page)).toContainText('2,035 rows');
  await expect(page.getByTestId('rtd-connection-row')).toHaveCount(8);

  await page.getByTestId('rtd-preserve-log').uncheck();
  await deliver(page, newSession('third-load'));
  await deliver(page, snapshot);
  await expect(status(page).locator('span').first()).toHaveText('1 row');
  await expect(page.getByTestId('rtd-navigation-row')).toHaveCount(0);
});

test('clear asks the page and empties the view; a disconnected page is announced', async ({ page }) => {
  await open(page);
  expect((await sent(page))[0]).toEqual({ kind: 'init', protocolVersion: PROTOCOL_VERSION });
  await page.getByTestId('rtd-clear').click();
  await expect(page.getByTestId('rtd-frame-row')).toHaveCount(0);
  expect((await sent(page)).some((message) => message.kind === 'clear')).toBe(true);
  await expect(page.getByTestId('rtd-connection-row')).toHaveCount(4);

  await deliver(page, { kind: 'page-disconnected', reason: 'navigated' });
  await expect(page.getByTestId('rtd-disconnected-banner')).toBeVisible();
});

test('follows the requested theme', async ({ page }) => {
  await open(page, 'theme=dark');
  const background = await page.getByTestId('rtd-app').evaluate((element) => getComputedStyle(element).backgroundColor);
  expect(background).toBe('rgb(31, 31, 31)');
  await open(page, 'theme=light');
  expect(await page.getByTestId('rtd-app').evaluate((element) => getComputedStyle(element).backgroundColor)).toBe('rgb(255, 255, 255)');
});
