/**
 * Chaos on a socket the page hears only through `onmessage`, as socket.io-client, pusher-js and ably-js listen:
 * the tap then records messages from inside the page's handler rather than from a listener of its own, and chaos
 * must hold back, drop and deliver them exactly as it does with that listener.
 */
import { expect, test } from '../../../instrumentation/playwright-fixture';
import { startChaosServer, type ChaosServer } from './chaos-server';

let server: ChaosServer;

test.beforeAll(async () => {
  server = await startChaosServer();
});

test.afterAll(async () => {
  await server?.close();
});

declare global {
  interface Window {
    handlerOnly: WebSocket;
    handled: string[];
  }
}

test('latency and drop reach a socket heard only through onmessage, and each frame is recorded once', async ({ page, realtime }) => {
  await page.goto(server.httpUrl);
  await page.evaluate(async (url) => {
    window.handled = [];
    const socket = new WebSocket(url);
    window.handlerOnly = socket;
    socket.onmessage = (event) => void window.handled.push(String(event.data));
    await new Promise((resolve) => {
      socket.onopen = resolve;
    });
  }, `${server.wsUrl}/echo`);
  const connection = await realtime.waitForConnection((info) => info.state === 'open');
  const echo = (data: string): Promise<number> => page.evaluate(async (sent) => {
    const started = performance.now();
    window.handlerOnly.send(sent);
    while (!window.handled.includes(sent)) await new Promise((resolve) => setTimeout(resolve, 2));
    return performance.now() - started;
  }, data);

  const plain = await echo('plain');
  await realtime.setChaos({ latencyInMs: 120 });
  const delayed = await echo('delayed');
  // Held for 120 ms on the way in, whatever the network took: the tolerance, ±(2 ms + 2 %), below; above,
  // a loaded machine's noise in two single round trips.
  expect(delayed).toBeGreaterThanOrEqual(120 - (2 + 120 * 0.02));
  expect(delayed - plain).toBeLessThan(120 + 100);

  await realtime.setChaos({ latencyInMs: 0, dropRateIn: 1, dropFilter: /^drop/ });
  await page.evaluate(() => window.handlerOnly.send('drop me'));
  await echo('keep me');
  await realtime.setChaos({ dropRateIn: 0, dropFilter: null });

  expect(await page.evaluate(() => window.handled)).toEqual(['plain', 'delayed', 'keep me']);
  const inbound = (await realtime.frames(connection.id)).filter((frame) => frame.direction === 'in');
  expect(inbound.map(({ data, dropped }) => ({ data, dropped: dropped ?? false }))).toEqual([
    { data: 'plain', dropped: false },
    { data: 'delayed', dropped: false },
    { data: 'drop me', dropped: true },
    { data: 'keep me', dropped: false },
  ]);
  expect(await page.evaluate(() => typeof window.handlerOnly.onmessage === 'function' && String(window.handlerOnly.onmessage).includes('window.handled.push'))).toBe(true);
});
