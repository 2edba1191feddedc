/**
 * The unified offline queue in the drop-in overlay (built `dist/overlay/realtime-devtools-overlay.js`, first script of
 * the page), against the real socket.io-client browser build and the real socket.io server: emits made while the
 * page is offline show as items of the Socket.IO queue, an app queue kept in localStorage (the seeds' `offline-queue`
 * pattern) shows through `trackQueue`, and once the network is back both drain and the replay lists what was sent,
 * in order. Run `npm run build` first.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startSocketIoServer, type SocketIoFixture } from '../../fixtures/servers/socketio-server';
import { startChaosServer, type ChaosServer } from '../chaos/chaos-server';

const OVERLAY_DIST = resolve(import.meta.dirname, '../../../dist/overlay');
const OVERLAY_SCRIPT = '/dist/overlay/realtime-devtools-overlay.js';

let pages: ChaosServer;
let server: SocketIoFixture;

test.beforeAll(async () => {
  if (!existsSync(resolve(OVERLAY_DIST, 'realtime-devtools-overlay.js'))) throw new Error(`${OVERLAY_DIST} is missing: run npm run build`);
  pages = await startChaosServer();
});

test.afterAll(async () => {
  await pages?.close();
});

test.beforeEach(async () => {
  server = await startSocketIoServer();
});

test.afterEach(async () => {
  await server?.close();
});

interface QueueAppWindow {
  socket: { connected: boolean; emit(event: string, ...args: unknown[]): void; io: { engine: { transport: { name: string } } } };
  queueMutation(mutation: { id: string; type: string; payload: unknown }): void;
  __REALTIME_DEVTOOLS__: { chaos: { set(changes: { offline?: boolean; stall?: boolean }): unknown } };
}

/**
 * The app: one Socket.IO client, and the seeds' offline queue — a mutation made while disconnected is kept in
 * localStorage and emitted on the next connect, in order, then the stored queue is removed.
 */
const APP = `<script>
  localStorage.removeItem('offline-queue');
  const stored = () => JSON.parse(localStorage.getItem('offline-queue') || '[]');
  window.socket = io(SOCKET_URL, { reconnectionDelay: 200, reconnectionDelayMax: 400, randomizationFactor: 0 });
  window.queueMutation = (mutation) => {
    const full = { ...mutation, timestamp: Date.now() };
    if (socket.connected) socket.emit('mutation', full);
    else localStorage.setItem('offline-queue', JSON.stringify([...stored(), full]));
  };
  socket.on('connect', () => {
    for (const mutation of stored()) socket.emit('mutation', mutation);
    localStorage.removeItem('offline-queue');
  });
  __REALTIME_DEVTOOLS__.trackQueue('offline-queue', () => JSON.parse(localStorage.getItem('offline-queue')));
</script>`;

async function openApp(page: Page): Promise<void> {
  await page.route('**/dist/overlay/**', async (route) => {
    const path = new URL(route.request().url()).pathname.replace(/^\/dist\/overlay\//, '');
    const file = resolve(OVERLAY_DIST, path);
    if (!file.startsWith(OVERLAY_DIST) || !existsSync(file)) return route.fulfill({ status: 404 });
    return route.fulfill({ status: 200, contentType: 'text/javascript', body: readFileSync(file) });
  });
  const url = pages.page('/offline-queue.html', `<!doctype html><html><head><meta charset="utf-8">
<script src="${OVERLAY_SCRIPT}"></script><script src="/lib/socket.io.js"></script>
<script>const SOCKET_URL = ${JSON.stringify(server.url)};</script>${APP}</head><body><h1>Offline queue</h1></body></html>`);
  await page.goto(url);
  // Offline must cut the WebSocket, not a long-polling request: wait for the upgrade.
  await expect.poll(() => page.evaluate(() => {
    const { socket } = window as unknown as QueueAppWindow;
    return socket.connected && socket.io.engine.transport.name;
  })).toBe('websocket');
}

const setChaos = (page: Page, changes: { offline?: boolean; stall?: boolean }) =>
  page.evaluate((value) => void (window as unknown as QueueAppWindow).__REALTIME_DEVTOOLS__.chaos.set(value), changes);

test('emits and app mutations made offline wait in the Queue view, then drain in order when the network is back', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('rtd-launcher').click();
  await page.getByTestId('rtd-tab-queue').click();
  const view = page.getByTestId('rtd-queue-view');

  await setChaos(page, { offline: true });
  await expect.poll(() => page.evaluate(() => (window as unknown as QueueAppWindow).socket.connected)).toBe(false);
  await page.evaluate(() => {
    const app = window as unknown as QueueAppWindow;
    for (const text of ['one', 'two', 'three']) app.socket.emit('chat:message', text);
    app.queueMutation({ id: 'a', type: 'create', payload: { title: 'milk <b>' } });
    app.queueMutation({ id: 'b', type: 'delete', payload: { id: 7 } });
  });

  const socketQueue = view.locator('[data-testid="rtd-queue-source"][data-library="socket.io"]');
  const appQueue = view.locator('[data-testid="rtd-queue-source"][data-library="app"][data-source="offline-queue"]');
  await expect(socketQueue).toHaveAttribute('data-queued', '3');
  await expect(socketQueue.getByTestId('rtd-queue-item')).toHaveText([/chat:message\s*\["one"\]/, /chat:message\s*\["two"\]/, /chat:message\s*\["three"\]/]);
  await expect(appQueue).toHaveAttribute('data-queued', '2');
  const appItems = appQueue.getByTestId('rtd-queue-item');
  await expect(appItems).toHaveCount(2);
  await expect(appItems.nth(0)).toHaveAttribute('data-name', 'create');
  // Page data is text: the markup in the payload is shown, not rendered.
  await expect(appItems.nth(0)).toContainText('"title":"milk <b>"');
  await expect(appItems.nth(1)).toHaveAttribute('data-name', 'delete');
  expect(server.received.filter((entry) => entry.event === 'chat:message' || entry.event === 'mutation')).toEqual([]);
  await page.screenshot({ path: test.info().outputPath('queue-offline.png') });

  await setChaos(page, { offline: false });
  await expect.poll(() => server.received.filter((entry) => entry.event === 'chat:message').map((entry) => entry.args[0]), { timeout: 10_000 })
    .toEqual(['one', 'two', 'three']);
  await expect.poll(() => server.received.filter((entry) => entry.event === 'mutation').map((entry) => (entry.args[0] as { id: string }).id)).toEqual(['a', 'b']);

  await expect(socketQueue).toHaveAttribute('data-queued', '0');
  await expect(socketQueue.getByTestId('rtd-queue-item')).toHaveCount(0);
  const socketReplay = socketQueue.getByTestId('rtd-queue-replay');
  await expect(socketReplay).toHaveAttribute('data-sent', '3');
  await expect(socketReplay).toHaveAttribute('data-lost', '0');
  await expect(socketReplay.getByTestId('rtd-queue-replay-sent')).toHaveText(['1. chat:message ["one"]', '2. chat:message ["two"]', '3. chat:message ["three"]']);

  await expect(appQueue).toHaveAttribute('data-queued', '0');
  const appReplay = appQueue.getByTestId('rtd-queue-replay');
  await expect(appReplay.getByTestId('rtd-queue-replay-sent')).toHaveText([/^1\. create \{"id":"a"/, /^2\. delete \{"id":"b"/]);
  await expect(appReplay).toContainText('nothing lost');
  await page.screenshot({ path: test.info().outputPath('queue-replayed.png') });

  const api = await page.evaluate(() => (window as unknown as { __REALTIME_DEVTOOLS__: { queue(): { library: string; source: string; items: unknown[] }[] } })
    .__REALTIME_DEVTOOLS__.queue().map(({ library, source, items }) => ({ library, source, items: items.length })));
  expect(api).toEqual(expect.arrayContaining([{ library: 'socket.io', source: '/', items: 0 }, { library: 'app', source: 'offline-queue', items: 0 }]));
});

test('a plain WebSocket holding unsent bytes shows its bufferedAmount until it flows again', async ({ page }) => {
  await openApp(page);
  await page.evaluate((url) => new Promise<void>((resolve) => {
    const plain = new WebSocket(url);
    (window as unknown as { plain: WebSocket }).plain = plain;
    plain.onopen = () => resolve();
  }), `${pages.wsUrl}/echo`);
  await page.getByTestId('rtd-launcher').click();
  await page.getByTestId('rtd-tab-queue').click();

  // Stalled, the socket stays open and what the page sends waits in `bufferedAmount`, as on a congested link.
  await setChaos(page, { stall: true });
  await page.evaluate(() => (window as unknown as { plain: WebSocket }).plain.send('x'.repeat(3000)));
  const plainQueue = page.locator('[data-testid="rtd-queue-source"][data-library="websocket"]');
  await expect(plainQueue).toHaveAttribute('data-source', `${pages.wsUrl}/echo`);
  await expect(plainQueue).toHaveAttribute('data-queued', '3000');
  await expect(plainQueue.getByTestId('rtd-queue-buffered-amount')).toBeVisible();

  await setChaos(page, { stall: false });
  await expect(plainQueue).toHaveAttribute('data-queued', '0');
  await expect(plainQueue.getByTestId('rtd-queue-buffered-amount')).toHaveCount(0);
});
