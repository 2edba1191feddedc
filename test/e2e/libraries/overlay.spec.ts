/**
 * The drop-in overlay (dist/overlay as the page's first script) shows what the extension's panel shows for the real
 * clients: decoded rows, both members of a Pusher presence channel and then the one left, and an Ably connection
 * that the library retries, with its delays, and resumes, sending the publish it queued meanwhile.
 */
import type { Page } from '@playwright/test';
import type { ClientEvent } from '../../../instrumentation/protocol';
import { openAblyClient, openPusherClient, readClientEvents, type LibraryTestWindow } from '../helpers/library-page';
import { decodedRows, expect, expectedReconnects, test, timelineReconnects } from './fixtures';

const RECONNECT_TIMEOUT_MS = 20_000;

function clientStates(page: Page): Promise<string[]> {
  // Sorted: the order the page API lists clients in is the order they were found, which sampling makes vary.
  return page.evaluate(() => (window as unknown as LibraryTestWindow).__REALTIME_DEVTOOLS__.clients().map((client) => `${client.library} ${client.state}`).sort());
}

async function memberIds(page: Page, clientId: string): Promise<string[]> {
  const rows = page.locator(`[data-testid="rtd-presence-set"][data-client-id="${clientId}"] [data-testid="rtd-presence-member"]`);
  return (await rows.evaluateAll((elements) => elements.map((element) => element.getAttribute('data-member-id') ?? ''))).sort();
}

test('the overlay shows decoded Pusher and Ably rows, who is present, and Ably’s retries with their delays, its queue and its resume', async ({ page, servers, pages }) => {
  const { pusher, ably } = servers;
  await page.goto(pages.url(['pusher', 'ably'], { overlay: true }));
  await expect(page.getByTestId('rtd-launcher')).toBeVisible();
  const openPusher = (userId: string) => page.evaluate(openPusherClient, { name: userId, key: pusher.appKey, options: pusher.clientOptions({ userId }), channel: 'presence-room' });
  await openPusher('alice');
  await openPusher('bob');
  await page.evaluate(openAblyClient, { name: 'carol', options: { ...ably.clientOptions({ clientId: 'carol' }), disconnectedRetryTimeout: 300 } });
  // pusher-js clients are found by sampling `Pusher.instances`.
  await expect.poll(() => clientStates(page)).toEqual(['ably connected', 'pusher connected', 'pusher connected']);
  const clients = await page.evaluate(() => (window as unknown as LibraryTestWindow).__REALTIME_DEVTOOLS__.clients());
  const aliceClient = clients.find((client) => client.library === 'pusher')?.id as string;

  await page.getByTestId('rtd-launcher').click();
  await expect(page.getByTestId('rtd-app')).toBeVisible();
  await expect(decodedRows(page, 'pusher_internal:member_added', 'in').first().locator('.rtd-col-kind')).toHaveText('pusher_internal:member_added · presence-room');
  await expect(decodedRows(page, 'pusher:subscribe', 'out').first().locator('.rtd-col-kind')).toHaveText('pusher:subscribe · presence-room');
  await expect(decodedRows(page, 'CONNECTED', 'in').first().locator('.rtd-preview-text')).toContainText('resume: new');

  await page.getByTestId('rtd-tab-presence').click();
  await expect.poll(() => memberIds(page, aliceClient)).toEqual(['alice', 'bob']);
  await page.evaluate(() => ((window as unknown as LibraryTestWindow).libraryClients?.bob as { unsubscribe(channel: string): void }).unsubscribe('presence-room'));
  await expect.poll(() => memberIds(page, aliceClient)).toEqual(['alice']);

  await ably.stop();
  await expect.poll(async () => (await page.evaluate(readClientEvents, 'reconnect-scheduled')).length, { timeout: RECONNECT_TIMEOUT_MS }).toBeGreaterThanOrEqual(2);
  await page.evaluate(() => {
    const client = (window as unknown as LibraryTestWindow).libraryClients?.carol as { channels: { get(name: string): { publish(name: string, data: unknown): Promise<void> } } };
    void client.channels.get('room').publish('greeting', { text: 'while offline' });
  });
  await page.getByTestId('rtd-tab-queue').click();
  const ablyQueue = page.locator('[data-testid="rtd-queue-source"][data-library="ably"]');
  await expect(ablyQueue).toHaveAttribute('data-queued', '1');
  await ably.restart();
  await expect(ablyQueue).toHaveAttribute('data-queued', '0', { timeout: RECONNECT_TIMEOUT_MS });
  await expect.poll(async () => (await page.evaluate(readClientEvents, 'resumed')).length, { timeout: RECONNECT_TIMEOUT_MS }).toBe(1);
  await page.getByTestId('rtd-tab-frames').click();
  await expect(decodedRows(page, 'CONNECTED', 'in').filter({ hasText: 'resume: resumed' })).toHaveCount(1);

  const scheduled: ClientEvent[] = await page.evaluate(readClientEvents, 'reconnect-scheduled');
  await page.getByTestId('rtd-tab-timeline').click();
  const reconnects = page.getByTestId('rtd-timeline-reconnect');
  await expect(reconnects).toHaveCount(scheduled.length);
  expect(await timelineReconnects(page)).toEqual(expectedReconnects(scheduled));
  await expect(page.locator('[data-testid="rtd-timeline-client-marker"][data-kind="resumed"]')).toHaveCount(1);
  await expect(page.locator('[data-testid="rtd-timeline-client-marker"][data-kind="presence-leave"][data-label="left bob"]').first()).toBeAttached();
  await page.screenshot({ path: test.info().outputPath('overlay-timeline.png') });
});
