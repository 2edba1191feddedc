import type { MutationObserver as MutationObserverType, QueryClient as QueryClientType, QueryObserver as QueryObserverType } from '@tanstack/query-core';
import type { Socket } from 'socket.io-client';
import type { Todo } from '../shared/libraries-protocol.js';
import { h } from './dom.js';

/** The community convention TanStack's own devtools read; Realtime DevTools finds the cache through it. */
const pageGlobals = window as unknown as { __TANSTACK_QUERY_CLIENT__?: QueryClientType };

interface QueryCore {
  QueryClient: typeof QueryClientType;
  QueryObserver: typeof QueryObserverType;
  MutationObserver: typeof MutationObserverType;
}

/** A variable, so that TypeScript leaves the browser path alone; the server maps it to the package's ES build. */
const QUERY_CORE_URL = '/lib/query-core/index.js';
const TODOS_KEY = ['todos'];

async function fetchTodos(): Promise<Todo[]> {
  const response = await fetch('/api/todos');
  if (!response.ok) throw new Error(`GET /api/todos: ${response.status}`);
  return (await response.json()) as Todo[];
}

async function postTodo(title: string): Promise<Todo> {
  const response = await fetch('/api/todos', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title }),
  });
  if (!response.ok) throw new Error(`POST /api/todos: ${response.status}`);
  return (await response.json()) as Todo;
}

/**
 * The seeds' central pattern with the real @tanstack/query-core: the list is a query; a `todo:created` event from
 * Socket.IO invalidates it, so it refetches; adding a todo is a mutation, which pauses while offline and replays.
 */
export async function startTodos(socket: Socket, list: HTMLUListElement, state: HTMLElement): Promise<(title: string) => void> {
  const { QueryClient, QueryObserver, MutationObserver } = (await import(QUERY_CORE_URL)) as QueryCore;
  const queryClient = new QueryClient();
  queryClient.mount();
  pageGlobals.__TANSTACK_QUERY_CLIENT__ = queryClient;

  const pending: string[] = [];
  const render = (todos: Todo[] | undefined): void => {
    list.replaceChildren(
      ...(todos ?? []).map((todo) => h('li', {}, todo.title)),
      ...pending.map((title) => h('li', { attrs: { 'data-pending': 'true' } }, `${title} (waiting to be sent)`)),
    );
  };
  const todos = new QueryObserver<Todo[]>(queryClient, { queryKey: TODOS_KEY, queryFn: fetchTodos });
  todos.subscribe((result) => {
    render(result.data);
    state.textContent = result.fetchStatus === 'fetching' ? 'Refetching…' : result.fetchStatus === 'paused' ? 'Offline: the list will refresh when back online' : '';
  });

  socket.on('todo:created', () => void queryClient.invalidateQueries({ queryKey: TODOS_KEY }));

  return (title: string) => {
    const mutation = new MutationObserver<Todo, Error, string>(queryClient, { mutationFn: postTodo, mutationKey: ['add-todo'] });
    pending.push(title);
    render(queryClient.getQueryData<Todo[]>(TODOS_KEY));
    void mutation.mutate(title).catch(() => undefined).finally(() => {
      pending.splice(pending.indexOf(title), 1);
      render(queryClient.getQueryData<Todo[]>(TODOS_KEY));
    });
  };
}
