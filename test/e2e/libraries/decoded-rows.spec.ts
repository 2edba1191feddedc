/**
 * Decoded rows of the real socket.io-client, pusher-js and ably browser builds in the extension's detached panel:
 * each frame a library sends or receives reads as its event name, channel and a short summary, with a library
 * badge, and its raw text is one click away.
 */
import type { Page } from '@playwright/test';
import type { FrameEvent } from '../../../instrumentation/protocol';
import { openAblyClient, openPusherClient, openSocketIoClient, type LibraryTestWindow } from '../helpers/library-page';
import { decodedRows, expect, openLibraryTab, test } from './fixtures';

function pageFrames(page: Page): Promise<FrameEvent[]> {
  return page.evaluate(() => (window as unknown as LibraryTestWindow).__REALTIME_DEVTOOLS__.frames());
}

/** The page's own record of the first frame with `label` going `direction`: what the panel must show. */
async function pageFrame(page: Page, label: string, direction: 'in' | 'out'): Promise<FrameEvent> {
  let found: FrameEvent | undefined;
  await expect.poll(async () => {
    found = (await pageFrames(page)).find((frame) => frame.decoded?.label === label && frame.direction === direction);
    return found !== undefined;
  }, { message: `a ${direction} ${label} frame in the page` }).toBe(true);
  return found as FrameEvent;
}

/**
 * The panel's row of the page's `label` frame shows the event name (with its channel), the library and `summary`;
 * clicking it shows the decoded form (the tab a first selection opens on), and the tab beside it holds the raw
 * frame: its text, or for a binary frame its bytes.
 */
async function expectDecodedRow(panel: Page, page: Page, label: string, direction: 'in' | 'out', shown: { kind: string; library: string; summary: RegExp; firstSelection?: boolean }): Promise<void> {
  const frame = await pageFrame(page, label, direction);
  const row = decodedRows(panel, label, direction).and(panel.locator(`[data-seq="${frame.seq}"]`));
  await expect(row).toHaveCount(1);
  await expect(row.locator('.rtd-col-kind')).toHaveText(shown.kind);
  await expect(row.getByTestId('rtd-library-badge')).toHaveText(shown.library);
  await expect(row.locator('.rtd-preview-text')).toHaveText(shown.summary);

  await row.click();
  // A tab the user picked stays picked for the next frame.
  if (!shown.firstSelection) await panel.getByTestId('rtd-detail-tab-decoded').click();
  await expect(panel.getByTestId('rtd-detail-tab-decoded')).toHaveAttribute('aria-selected', 'true');
  await expect(panel.getByTestId('rtd-decoded')).toContainText(`Protocol${shown.library}`);
  if (frame.kind === 'binary') {
    await panel.getByTestId('rtd-detail-tab-hex').click();
    const leadingBytes = [...Buffer.from(frame.data, 'base64').subarray(0, 8)].map((byte) => byte.toString(16).padStart(2, '0')).join(' ');
    await expect(panel.getByTestId('rtd-detail-content')).toContainText(leadingBytes);
  } else {
    await panel.getByTestId('rtd-detail-tab-text').click();
    await expect(panel.getByTestId('rtd-frame-detail').locator('pre')).toHaveText(frame.data);
  }
}

// A heartbeat every second rather than Socket.IO's 25 s, so that one comes by soon.
test.describe('socket.io-client', () => {
  test.use({ serverOptions: { socketIo: { serverOptions: { pingInterval: 1_000 } } } });

  test('the handshake (over long-polling), emits and broadcasts read as Socket.IO events with their namespace, raw text one click away', async ({ extension, servers, pages }) => {
    const page = await openLibraryTab(extension, pages, ['socket.io']);
    await page.evaluate(openSocketIoClient, { name: 'chat', url: servers.socketIo.url });
    await page.evaluate(() => new Promise<void>((echoed) => {
      const socket = (window as unknown as LibraryTestWindow).libraryClients?.chat as { on(event: string, listener: () => void): void; emit(event: string, ...args: unknown[]): void };
      socket.on('chat:message', () => echoed());
      socket.emit('chat:message', { text: 'hello panel' });
    }));
    await page.evaluate(openSocketIoClient, { name: 'admin', url: `${servers.socketIo.url}/admin` });
    await page.evaluate(() => new Promise<void>((announced) => {
      const clients = (window as unknown as LibraryTestWindow).libraryClients ?? {};
      type Socket = { on(event: string, listener: () => void): void; emit(event: string, ...args: unknown[]): void };
      (clients.chat as Socket).on('announcement', () => announced());
      (clients.admin as Socket).emit('announce', 'maintenance at noon');
    }));

    const panel = await extension.openPanelFor(page);
    await expectDecodedRow(panel, page, 'open', 'in', { kind: 'open', library: 'socket.io', summary: /.+/, firstSelection: true });
    await expectDecodedRow(panel, page, 'chat:message', 'out', { kind: 'chat:message', library: 'socket.io', summary: /hello panel/ });
    await expectDecodedRow(panel, page, 'chat:message', 'in', { kind: 'chat:message', library: 'socket.io', summary: /hello panel/ });
    // A namespace other than the default one is the row's channel.
    await expectDecodedRow(panel, page, 'announce', 'out', { kind: 'announce · /admin', library: 'socket.io', summary: /maintenance at noon/ });
    await expectDecodedRow(panel, page, 'announcement', 'in', { kind: 'announcement', library: 'socket.io', summary: /maintenance at noon/ });
    // Heartbeats are decoded too, and hidden until asked for.
    await expect(panel.locator('[data-testid="rtd-frame-row"][data-heartbeat="true"]')).toHaveCount(0);
    await expect.poll(async () => (await pageFrames(page)).some((frame) => frame.decoded?.heartbeat === true), { timeout: 15_000 }).toBe(true);
    await panel.getByTestId('rtd-show-heartbeats').check();
    await expect(panel.locator('[data-testid="rtd-frame-row"][data-heartbeat="true"]').first()).toBeVisible();
  });
});

test('pusher-js: the subscription and a channel event read as Pusher events with their channel', async ({ extension, servers, pages }) => {
  const page = await openLibraryTab(extension, pages, ['pusher']);
  const { pusher } = servers;
  await page.evaluate(openPusherClient, { name: 'alice', key: pusher.appKey, options: pusher.clientOptions({ userId: 'alice' }), channel: 'private-chat' });
  pusher.trigger('private-chat', 'news', { headline: 'decoded in the panel' });

  const panel = await extension.openPanelFor(page);
  await expectDecodedRow(panel, page, 'pusher:connection_established', 'in', { kind: 'pusher:connection_established', library: 'pusher', summary: /.+/, firstSelection: true });
  await expectDecodedRow(panel, page, 'pusher:subscribe', 'out', { kind: 'pusher:subscribe · private-chat', library: 'pusher', summary: /.+/ });
  await expectDecodedRow(panel, page, 'pusher_internal:subscription_succeeded', 'in', { kind: 'pusher_internal:subscription_succeeded · private-chat', library: 'pusher', summary: /.+/ });
  await expectDecodedRow(panel, page, 'news', 'in', { kind: 'news · private-chat', library: 'pusher', summary: /decoded in the panel/ });
});

for (const useBinaryProtocol of [false, true]) {
  test(`ably (${useBinaryProtocol ? 'msgpack' : 'JSON'}): attach, a publish and its ACK read as Ably actions with their channel`, async ({ extension, servers, pages }) => {
    const page = await openLibraryTab(extension, pages, ['ably']);
    await page.evaluate(openAblyClient, { name: 'alice', options: servers.ably.clientOptions({ clientId: 'alice', useBinaryProtocol }) });
    await page.evaluate(async () => {
      const client = (window as unknown as LibraryTestWindow).libraryClients?.alice as { channels: { get(name: string): { attach(): Promise<unknown>; publish(name: string, data: unknown): Promise<void> } } };
      const channel = client.channels.get('chat');
      await channel.attach();
      await channel.publish('greeting', { text: 'hello panel' });
    });

    const panel = await extension.openPanelFor(page);
    await expectDecodedRow(panel, page, 'CONNECTED', 'in', { kind: 'CONNECTED', library: 'ably', summary: /resume: new/, firstSelection: true });
    await expectDecodedRow(panel, page, 'ATTACH', 'out', { kind: 'ATTACH · chat', library: 'ably', summary: /.*/ });
    await expectDecodedRow(panel, page, 'MESSAGE', 'out', { kind: 'MESSAGE · chat', library: 'ably', summary: /greeting/ });
    await expectDecodedRow(panel, page, 'ACK', 'in', { kind: 'ACK', library: 'ably', summary: /settles 1 publish, longest wait \d+ ms/ });
  });
}
