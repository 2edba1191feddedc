/**
 * Smoke test of the Firefox build (dist/firefox): the same source as the Chrome build, with Firefox's manifest.
 * Playwright only runs the test; the browser is Firefox ESR driven by puppeteer-core (see helpers/firefox.ts).
 */
import { expect, test } from '@playwright/test';
import { startWireServer } from '../../fixtures/wire-server';
import { launchFirefoxWithExtension } from '../helpers/firefox';

test('captures a WebSocket in Firefox and shows it in the detached panel', async () => {
  // Firefox itself takes most of this; on a busy 2-core machine starting it can take a while.
  test.setTimeout(90_000);
  const wire = await startWireServer();
  const firefox = await launchFirefoxWithExtension();
  try {
    const page = await firefox.browser.newPage();
    await page.goto(wire.httpUrl);
    const connectionId = await page.evaluate(async (url) => {
      const socket = new WebSocket(url);
      await new Promise((opened) => socket.addEventListener('open', opened));
      const echoed = new Promise((done) => socket.addEventListener('message', done));
      socket.send('hello from firefox');
      await echoed;
      const api = (window as unknown as { __REALTIME_DEVTOOLS__?: { connections(): { id: string }[] } }).__REALTIME_DEVTOOLS__;
      return api?.connections()[0]?.id ?? null;
    }, `${wire.wsUrl}/echo`);
    expect(connectionId, 'the MAIN-world script installed the hook').not.toBeNull();

    const panel = await firefox.openPanelFor(page);
    const row = `[data-testid="rtd-connection-row"][data-connection-id="${connectionId}"]`;
    await expect.poll(() => panel.$eval(row, (element) => element.getAttribute('data-transport')).catch(() => null), { timeout: 30_000 })
      .toBe('websocket');
    const frames = `[data-testid="rtd-frame-row"][data-connection-id="${connectionId}"]`;
    await expect.poll(() => panel.$$eval(frames, (rows) => rows.map((element) => element.getAttribute('data-direction')).sort()), { timeout: 30_000 })
      .toEqual(['in', 'out']);
  } finally {
    await firefox.close();
    await wire.close();
  }
});
