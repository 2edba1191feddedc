/**
 * Emits during an outage, with the real clients and the extension's detached panel: the Queue view counts and lists
 * what the library holds to send while the server is down, and drains (the replay says what went out) once the
 * library reconnects and sends it.
 */
import type { Locator, Page } from '@playwright/test';
import { openAblyClient, openSocketIoClient, readClientEvents, type LibraryTestWindow } from '../helpers/library-page';
import { expect, openLibraryTab, test } from './fixtures';

const RECONNECT_TIMEOUT_MS = 20_000;

function clientState(page: Page): Promise<string | undefined> {
  return page.evaluate(() => (window as unknown as LibraryTestWindow).__REALTIME_DEVTOOLS__.clients()[0]?.state);
}

/** The Queue view's card of the one queue the page's client events reported. */
async function queueCard(panel: Page, page: Page): Promise<Locator> {
  await expect.poll(async () => new Set((await page.evaluate(readClientEvents, 'queue')).map((event) => `${event.clientId} ${event.source}`)).size).toBe(1);
  const [report] = await page.evaluate(readClientEvents, 'queue');
  await panel.getByTestId('rtd-tab-queue').click();
  return panel.locator(`[data-testid="rtd-queue-source"][data-client-id="${report?.clientId}"][data-source="${report?.source}"]`);
}

/** The items the card lists as waiting, in order: [name, preview] each. */
async function expectWaitingItems(card: Locator, expected: [string, string][]): Promise<void> {
  const items = card.getByTestId('rtd-queue-item');
  await expect(items).toHaveCount(expected.length);
  for (const [index, [name, preview]] of expected.entries()) {
    await expect(items.nth(index)).toHaveAttribute('data-name', name);
    await expect(items.nth(index).locator('.rtd-queue-preview')).toHaveText(preview);
  }
}

test('socket.io-client: emits while the server is down wait in the Queue view, and drain once it reconnects', async ({ extension, servers, pages }) => {
  const { socketIo } = servers;
  const page = await openLibraryTab(extension, pages, ['socket.io']);
  await page.evaluate(openSocketIoClient, { name: 'chat', url: socketIo.url, options: { reconnectionDelay: 300, reconnectionDelayMax: 600 } });
  const panel = await extension.openPanelFor(page);

  await socketIo.stop();
  await expect.poll(() => clientState(page)).not.toBe('connected');
  await page.evaluate(() => {
    const socket = (window as unknown as LibraryTestWindow).libraryClients?.chat as { emit(event: string, ...args: unknown[]): void };
    for (const text of ['one', 'two', 'three']) socket.emit('chat:message', text);
  });
  const card = await queueCard(panel, page);
  await expect(card).toHaveAttribute('data-queued', '3');
  await expect(card.getByTestId('rtd-queue-count')).toHaveText('3 queued');
  await expectWaitingItems(card, [['chat:message', '["one"]'], ['chat:message', '["two"]'], ['chat:message', '["three"]']]);
  await panel.screenshot({ path: test.info().outputPath('socketio-queued.png') });
  expect(socketIo.received.filter((entry) => entry.event === 'chat:message')).toEqual([]);

  await socketIo.restart();
  await expect(card).toHaveAttribute('data-queued', '0', { timeout: RECONNECT_TIMEOUT_MS });
  await expect(card.getByTestId('rtd-queue-count')).toHaveText('0 queued');
  await expect(card).toContainText('peak 3');
  await expect(card.getByTestId('rtd-queue-item')).toHaveCount(0);
  await expect(card.getByTestId('rtd-queue-replay')).toHaveAttribute('data-sent', '3');
  await expect(card.getByTestId('rtd-queue-replay')).toHaveAttribute('data-lost', '0');
  await expect.poll(() => socketIo.received.filter((entry) => entry.event === 'chat:message').map((entry) => entry.args[0])).toEqual(['one', 'two', 'three']);
});

test('ably: publishes while the server is down wait in the Queue view, and drain once the connection is resumed', async ({ extension, servers, pages }) => {
  const { ably } = servers;
  const page = await openLibraryTab(extension, pages, ['ably']);
  await page.evaluate(openAblyClient, { name: 'alice', options: { ...ably.clientOptions({ clientId: 'alice' }), disconnectedRetryTimeout: 300 } });
  await page.evaluate(() => ((window as unknown as LibraryTestWindow).libraryClients?.alice as { channels: { get(name: string): { attach(): Promise<unknown> } } }).channels.get('room').attach());
  const panel = await extension.openPanelFor(page);

  await ably.stop();
  await expect.poll(() => clientState(page), { timeout: RECONNECT_TIMEOUT_MS }).toBe('disconnected');
  await page.evaluate(() => {
    const client = (window as unknown as LibraryTestWindow).libraryClients?.alice as { channels: { get(name: string): { publish(name: string, data: unknown): Promise<void> } } };
    for (const text of ['first', 'second']) void client.channels.get('room').publish('greeting', { text });
  });
  const card = await queueCard(panel, page);
  await expect(card).toHaveAttribute('data-queued', '2');
  await expect(card.getByTestId('rtd-queue-count')).toHaveText('2 queued');
  await expectWaitingItems(card, [['room: greeting', '{"text":"first"}'], ['room: greeting', '{"text":"second"}']]);
  await panel.screenshot({ path: test.info().outputPath('ably-queued.png') });

  await ably.restart();
  await expect(card).toHaveAttribute('data-queued', '0', { timeout: RECONNECT_TIMEOUT_MS });
  await expect(card).toContainText('peak 2');
  await expect(card.getByTestId('rtd-queue-item')).toHaveCount(0);
  await expect(card.getByTestId('rtd-queue-replay')).toHaveAttribute('data-sent', '2');
  await expect.poll(() => ably.received.flatMap((entry) => (entry.message.messages ?? []).map((message) => JSON.stringify(message.data))))
    .toEqual(expect.arrayContaining([expect.stringContaining('first'), expect.stringContaining('second')]));
  expect(ably.handshakes.at(-1)?.resumed).toBe(true);
});
