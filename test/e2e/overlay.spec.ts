/**
 * The drop-in overlay as a page author uses it: the built `dist/overlay/realtime-devtools-overlay.js` as the first
 * script of a page (run `npm run build` first), with real sockets to the local wire server. Playwright's CSS
 * locators pierce the overlay's open shadow root.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startWireServer, type WireServer } from '../fixtures/wire-server';

const OVERLAY_DIST = resolve(import.meta.dirname, '../../dist/overlay');
const OVERLAY_SCRIPT = '/dist/overlay/realtime-devtools-overlay.js';

let server: WireServer;

test.beforeAll(async () => {
  if (!existsSync(resolve(OVERLAY_DIST, 'realtime-devtools-overlay.js'))) throw new Error(`${OVERLAY_DIST} is missing: run npm run build`);
  server = await startWireServer();
});

test.afterAll(async () => {
  await server?.close();
});

/** Serves the built overlay (script and the UI module it imports from beside itself) under the page's origin. */
async function serveOverlay(page: Page): Promise<void> {
  await page.route('**/dist/overlay/**', async (route) => {
    const path = new URL(route.request().url()).pathname.replace(/^\/dist\/overlay\//, '');
    const file = resolve(OVERLAY_DIST, path);
    if (!file.startsWith(OVERLAY_DIST) || !existsSync(file)) return route.fulfill({ status: 404 });
    return route.fulfill({ status: 200, contentType: 'text/javascript', body: readFileSync(file) });
  });
}

/** A page whose first script is the overlay; `head` and `body` are the page's own markup and scripts. */
async function openPage(page: Page, name: string, { head = '', body = '' }: { head?: string; body?: string }): Promise<void> {
  await serveOverlay(page);
  const url = server.addPage(`/${name}.html`, `<!doctype html><html><head><meta charset="utf-8">
<script src="${OVERLAY_SCRIPT}"></script>${head}</head><body>${body}</body></html>`);
  await page.goto(url);
}

/** Opens a WebSocket to /echo as soon as the page's script runs, sends `hello overlay`, and records replies. */
const ECHO_CLIENT = `<script>
  window.received = [];
  window.socket = new WebSocket('ws://' + location.host + '/echo');
  socket.onopen = () => socket.send('hello overlay');
  socket.onmessage = (event) => received.push(event.data);
</script>`;

test('captures a socket opened by the page right after the overlay, and shows it when the launcher is clicked', async ({ page }) => {
  await openPage(page, 'launcher', { head: ECHO_CLIENT, body: '<h1>App</h1>' });
  await expect.poll(() => page.evaluate(() => (window as unknown as { received: string[] }).received.length)).toBeGreaterThan(0);

  const launcher = page.getByTestId('rtd-launcher');
  await expect(launcher).toBeVisible();
  await expect(page.getByTestId('rtd-launcher-count')).toHaveText('1');
  await expect(page.getByTestId('rtd-app')).toHaveCount(0);

  await launcher.click();
  await expect(page.getByTestId('rtd-app')).toBeVisible();
  const connection = page.getByTestId('rtd-connection-row');
  await expect(connection).toHaveCount(1);
  await expect(connection).toHaveAttribute('data-transport', 'websocket');
  await expect(connection).toHaveAttribute('data-state', 'open');
  await expect(page.getByTestId('rtd-lifecycle-row').and(page.locator('[data-phase="open"]'))).toHaveCount(1);
  const frames = page.getByTestId('rtd-frame-row');
  await expect(frames.and(page.locator('[data-direction="out"]'))).toContainText('hello overlay');
  await expect(frames.and(page.locator('[data-direction="in"]'))).toContainText('hello overlay');

  // Frames sent after opening stream in.
  await page.evaluate(() => (window as unknown as { socket: WebSocket }).socket.send('second message'));
  await expect(frames.filter({ hasText: 'second message' })).toHaveCount(2);
});

test('Alt+Shift+R toggles the overlay, and the open state survives a reload', async ({ page }) => {
  await openPage(page, 'shortcut', { head: ECHO_CLIENT, body: '<p>Shortcut</p>' });
  await expect(page.getByTestId('rtd-launcher')).toBeVisible();
  await page.keyboard.press('Alt+Shift+R');
  await expect(page.getByTestId('rtd-app')).toBeVisible();
  await expect(page.getByTestId('rtd-launcher')).toBeHidden();

  await page.reload();
  await expect(page.getByTestId('rtd-app')).toBeVisible();
  await expect(page.getByTestId('rtd-connection-row')).toHaveCount(1);

  await page.keyboard.press('Alt+Shift+R');
  await expect(page.getByTestId('rtd-overlay-panel')).toBeHidden();
  await expect(page.getByTestId('rtd-launcher')).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('rtd-launcher')).toBeVisible();
  await expect(page.getByTestId('rtd-app')).toHaveCount(0);
});

test('searches frames, and reports an invalid regular expression', async ({ page }) => {
  await openPage(page, 'search', {
    head: `<script>
      const socket = new WebSocket('ws://' + location.host + '/echo');
      socket.onopen = () => ['alpha one', 'beta two', 'alpha three'].forEach((text) => socket.send(text));
    </script>`,
  });
  await page.keyboard.press('Alt+Shift+R');
  const outFrames = page.getByTestId('rtd-frame-row').and(page.locator('[data-direction="out"]'));
  await expect(outFrames).toHaveCount(3);

  await page.getByTestId('rtd-search').fill('ALPHA');
  await expect(outFrames).toHaveCount(2);
  await expect(page.getByTestId('rtd-frame-row').filter({ hasText: 'beta' })).toHaveCount(0);

  await page.getByTestId('rtd-search-regex').click();
  await page.getByTestId('rtd-search').fill('alpha (one|three');
  await expect(page.getByTestId('rtd-search-error')).toBeVisible();
  await page.getByTestId('rtd-search').fill('^beta');
  await expect(page.getByTestId('rtd-search-error')).toHaveCount(0);
  await expect(outFrames).toHaveCount(1);
  await expect(outFrames).toContainText('beta two');

  await page.getByTestId('rtd-search').fill('');
  await page.getByTestId('rtd-direction-filter').selectOption('in');
  await expect(page.getByTestId('rtd-frame-row').and(page.locator('[data-direction="out"]'))).toHaveCount(0);
  await expect(page.getByTestId('rtd-frame-row').and(page.locator('[data-direction="in"]'))).toHaveCount(3);
});

test('page CSS does not leak into the overlay, and the overlay takes no room in the page', async ({ page }) => {
  await openPage(page, 'hostile-css', {
    head: `<style>
      * { color: rgb(255, 0, 0) !important; font-size: 40px !important; font-family: serif !important; line-height: 3 !important; }
      html { font-size: 40px !important; }
      button { display: none !important; }
      realtime-devtools-overlay { display: none !important; }
    </style>${ECHO_CLIENT}`,
    body: '<div id="content" style="height: 300px">content</div>',
  });
  const before = await page.evaluate(() => ({ scroll: document.documentElement.scrollHeight, content: document.getElementById('content')!.getBoundingClientRect().toJSON() }));
  await expect(page.getByTestId('rtd-launcher')).toBeVisible();
  await page.getByTestId('rtd-launcher').click();
  await expect(page.getByTestId('rtd-frame-row').first()).toBeVisible();

  const styleOf = (testId: string) =>
    page.getByTestId(testId).first().evaluate((element) => {
      const style = getComputedStyle(element);
      return { color: style.color, fontSize: style.fontSize, fontFamily: style.fontFamily };
    });
  for (const testId of ['rtd-frame-row', 'rtd-search', 'rtd-toolbar']) {
    const style = await styleOf(testId);
    expect(style.color, testId).not.toBe('rgb(255, 0, 0)');
    expect(parseFloat(style.fontSize), testId).toBeLessThanOrEqual(13);
    expect(style.fontFamily, testId).not.toBe('serif');
  }
  const rowHeight = await page.getByTestId('rtd-frame-row').first().evaluate((row) => row.getBoundingClientRect().height);
  expect(rowHeight).toBe(20);

  const after = await page.evaluate(() => {
    const host = document.querySelector('realtime-devtools-overlay')!;
    return {
      scroll: document.documentElement.scrollHeight,
      content: document.getElementById('content')!.getBoundingClientRect().toJSON(),
      host: host.getBoundingClientRect().toJSON(),
      hostInBody: document.body.contains(host),
    };
  });
  expect(after.scroll).toBe(before.scroll);
  expect(after.content).toEqual(before.content);
  expect([after.host.width, after.host.height]).toEqual([0, 0]);
  expect(after.hostInBody).toBe(false);
});

test('the page keeps its focus and its keystrokes while frames stream into the open overlay', async ({ page }) => {
  await openPage(page, 'focus', {
    head: `<script>
      window.pageKeys = 0;
      document.addEventListener('keydown', () => window.pageKeys++);
      window.socket = new WebSocket('ws://' + location.host + '/echo');
      socket.onopen = () => { window.timer = setInterval(() => socket.send('tick ' + Date.now()), 20); };
    </script>`,
    body: '<input id="page-input" aria-label="page input">',
  });
  await page.keyboard.press('Alt+Shift+R');
  await expect(page.getByTestId('rtd-frame-row').first()).toBeVisible();

  const input = page.locator('#page-input');
  await input.click();
  await page.keyboard.type('typed by the user', { delay: 15 });
  await expect(page.getByTestId('rtd-frame-row').filter({ hasText: 'tick' }).first()).toBeVisible();
  await expect(input).toBeFocused();
  await expect(input).toHaveValue('typed by the user');

  // Typing in the overlay's search box reaches the overlay only, never the page's key handlers.
  const keysBefore = await page.evaluate(() => (window as unknown as { pageKeys: number }).pageKeys);
  await page.getByTestId('rtd-search').click();
  await page.keyboard.type('tick');
  await expect(page.getByTestId('rtd-search')).toHaveValue('tick');
  expect(await page.evaluate(() => (window as unknown as { pageKeys: number }).pageKeys)).toBe(keysBefore);
  await page.evaluate(() => clearInterval((window as unknown as { timer: number }).timer));
});

test('the panel is resized by dragging its top edge and remembers its height', async ({ page }) => {
  await openPage(page, 'resize', { head: ECHO_CLIENT });
  await page.keyboard.press('Alt+Shift+R');
  const panel = page.getByTestId('rtd-overlay-panel');
  await expect(page.getByTestId('rtd-app')).toBeVisible();
  const box = (await panel.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + 1);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2, box.y + 1 - 120, { steps: 5 });
  await page.mouse.up();
  const resized = (await panel.boundingBox())!;
  expect(Math.round(resized.height)).toBe(Math.round(box.height + 120));

  await page.reload();
  await expect(page.getByTestId('rtd-app')).toBeVisible();
  expect(Math.round((await panel.boundingBox())!.height)).toBe(Math.round(resized.height));
});

test('the close button hides the panel and detaches the UI', async ({ page }) => {
  await openPage(page, 'close', { head: ECHO_CLIENT });
  await page.getByTestId('rtd-launcher').click();
  await expect(page.getByTestId('rtd-app')).toBeVisible();
  await page.getByTestId('rtd-close').click();
  await expect(page.getByTestId('rtd-app')).toHaveCount(0);
  await expect(page.getByTestId('rtd-launcher')).toBeVisible();
  await expect(page.getByTestId('rtd-launcher')).not.toBeFocused();
});
