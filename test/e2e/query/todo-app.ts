/**
 * What the TanStack Query specs read from and do to the fixture apps (test/fixtures/query/): the app's own
 * QueryClient state (the ground truth the tool's views are checked against), the tool's page API, and server writes.
 */
import type { Page } from '@playwright/test';
import type { QueryClient } from '@tanstack/query-core';
import type { RealtimeDevtoolsApi } from '../../../instrumentation/api';
import type { MutationInfo, QueryEvent, QueryInfo } from '../../../instrumentation/protocol';
import type { Todo, TodoServer } from '../../fixtures/query/todo-server';

/** TanStack's `queryHash` of a key: its JSON text. */
export const TODOS_HASH = '["todos"]';
export const STATS_HASH = '["stats"]';

/** What core-app.js exposes for tests. */
export interface CoreAppWindow {
  todoApp: {
    queryClient: QueryClient;
    events: EventSource;
    ready(): boolean;
    addTodo(title: string): void;
  };
  __TANSTACK_QUERY_CLIENT__: QueryClient;
  __REALTIME_DEVTOOLS__: RealtimeDevtoolsApi;
}

/** The state of one query as the app's own QueryClient holds it. */
export interface AppQueryState {
  status: string;
  fetchStatus: string;
  isInvalidated: boolean;
  dataUpdatedAt: number;
  data: unknown;
}

export async function waitForCoreApp(page: Page): Promise<void> {
  await page.waitForFunction(() => (window as unknown as Partial<CoreAppWindow>).todoApp?.ready() === true, undefined, { timeout: 15_000 });
}

/** The query `hash` in the app's own cache (through the convention global), or null when the cache lacks it. */
export function appQueryState(page: Page, hash: string): Promise<AppQueryState | null> {
  return page.evaluate((queryHash) => {
    const query = (window as unknown as CoreAppWindow).__TANSTACK_QUERY_CLIENT__.getQueryCache().get(queryHash);
    if (query === undefined) return null;
    const { status, fetchStatus, isInvalidated, dataUpdatedAt, data } = query.state;
    return { status, fetchStatus, isInvalidated, dataUpdatedAt, data };
  }, hash);
}

export function apiQueries(page: Page): Promise<QueryInfo[]> {
  return page.evaluate(() => (window as unknown as CoreAppWindow).__REALTIME_DEVTOOLS__.queries());
}

export function apiMutations(page: Page): Promise<MutationInfo[]> {
  return page.evaluate(() => (window as unknown as CoreAppWindow).__REALTIME_DEVTOOLS__.mutations());
}

export function queryEvents(page: Page): Promise<QueryEvent[]> {
  return page.evaluate(() =>
    (window as unknown as CoreAppWindow).__REALTIME_DEVTOOLS__.events().filter((event): event is QueryEvent => event.type === 'query'),
  );
}

/** A write by another user of the app: the server stores it and broadcasts `todo:created` on Socket.IO and SSE. */
export async function postTodoFromServerSide(server: TodoServer, title: string): Promise<Todo> {
  const response = await fetch(`${server.url}/api/todos`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title }) });
  if (response.status !== 201) throw new Error(`POST /api/todos answered ${response.status}`);
  return (await response.json()) as Todo;
}

export async function updateTodoFromServerSide(server: TodoServer, id: number, done: boolean): Promise<Todo> {
  const response = await fetch(`${server.url}/api/todos/${id}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ done }) });
  if (response.status !== 200) throw new Error(`POST /api/todos/${id} answered ${response.status}`);
  return (await response.json()) as Todo;
}
