/**
 * Playwright fixtures of the real-client specs in Chromium: the unpacked extension (dist/chrome), the three protocol
 * servers and the library page server, each fresh per test; and the detached panel (`panel.html?tabId=N`) of a
 * library page, which gets what the DevTools panel gets.
 */
import { expect, test as base, type Locator, type Page } from '@playwright/test';
import type { ClientEvent } from '../../../instrumentation/protocol';
import { extensionFixture, type ChromiumWithExtension } from '../helpers/extension';
import { startLibraryPages, startLibraryServers, type LibraryName, type LibraryPages, type LibraryServerOptions, type LibraryServers } from '../helpers/library-page';

export { expect };

export const test = base.extend<{ serverOptions: LibraryServerOptions; extension: ChromiumWithExtension; servers: LibraryServers; pages: LibraryPages }>({
  serverOptions: [{}, { option: true }],
  extension: extensionFixture,
  servers: async ({ serverOptions }, use) => {
    const servers = await startLibraryServers(serverOptions);
    await use(servers);
    await servers.close();
  },
  pages: async ({}, use) => {
    const pages = await startLibraryPages();
    await use(pages);
    await pages.close();
  },
});

/** A tab of the extension's browser showing a page that loads `libraries`. */
export async function openLibraryTab(extension: ChromiumWithExtension, pages: LibraryPages, libraries: readonly LibraryName[]): Promise<Page> {
  const page = await extension.context.newPage();
  await page.goto(pages.url(libraries));
  return page;
}

/** The frame rows the panel shows with the decoder's label `label` (heartbeats stay hidden, as by default). */
export function decodedRows(panel: Page, label: string, direction?: 'in' | 'out'): Locator {
  const rows = panel.locator(`[data-testid="rtd-frame-row"][data-decoded-label="${label}"]`);
  return direction === undefined ? rows : rows.and(panel.locator(`[data-direction="${direction}"]`));
}

/**
 * The reconnects the Timeline marks, by attempt: the delay each marker carries and the attempt its title names.
 * (Markers whose label is drawn come last in the DOM, so DOM order says nothing about time.)
 */
export async function timelineReconnects(view: Page): Promise<{ attempt: number; delayMs: number }[]> {
  const marks = await view.getByTestId('rtd-timeline-reconnect').evaluateAll((elements) => elements.map((element) => ({
    delay: element.getAttribute('data-delay-ms'),
    title: element.querySelector('title')?.textContent ?? '',
  })));
  return marks
    .map((mark) => ({ attempt: Number(/before attempt (\d+)/.exec(mark.title)?.[1]), delayMs: Number(mark.delay), title: mark.title }))
    .map((mark) => {
      expect(mark.title, 'the title says the same wait as the marker').toContain(`waits ${mark.delayMs} ms before attempt ${mark.attempt}`);
      return { attempt: mark.attempt, delayMs: mark.delayMs };
    })
    .sort((a, b) => a.attempt - b.attempt);
}

/** What `timelineReconnects` must read for these scheduled-reconnect client events of one client. */
export function expectedReconnects(scheduled: readonly ClientEvent[]): { attempt: number; delayMs: number }[] {
  return scheduled.map((event) => ({ attempt: event.attempt ?? Number.NaN, delayMs: Math.round(event.delayMs ?? Number.NaN) })).sort((a, b) => a.attempt - b.attempt);
}
