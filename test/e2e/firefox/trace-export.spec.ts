/**
 * Trace export in Firefox with the built extension (dist/firefox): the detached panel asks the page for a redacted
 * trace through Firefox's relay and background, shows the redaction report, and saves the file through a Blob URL
 * download from the moz-extension:// page. The saved file must hold no secret and read back as a trace.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { parseTrace } from '../../../instrumentation/trace/parse-trace';
import { startWireServer } from '../../fixtures/wire-server';
import { launchFirefoxWithExtension } from '../helpers/firefox';

const SECRETS = { urlToken: 'ff-url-token-2718', password: 'ff-password-swordfish' };

test('exports a redacted trace from the detached panel in Firefox, and the saved file reads back', async () => {
  // Starting Firefox takes most of this; on a busy 2-core machine it can take a while.
  test.setTimeout(120_000);
  const downloadDir = mkdtempSync(join(tmpdir(), 'rtd-firefox-downloads-'));
  const wire = await startWireServer();
  const firefox = await launchFirefoxWithExtension({ downloadDir });
  try {
    const page = await firefox.browser.newPage();
    await page.goto(
      wire.addPage(
        '/chat.html',
        `<!doctype html><html><head><title>chat</title><script>
          const socket = new WebSocket(${JSON.stringify(`${wire.wsUrl}/echo?room=lobby&token=${SECRETS.urlToken}`)});
          let echoes = 0;
          socket.onopen = () => {
            socket.send(JSON.stringify({ type: 'login', user: 'alice', password: '${SECRETS.password}' }));
            socket.send('see you in lobby');
          };
          socket.onmessage = () => { if (++echoes === 2) document.title = 'echoed'; };
        </script></head><body></body></html>`,
      ),
    );
    await page.waitForFunction(() => document.title === 'echoed', { timeout: 30_000 });

    const panel = await firefox.openPanelFor(page);
    const frameRows = (): Promise<number> => panel.$$eval('[data-testid="rtd-frame-row"]', (rows) => rows.length);
    await expect.poll(frameRows, { timeout: 30_000 }).toBe(4);

    await panel.click('[data-testid="rtd-export"]');
    // The report comes from the page, through the relay and the background: the token once, the password sent and echoed.
    const count = (rule: string) => (): Promise<string | null> =>
      panel.$$eval('[data-testid="rtd-export-count"]', (rows, name) => rows.find((row) => row.textContent?.includes(name))?.textContent ?? null, rule);
    await expect.poll(count('query:token'), { timeout: 30_000 }).toContain('× 1');
    await expect.poll(count('field:password')).toContain('× 2');

    await panel.click('[data-testid="rtd-export-save"]');
    await expect
      .poll(() => panel.$eval('[data-testid="rtd-export-status"]', (status) => status.textContent ?? '').catch(() => ''), { timeout: 30_000 })
      .toContain('Saved ');
    // Firefox writes a `.part` file first and renames it once the download is complete.
    const saved = (): string[] => readdirSync(downloadDir).filter((name) => name.endsWith('.rtdtrace.json'));
    await expect.poll(saved, { timeout: 30_000 }).toHaveLength(1);
    const text = readFileSync(join(downloadDir, saved()[0] as string), 'utf8');

    for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
    const trace = parseTrace(text);
    if (!trace.ok) throw new Error(`the saved file is not a trace: ${JSON.stringify(trace.errors)}`);
    expect(trace.trace.connections.map((connection) => connection.url)).toEqual([expect.stringContaining('/echo?room=lobby&token=redacted:')]);
    expect(trace.trace.events.filter((event) => event.type === 'frame')).toHaveLength(4);
    expect(text).toContain('see you in lobby');
  } finally {
    await firefox.close();
    await wire.close();
    rmSync(downloadDir, { recursive: true, force: true });
  }
});
