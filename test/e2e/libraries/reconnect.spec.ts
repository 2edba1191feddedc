/**
 * Killing the fixture servers under the real clients, with the extension's detached panel open: the Timeline draws
 * each reconnect the library scheduled, with the delay the library chose (the same values its client events carry,
 * within the library's own backoff rules), the attempts it made, and for Ably the resumed connection.
 */
import type { Page } from '@playwright/test';
import type { ClientEvent } from '../../../instrumentation/protocol';
import { openAblyClient, openPusherClient, openSocketIoClient, readClientEvents, type LibraryTestWindow } from '../helpers/library-page';
import { decodedRows, expect, expectedReconnects, openLibraryTab, test, timelineReconnects } from './fixtures';

const RECONNECT_TIMEOUT_MS = 20_000;

function clientState(page: Page): Promise<string | undefined> {
  return page.evaluate(() => (window as unknown as LibraryTestWindow).__REALTIME_DEVTOOLS__.clients()[0]?.state);
}

async function scheduledReconnects(page: Page, atLeast: number): Promise<ClientEvent[]> {
  await expect.poll(async () => (await page.evaluate(readClientEvents, 'reconnect-scheduled')).length, { timeout: RECONNECT_TIMEOUT_MS }).toBeGreaterThanOrEqual(atLeast);
  return page.evaluate(readClientEvents, 'reconnect-scheduled');
}

/** The Timeline's reconnect markers are exactly the scheduled reconnects of the page's client events. */
async function expectTimelineReconnects(panel: Page, scheduled: readonly ClientEvent[]): Promise<void> {
  await panel.getByTestId('rtd-tab-timeline').click();
  await expect(panel.getByTestId('rtd-timeline-reconnect')).toHaveCount(scheduled.length);
  expect(await timelineReconnects(panel)).toEqual(expectedReconnects(scheduled));
}

test('socket.io-client: a stopped server yields jittered exponential reconnect delays on the timeline, then the way back', async ({ extension, servers, pages }) => {
  const page = await openLibraryTab(extension, pages, ['socket.io']);
  // socket.io-client's own backoff: reconnectionDelay × 2^(attempt-1), ± randomizationFactor, capped at the maximum.
  const backoff = { reconnectionDelay: 300, reconnectionDelayMax: 1_500, randomizationFactor: 0.5 };
  await page.evaluate(openSocketIoClient, { name: 'chat', url: servers.socketIo.url, options: backoff });
  const panel = await extension.openPanelFor(page);
  await expect(panel.getByTestId('rtd-connection-row')).not.toHaveCount(0);

  await servers.socketIo.stop();
  const scheduled = await scheduledReconnects(page, 4);
  await servers.socketIo.restart();
  await expect.poll(() => clientState(page), { timeout: RECONNECT_TIMEOUT_MS }).toBe('connected');

  const final = await page.evaluate(readClientEvents, 'reconnect-scheduled');
  expect(final.slice(0, scheduled.length)).toEqual(scheduled);
  final.forEach((event, index) => {
    expect(event.attempt).toBe(index + 1);
    const base = backoff.reconnectionDelay * 2 ** index;
    expect(event.delayMs).toBeGreaterThanOrEqual(Math.min(base * (1 - backoff.randomizationFactor), backoff.reconnectionDelayMax) - 1);
    expect(event.delayMs).toBeLessThanOrEqual(Math.min(base * (1 + backoff.randomizationFactor), backoff.reconnectionDelayMax));
  });
  // Jittered: not the plain doubling a missing randomization would give.
  expect(final.map((event) => event.delayMs)).not.toEqual(final.map((_, index) => Math.min(backoff.reconnectionDelay * 2 ** index, backoff.reconnectionDelayMax)));
  const attempts = await page.evaluate(readClientEvents, 'reconnect-attempt');
  expect(attempts.map((event) => event.attempt)).toEqual(final.map((event) => event.attempt));

  await expectTimelineReconnects(panel, final);
  await panel.screenshot({ path: test.info().outputPath('socketio-reconnects.png') });
});

test('pusher-js: dropped connections show the 1 s retry pusher-js announces and the attempt after it', async ({ extension, servers, pages }) => {
  const { pusher } = servers;
  const page = await openLibraryTab(extension, pages, ['pusher']);
  await page.evaluate(openPusherClient, { name: 'alice', key: pusher.appKey, options: pusher.clientOptions({ userId: 'alice' }), channel: 'private-chat' });
  // pusher-js clients are found by sampling `Pusher.instances`: a drop before that would pass unseen.
  await expect.poll(() => clientState(page)).toBe('connected');
  const panel = await extension.openPanelFor(page);
  await expect(panel.getByTestId('rtd-connection-row')).toHaveCount(1);

  pusher.dropAll();
  const [scheduled] = await scheduledReconnects(page, 1);
  // protocols.md: a close below 4000 is retried after 1 s.
  expect([scheduled?.attempt, scheduled?.delayMs]).toEqual([1, 1000]);
  await expect.poll(() => pusher.received.filter((entry) => entry.event === 'pusher:subscribe').length, { timeout: RECONNECT_TIMEOUT_MS }).toBe(2);
  await expect.poll(() => clientState(page)).toBe('connected');

  await expectTimelineReconnects(panel, await page.evaluate(readClientEvents, 'reconnect-scheduled'));
  // The attempt is the lane's second bar: the same lineage, reopened.
  const bars = panel.getByTestId('rtd-timeline-attempt');
  await expect(bars).toHaveCount(2);
  expect(await bars.evaluateAll((elements) => elements.map((element) => element.getAttribute('data-attempt')))).toEqual(['0', '1']);
});

test('ably: a dropped connection is resumed ("resumed" on the timeline and the CONNECTED row), a stopped server shows the retries', async ({ extension, servers, pages }) => {
  const { ably } = servers;
  const page = await openLibraryTab(extension, pages, ['ably']);
  const disconnectedRetryTimeout = 300;
  await page.evaluate(openAblyClient, { name: 'alice', options: { ...ably.clientOptions({ clientId: 'alice' }), disconnectedRetryTimeout } });
  const panel = await extension.openPanelFor(page);
  await expect(panel.getByTestId('rtd-connection-row')).toHaveCount(1);

  ably.dropAll();
  await expect.poll(async () => (await page.evaluate(readClientEvents, 'resumed')).length, { timeout: RECONNECT_TIMEOUT_MS }).toBe(1);
  expect(ably.handshakes.at(-1)?.resumed).toBe(true);
  const resumedRow = decodedRows(panel, 'CONNECTED', 'in').filter({ hasText: 'resume: resumed' });
  await expect(resumedRow).toHaveCount(1);

  await ably.stop();
  const scheduled = await scheduledReconnects(page, 2);
  await ably.restart();
  await expect.poll(() => clientState(page), { timeout: RECONNECT_TIMEOUT_MS }).toBe('connected');
  // RTB1: retry n waits disconnectedRetryTimeout × min((n + 2) / 3, 2) × a jitter between 0.8 and 1.
  for (const event of scheduled) {
    const backoff = disconnectedRetryTimeout * Math.min(((event.attempt ?? Number.NaN) + 2) / 3, 2);
    expect(event.delayMs).toBeGreaterThanOrEqual(backoff * 0.8 - 1);
    expect(event.delayMs).toBeLessThanOrEqual(backoff + 1);
  }

  await expectTimelineReconnects(panel, await page.evaluate(readClientEvents, 'reconnect-scheduled'));
  const resumedMarkers = panel.locator('[data-testid="rtd-timeline-client-marker"][data-kind="resumed"]');
  await expect(resumedMarkers).toHaveCount((await page.evaluate(readClientEvents, 'resumed')).length);
  await expect(resumedMarkers.first()).toHaveAttribute('data-label', 'resumed');
  await panel.screenshot({ path: test.info().outputPath('ably-resumed.png') });
});
