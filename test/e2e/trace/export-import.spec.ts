/**
 * Traces for bug reports, end to end in Chromium with the built extension, overlay and viewer (run `npm run build`
 * first): export from the detached panel and from the overlay with secrets planted in the URL and in payloads, the
 * download checked for every secret, opened in the standalone viewer with the same connections and frames; and a
 * corrupt file opened in the panel shows its error while the live data stays.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test as base, type Download, type Page } from '@playwright/test';
import { startViewerServer, type RunningViewer } from '../../../viewer/serve';
import { startWireServer, type WireServer } from '../../fixtures/wire-server';
import { extensionFixture, type ChromiumWithExtension } from '../helpers/extension';
import { startPageServer, type PageServer } from '../helpers/page-server';

const OVERLAY_DIST = resolve(import.meta.dirname, '../../../dist/overlay');
const OVERLAY_SCRIPT = '/dist/overlay/realtime-devtools-overlay.js';

const SECRETS = {
  urlToken: 'e2e-url-token-5150',
  password: 'e2e-password-hunter2',
  custom: 'e2e-custom-note-8086',
};

const test = base.extend<{ wire: WireServer; pages: PageServer; viewer: RunningViewer; extension: ChromiumWithExtension }>({
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
  viewer: async ({}, use) => {
    const viewer = await startViewerServer(0);
    await use(viewer);
    await viewer.close();
  },
  extension: extensionFixture,
});

/** A chat page: a socket with a token in its URL that sends a password and a custom field, each echoed back. */
function chatScript(wsBase: string): string {
  return `<script>
    window.socket = new WebSocket(${JSON.stringify(`${wsBase}/echo?room=lobby&token=${SECRETS.urlToken}`)});
    let echoes = 0;
    socket.onopen = () => {
      socket.send(JSON.stringify({ type: 'login', user: 'alice', password: '${SECRETS.password}' }));
      socket.send(JSON.stringify({ type: 'note', note: '${SECRETS.custom}', text: 'see you in lobby' }));
    };
    socket.onmessage = () => { if (++echoes === 2) document.title = 'echoed'; };
  </script>`;
}

async function readDownload(download: Download): Promise<string> {
  const path = await download.path();
  return readFileSync(path, 'utf8');
}

function expectNoSecret(text: string, except: string[] = []): void {
  for (const secret of Object.values(SECRETS)) if (!except.includes(secret)) expect(text).not.toContain(secret);
}

/** Opens the export dialog, adds `note` as a field rule, checks the report, and saves; returns the file's text. */
async function exportFromUi(ui: Page, format: 'rtdtrace' | 'har'): Promise<{ text: string; name: string }> {
  await ui.getByTestId('rtd-export').click();
  const dialog = ui.getByTestId('rtd-export-dialog');
  await expect(dialog).toBeVisible();
  await ui.getByTestId(`rtd-export-format-${format}`).check();
  // The URL token and the password, sent and echoed: found by the default rules before anything is saved.
  await expect(ui.getByTestId('rtd-export-count').filter({ hasText: 'query:token' })).toContainText('× 1');
  await expect(ui.getByTestId('rtd-export-count').filter({ hasText: 'field:password' })).toContainText('× 2');
  await expect(ui.getByTestId('rtd-export-sample').first()).toBeVisible();
  expectNoSecret((await ui.getByTestId('rtd-export-report').textContent()) ?? '');

  // An invalid regular expression is refused in place.
  await ui.getByTestId('rtd-export-rule-kind').selectOption('regex');
  await ui.getByTestId('rtd-export-rule-input').fill('([a-');
  await ui.getByTestId('rtd-export-rule-add').click();
  await expect(ui.getByTestId('rtd-export-rule-error')).toContainText('Invalid regular expression');

  await ui.getByTestId('rtd-export-rule-kind').selectOption('field');
  await ui.getByTestId('rtd-export-rule-input').fill('note');
  await ui.getByTestId('rtd-export-rule-add').click();
  await expect(ui.getByTestId('rtd-export-rule')).toContainText('note');
  await expect(ui.getByTestId('rtd-export-count').filter({ hasText: 'field:note' })).toContainText('× 2');

  await ui.screenshot({ path: resolve('.tmp', `trace-export-dialog-${format}.png`) });
  const [download] = await Promise.all([ui.waitForEvent('download'), ui.getByTestId('rtd-export-save').click()]);
  await expect(ui.getByTestId('rtd-export-status')).toContainText('Saved ');
  return { text: await readDownload(download), name: download.suggestedFilename() };
}

/** Opens `text` in the standalone viewer and checks it shows the chat connection and its four frames, as text. */
async function expectInViewer(page: Page, viewer: RunningViewer, name: string, text: string): Promise<void> {
  await page.goto(viewer.url);
  await page.getByTestId('rtd-viewer-file').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
  await expect(page.getByTestId('rtd-viewer-header')).toContainText(name.endsWith('.har') ? 'Imported HAR — ' : 'Imported trace — ');
  const row = page.getByTestId('rtd-connection-row');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('/echo?room=lobby&token=redacted:');
  await expect(page.getByTestId('rtd-frame-row')).toHaveCount(4);
  await expect(page.getByTestId('rtd-frame-row').filter({ hasText: 'see you in lobby' })).toHaveCount(2);
  // An imported trace is read-only: nothing to kill, no conditions to change.
  await expect(page.getByTestId('rtd-kill-button')).toHaveCount(0);
  await page.getByTestId('rtd-tab-network').click();
  await expect(page.getByTestId('rtd-network-view')).toContainText('read-only');
  await expect(page.getByTestId('rtd-chaos-offline')).toHaveCount(0);
}

test('export from the detached panel, redacted with a site rule, opens in the viewer; a corrupt import keeps the live view', async ({ wire, pages, viewer, extension }) => {
  const page = await extension.context.newPage();
  await page.goto(pages.page('/chat.html', `<!doctype html><html><head><title>chat</title>${chatScript(wire.wsUrl)}</head><body></body></html>`));
  await expect(page).toHaveTitle('echoed');
  const panel = await extension.openPanelFor(page);
  await expect(panel.getByTestId('rtd-frame-row')).toHaveCount(4);

  const { text, name } = await exportFromUi(panel, 'rtdtrace');
  expect(name).toMatch(/^127\.0\.0\.1-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.rtdtrace\.json$/);
  expectNoSecret(text);
  expect(text).toContain('see you in lobby');

  // The rule was saved for the site: the page's own API export applies it too.
  const apiExport = await page.evaluate(() => JSON.stringify((window as unknown as { __REALTIME_DEVTOOLS__: { exportTrace(): unknown } }).__REALTIME_DEVTOOLS__.exportTrace()));
  expectNoSecret(apiExport);

  await expectInViewer(await extension.context.newPage(), viewer, name, text);

  // A corrupt file: its error is shown, and the live capture is still there, still live.
  await panel.getByTestId('rtd-open-trace-file').setInputFiles({ name: 'cut.rtdtrace.json', mimeType: 'application/json', buffer: Buffer.from(text.slice(0, 200)) });
  const error = panel.getByTestId('rtd-import-error');
  await expect(error).toContainText('Could not open cut.rtdtrace.json');
  await expect(error).toContainText('not valid JSON');
  await panel.screenshot({ path: resolve('.tmp', 'trace-panel-import-error.png') });
  await expect(panel.getByTestId('rtd-frame-row')).toHaveCount(4);
  await expect(panel.getByTestId('rtd-kill-button')).toHaveCount(1);

  // A good file replaces the view, read-only and marked, until "Back to live".
  await page.evaluate(() => (window as unknown as { socket: WebSocket }).socket.send('one more'));
  await expect(panel.getByTestId('rtd-frame-row')).toHaveCount(6);
  await panel.getByTestId('rtd-open-trace-file').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
  await expect(panel.getByTestId('rtd-import-banner')).toContainText(`Imported trace — ${new URL(page.url()).origin} — exported `);
  await expect(panel.getByTestId('rtd-frame-row')).toHaveCount(4);
  await expect(panel.getByTestId('rtd-kill-button')).toHaveCount(0);
  await expect(panel.getByTestId('rtd-export')).toHaveCount(0);
  await expect(panel.getByTestId('rtd-clear'), 'a file is not cleared').toHaveCount(0);
  await panel.screenshot({ path: resolve('.tmp', 'trace-panel-imported.png') });
  await page.evaluate(() => (window as unknown as { socket: WebSocket }).socket.send('while away'));
  await panel.getByTestId('rtd-back-to-live').click();
  await expect(panel.getByTestId('rtd-import-banner')).toHaveCount(0);
  await expect(panel.getByTestId('rtd-clear')).toHaveCount(1);
  // Nothing of the live session was lost, and what arrived meanwhile is there.
  await expect(panel.getByTestId('rtd-frame-row')).toHaveCount(8);
  await panel.screenshot({ path: resolve('.tmp', 'trace-panel-live.png') });
});

test('export a HAR from the overlay, open it in the viewer', async ({ wire, viewer, page, context }) => {
  test.skip(!existsSync(resolve(OVERLAY_DIST, 'realtime-devtools-overlay.js')), 'run npm run build first');
  await page.route('**/dist/overlay/**', async (route) => {
    const path = new URL(route.request().url()).pathname.replace(/^\/dist\/overlay\//, '');
    const file = resolve(OVERLAY_DIST, path);
    if (!file.startsWith(OVERLAY_DIST) || !existsSync(file)) return route.fulfill({ status: 404 });
    return route.fulfill({ status: 200, contentType: 'text/javascript', body: readFileSync(file) });
  });
  const url = wire.addPage('/overlay-chat.html', `<!doctype html><html><head><meta charset="utf-8"><script src="${OVERLAY_SCRIPT}"></script>
    ${chatScript(wire.wsUrl)}<title>chat</title></head><body><h1>App</h1></body></html>`);
  await page.goto(url);
  await expect(page).toHaveTitle('echoed');
  await page.getByTestId('rtd-launcher').click();
  await expect(page.getByTestId('rtd-frame-row')).toHaveCount(4);

  await page.getByTestId('rtd-export').click();
  await page.screenshot({ path: resolve('.tmp', 'trace-overlay-export.png') });
  await page.getByTestId('rtd-export').click();
  const { text, name } = await exportFromUi(page, 'har');
  expect(name).toMatch(/\.har$/);
  expectNoSecret(text);
  const har = JSON.parse(text) as { log: { entries: { _resourceType?: string; _webSocketMessages?: unknown[] }[] } };
  expect(har.log.entries.filter((entry) => entry._resourceType === 'websocket')).toHaveLength(1);

  await expectInViewer(await context.newPage(), viewer, name, text);

  // The overlay opens the file too, in its shadow root, and goes back to the live page.
  await page.getByTestId('rtd-open-trace-file').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
  await expect(page.getByTestId('rtd-import-banner')).toContainText('Imported HAR — ');
  await expect(page.getByTestId('rtd-kill-button')).toHaveCount(0);
  await page.getByTestId('rtd-back-to-live').click();
  await expect(page.getByTestId('rtd-kill-button')).toHaveCount(1);
  await expect(page.getByTestId('rtd-frame-row')).toHaveCount(4);
});
