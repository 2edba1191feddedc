/**
 * With every condition off, what chaos wraps — fetch, XMLHttpRequest, navigator.onLine — must look and behave
 * exactly as without the tool (the WebSocket and EventSource wrappers are covered by the compliance spec). Each
 * scenario runs in a native page, then in the same page with the instrumentation, and the two logs must match.
 */
import { expect, test, type Page } from '@playwright/test';
import { INSTRUMENTATION_SCRIPT } from '../../../instrumentation/playwright-fixture';
import { installComplianceHarness } from '../../fixtures/compliance-harness';
import { startChaosServer, type ChaosServer } from './chaos-server';

let server: ChaosServer;

test.beforeAll(async () => {
  server = await startChaosServer();
});

test.afterAll(async () => {
  await server?.close();
});

async function nativeThenInstrumented<Result>(page: Page, scenario: () => Promise<Result>): Promise<{ native: Result; instrumented: Result }> {
  await page.goto(server.httpUrl);
  await page.evaluate(installComplianceHarness);
  const native = await page.evaluate(scenario);
  await page.addInitScript({ path: INSTRUMENTATION_SCRIPT });
  await page.goto(server.httpUrl);
  await page.evaluate(installComplianceHarness);
  expect(await page.evaluate(() => '__REALTIME_DEVTOOLS__' in window)).toBe(true);
  const instrumented = await page.evaluate(scenario);
  return { native, instrumented };
}

test('fetch, XMLHttpRequest and navigator.onLine look native', async ({ page }) => {
  const { native, instrumented } = await nativeThenInstrumented(page, async () => {
    const h = window.__complianceHarness;
    return {
      fetch: h.descriptorFacts(window, 'fetch'),
      open: h.descriptorFacts(XMLHttpRequest.prototype, 'open'),
      send: h.descriptorFacts(XMLHttpRequest.prototype, 'send'),
      readyState: h.descriptorFacts(XMLHttpRequest.prototype, 'readyState'),
      onLine: h.descriptorFacts(Navigator.prototype, 'onLine'),
      xhrKeys: Reflect.ownKeys(XMLHttpRequest.prototype).map(String),
      onLineValue: navigator.onLine,
    };
  });
  expect(instrumented).toEqual(native);
  expect(JSON.stringify(native.fetch)).toContain('function fetch() { [native code] }');
});

test('fetch and XMLHttpRequest behave natively, errors included', async ({ page }) => {
  const { native, instrumented } = await nativeThenInstrumented(page, async () => {
    const h = window.__complianceHarness;
    const settle = (promise: Promise<unknown>): Promise<unknown> => promise.then(
      (value) => (value instanceof Response ? { status: value.status, type: value.type } : value),
      (error: Error) => ({ rejected: `${error.name}: ${error.message}`, isTypeError: error instanceof TypeError }),
    );
    let conversions = 0;
    const stringy = { toString: () => { conversions++; return '/api/hello'; } };
    const aborted = new AbortController();
    aborted.abort(new Error('gave up'));
    const outcomes = {
      ok: await settle(fetch('/api/hello')),
      objectUrl: await settle(fetch(stringy as unknown as string)),
      conversions,
      request: await settle(fetch(new Request('/api/hello'))),
      badUrl: await settle(fetch('http://[::1')),
      noArguments: await settle((fetch as () => Promise<unknown>)()),
      illegalThis: await settle(fetch.call({} as Window, '/api/hello')),
      abortedSignal: await settle(fetch('/api/hello', { signal: aborted.signal })),
      throwingToString: await settle(fetch({ toString: () => { throw new RangeError('page toString'); } } as unknown as string)),
      xhrLog: await new Promise<string[]>((resolve) => {
        const request = new XMLHttpRequest();
        const log: string[] = [];
        for (const type of ['loadstart', 'readystatechange', 'progress', 'load', 'loadend', 'error']) {
          request.addEventListener(type, () => log.push(`${type} ${request.readyState} ${request.status}`));
        }
        request.addEventListener('loadend', () => resolve(log));
        request.open('GET', '/api/hello');
        request.send();
      }),
      sendTwice: h.attempt(() => {
        const request = new XMLHttpRequest();
        request.open('GET', '/api/hello');
        request.send();
        request.send();
      }),
      sendUnopened: h.attempt(() => new XMLHttpRequest().send()),
      openBadUrl: h.attempt(() => new XMLHttpRequest().open('GET', 'http://[::1')),
    };
    return outcomes;
  });
  expect(instrumented).toEqual(native);
  expect(native.conversions).toBe(1);
});
