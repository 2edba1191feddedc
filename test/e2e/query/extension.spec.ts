/**
 * The Cache tab, the frame → invalidation → refetch links and the TanStack offline queue in the real extension
 * (dist/chrome, `npm run build` first), with its panel opened detached on the real @tanstack/query-core todo app
 * (test/fixtures/query/core-app.js) fed by a Socket.IO server and an SSE stream.
 */
import { test as base, type Page } from '@playwright/test';
import { serveCoreApp } from '../../fixtures/query/fixture-pages';
import { todoServerFixture, type TodoServer } from '../../fixtures/query/todo-server';
import { extensionFixture, type ChromiumWithExtension } from '../helpers/extension';
import { expectActionsTakeEffect, expectClassicMistakesWarned, expectEventLinkedToRefetch, expectOfflineMutationPausedAndReplayed, expectQueriesListed } from './cache-ui';
import { waitForCoreApp } from './todo-app';

interface CoreAppWithPanel {
  app: Page;
  panel: Page;
}

const test = base.extend<{ server: TodoServer; extension: ChromiumWithExtension; opened: CoreAppWithPanel }>({
  server: todoServerFixture,
  extension: extensionFixture,
  opened: async ({ server, extension }, use) => {
    const app = await extension.context.newPage();
    await app.goto(serveCoreApp(server));
    await waitForCoreApp(app);
    const panel = await extension.openPanelFor(app);
    await use({ app, panel });
  },
});

test('the Cache tab lists the app queries with the states its QueryClient holds', async ({ opened: { app, panel }, server }) => {
  await expectQueriesListed(panel, app, server);
});

test('a server event shows on its frame row as invalidation and refetch, and on the query as its cause', async ({ opened: { app, panel }, server }) => {
  await expectEventLinkedToRefetch(panel, app, server);
});

test('refetch, invalidate, reset and remove clicked in the panel are carried out in the page', async ({ opened: { app, panel }, server }) => {
  await expectActionsTakeEffect(panel, app, server);
});

test('a mutation made offline shows paused in the Cache tab and the Queue view, and replays when online', async ({ opened: { app, panel }, server }) => {
  await expectOfflineMutationPausedAndReplayed(panel, app, server);
});

test('the Cache tab warns of an unobserved invalidation, a refetch storm and wasted refetches, with their frames', async ({ opened: { app, panel }, server }) => {
  await expectClassicMistakesWarned(panel, app, server);
});
