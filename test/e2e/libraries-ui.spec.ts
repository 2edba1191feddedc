/**
 * The client-library views of the shared UI, mounted by the harness (test/fixtures/ui-harness.html) with a scripted
 * wall: decoded frames and the heartbeat toggle, library and upgrade links on connections, the Queue and Presence
 * tabs, and a client's reconnect decisions on the timeline.
 */
import { expect, test, type Page } from '@playwright/test';
import { PROTOCOL_VERSION, type CaptureEvent, type ClientEvent, type ConnectionInfo, type FrameDecoded, type FrameEvent } from '../../instrumentation/protocol';
import { startUiHarnessServer, type UiHarnessServer } from '../fixtures/ui-harness-server';

let harness: UiHarnessServer;

test.beforeAll(async () => {
  harness = await startUiHarnessServer();
});

test.afterAll(async () => {
  await harness?.close();
});

const deliver = (page: Page, message: unknown) => page.evaluate((value) => window.__rtdHarness.deliver(value), message);

const start = Date.now() - 20_000;
let seq = 0;

function connection(partial: Partial<ConnectionInfo> & Pick<ConnectionInfo, 'id' | 'lineage' | 'createdAt'>): ConnectionInfo {
  return {
    transport: 'websocket', url: 'ws://127.0.0.1:3000/socket.io/?EIO=4&transport=websocket', requestedProtocols: [], protocol: '', extensions: '',
    state: 'open', openedAt: partial.createdAt + 20, closedAt: null, closeCode: null, closeReason: null, wasClean: null,
    framesIn: 0, framesOut: 0, bytesIn: 0, bytesOut: 0, errors: 0, attempt: 0, adoptedLate: false, library: 'socket.io',
    ...partial,
  };
}

function frame(at: number, connectionId: string, direction: 'in' | 'out', data: string, decoded: FrameDecoded): FrameEvent {
  return { type: 'frame', seq: ++seq, at: start + at, connectionId, direction, size: data.length, kind: 'text', data, encoding: 'text', truncated: false, decoded };
}

function client(at: number, clientId: string, library: ClientEvent['library'], kind: ClientEvent['kind'], extra: Partial<ClientEvent> = {}): ClientEvent {
  return { type: 'client', seq: ++seq, at: start + at, clientId, library, kind, ...extra };
}

const connections: ConnectionInfo[] = [
  connection({ id: 'c3', transport: 'polling', url: 'http://127.0.0.1:3000/socket.io/?EIO=4&transport=polling', lineage: 'c3', createdAt: start, state: 'closed', closedAt: start + 300, closeCode: null }),
  connection({ id: 'c4', lineage: 'c4', upgradedFrom: 'c3', createdAt: start + 200, state: 'closed', closedAt: start + 5000, closeCode: 1006, wasClean: false }),
  connection({ id: 'c5', lineage: 'c4', attempt: 1, createdAt: start + 6000, state: 'closed', closedAt: start + 6500, closeCode: 1006, wasClean: false }),
  // Closed, so that the timeline's span (and with it which labels fit) does not grow with the time a test takes.
  connection({ id: 'c6', lineage: 'c4', attempt: 2, createdAt: start + 8500, state: 'closed', closedAt: start + 9500, closeCode: 1000, wasClean: true }),
  connection({ id: 'c7', url: 'wss://ws-mt1.pusher.test/app/key?protocol=7', lineage: 'c7', createdAt: start + 100, library: 'pusher', state: 'closed', closedAt: start + 9500, closeCode: 1000, wasClean: true }),
];

const events: CaptureEvent[] = [
  frame(400, 'c4', 'in', '42["hello",{"from":"alice"}]', { protocol: 'socket.io', label: 'hello', channel: '/', summary: 'greeting from alice (1 arg)' }),
  frame(500, 'c4', 'in', '2', { protocol: 'socket.io', label: 'ping', summary: '', heartbeat: true }),
  frame(501, 'c4', 'out', '3', { protocol: 'socket.io', label: 'pong', summary: '', heartbeat: true }),
  frame(600, 'c7', 'out', '{"event":"pusher:subscribe","data":{"channel":"presence-room"}}', { protocol: 'pusher', label: 'pusher:subscribe', channel: 'presence-room', summary: 'subscribe' }),
  frame(700, 'c7', 'in', '{oops', { protocol: 'pusher', label: 'undecodable', summary: '', error: 'not JSON' }),
  client(50, 'k1', 'socket.io', 'attached', { state: 'connecting' }),
  client(300, 'k1', 'socket.io', 'state', { connectionId: 'c4', state: 'connected', previousState: 'connecting' }),
  client(800, 'k1', 'socket.io', 'queue', { connectionId: 'c4', source: 'socket.io /', queued: 1 }),
  client(900, 'k1', 'socket.io', 'queue', { connectionId: 'c4', source: 'socket.io /', queued: 3 }),
  client(4900, 'k1', 'socket.io', 'lost', { connectionId: 'c4', event: 'save' }),
  client(5000, 'k1', 'socket.io', 'reconnect-scheduled', { connectionId: 'c4', attempt: 1, delayMs: 1000, nextAttemptAt: start + 6000 }),
  client(6500, 'k1', 'socket.io', 'reconnect-scheduled', { connectionId: 'c5', attempt: 2, delayMs: 2000, nextAttemptAt: start + 8500 }),
  client(8600, 'k1', 'socket.io', 'resume-failed', { connectionId: 'c6', reason: 'session expired' }),
  client(8700, 'k1', 'socket.io', 'queue', { connectionId: 'c6', source: 'socket.io /', queued: 0 }),
  client(650, 'k2', 'pusher', 'presence-join', { connectionId: 'c7', source: 'presence-room', memberId: 'alice', memberData: '{"name":"Alice <b>"}' }),
  client(660, 'k2', 'pusher', 'presence-join', { connectionId: 'c7', source: 'presence-room', memberId: 'bob', memberData: '{"name":"Bob"}' }),
  client(5500, 'k2', 'pusher', 'presence-leave', { connectionId: 'c7', source: 'presence-room', memberId: 'bob' }),
];

async function openLibraryPage(page: Page): Promise<void> {
  await page.goto(`${harness.url}?frames=0`);
  await expect(page.getByTestId('rtd-app')).toBeVisible();
  await deliver(page, {
    kind: 'hello', protocolVersion: PROTOCOL_VERSION, toolVersion: '0.1.0', sessionId: 'libraries',
    page: { url: 'https://app.example.test/chat', title: 'Chat', userAgent: '', timeOrigin: start },
    limits: { maxEvents: 100_000, maxBytes: 67_108_864, maxPayloadBytes: 262_144, previewBytes: 2048 },
  });
  await deliver(page, { kind: 'snapshot', connections, events: [...events].sort((a, b) => a.seq - b.seq), dropped: 0 });
  await expect(page.getByTestId('rtd-connection-row')).toHaveCount(5);
}

const frameRow = (page: Page, label: string) => page.locator(`[data-testid=rtd-frame-row][data-decoded-label="${label}"]`);

test('decoded frames show label and summary with a library badge; heartbeats hide until asked for', async ({ page }) => {
  await openLibraryPage(page);
  const hello = frameRow(page, 'hello');
  await expect(hello.locator('.rtd-col-kind')).toHaveText('hello');
  await expect(hello.locator('.rtd-preview-text')).toHaveText('greeting from alice (1 arg)');
  await expect(hello.getByTestId('rtd-library-badge')).toHaveText('socket.io');
  await expect(frameRow(page, 'pusher:subscribe').locator('.rtd-col-kind')).toHaveText('pusher:subscribe · presence-room');
  const undecodable = frameRow(page, 'undecodable');
  await expect(undecodable.getByTestId('rtd-undecodable-tag')).toHaveAttribute('title', 'not JSON');
  await expect(undecodable.locator('.rtd-preview-text')).toHaveText('{oops');

  await expect(page.locator('[data-testid=rtd-frame-row][data-heartbeat=true]')).toHaveCount(0);
  await expect(page.getByTestId('rtd-frame-row')).toHaveCount(3);
  await page.getByTestId('rtd-show-heartbeats').check();
  await expect(page.locator('[data-testid=rtd-frame-row][data-heartbeat=true]')).toHaveCount(2);
  await page.getByTestId('rtd-show-heartbeats').uncheck();
  await expect(page.getByTestId('rtd-frame-row')).toHaveCount(3);

  // The summary is the decoder's words, not in the raw payload: the search reads it too.
  await page.getByTestId('rtd-search').fill('1 arg');
  await expect(page.getByTestId('rtd-frame-row')).toHaveCount(1);
  await expect(page.getByTestId('rtd-frame-row')).toHaveAttribute('data-decoded-label', 'hello');
});

test('the detail pane opens on the decoded form and keeps the raw frame one click away', async ({ page }) => {
  await openLibraryPage(page);
  await frameRow(page, 'hello').click();
  await expect(page.getByTestId('rtd-detail-tab-decoded')).toHaveAttribute('aria-selected', 'true');
  const decoded = page.getByTestId('rtd-decoded');
  await expect(decoded).toContainText('Protocolsocket.io');
  await expect(decoded).toContainText('Summarygreeting from alice (1 arg)');
  await expect(decoded.locator('.rtd-json-row').first()).toBeVisible();
  await expect(decoded).toContainText('alice');
  await page.screenshot({ path: test.info().outputPath('libraries-decoded.png') });
  await page.getByTestId('rtd-detail-tab-text').click();
  await expect(page.getByTestId('rtd-frame-detail').locator('pre')).toHaveText('42["hello",{"from":"alice"}]');
  await expect(page.getByTestId('rtd-detail-tab-hex')).toBeVisible();
  await expect(page.getByTestId('rtd-detail-tab-base64')).toBeVisible();
});

test('connections show their library, transport, and the polling session a WebSocket upgraded from', async ({ page }) => {
  await openLibraryPage(page);
  const row = (id: string) => page.locator(`[data-testid=rtd-connection-row][data-connection-id=${id}]`);
  await expect(row('c4').getByTestId('rtd-library-badge')).toHaveText('socket.io');
  await expect(row('c7').getByTestId('rtd-library-badge')).toHaveText('pusher');
  await expect(row('c3').getByTestId('rtd-transport-badge')).toHaveText('Polling');
  await expect(row('c4').getByTestId('rtd-connection-link')).toHaveText('upgraded from c3');
  await expect(row('c4').getByTestId('rtd-connection-link')).toBeVisible();
  await expect(row('c3').getByTestId('rtd-connection-link')).toHaveText('upgraded to c4');
  await row('c4').getByTestId('rtd-connection-link').click();
  await expect(row('c3')).toHaveAttribute('aria-selected', 'true');
});

test('the Queue tab follows each queue’s count and lists lost emits', async ({ page }) => {
  await openLibraryPage(page);
  await page.getByTestId('rtd-tab-queue').click();
  const queue = page.getByTestId('rtd-queue-source');
  await expect(queue).toHaveCount(1);
  await expect(queue).toHaveAttribute('data-source', 'socket.io /');
  await expect(queue.getByTestId('rtd-queue-count')).toHaveText('0 queued');
  await expect(queue).toContainText('peak 3');
  await expect(page.getByTestId('rtd-lost-emit')).toContainText('emit save lost on c4');

  await deliver(page, { kind: 'batch', connections: [], events: [client(9000, 'k1', 'socket.io', 'queue', { connectionId: 'c6', source: 'socket.io /', queued: 4 })], dropped: 0 });
  await expect(queue.getByTestId('rtd-queue-count')).toHaveText('4 queued');
  await expect(queue).toContainText('peak 4');
  await page.screenshot({ path: test.info().outputPath('libraries-queue.png') });
});

test('the Presence tab shows who is present after joins and leaves, data as text', async ({ page }) => {
  await openLibraryPage(page);
  await page.getByTestId('rtd-tab-presence').click();
  const members = page.getByTestId('rtd-presence-member');
  await expect(members).toHaveCount(1);
  await expect(members).toHaveAttribute('data-member-id', 'alice');
  await expect(members).toContainText('{"name":"Alice <b>"}');
  expect(await page.locator('[data-testid=rtd-app] b').count()).toBe(0);
  await expect(page.getByTestId('rtd-presence-change')).toHaveCount(3);

  await deliver(page, { kind: 'batch', connections: [], events: [
    client(9000, 'k2', 'pusher', 'presence-join', { source: 'presence-room', memberId: 'carol', memberData: '{}' }),
    client(9100, 'k2', 'pusher', 'presence-leave', { source: 'presence-room', memberId: 'alice' }),
  ], dropped: 0 });
  await expect(members).toHaveCount(1);
  await expect(members).toHaveAttribute('data-member-id', 'carol');
  await expect(page.getByTestId('rtd-presence-count')).toHaveText('1 member');
  await page.screenshot({ path: test.info().outputPath('libraries-presence.png') });
});

test('the timeline marks each scheduled reconnect with its delay, and a failed resume', async ({ page }) => {
  await openLibraryPage(page);
  await page.setViewportSize({ width: 1400, height: 700 });
  await page.getByTestId('rtd-tab-timeline').click();
  const reconnects = page.getByTestId('rtd-timeline-reconnect');
  await expect(reconnects).toHaveCount(2);
  await expect(reconnects.nth(0)).toHaveAttribute('data-delay-ms', '1000');
  await expect(reconnects.nth(1)).toHaveAttribute('data-delay-ms', '2000');
  await expect(reconnects.nth(1).locator('text')).toHaveText('2000 ms');
  await expect(page.locator('[data-testid=rtd-timeline-client-marker][data-kind=resume-failed]')).toHaveCount(1);
  // Each mark sits where the library said the next attempt would start: on that attempt's bar.
  const markBox = await reconnects.nth(1).locator('path').boundingBox();
  const barBox = await page.locator('[data-testid=rtd-timeline-attempt][data-connection-id=c6] .rtd-tl-hit').boundingBox();
  expect(Math.abs((markBox?.x ?? 0) + (markBox?.width ?? 0) / 2 - (barBox?.x ?? 0))).toBeLessThan(2);
  await page.screenshot({ path: test.info().outputPath('libraries-timeline.png') });
});
