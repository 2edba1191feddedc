/**
 * The fixture as users get it: `realtime-devtools/playwright` resolved through the package's `exports` to the built
 * JavaScript (Node loads no TypeScript from a package), injecting the built instrumentation into the page.
 */
import { expect, test } from 'realtime-devtools/playwright';
import { startWireServer, type WireServer } from '../fixtures/wire-server';

let server: WireServer;

test.beforeAll(async () => {
  server = await startWireServer();
});

test.afterAll(async () => {
  await server?.close();
});

test('the published fixture records the page socket and cuts it when offline', async ({ page, realtime }) => {
  await page.goto(server.httpUrl);
  await page.evaluate((url) => {
    const socket = new WebSocket(url);
    (window as unknown as { closeCode?: number }).closeCode = undefined;
    socket.onclose = (event) => ((window as unknown as { closeCode?: number }).closeCode = event.code);
  }, `${server.wsUrl}/echo`);
  const socket = await realtime.waitForConnection((connection) => connection.state === 'open');
  expect(socket.transport).toBe('websocket');
  await realtime.goOffline();
  await expect.poll(() => page.evaluate(() => (window as unknown as { closeCode?: number }).closeCode)).toBe(1006);
  await realtime.goOnline();
});
