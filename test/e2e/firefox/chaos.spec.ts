/**
 * Offline chaos in Firefox ESR: the built instrumentation injected before the page's scripts (no extension needed),
 * driven by puppeteer-core over WebDriver BiDi (Playwright cannot drive stock Firefox here).
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import puppeteer from 'puppeteer-core';
import { INSTRUMENTATION_SCRIPT } from '../../../instrumentation/playwright-fixture';
import { startChaosServer } from '../chaos/chaos-server';

test('offline fails sockets, refuses new ones and rejects fetch and XHR in Firefox; online brings them back', async () => {
  // Starting Firefox takes most of this; on a busy 2-core machine it can take a while.
  test.setTimeout(90_000);
  const server = await startChaosServer();
  const browser = await puppeteer.launch({ browser: 'firefox', executablePath: '/usr/bin/firefox-esr', headless: true });
  try {
    const page = await browser.newPage();
    await page.evaluateOnNewDocument(readFileSync(INSTRUMENTATION_SCRIPT, 'utf8'));
    await page.goto(server.httpUrl);
    const result = await page.evaluate(async (wsUrl) => {
      const api = (window as unknown as { __REALTIME_DEVTOOLS__: { chaos: { set(changes: object): unknown } } }).__REALTIME_DEVTOOLS__;
      const seen: string[] = [];
      const socket = new WebSocket(`${wsUrl}/echo`);
      const describe = (event: Event): string =>
        event instanceof CloseEvent ? `${event.type} ${event.code} "${event.reason}" ${event.wasClean} rs=${socket.readyState}` : `${event.type} rs=${socket.readyState}`;
      socket.addEventListener('error', (event) => seen.push(`listener ${describe(event)}`));
      socket.addEventListener('close', (event) => seen.push(`listener ${describe(event)}`));
      socket.onclose = (event) => seen.push(`onclose ${describe(event)}`);
      window.addEventListener('offline', () => seen.push(`window offline onLine=${navigator.onLine}`));
      window.addEventListener('online', () => seen.push(`window online onLine=${navigator.onLine}`));
      await new Promise((resolve) => socket.addEventListener('open', resolve, { once: true }));

      api.chaos.set({ offline: true });
      await new Promise<void>((resolve) => socket.addEventListener('close', () => resolve(), { once: true }));
      const refused = await new Promise<string>((resolve) => {
        const late = new WebSocket(`${wsUrl}/echo`);
        const log = [`rs=${late.readyState}`];
        late.onerror = () => log.push('error');
        late.onclose = (event) => resolve([...log, `close ${event.code} ${event.wasClean}`].join(', '));
      });
      const fetched = await fetch('/api/hello').then(() => 'resolved', (error: Error) => `${error.name}: ${error.message}`);
      const xhr = await new Promise<string>((resolve) => {
        const request = new XMLHttpRequest();
        request.onerror = () => resolve(`error status=${request.status} rs=${request.readyState}`);
        request.onload = () => resolve('loaded');
        request.open('GET', '/api/hello');
        request.send();
      });

      api.chaos.set({ offline: false });
      const back = new WebSocket(`${wsUrl}/echo`);
      await new Promise((resolve) => back.addEventListener('open', resolve, { once: true }));
      const echoed = new Promise<string>((resolve) => back.addEventListener('message', (event) => resolve(String(event.data))));
      back.send('back');
      return { seen, refused, fetched, xhr, echoed: await echoed, onLine: navigator.onLine };
    }, server.wsUrl);

    expect(result).toEqual({
      seen: [
        'window offline onLine=false',
        'listener error rs=3',
        'listener close 1006 "" false rs=3',
        'onclose close 1006 "" false rs=3',
        'window online onLine=true',
      ],
      refused: 'rs=0, error, close 1006 false',
      fetched: 'TypeError: NetworkError when attempting to fetch resource.',
      xhr: 'error status=0 rs=4',
      echoed: 'back',
      onLine: true,
    });
  } finally {
    await browser.close();
    await server.close();
  }
});
