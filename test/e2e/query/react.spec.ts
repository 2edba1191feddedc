/**
 * The real React 19 + @tanstack/react-query todo app (test/fixtures/query/react-app.js, bundled with its
 * socket.io-client as an app would be) in the real extension (dist/chrome, `npm run build` first): useQuery and
 * useMutation show in the Cache tab, and a server event links to the invalidation and the refetch it caused.
 */
import { expect, test as base, type Page } from '@playwright/test';
import { serveReactApp } from '../../fixtures/query/fixture-pages';
import { todoServerFixture, type TodoServer } from '../../fixtures/query/todo-server';
import { extensionFixture, type ChromiumWithExtension } from '../helpers/extension';
import { framesThatCaused, openCacheTab, queryRow } from './cache-ui';
import { TODOS_HASH, appQueryState, postTodoFromServerSide } from './todo-app';

/** What react-app.js exposes for tests: its socket.io-client Socket. */
interface ReactAppWindow {
  todoSocket?: { io: { engine?: { transport: { name: string } } } };
}

interface ReactAppWithPanel {
  app: Page;
  panel: Page;
}

const test = base.extend<{ server: TodoServer; extension: ChromiumWithExtension; opened: ReactAppWithPanel }>({
  server: todoServerFixture,
  extension: extensionFixture,
  opened: async ({ server, extension }, use) => {
    const app = await extension.context.newPage();
    await app.goto(await serveReactApp(server));
    await expect(app.getByTestId('todo-list')).toHaveAttribute('data-status', 'success');
    // Events that come on long-polling responses (before the upgrade) are linked differently: see core-app.js.
    await expect.poll(() => app.evaluate(() => (window as unknown as ReactAppWindow).todoSocket?.io.engine?.transport.name)).toBe('websocket');
    const panel = await extension.openPanelFor(app);
    await use({ app, panel });
  },
});

test('useQuery and useMutation of a React app show in the Cache tab', async ({ opened: { app, panel }, server }) => {
  await openCacheTab(panel);
  const todos = queryRow(panel, TODOS_HASH);
  await expect(panel.getByTestId('rtd-query-row')).toHaveCount(1);
  await expect(todos).toHaveAttribute('data-status', 'success');
  await expect(todos.getByTestId('rtd-query-observers')).toHaveText('1');

  await app.getByTestId('todo-title').fill('added in React');
  await app.getByTestId('todo-add').click();
  await expect(app.getByTestId('mutation-status')).toHaveText('success');
  const mutation = panel.getByTestId('rtd-mutation-row');
  await expect(mutation).toHaveCount(1);
  await expect(mutation).toHaveAttribute('data-status', 'success');
  await expect(mutation).toContainText('["addTodo"]');
  await expect(mutation).toContainText('"added in React"');
  expect(server.todos().map((todo) => todo.title)).toEqual(['added in React']);
});

test('in a React app, a server event links to the invalidation of useQuery data and its refetch', async ({ opened: { app, panel }, server }) => {
  const readsBefore = server.reads('/api/todos');
  await postTodoFromServerSide(server, 'from another user');
  await expect(app.getByTestId('todo-list')).toContainText('from another user');
  expect(server.reads('/api/todos')).toBe(readsBefore + 1);
  expect((await appQueryState(app, TODOS_HASH))?.isInvalidated).toBe(false);

  const frame = framesThatCaused(panel, TODOS_HASH);
  await expect(frame).toHaveCount(1);
  await expect(frame).toContainText('todo:created');
  await expect(frame.getByTestId('rtd-cause-badge')).toHaveText(/^→ invalidate \["todos"\] → refetch \d+(\.\d+)? (ms|s)$/);

  await frame.getByTestId('rtd-cause-badge').click();
  const detail = panel.locator(`[data-testid="rtd-query-detail"][data-query-hash='${TODOS_HASH}']`);
  await expect(detail.getByTestId('rtd-query-cause')).toContainText(/Last invalidated by todo:created on socket \S+, .* \(same task\)/);
  await expect(detail.locator('[data-testid="rtd-query-history-item"][data-kind="invalidated"]')).toContainText('← todo:created');
  await expect(detail.getByTestId('rtd-query-data')).toContainText('from another user');
});

test('in a React app, a useMutation made after the window offline event waits in the Queue view and replays on online', async ({ opened: { app, panel }, server }) => {
  // TanStack's onlineManager follows the window's own events, whatever made them.
  await app.evaluate(() => window.dispatchEvent(new Event('offline')));
  await app.getByTestId('todo-title').fill('queued in React');
  await app.getByTestId('todo-add').click();
  await expect(app.getByTestId('mutation-status')).toHaveText('paused');

  await panel.getByTestId('rtd-tab-queue').click();
  const queue = panel.locator('[data-testid="rtd-queue-source"][data-library="tanstack-query"]');
  await expect(queue).toHaveAttribute('data-queued', '1');
  await expect(queue.getByTestId('rtd-queue-item')).toHaveText([/\["addTodo"\].*"queued in React"/]);
  expect(server.todos()).toEqual([]);

  await app.evaluate(() => window.dispatchEvent(new Event('online')));
  await expect(app.getByTestId('mutation-status')).toHaveText('success');
  await expect(queue).toHaveAttribute('data-queued', '0');
  await expect(queue.getByTestId('rtd-queue-replay-sent')).toHaveText(['1. ["addTodo"] "queued in React"']);
  expect(server.todos().map((todo) => todo.title)).toEqual(['queued in React']);
});
