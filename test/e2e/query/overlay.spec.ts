/**
 * The same TanStack Query flow as extension.spec.ts in the drop-in overlay, without the extension: the built
 * `dist/overlay/realtime-devtools-overlay.js` (`npm run build` first) as the first script of the real
 * @tanstack/query-core todo app, its UI opened from the launcher.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test as base, type Page } from '@playwright/test';
import { serveCoreApp } from '../../fixtures/query/fixture-pages';
import { startTodoServer, type TodoServer } from '../../fixtures/query/todo-server';
import {
  expectActionsTakeEffect,
  expectClassicMistakesWarned,
  expectEventLinkedToRefetch,
  expectOfflineMutationPausedAndReplayed,
  expectQueriesListed,
  openCacheTab,
  queryRow,
} from './cache-ui';
import { STATS_HASH, TODOS_HASH, waitForCoreApp, type CoreAppWindow } from './todo-app';

const OVERLAY_DIST = resolve(import.meta.dirname, '../../../dist/overlay');
const OVERLAY_SCRIPT_TAG = '<script src="/dist/overlay/realtime-devtools-overlay.js"></script>';

/** Serves the built overlay (its script and the UI module it loads from beside itself) under the app's origin. */
async function serveOverlay(page: Page): Promise<void> {
  await page.route('**/dist/overlay/**', async (route) => {
    const path = new URL(route.request().url()).pathname.replace(/^\/dist\/overlay\//, '');
    const file = resolve(OVERLAY_DIST, path);
    if (!file.startsWith(OVERLAY_DIST) || !existsSync(file)) return route.fulfill({ status: 404 });
    return route.fulfill({ status: 200, contentType: 'text/javascript', body: readFileSync(file) });
  });
}

const test = base.extend<{ server: TodoServer; app: Page }>({
  server: async ({}, use) => {
    if (!existsSync(resolve(OVERLAY_DIST, 'realtime-devtools-overlay.js'))) throw new Error(`${OVERLAY_DIST} is missing: run npm run build`);
    const server = await startTodoServer();
    await use(server);
    await server.close();
  },
  app: async ({ page, server }, use) => {
    await serveOverlay(page);
    await page.goto(serveCoreApp(server, { head: OVERLAY_SCRIPT_TAG }));
    await waitForCoreApp(page);
    await page.getByTestId('rtd-launcher').click();
    await expect(page.getByTestId('rtd-app')).toBeVisible();
    await use(page);
  },
});

test('the overlay Cache tab lists the app queries with the states its QueryClient holds', async ({ app, server }) => {
  await expectQueriesListed(app, app, server);
});

test('in the overlay, a server event shows on its frame row as invalidation and refetch, and on the query as its cause', async ({ app, server }) => {
  await expectEventLinkedToRefetch(app, app, server);
});

test('refetch, invalidate, reset and remove clicked in the overlay are carried out in the page', async ({ app, server }) => {
  await expectActionsTakeEffect(app, app, server);
});

test('in the overlay, a mutation made offline shows paused in the Cache tab and the Queue view, and replays when online', async ({ app, server }) => {
  await expectOfflineMutationPausedAndReplayed(app, app, server);
});

test('the overlay Cache tab warns of an unobserved invalidation, a refetch storm and wasted refetches, with their frames', async ({ app, server }) => {
  await expectClassicMistakesWarned(app, app, server);
});

test('the overlay says how to expose a QueryClient when none is found, and lists the cache once the app attaches it', async ({ page, server }) => {
  await serveOverlay(page);
  await page.goto(`${serveCoreApp(server, { head: OVERLAY_SCRIPT_TAG })}?expose=none`);
  await waitForCoreApp(page);
  await page.getByTestId('rtd-launcher').click();
  await openCacheTab(page);
  const noClient = page.getByTestId('rtd-no-query-client');
  await expect(noClient).toContainText('window.__TANSTACK_QUERY_CLIENT__ = queryClient');
  await expect(noClient).toContainText('__REALTIME_DEVTOOLS__?.attach(queryClient)');
  await expect(page.getByTestId('rtd-query-row')).toHaveCount(0);

  const id = await page.evaluate(() => {
    const { todoApp, __REALTIME_DEVTOOLS__: devtools } = window as unknown as CoreAppWindow;
    return devtools.attach(todoApp.queryClient);
  });
  expect(id).toMatch(/^q\d+$/);
  await expect(noClient).toHaveCount(0);
  await expect(queryRow(page, TODOS_HASH)).toHaveAttribute('data-status', 'success');
  await expect(queryRow(page, STATS_HASH)).toHaveCount(1);
});
