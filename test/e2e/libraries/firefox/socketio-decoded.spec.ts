/**
 * The Firefox build (dist/firefox) in Firefox ESR, driven by puppeteer-core over WebDriver BiDi (see
 * helpers/firefox.ts), with the real socket.io-client browser build: the detached panel shows the Socket.IO session
 * from its first long-polling packet, through the upgrade, with emits decoded as events.
 */
import { expect, test } from '@playwright/test';
import type { Page } from 'puppeteer-core';
import { launchFirefoxWithExtension, type FirefoxWithExtension } from '../../helpers/firefox';
import { openSocketIoClient, startLibraryPages, startLibraryServers, type LibraryPages, type LibraryServers, type LibraryTestWindow } from '../../helpers/library-page';

const PANEL_TIMEOUT_MS = 30_000;

/** `<direction> <kind cell>: <summary>` of each frame row with the decoder's label `label`. */
function decodedRows(panel: Page, label: string): Promise<string[]> {
  return panel.$$eval(`[data-testid="rtd-frame-row"][data-decoded-label="${label}"]`, (rows) => rows.map((row) => {
    const kind = row.querySelector('.rtd-col-kind')?.textContent ?? '';
    const preview = row.querySelector('.rtd-preview-text')?.textContent ?? '';
    return `${row.getAttribute('data-direction')} ${kind}: ${preview}`;
  })).catch(() => []);
}

test('socket.io-client in Firefox: the long-polling handshake, the upgrade and an emit read as Socket.IO rows', async () => {
  // Starting Firefox takes most of this; on a busy 2-core machine it can take a while.
  test.setTimeout(120_000);
  let servers: LibraryServers | undefined;
  let pages: LibraryPages | undefined;
  let firefox: FirefoxWithExtension | undefined;
  try {
    servers = await startLibraryServers();
    pages = await startLibraryPages();
    firefox = await launchFirefoxWithExtension();
    const page = await firefox.browser.newPage();
    await page.goto(pages.url(['socket.io']));
    await page.evaluate(openSocketIoClient, { name: 'chat', url: servers.socketIo.url });
    await page.evaluate(() => new Promise<void>((echoed) => {
      const socket = (window as unknown as LibraryTestWindow).libraryClients?.chat as { on(event: string, listener: () => void): void; emit(event: string, ...args: unknown[]): void };
      socket.on('chat:message', () => echoed());
      socket.emit('chat:message', { text: 'hello firefox' });
    }));
    const transports = await page.evaluate(() => (window as unknown as LibraryTestWindow).__REALTIME_DEVTOOLS__.connections().map((connection) => `${connection.transport} ${connection.library}`));
    expect(transports).toEqual(['polling socket.io', 'websocket socket.io']);

    const panel = await firefox.openPanelFor(page);
    const rows = '[data-testid="rtd-connection-row"]';
    await expect.poll(() => panel.$$eval(rows, (elements) => elements.map((element) => element.getAttribute('data-transport'))).catch(() => []), { timeout: PANEL_TIMEOUT_MS })
      .toEqual(['polling', 'websocket']);
    await expect.poll(() => decodedRows(panel, 'open'), { timeout: PANEL_TIMEOUT_MS }).toHaveLength(1);
    expect((await decodedRows(panel, 'open'))[0]).toMatch(/^in open: /);
    await expect.poll(() => decodedRows(panel, 'chat:message'), { timeout: PANEL_TIMEOUT_MS }).toEqual([
      expect.stringMatching(/^out chat:message: .*hello firefox/),
      expect.stringMatching(/^in chat:message: .*hello firefox/),
    ]);
    await panel.screenshot({ path: test.info().outputPath('firefox-socketio-rows.png') });
  } finally {
    await firefox?.close();
    await pages?.close();
    await servers?.close();
  }
});
