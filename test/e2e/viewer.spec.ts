/**
 * The standalone trace viewer end to end: real WebSocket traffic in a page instrumented with the built
 * `dist/instrumentation/realtime-devtools.js`, exported with `__REALTIME_DEVTOOLS__.exportTrace()`, saved, and opened
 * in the built `dist/viewer/` through its file input (run `npm run build` first).
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { RealtimeDevtoolsApi } from '../../instrumentation/api';
import { startViewerServer, type RunningViewer } from '../../viewer/serve';
import { startWireServer, type WireServer } from '../fixtures/wire-server';

const INSTRUMENTATION = resolve(import.meta.dirname, '../../dist/instrumentation/realtime-devtools.js');
const SECRET = 'e2e-secret-password-4711';
const URL_TOKEN = 'e2e-url-token-0815';
const XSS = '<img src=x onerror="window.__xss = 1">';

type InstrumentedWindow = Window & { __REALTIME_DEVTOOLS__: RealtimeDevtoolsApi; __xss?: number };

let server: WireServer;
let viewer: RunningViewer;
let folder: string;

test.beforeAll(async () => {
  if (!existsSync(INSTRUMENTATION)) throw new Error(`${INSTRUMENTATION} is missing: run npm run build`);
  server = await startWireServer();
  viewer = await startViewerServer(0);
  folder = mkdtempSync(join(tmpdir(), 'rtd-viewer-'));
});

test.afterAll(async () => {
  await server?.close();
  await viewer?.close();
});

/** Opens a page that talks to the echo endpoint: JSON with a secret, an XSS payload as text, and binary. */
async function captureTraffic(page: Page): Promise<void> {
  await page.addInitScript({ path: INSTRUMENTATION });
  const url = server.addPage('/chat.html', `<!doctype html><html><head><meta charset="utf-8"><title>chat</title></head><body><script>
    const socket = new WebSocket('/echo?room=lobby&token=${URL_TOKEN}');
    socket.binaryType = 'arraybuffer';
    let echoes = 0;
    socket.onopen = () => {
      socket.send(JSON.stringify({ type: 'join', room: 'lobby', user: 'alice', password: '${SECRET}' }));
      socket.send(${JSON.stringify(XSS)});
      socket.send(new Uint8Array([0, 1, 2, 255]));
    };
    socket.onmessage = () => { if (++echoes === 3) document.title = 'echoed'; };
  </script></body></html>`);
  await page.goto(url);
  await expect(page).toHaveTitle('echoed');
}

async function openInViewer(page: Page, file: string): Promise<void> {
  await page.goto(viewer.url);
  await page.getByTestId('rtd-viewer-file').setInputFiles(file);
}

test('a trace exported from a live page opens in the viewer, redacted, with page data shown as text', async ({ page, context }) => {
  await captureTraffic(page);
  const text = await page.evaluate(() => JSON.stringify((window as unknown as InstrumentedWindow).__REALTIME_DEVTOOLS__.exportTrace()));
  expect(text).not.toContain(SECRET);
  expect(text).not.toContain(URL_TOKEN);
  expect(text).toContain('lobby');
  const file = join(folder, 'chat.rtdtrace.json');
  writeFileSync(file, text);

  const viewerPage = await context.newPage();
  await openInViewer(viewerPage, file);
  await expect(viewerPage.getByTestId('rtd-viewer-header')).toHaveText(new RegExp(`^Imported trace — ${server.httpUrl.replace(/\./g, '\\.')} — exported `));
  // The URL token, the password sent and echoed, and the URL again in any queue event of the socket's bufferedAmount.
  const removed = Object.values((JSON.parse(text) as { redaction: { counts: Record<string, number> } }).redaction.counts).reduce((sum, n) => sum + n, 0);
  expect(removed).toBeGreaterThanOrEqual(3);
  await expect(viewerPage.getByTestId('rtd-viewer-notes')).toContainText(`Redacted (${removed} secrets removed)`);
  await expect(viewerPage.getByTestId('rtd-connection-row')).toHaveCount(1);
  await expect(viewerPage.getByTestId('rtd-connection-row')).toContainText('/echo?room=lobby&token=redacted:');
  // Three sent, three echoed.
  await expect(viewerPage.getByTestId('rtd-frame-row')).toHaveCount(6);
  const xssRows = viewerPage.getByTestId('rtd-frame-row').filter({ hasText: '<img src=x onerror=' });
  await expect(xssRows).toHaveCount(2);
  await expect(viewerPage.locator('[data-testid=rtd-app] img')).toHaveCount(0);
  expect(await viewerPage.evaluate(() => (window as unknown as InstrumentedWindow).__xss)).toBeUndefined();
  await expect(viewerPage.getByTestId('rtd-frame-row').filter({ hasText: '[redacted:16-31 chars]' })).toHaveCount(2);
  await viewerPage.screenshot({ path: join('.tmp', 'viewer-trace.png') });
});

test('a HAR exported from the same API opens too', async ({ page, context }) => {
  await captureTraffic(page);
  const file = join(folder, 'chat.har');
  writeFileSync(file, await page.evaluate(() => JSON.stringify((window as unknown as InstrumentedWindow).__REALTIME_DEVTOOLS__.exportHar())));
  const viewerPage = await context.newPage();
  await openInViewer(viewerPage, file);
  await expect(viewerPage.getByTestId('rtd-viewer-header')).toContainText('Imported HAR — ');
  await expect(viewerPage.getByTestId('rtd-frame-row')).toHaveCount(6);
});

test('a corrupt or hostile file shows what is wrong with it', async ({ page }) => {
  await page.goto(viewer.url);
  const input = page.getByTestId('rtd-viewer-file');
  await input.setInputFiles({ name: 'broken.rtdtrace.json', mimeType: 'application/json', buffer: Buffer.from('{"format":"realtime-devtools-trace","version":1,"events":[') });
  const error = page.getByTestId('rtd-viewer-error');
  await expect(error).toBeVisible();
  await expect(error).toContainText('Could not open broken.rtdtrace.json');
  await expect(error).toContainText('not valid JSON (is the file complete?)');
  await expect(page.getByTestId('rtd-app')).toHaveCount(0);

  const hostile = JSON.stringify({ format: 'realtime-devtools-trace', version: 1, tool: { name: 'x', version: '1' }, exportedAt: '2026-01-01T00:00:00Z', page: { url: 'https://x.test', userAgent: '', timeOrigin: 0 }, redaction: { enabled: false, rules: {}, counts: {} }, connections: [], events: [], dropped: 0 })
    .replace('"connections":[]', '"connections":[],"extra":{"__proto__":{"polluted":1}}');
  await input.setInputFiles({ name: 'hostile.json', mimeType: 'application/json', buffer: Buffer.from(hostile) });
  await expect(error).toContainText('extra.__proto__: forbidden key');
});
