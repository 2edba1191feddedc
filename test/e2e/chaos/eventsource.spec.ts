/**
 * Chaos on EventSource: offline cuts the stream (the server sees the client go), reconnection attempts fail while
 * offline with readyState CONNECTING, and once online the source reconnects with Last-Event-ID and misses nothing.
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
    source: EventSource;
    ids: string[];
    log: string[];
  }
}

test('a stream errors while offline, retries with CONNECTING, and resumes from Last-Event-ID once online', async ({ page, realtime }) => {
  await page.goto(server.httpUrl);
  await page.evaluate(() => {
    window.ids = [];
    window.log = [];
    window.source = new EventSource('/sse/ticks?key=offline&every=50');
    window.source.onopen = () => window.log.push(`open rs=${window.source.readyState}`);
    window.source.onerror = () => window.log.push(`error rs=${window.source.readyState}`);
    window.source.addEventListener('message', (event) => window.ids.push(event.lastEventId));
  });
  await expect.poll(() => page.evaluate(() => window.ids.length)).toBeGreaterThanOrEqual(5);

  await realtime.goOffline();
  await expect.poll(() => page.evaluate(() => window.log.at(-1))).toBe('error rs=0');
  const idsAtCut = await page.evaluate(() => window.ids.length);
  // Chromium's default reconnection time is 3 s: within 4 s at least one attempt has failed, and said so.
  await page.waitForTimeout(4_000);
  const offline = await page.evaluate(() => ({ ids: window.ids.length, log: window.log, readyState: window.source.readyState }));
  expect(offline.ids).toBe(idsAtCut);
  expect(offline.readyState).toBe(0);
  expect(offline.log).toEqual(['open rs=1', 'error rs=0', 'error rs=0']);
  expect(server.lastEventIds('offline')).toEqual([null]);

  await realtime.goOnline();
  await expect.poll(() => page.evaluate(() => window.log.at(-1)), { timeout: 5_000 }).toBe('open rs=1');
  await expect.poll(() => page.evaluate(() => window.ids.length)).toBeGreaterThan(idsAtCut + 5);
  const ids = (await page.evaluate(() => window.ids)).map(Number);
  expect(ids).toEqual(Array.from({ length: ids.length }, (_, i) => i + 1));
  expect(server.lastEventIds('offline')).toEqual([null, String(idsAtCut)]);

  // The recorder saw each physical connection: the native one (cut), the attempt that failed offline, the one after.
  const attempts = (await realtime.connections()).filter((connection) => connection.transport === 'eventsource');
  expect(attempts.map(({ attempt, state }) => ({ attempt, state }))).toEqual([
    { attempt: 0, state: 'closed' },
    { attempt: 1, state: 'closed' },
    { attempt: 2, state: 'open' },
  ]);
  expect(new Set(attempts.map((connection) => connection.lineage)).size).toBe(1);

  // The page's own close() ends the replacement stream too: the server sees the request go.
  await page.evaluate(() => window.source.close());
  expect(await page.evaluate(() => window.source.readyState)).toBe(2);
  const closedAt = await page.evaluate(() => window.ids.length);
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => window.ids.length)).toBe(closedAt);
});

test('an EventSource made while offline keeps failing until online, then connects', async ({ page, realtime }) => {
  await page.goto(server.httpUrl);
  await realtime.goOffline();
  await page.evaluate(() => {
    window.ids = [];
    window.log = [];
    window.source = new EventSource('/sse/ticks?key=born-offline&every=50');
    window.source.onopen = () => window.log.push(`open rs=${window.source.readyState}`);
    window.source.onerror = () => window.log.push(`error rs=${window.source.readyState}`);
    window.source.onmessage = (event) => window.ids.push(event.lastEventId);
  });
  await expect.poll(() => page.evaluate(() => window.log)).toEqual(['error rs=0']);
  expect(server.lastEventIds('born-offline')).toEqual([]);
  await realtime.goOnline();
  await expect.poll(() => page.evaluate(() => window.ids.length), { timeout: 5_000 }).toBeGreaterThan(2);
  expect(server.lastEventIds('born-offline')).toEqual([null]);
  expect(await page.evaluate(() => window.log)).toEqual(['error rs=0', 'open rs=1']);
});

test('kill drops one stream, which reconnects by itself with Last-Event-ID', async ({ page, realtime }) => {
  await page.goto(server.httpUrl);
  await page.evaluate(() => {
    window.ids = [];
    window.log = [];
    window.source = new EventSource('/sse/ticks?key=kill&every=50');
    window.source.onopen = () => window.log.push(`open rs=${window.source.readyState}`);
    window.source.onerror = () => window.log.push(`error rs=${window.source.readyState}`);
    window.source.onmessage = (event) => window.ids.push(event.lastEventId);
  });
  await expect.poll(() => page.evaluate(() => window.ids.length)).toBeGreaterThanOrEqual(3);
  const stream = await realtime.waitForConnection((connection) => connection.transport === 'eventsource' && connection.state === 'open');
  expect(await realtime.kill(stream.id)).toBe(true);
  await expect.poll(() => page.evaluate(() => window.log)).toEqual(['open rs=1', 'error rs=0']);
  const idsAtKill = await page.evaluate(() => window.ids.length);
  await expect.poll(() => page.evaluate(() => window.log), { timeout: 6_000 }).toEqual(['open rs=1', 'error rs=0', 'open rs=1']);
  await expect.poll(() => page.evaluate(() => window.ids.length)).toBeGreaterThan(idsAtKill + 2);
  const ids = (await page.evaluate(() => window.ids)).map(Number);
  expect(ids).toEqual(Array.from({ length: ids.length }, (_, i) => i + 1));
  expect(server.lastEventIds('kill')).toEqual([null, String(idsAtKill)]);
  expect((await realtime.connections()).find((connection) => connection.id === stream.id)).toMatchObject({ state: 'closed', wasClean: false });
});

test('latency delays SSE events and drop loses them, recorded as dropped', async ({ page, realtime }) => {
  await page.goto(server.httpUrl);
  await realtime.setChaos({ latencyInMs: 150 });
  const lag = await page.evaluate(async () => {
    const source = new EventSource('/sse/ticks?key=latency&every=1000');
    const opened = performance.now();
    await new Promise((resolve) => source.addEventListener('open', resolve, { once: true }));
    const openDelay = performance.now() - opened;
    source.close();
    return openDelay;
  });
  expect(lag).toBeGreaterThanOrEqual(150);

  await realtime.setChaos({ latencyInMs: 0, dropRateIn: 1, dropFilter: 'tick 3' });
  const ids = await page.evaluate(async () => {
    const source = new EventSource('/sse/ticks?key=drop&every=30');
    const seen: string[] = [];
    await new Promise<void>((resolve) => {
      source.onmessage = (event) => {
        seen.push(event.data as string);
        if (seen.length === 5) resolve();
      };
    });
    source.close();
    return seen;
  });
  expect(ids).toEqual(['tick 1', 'tick 2', 'tick 4', 'tick 5', 'tick 6']);
  const dropped = (await realtime.frames()).filter((frame) => frame.dropped);
  expect(dropped.map(({ data, event, lastEventId }) => ({ data, event, lastEventId }))).toEqual([{ data: 'tick 3', event: 'message', lastEventId: '3' }]);
});
