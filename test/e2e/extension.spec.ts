/**
 * The real unpacked Chrome build (dist/chrome) in Debian's Chromium, against the local wire server. Panels are
 * opened detached (`panel.html?tabId=N`), which gets exactly the data the DevTools panel gets.
 */
import { expect, test as base, type Locator, type Page } from '@playwright/test';
import type { RealtimeDevtoolsApi } from '../../instrumentation/api';
import { PAGE_SOURCE, PROTOCOL_VERSION, type ConnectionInfo } from '../../instrumentation/protocol';
import { startWireServer, type WireServer } from '../fixtures/wire-server';
import { extensionFixture, type ChromiumWithExtension } from './helpers/extension';
import { startPageServer, type PageServer } from './helpers/page-server';

type InstrumentedWindow = Window & { __REALTIME_DEVTOOLS__: RealtimeDevtoolsApi };

const test = base.extend<{ wire: WireServer; pages: PageServer; extension: ChromiumWithExtension }>({
  wire: async ({}, use) => {
    const server = await startWireServer();
    await use(server);
    await server.close();
  },
  pages: async ({}, use) => {
    const server = await startPageServer();
    await use(server);
    await server.close();
  },
  extension: extensionFixture,
});

function pageConnections(page: Page): Promise<ConnectionInfo[]> {
  return page.evaluate(() => (window as unknown as InstrumentedWindow).__REALTIME_DEVTOOLS__.connections());
}

/**
 * Rows the panel's log holds for this page: every frame and lifecycle event (internal errors are listed apart, and
 * queue, client, chaos and query events feed their own views).
 */
function pageRowCount(page: Page): Promise<number> {
  return page.evaluate(() =>
    (window as unknown as InstrumentedWindow).__REALTIME_DEVTOOLS__.events().filter((event) => event.type === 'frame' || event.type === 'lifecycle').length);
}

/** The frame list is virtualized: its status bar, not the DOM, says how many rows it holds. */
async function panelRowCount(panel: Page): Promise<number> {
  const text = (await panel.getByTestId('rtd-statusbar').textContent()) ?? '';
  const match = /([\d,]+) rows/.exec(text);
  return match ? Number((match[1] as string).replaceAll(',', '')) : -1;
}

async function expectPanelToHoldEverything(panel: Page, page: Page): Promise<void> {
  await expect.poll(async () => {
    const [inPage, inPanel] = [await pageRowCount(page), await panelRowCount(panel)];
    return inPage > 0 && inPage === inPanel ? 'same' : `page ${inPage}, panel ${inPanel}`;
  }).toBe('same');
}

function connectionRow(panel: Page, id: string): Locator {
  return panel.locator(`[data-testid="rtd-connection-row"][data-connection-id="${id}"]`);
}

/** A page of the page server whose first script, inline in <head>, opens a socket and says which load it is. */
function socketOnLoadPage(pages: PageServer, wire: WireServer, path: string): string {
  const script = `
    const load = Number(sessionStorage.getItem('load') ?? 0) + 1;
    sessionStorage.setItem('load', String(load));
    window.firstSocket = new WebSocket(${JSON.stringify(`${wire.wsUrl}/echo`)});
    firstSocket.onopen = () => firstSocket.send('load ' + load);`;
  return pages.page(path, `<!doctype html><html><head><script>${script}</script><title>socket on load</title></head><body></body></html>`);
}

test('captures a socket that an inline <head> script opens before anything else', async ({ wire, pages, extension }) => {
  const page = await extension.context.newPage();
  await page.goto(socketOnLoadPage(pages, wire, '/inline-head.html'));
  await expect.poll(() => page.evaluate(() => {
    const { firstSocket } = window as unknown as { firstSocket: WebSocket };
    return firstSocket.readyState === WebSocket.OPEN;
  })).toBe(true);
  const [connection] = await pageConnections(page);
  // Seen from its constructor on, not adopted later through the prototype: the hook ran before the page's script.
  expect(connection).toMatchObject({ transport: 'websocket', url: `${wire.wsUrl}/echo`, adoptedLate: false });
  expect(await page.evaluate(() => (window as unknown as { firstSocket: WebSocket }).firstSocket instanceof WebSocket)).toBe(true);

  const panel = await extension.openPanelFor(page);
  const row = connectionRow(panel, (connection as ConnectionInfo).id);
  await expect(row).toHaveAttribute('data-transport', 'websocket');
  await expect(row).toHaveAttribute('data-state', 'open');
  await expect(panel.getByTestId('rtd-frame-row').filter({ hasText: 'load 1' })).toHaveCount(2);
});

test('shows frames both ways, binary as bytes, and the close code and reason of the server', async ({ wire, extension }) => {
  const page = await extension.context.newPage();
  await page.goto(wire.httpUrl);
  await page.evaluate(async ({ echoUrl, closeUrl }) => {
    const echo = new WebSocket(echoUrl);
    echo.binaryType = 'arraybuffer';
    await new Promise((opened) => echo.addEventListener('open', opened));
    let echoed = 0;
    const bothEchoed = new Promise((done) => echo.addEventListener('message', () => ++echoed === 2 && done(null)));
    echo.send('hello text');
    echo.send(new Uint8Array([0xde, 0xad, 0xbe, 0xef, 0x00, 0x7f]));
    await bothEchoed;
    const closing = new WebSocket(closeUrl);
    await new Promise((closed) => closing.addEventListener('close', closed));
  }, { echoUrl: `${wire.wsUrl}/echo`, closeUrl: `${wire.wsUrl}/close?code=4001&reason=${encodeURIComponent('going away')}` });
  const [echo, closing] = (await pageConnections(page)) as [ConnectionInfo, ConnectionInfo];

  const panel = await extension.openPanelFor(page);
  const frames = panel.locator(`[data-testid="rtd-frame-row"][data-connection-id="${echo.id}"]`);
  await expect(frames).toHaveCount(4);
  const shape = await frames.evaluateAll((rows) => rows.map((row) => `${row.getAttribute('data-direction')} ${row.getAttribute('data-kind')}`));
  expect(shape.sort()).toEqual(['in binary', 'in text', 'out binary', 'out text']);

  await frames.and(panel.locator('[data-direction="in"][data-kind="binary"]')).click();
  const detail = panel.getByTestId('rtd-frame-detail');
  await detail.getByTestId('rtd-detail-tab-hex').click();
  await expect(detail.getByTestId('rtd-detail-content')).toContainText('de ad be ef 00 7f');
  await detail.getByTestId('rtd-detail-tab-base64').click();
  await expect(detail.getByTestId('rtd-detail-content')).toContainText('3q2+7wB/');

  const closedRow = connectionRow(panel, closing.id);
  await expect(closedRow).toHaveAttribute('data-state', 'closed');
  await expect(closedRow).toContainText('4001');
  await expect(closedRow).toContainText('going away');
});

test('shows an SSE stream that the server drops and the browser reconnects as attempts of one lineage', async ({ wire, extension }) => {
  const page = await extension.context.newPage();
  await page.goto(wire.httpUrl);
  // Two events per response, then the server ends it; the third request gets 204, which stops EventSource for good.
  await page.evaluate(async (url) => {
    const source = new EventSource(url);
    await new Promise((closed) => source.addEventListener('error', () => source.readyState === EventSource.CLOSED && closed(null)));
  }, `${wire.httpUrl}/sse/resume?key=lineage&drop=2&total=4`);
  const attempts = (await pageConnections(page)).filter((connection) => connection.transport === 'eventsource');
  expect(attempts.map((attempt) => attempt.attempt)).toEqual([0, 1, 2]);
  expect(new Set(attempts.map((attempt) => attempt.lineage)).size).toBe(1);

  const panel = await extension.openPanelFor(page);
  const rows = panel.locator('[data-testid="rtd-connection-row"][data-transport="eventsource"]');
  await expect(rows).toHaveCount(3);
  expect(await rows.evaluateAll((all) => all.map((row) => row.getAttribute('data-attempt')))).toEqual(['0', '1', '2']);

  await panel.getByTestId('rtd-tab-timeline').click();
  const timeline = panel.getByTestId('rtd-timeline');
  await expect(timeline.getByTestId('rtd-timeline-attempt')).toHaveCount(3);
  // One gap between each attempt and the next, however short the browser's reconnection delay made it.
  await expect(timeline.getByTestId('rtd-timeline-gap')).toHaveCount(2);
});

test('shows what the page captured before the panel opened, then streams what follows', async ({ wire, extension }) => {
  const page = await extension.context.newPage();
  await page.goto(wire.httpUrl);
  await page.evaluate(async (url) => {
    const socket = new WebSocket(url);
    await new Promise((closed) => socket.addEventListener('close', closed));
  }, `${wire.wsUrl}/burst?count=60&size=24`);

  const panel = await extension.openPanelFor(page);
  await expectPanelToHoldEverything(panel, page);
  const [burst] = (await pageConnections(page)) as [ConnectionInfo];
  await expect(connectionRow(panel, burst.id)).toHaveAttribute('data-state', 'closed');

  await page.evaluate((url) => new WebSocket(url), `${wire.wsUrl}/burst?count=5&size=8`);
  await expect(panel.getByTestId('rtd-connection-row')).toHaveCount(2);
  await expectPanelToHoldEverything(panel, page);
});

test('loses nothing when the service worker restarts', async ({ wire, pages, extension }) => {
  const page = await extension.context.newPage();
  await page.goto(pages.page('/chatty.html', '<!doctype html><title>chatty</title>'));
  await page.evaluate(async (url) => {
    const socket = new WebSocket(url);
    (window as unknown as { socket: WebSocket }).socket = socket;
    await new Promise((opened) => socket.addEventListener('open', opened));
    for (let i = 0; i < 5; i++) socket.send(`before ${i}`);
  }, `${wire.wsUrl}/echo`);
  const panel = await extension.openPanelFor(page);
  await expectPanelToHoldEverything(panel, page);

  // The page keeps talking while the worker stops and a new one starts.
  const chatter = page.evaluate(async () => {
    const { socket } = window as unknown as { socket: WebSocket };
    for (let i = 0; i < 40; i++) {
      socket.send(`during ${i}`);
      await new Promise((tick) => setTimeout(tick, 20));
    }
  });
  await extension.restartServiceWorker();
  await chatter;
  await page.evaluate(() => (window as unknown as { socket: WebSocket }).socket.send('after'));

  await expectPanelToHoldEverything(panel, page);
  const [socket] = (await pageConnections(page)) as [ConnectionInfo];
  expect(socket.framesOut).toBe(46);
  await expect(connectionRow(panel, socket.id)).toContainText('↑46');
  await expect(connectionRow(panel, socket.id)).toContainText('↓46');
  await expect(panel.getByTestId('rtd-disconnected-banner')).toHaveCount(0);
});

test('lets the service worker stop while nobody watches, and wakes the page when a panel opens', async ({ wire, extension }) => {
  const page = await extension.context.newPage();
  await page.goto(wire.httpUrl);
  await page.evaluate(async (url) => {
    const socket = new WebSocket(url);
    await new Promise((opened) => socket.addEventListener('open', opened));
    socket.send('before the worker stopped');
    await new Promise((echoed) => socket.addEventListener('message', echoed));
  }, `${wire.wsUrl}/echo`);
  const tabId = await extension.tabIdOf(page);

  await extension.stopServiceWorker();
  // With no UI attached the page's relay stays disconnected instead of starting the worker again at once (its
  // retry delay is 0 ms), so an idle tab never keeps the worker running.
  await page.waitForTimeout(500);
  expect(extension.serviceWorkerStatus()).toBe('stopped');

  const panel = await extension.context.newPage();
  await panel.goto(extension.panelUrl(tabId));
  await extension.waitForFreshServiceWorker();
  await expectPanelToHoldEverything(panel, page);
  await expect(panel.getByTestId('rtd-frame-row').filter({ hasText: 'before the worker stopped' })).toHaveCount(2);
  await expect(panel.getByTestId('rtd-disconnected-banner')).toHaveCount(0);
});

test('keeps each tab to its own panel, even against forged envelopes', async ({ wire, pages, extension }) => {
  const pageA = await extension.context.newPage();
  await pageA.goto(pages.page('/a.html', '<!doctype html><title>A</title>'));
  await pageA.evaluate((url) => new WebSocket(url), `${wire.wsUrl}/echo?tab=a`);
  const pageB = await extension.context.newPage();
  await pageB.goto(pages.page('/b.html', '<!doctype html><title>B</title>'));
  await pageB.evaluate((url) => new WebSocket(url), `${wire.wsUrl}/echo?tab=b`);

  const panelA = await extension.openPanelFor(pageA);
  const panelB = await extension.openPanelFor(pageB);
  await expect(panelA.getByTestId('rtd-connection-row')).toHaveCount(1);
  await expect(panelA.getByTestId('rtd-connection-row')).toContainText('tab=a');
  await expect(panelB.getByTestId('rtd-connection-row')).toHaveCount(1);
  await expect(panelB.getByTestId('rtd-connection-row')).toContainText('tab=b');

  // The page's own world has no extension API to address a panel with.
  expect(await pageB.evaluate(() => typeof (globalThis as { chrome?: { runtime?: { connect?: unknown } } }).chrome?.runtime?.connect)).toBe('undefined');

  // Page B pretends to be a new page session with a connection of its own making.
  const forged: ConnectionInfo = {
    id: 'forged', transport: 'websocket', url: 'ws://forged.invalid/by-page-b', requestedProtocols: [], protocol: '',
    extensions: '', state: 'open', createdAt: 0, openedAt: 0, closedAt: null, closeCode: null, closeReason: null,
    wasClean: null, framesIn: 0, framesOut: 0, bytesIn: 0, bytesOut: 0, errors: 0, lineage: 'forged', attempt: 0,
    adoptedLate: false,
  };
  await pageB.evaluate(({ source, protocolVersion, connection }) => {
    const envelope = (seq: number, message: object) => ({ source, protocolVersion, sessionId: 'forged-session', seq, message });
    window.postMessage(envelope(1, {
      kind: 'hello', protocolVersion, toolVersion: 'forged', sessionId: 'forged-session',
      page: { url: 'https://forged.invalid/', title: 'forged', userAgent: 'forged', timeOrigin: 0 },
      limits: { maxEvents: 10, maxBytes: 1000, maxPayloadBytes: 100, previewBytes: 10 },
    }), '*');
    window.postMessage(envelope(2, { kind: 'snapshot', connections: [connection], events: [], dropped: 0 }), '*');
  }, { source: PAGE_SOURCE, protocolVersion: PROTOCOL_VERSION, connection: forged });

  // B can fool only its own panel; once that has happened, A's panel is checked to be untouched.
  await expect(connectionRow(panelB, 'forged')).toHaveCount(1);
  await expect(connectionRow(panelA, 'forged')).toHaveCount(0);
  await expect(panelA.getByTestId('rtd-connection-row')).toHaveCount(1);
  await expect(panelA.getByTestId('rtd-connection-row')).toContainText('tab=a');
});

test('shows everything again when the panel is closed and reopened, and preserves the log across reloads', async ({ wire, pages, extension }) => {
  const page = await extension.context.newPage();
  await page.goto(socketOnLoadPage(pages, wire, '/reloading.html'));
  let panel = await extension.openPanelFor(page);
  await expect(panel.getByTestId('rtd-frame-row').filter({ hasText: 'load 1' })).toHaveCount(2);
  await expectPanelToHoldEverything(panel, page);

  await panel.close();
  panel = await extension.openPanelFor(page);
  await expect(panel.getByTestId('rtd-frame-row').filter({ hasText: 'load 1' })).toHaveCount(2);
  await expectPanelToHoldEverything(panel, page);

  // Without preserve log, a reload starts afresh.
  await page.reload();
  await expect(panel.getByTestId('rtd-frame-row').filter({ hasText: 'load 2' })).toHaveCount(2);
  await expect(panel.getByTestId('rtd-frame-row').filter({ hasText: 'load 1' })).toHaveCount(0);
  await expect(panel.getByTestId('rtd-disconnected-banner')).toHaveCount(0);

  await panel.getByTestId('rtd-preserve-log').check();
  await page.reload();
  await expect(panel.getByTestId('rtd-frame-row').filter({ hasText: 'load 3' })).toHaveCount(2);
  await expect(panel.getByTestId('rtd-frame-row').filter({ hasText: 'load 2' })).toHaveCount(2);
  await expect(panel.getByTestId('rtd-connection-row')).toHaveCount(2);
});

test('tells the panel when the inspected tab is closed', async ({ wire, extension }) => {
  const page = await extension.context.newPage();
  await page.goto(wire.httpUrl);
  await page.evaluate((url) => new WebSocket(url), `${wire.wsUrl}/echo`);
  const panel = await extension.openPanelFor(page);
  await expect(panel.getByTestId('rtd-connection-row')).toHaveCount(1);
  await page.close();
  await expect(panel.getByTestId('rtd-disconnected-banner')).toContainText('closed');
  // What was captured stays on screen.
  await expect(panel.getByTestId('rtd-connection-row')).toHaveCount(1);
});
