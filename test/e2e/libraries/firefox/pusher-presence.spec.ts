/**
 * The Firefox build (dist/firefox) in Firefox ESR, driven by puppeteer-core over WebDriver BiDi (see
 * helpers/firefox.ts), with the real pusher-js browser build: the detached panel decodes the Pusher frames, shows
 * both members of a presence channel, then the one left after the other unsubscribed, and the leave on the timeline.
 */
import { expect, test } from '@playwright/test';
import type { Page } from 'puppeteer-core';
import { launchFirefoxWithExtension, type FirefoxWithExtension } from '../../helpers/firefox';
import { openPusherClient, startLibraryPages, startLibraryServers, type LibraryPages, type LibraryServers, type LibraryTestWindow } from '../../helpers/library-page';

const PANEL_TIMEOUT_MS = 30_000;

function attributes(panel: Page, selector: string, name: string): Promise<string[]> {
  return panel.$$eval(selector, (elements, attribute) => elements.map((element) => element.getAttribute(attribute) ?? ''), name).catch(() => []);
}

test('pusher-js in Firefox: decoded rows, both presence members then the one left, and the leave on the timeline', async () => {
  // Starting Firefox takes most of this; on a busy 2-core machine it can take a while.
  test.setTimeout(120_000);
  let servers: LibraryServers | undefined;
  let pages: LibraryPages | undefined;
  let firefox: FirefoxWithExtension | undefined;
  try {
    servers = await startLibraryServers();
    pages = await startLibraryPages();
    firefox = await launchFirefoxWithExtension();
    const { pusher } = servers;
    const page = await firefox.browser.newPage();
    await page.goto(pages.url(['pusher']));
    for (const userId of ['alice', 'bob']) {
      await page.evaluate(openPusherClient, { name: userId, key: pusher.appKey, options: pusher.clientOptions({ userId, userInfo: { name: userId } }), channel: 'presence-room' });
    }
    const clientIds = async (): Promise<string[]> => page.evaluate(() => (window as unknown as LibraryTestWindow).__REALTIME_DEVTOOLS__.clients().map((client) => client.id));
    // pusher-js clients are found by sampling `Pusher.instances`.
    await expect.poll(async () => (await clientIds()).length, { timeout: PANEL_TIMEOUT_MS }).toBe(2);
    const [alice, bob] = await clientIds();

    const panel = await firefox.openPanelFor(page);
    const subscribeRow = '[data-testid="rtd-frame-row"][data-decoded-label="pusher:subscribe"] .rtd-col-kind';
    await expect.poll(async () => (await panel.$$eval(subscribeRow, (cells) => cells.map((cell) => cell.textContent))).length, { timeout: PANEL_TIMEOUT_MS }).toBe(2);
    expect(await panel.$$eval(subscribeRow, (cells) => cells.map((cell) => cell.textContent))).toEqual(['pusher:subscribe · presence-room', 'pusher:subscribe · presence-room']);
    const addedRow = '[data-testid="rtd-frame-row"][data-decoded-label="pusher_internal:member_added"] .rtd-col-kind';
    await expect.poll(() => panel.$eval(addedRow, (cell) => cell.textContent).catch(() => null), { timeout: PANEL_TIMEOUT_MS }).toBe('pusher_internal:member_added · presence-room');

    await panel.click('[data-testid="rtd-tab-presence"]');
    const members = (clientId: string | undefined) => `[data-testid="rtd-presence-set"][data-client-id="${clientId}"][data-source="presence-room"] [data-testid="rtd-presence-member"]`;
    await expect.poll(async () => (await attributes(panel, members(alice), 'data-member-id')).sort(), { timeout: PANEL_TIMEOUT_MS }).toEqual(['alice', 'bob']);
    await expect.poll(async () => (await attributes(panel, members(bob), 'data-member-id')).sort(), { timeout: PANEL_TIMEOUT_MS }).toEqual(['alice', 'bob']);

    await page.evaluate(() => ((window as unknown as LibraryTestWindow).libraryClients?.bob as { unsubscribe(channel: string): void }).unsubscribe('presence-room'));
    await expect.poll(() => pusher.presenceMembers('presence-room').map((member) => member.user_id), { timeout: PANEL_TIMEOUT_MS }).toEqual(['alice']);
    await expect.poll(() => attributes(panel, members(alice), 'data-member-id'), { timeout: PANEL_TIMEOUT_MS }).toEqual(['alice']);

    await panel.click('[data-testid="rtd-tab-timeline"]');
    const leaves = '[data-testid="rtd-timeline-client-marker"][data-kind="presence-leave"]';
    await expect.poll(async () => (await attributes(panel, leaves, 'data-label')).sort(), { timeout: PANEL_TIMEOUT_MS }).toEqual(['left alice', 'left bob', 'left bob']);
    await panel.screenshot({ path: test.info().outputPath('firefox-presence-timeline.png') });
  } finally {
    await firefox?.close();
    await pages?.close();
    await servers?.close();
  }
});
