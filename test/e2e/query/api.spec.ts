/**
 * The TanStack Query page API on the real `@tanstack/query-core` app (test/fixtures/query/core-app.js), with the
 * instrumentation injected before the page's scripts: `queries()` / `mutations()` snapshots, and the frame → cache
 * action → refetch links recorded as `query` events, including where no link may be made.
 */
import { expect, test } from '../../../instrumentation/playwright-fixture';
import { ASYNC_CAUSE_WINDOW_MS } from '../../../instrumentation/protocol';
import { serveCoreApp } from '../../fixtures/query/fixture-pages';
import { startTodoServer, type TodoServer } from '../../fixtures/query/todo-server';
import {
  STATS_HASH,
  TODOS_HASH,
  apiMutations,
  apiQueries,
  appQueryState,
  postTodoFromServerSide,
  queryEvents,
  updateTodoFromServerSide,
  waitForCoreApp,
  type CoreAppWindow,
} from './todo-app';

let server: TodoServer;

test.beforeAll(async () => {
  server = await startTodoServer();
});

test.afterAll(async () => {
  await server?.close();
});

test('queries() and mutations() are JSON-safe copies of the app cache, found through the late-assigned global', async ({ page, realtime }) => {
  await page.goto(serveCoreApp(server));
  await waitForCoreApp(page);
  await expect.poll(async () => (await appQueryState(page, STATS_HASH))?.status).toBe('success');

  const queries = await apiQueries(page);
  expect(JSON.parse(JSON.stringify(queries))).toEqual(queries);
  const todos = queries.find((query) => query.queryHash === TODOS_HASH);
  const stats = queries.find((query) => query.queryHash === STATS_HASH);
  expect(todos).toMatchObject({ queryKey: '["todos"]', status: 'success', fetchStatus: 'idle', observers: 1, data: '[]', error: null, lastCause: null });
  expect(stats).toMatchObject({ queryKey: '["stats"]', status: 'success', observers: 0, data: '{"total":0,"done":0}' });
  expect(todos?.dataUpdatedAt).toBe((await appQueryState(page, TODOS_HASH))?.dataUpdatedAt);

  // A snapshot: changing what was returned changes neither the app's cache nor the next snapshot.
  const again = await page.evaluate(() => {
    const api = (window as unknown as CoreAppWindow).__REALTIME_DEVTOOLS__;
    const first = api.queries();
    for (const query of first) query.status = 'error';
    return api.queries().map((query) => query.status);
  });
  expect(again).toEqual(['success', 'success']);

  await page.evaluate(() => (window as unknown as CoreAppWindow).todoApp.addTodo('written by the page'));
  await expect.poll(() => apiMutations(page)).toEqual([
    expect.objectContaining({ mutationKey: '["addTodo"]', status: 'success', isPaused: false, variables: '"written by the page"', error: null }),
  ]);

  // Offline (the chaos toggle fires the window's `offline` event), the next mutation waits for the network.
  await realtime.goOffline();
  await page.evaluate(() => (window as unknown as CoreAppWindow).todoApp.addTodo('written offline'));
  await expect.poll(async () => (await apiMutations(page)).map(({ status, isPaused, variables }) => ({ status, isPaused, variables }))).toEqual([
    { status: 'success', isPaused: false, variables: '"written by the page"' },
    { status: 'pending', isPaused: true, variables: '"written offline"' },
  ]);
  const mutations = await apiMutations(page);
  expect(JSON.parse(JSON.stringify(mutations))).toEqual(mutations);
  expect(server.todos().map((todo) => todo.title)).toEqual(['written by the page']);

  await realtime.goOnline();
  await expect.poll(async () => (await apiMutations(page)).map(({ status, isPaused }) => ({ status, isPaused }))).toEqual([
    { status: 'success', isPaused: false },
    { status: 'success', isPaused: false },
  ]);
  expect(server.todos().map((todo) => todo.title)).toEqual(['written by the page', 'written offline']);
});

test('a todo:created event links to the invalidation it caused and to the refetch, on the frame it came in', async ({ page, realtime }) => {
  await page.goto(serveCoreApp(server));
  await waitForCoreApp(page);
  const readsBefore = server.reads('/api/todos');
  server.setDelay(60);

  const todo = await postTodoFromServerSide(server, 'from another user');
  await expect.poll(async () => (await appQueryState(page, TODOS_HASH))?.data).toContainEqual(todo);
  expect(server.reads('/api/todos')).toBe(readsBefore + 1);
  server.setDelay(0);

  const events = await queryEvents(page);
  const invalidated = events.find((event) => event.kind === 'invalidated' && event.queryHash === TODOS_HASH);
  expect(invalidated?.cause).toMatchObject({ label: 'todo:created', inference: 'same-task' });
  expect(invalidated?.observers).toBe(1);

  // The cause names the very frame that carried the event.
  const cause = invalidated?.cause;
  const causeFrame = (await realtime.frames()).find((frame) => frame.seq === cause?.frameSeq);
  expect(causeFrame).toMatchObject({ direction: 'in', connectionId: cause?.connectionId, decoded: { protocol: 'socket.io', label: 'todo:created' } });

  const fetchStart = events.find((event) => event.kind === 'fetch-start' && event.queryHash === TODOS_HASH && event.seq > (invalidated?.seq ?? Infinity));
  expect(fetchStart?.cause?.frameSeq).toBe(cause?.frameSeq);
  const fetchEnd = events.find((event) => event.kind === 'fetch-end' && event.queryHash === TODOS_HASH && event.seq > (fetchStart?.seq ?? Infinity));
  expect(fetchEnd).toMatchObject({ outcome: 'success', dataChanged: true });
  expect(fetchEnd?.durationMs).toBeGreaterThanOrEqual(60);

  const todosInfo = (await apiQueries(page)).find((query) => query.queryHash === TODOS_HASH);
  expect(todosInfo?.lastCause?.cause.frameSeq).toBe(cause?.frameSeq);

  // The same write reached the SSE stream, whose handler invalidates ['stats'], which nobody observes: no refetch.
  const statsInvalidated = events.find((event) => event.kind === 'invalidated' && event.queryHash === STATS_HASH);
  expect(statsInvalidated).toMatchObject({ observers: 0, cause: { label: 'todo:created', inference: 'same-task' } });
  const sseFrame = (await realtime.frames()).find((frame) => frame.seq === statsInvalidated?.cause?.frameSeq);
  expect(sseFrame).toMatchObject({ event: 'todo:created' });
  expect(events.filter((event) => event.kind === 'fetch-start' && event.queryHash === STATS_HASH && event.seq > (statsInvalidated?.seq ?? 0))).toEqual([]);
});

test('a cache action from a timer long after any frame has no cause', async ({ page, realtime }) => {
  await page.goto(serveCoreApp(server));
  await waitForCoreApp(page);
  const delayMs = 5 * ASYNC_CAUSE_WINDOW_MS;
  // A handler that waits far longer than the tool's window before acting: the tool must not claim the link.
  await page.evaluate((delay) => {
    const { todoApp } = window as unknown as CoreAppWindow;
    todoApp.events.addEventListener('todo:updated', () => {
      setTimeout(() => void todoApp.queryClient.invalidateQueries({ queryKey: ['todos'] }), delay);
    }, { once: true });
  }, delayMs);
  const todo = await postTodoFromServerSide(server, 'to be done');
  await expect.poll(async () => (await appQueryState(page, TODOS_HASH))?.data).toContainEqual(todo);
  const seqBefore = Math.max(0, ...(await queryEvents(page)).map((event) => event.seq));

  // The socket's handler invalidates ['todos'] at once; the SSE handler's timer invalidates it again later.
  await updateTodoFromServerSide(server, todo.id, true);
  const linkEvents = async () => (await queryEvents(page)).filter((event) => event.seq > seqBefore && event.queryHash === TODOS_HASH && ['invalidated', 'fetch-start'].includes(event.kind));
  await expect.poll(async () => (await linkEvents()).map((event) => event.kind)).toEqual(['invalidated', 'fetch-start', 'invalidated', 'fetch-start']);

  const [byEvent, refetchByEvent, byTimer, refetchByTimer] = await linkEvents();
  expect(byEvent?.cause).toMatchObject({ label: 'todo:updated', inference: 'same-task' });
  expect(refetchByEvent?.cause?.frameSeq).toBe(byEvent?.cause?.frameSeq);
  expect(byTimer?.cause).toBeNull();
  expect(refetchByTimer?.cause).toBeNull();
  // The premise: no frame reached the page within the tool's window before the timer's action.
  const timerAt = byTimer?.at ?? 0;
  const lastFrameAt = Math.max(...(await realtime.frames()).filter((frame) => frame.direction === 'in' && frame.at <= timerAt).map((frame) => frame.at));
  expect(timerAt - lastFrameAt).toBeGreaterThan(ASYNC_CAUSE_WINDOW_MS);
  // The query keeps showing the last action that had a cause (the event's, on either channel), not the uncaused one.
  const todosInfo = (await apiQueries(page)).find((query) => query.queryHash === TODOS_HASH);
  expect(todosInfo?.lastCause?.cause.label).toBe('todo:updated');
  expect(todosInfo?.lastCause?.at).toBeLessThan(timerAt);
});

test('setQueryData from an SSE event handler is linked to that event', async ({ page, realtime }) => {
  await page.goto(serveCoreApp(server));
  await waitForCoreApp(page);
  const todo = await postTodoFromServerSide(server, 'to be written in place');
  await expect.poll(async () => (await appQueryState(page, TODOS_HASH))?.data).toContainEqual(todo);
  const seqBefore = Math.max(0, ...(await queryEvents(page)).map((event) => event.seq));

  await updateTodoFromServerSide(server, todo.id, true);
  const setData = async () => (await queryEvents(page)).filter((event) => event.seq > seqBefore && event.kind === 'set-data' && event.queryHash === TODOS_HASH);
  await expect.poll(async () => (await setData()).length).toBe(1);
  const [written] = await setData();
  expect(written?.cause).toMatchObject({ label: 'todo:updated', inference: 'same-task' });
  const frame = (await realtime.frames()).find((candidate) => candidate.seq === written?.cause?.frameSeq);
  expect(frame).toMatchObject({ direction: 'in', event: 'todo:updated' });
  const stream = (await realtime.connections()).find((connection) => connection.id === frame?.connectionId);
  expect(stream?.transport).toBe('eventsource');
});
