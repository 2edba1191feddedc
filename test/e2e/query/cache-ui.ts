/**
 * The TanStack Query scenarios as a user goes through them in a UI: the same steps and checks for the extension's
 * panel and for the overlay, which render the same views (Playwright's CSS locators pierce the overlay's shadow
 * root). `ui` is where the views are (the detached panel, or the app page itself for the overlay); `app` is the page
 * whose QueryClient is checked, since what the UI shows must match what the app holds.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import type { TodoServer } from '../../fixtures/query/todo-server';
import {
  STATS_HASH,
  TODOS_HASH,
  appQueryState,
  postTodoFromServerSide,
  updateTodoFromServerSide,
  type CoreAppWindow,
} from './todo-app';

export function queryRow(ui: Page, hash: string): Locator {
  return ui.locator(`[data-testid="rtd-query-row"][data-query-hash='${hash}']`);
}

/** The frame rows whose cause badge points at query `hash`. */
export function framesThatCaused(ui: Page, hash: string): Locator {
  return ui.getByTestId('rtd-frame-row').filter({ has: ui.locator(`[data-testid="rtd-cause-badge"][data-query-hash='${hash}']`) });
}

export async function openCacheTab(ui: Page): Promise<void> {
  await ui.getByTestId('rtd-tab-cache').click();
  await expect(ui.getByTestId('rtd-cache-view')).toBeVisible();
}

async function selectQuery(ui: Page, hash: string): Promise<Locator> {
  await queryRow(ui, hash).click();
  const detail = ui.locator(`[data-testid="rtd-query-detail"][data-query-hash='${hash}']`);
  await expect(detail).toBeVisible();
  return detail;
}

/** The Cache tab lists both queries with the states the app's QueryClient holds, and follows a refetch live. */
export async function expectQueriesListed(ui: Page, app: Page, server: TodoServer): Promise<void> {
  await openCacheTab(ui);
  await expect(ui.getByTestId('rtd-query-row')).toHaveCount(2);
  const todos = queryRow(ui, TODOS_HASH);
  const stats = queryRow(ui, STATS_HASH);
  // Default staleTime is 0: fetched data is stale at once.
  await expect(todos).toHaveAttribute('data-status', 'success');
  await expect(todos).toHaveAttribute('data-fetch-status', 'idle');
  await expect(todos).toHaveAttribute('data-freshness', 'stale');
  await expect(todos.getByTestId('rtd-query-observers')).toHaveText('1');
  await expect(stats).toHaveAttribute('data-status', 'success');
  await expect(stats.getByTestId('rtd-query-observers')).toHaveText('0');
  expect(await appQueryState(app, TODOS_HASH)).toMatchObject({ status: 'success', fetchStatus: 'idle' });

  // A slow refetch is seen while it runs, without any action in the UI.
  server.setDelay(1_500);
  await app.evaluate(() => void (window as unknown as CoreAppWindow).todoApp.queryClient.refetchQueries({ queryKey: ['todos'] }));
  await expect(todos).toHaveAttribute('data-fetch-status', 'fetching');
  server.setDelay(0);
  await expect(todos).toHaveAttribute('data-fetch-status', 'idle');

  const detail = await selectQuery(ui, STATS_HASH);
  await expect(detail.getByTestId('rtd-query-data')).toContainText('total');
}

/**
 * Another user adds a todo: the server broadcasts `todo:created` on Socket.IO (the app invalidates ['todos'], which
 * refetches) and on SSE (the app invalidates ['stats'], which nobody observes). Both frames say what they caused,
 * and each query says which frame last changed it.
 */
export async function expectEventLinkedToRefetch(ui: Page, app: Page, server: TodoServer): Promise<void> {
  const todo = await postTodoFromServerSide(server, 'from another user');
  await expect.poll(async () => (await appQueryState(app, TODOS_HASH))?.data).toContainEqual(todo);

  await ui.getByTestId('rtd-tab-frames').click();
  const socketFrame = framesThatCaused(ui, TODOS_HASH);
  await expect(socketFrame).toHaveCount(1);
  await expect(socketFrame).toContainText('todo:created');
  await expect(socketFrame.getByTestId('rtd-cause-badge')).toHaveText(/^→ invalidate \["todos"\] → refetch \d+(\.\d+)? (ms|s)$/);
  const sseFrame = framesThatCaused(ui, STATS_HASH);
  await expect(sseFrame).toHaveCount(1);
  await expect(sseFrame).toContainText('todo:created');
  await expect(sseFrame.getByTestId('rtd-cause-badge')).toHaveText('→ invalidate ["stats"]');

  // The badge leads to the query, which names the frame and the connection it came on.
  await socketFrame.getByTestId('rtd-cause-badge').click();
  const todosDetail = ui.locator(`[data-testid="rtd-query-detail"][data-query-hash='${TODOS_HASH}']`);
  await expect(todosDetail).toBeVisible();
  await expect(todosDetail.getByTestId('rtd-query-cause')).toContainText(/Last invalidated by todo:created on socket \S+, .* \(same task\)/);
  const invalidatedLine = todosDetail.locator('[data-testid="rtd-query-history-item"][data-kind="invalidated"]');
  await expect(invalidatedLine).toHaveCount(1);
  await expect(invalidatedLine).toContainText('invalidated (1 observer) ← todo:created (same task)');
  await expect(todosDetail.getByTestId('rtd-query-data')).toContainText('from another user');

  // The classic mistake: the SSE event invalidated a query nobody observes, so nothing refetched it.
  const statsDetail = await selectQuery(ui, STATS_HASH);
  await expect(statsDetail.getByTestId('rtd-query-cause')).toContainText(/Last invalidated by todo:created on SSE \S+, .* \(same task\)/);
  await expect(statsDetail.locator('[data-testid="rtd-query-history-item"][data-kind="invalidated"]')).toContainText('nobody observes it');
  await expect(queryRow(ui, STATS_HASH)).toHaveAttribute('data-freshness', 'invalidated');
}

/** How many `todo:updated` events the storm scenario sends: above query-core's fetch count a storm is made of. */
const STORM_EVENTS = 5;

/**
 * The classic mistakes, each made by the fixture app as users make them: `todo:created` on SSE invalidates
 * ['stats'] that nobody observes; a burst of `todo:updated` events refetches ['todos'] several times within a
 * second (a storm), each refetch bringing back the data the cache already held (wasted round trips).
 */
export async function expectClassicMistakesWarned(ui: Page, app: Page, server: TodoServer): Promise<void> {
  const todo = await postTodoFromServerSide(server, 'updated over and over');
  await expect.poll(async () => (await appQueryState(app, TODOS_HASH))?.data).toContainEqual(todo);
  const readsBefore = server.reads('/api/todos');
  for (let sent = 0; sent < STORM_EVENTS; sent++) await updateTodoFromServerSide(server, todo.id, false);
  await expect.poll(() => server.reads('/api/todos')).toBeGreaterThanOrEqual(readsBefore + 3);

  await openCacheTab(ui);
  const warnings = ui.getByTestId('rtd-cache-warnings');
  await expect(warnings.getByTestId('rtd-warning-unobserved')).toContainText('["stats"]');
  await expect(warnings.getByTestId('rtd-warning-unobserved')).toContainText('last by todo:created');
  const storm = warnings.getByTestId('rtd-warning-storms');
  await expect(storm).toContainText('["todos"]');
  // The todo:created refetch just before may fall in the same second, so it may be named too.
  await expect(storm.getByTestId('rtd-storm-cause').filter({ hasText: /^todo:updated$/ })).toHaveCount(1);
  await expect(storm).toContainText(/todo:updated ×[3-5] on socket/);
  await expect(warnings.getByTestId('rtd-warning-wasted')).toContainText('["todos"]');
  await expect(app.locator('#todos li')).toHaveText(['updated over and over']);
}

/** Invalidate, refetch, reset and remove clicked in the UI are carried out on the app's QueryClient. */
export async function expectActionsTakeEffect(ui: Page, app: Page, server: TodoServer): Promise<void> {
  await openCacheTab(ui);
  const detail = await selectQuery(ui, STATS_HASH);
  const statsReads = server.reads('/api/stats');

  await detail.getByTestId('rtd-query-action-invalidate').click();
  await expect.poll(async () => (await appQueryState(app, STATS_HASH))?.isInvalidated).toBe(true);
  await expect(queryRow(ui, STATS_HASH)).toHaveAttribute('data-freshness', 'invalidated');
  expect(server.reads('/api/stats')).toBe(statsReads);

  await postTodoFromServerSide(server, 'counted by the refetch');
  await detail.getByTestId('rtd-query-action-refetch').click();
  await expect.poll(() => server.reads('/api/stats')).toBe(statsReads + 1);
  await expect.poll(async () => (await appQueryState(app, STATS_HASH))?.data).toEqual({ total: server.todos().length, done: 0 });
  await expect(queryRow(ui, STATS_HASH)).not.toHaveAttribute('data-freshness', 'invalidated');

  await detail.getByTestId('rtd-query-action-reset').click();
  await expect.poll(async () => (await appQueryState(app, STATS_HASH))?.status).toBe('pending');
  expect((await appQueryState(app, STATS_HASH))?.data).toBeUndefined();
  await expect(queryRow(ui, STATS_HASH)).toHaveAttribute('data-status', 'pending');

  await detail.getByTestId('rtd-query-action-remove').click();
  await expect.poll(() => appQueryState(app, STATS_HASH)).toBeNull();
  await expect(queryRow(ui, STATS_HASH)).toHaveCount(0);
  await expect(queryRow(ui, TODOS_HASH)).toHaveCount(1);
}

function setOffline(app: Page, offline: boolean): Promise<void> {
  return app.evaluate((value) => void (window as unknown as CoreAppWindow).__REALTIME_DEVTOOLS__.chaos.set({ offline: value }), offline);
}

/**
 * Two todos added while the chaos toggle says offline: TanStack pauses the mutations (its onlineManager follows the
 * window's `offline` event), the Cache tab shows them paused and the Queue view lists them under TanStack Query;
 * back online they replay by themselves, and the Queue view shows what was sent, in order, and that nothing was lost.
 */
export async function expectOfflineMutationPausedAndReplayed(ui: Page, app: Page, server: TodoServer): Promise<void> {
  await setOffline(app, true);
  await app.evaluate(() => {
    const { todoApp } = window as unknown as CoreAppWindow;
    todoApp.addTodo('first offline');
    todoApp.addTodo('second offline');
  });
  await openCacheTab(ui);
  const mutations = ui.getByTestId('rtd-mutation-row');
  await expect(mutations).toHaveCount(2);
  for (const [index, title] of ['first offline', 'second offline'].entries()) {
    await expect(mutations.nth(index)).toHaveAttribute('data-paused', 'true');
    await expect(mutations.nth(index)).toHaveAttribute('data-status', 'pending');
    await expect(mutations.nth(index)).toContainText(JSON.stringify(title));
  }

  await ui.getByTestId('rtd-tab-queue').click();
  const queue = ui.locator('[data-testid="rtd-queue-source"][data-library="tanstack-query"]');
  await expect(queue).toHaveCount(1);
  await expect(queue).toHaveAttribute('data-queued', '2');
  await expect(queue.getByTestId('rtd-queue-item')).toHaveText([/"first offline"/, /"second offline"/]);
  expect(server.todos().map((todo) => todo.title)).toEqual([]);

  await setOffline(app, false);
  await expect.poll(() => server.todos().map((todo) => todo.title)).toEqual(['first offline', 'second offline']);
  await expect(queue).toHaveAttribute('data-queued', '0');
  const replay = queue.getByTestId('rtd-queue-replay');
  await expect(replay).toHaveAttribute('data-sent', '2');
  await expect(replay).toHaveAttribute('data-lost', '0');
  await expect(replay.getByTestId('rtd-queue-replay-sent')).toHaveText(['1. ["addTodo"] "first offline"', '2. ["addTodo"] "second offline"']);

  await openCacheTab(ui);
  await expect(mutations.nth(0)).toHaveAttribute('data-status', 'success');
  await expect(mutations.nth(1)).toHaveAttribute('data-status', 'success');
  await expect(mutations.nth(1)).toHaveAttribute('data-paused', 'false');
}
