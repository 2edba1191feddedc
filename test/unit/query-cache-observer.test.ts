/**
 * The query cache observer against the real `@tanstack/query-core`: what it records, how it links cache actions to
 * the frame being handled, and the classic mistakes it makes visible.
 */
import { MutationObserver, QueryClient, QueryObserver, onlineManager } from '@tanstack/query-core';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionInfo, QueryEvent } from '../../instrumentation/protocol';
import { QueryInspector } from '../../instrumentation/query/inspector';
import { Recorder } from '../../instrumentation/recorder';

interface Todo {
  id: number;
  title: string;
}

function setup() {
  const recorder = new Recorder();
  const taskEnds: (() => void)[] = [];
  const inspector = new QueryInspector(recorder, { afterThisTask: (ended) => taskEnds.push(ended) });
  inspector.install({} as Window);
  const socket: ConnectionInfo = recorder.openConnection({ transport: 'websocket', url: 'ws://127.0.0.1/todos' });
  const sse = recorder.openConnection({ transport: 'eventsource', url: 'http://127.0.0.1/events' });
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  let todos: Todo[] = [{ id: 1, title: 'milk' }];
  let fetches = 0;
  const fetchTodos = async (): Promise<Todo[]> => {
    fetches++;
    await new Promise((resolve) => setTimeout(resolve, 5));
    return todos.map((todo) => ({ ...todo }));
  };
  const queryEvents = (kind?: QueryEvent['kind']): QueryEvent[] =>
    recorder.events().filter((event): event is QueryEvent => event.type === 'query' && (kind === undefined || event.kind === kind));
  return {
    recorder,
    inspector,
    client,
    socket,
    sse,
    fetchTodos,
    queryEvents,
    fetchCount: () => fetches,
    setTodos(next: Todo[]) {
      todos = next;
    },
    /** The page is handed a frame: its handlers run in `handle`, in the frame's task, which then ends. */
    handleFrame(connection: ConnectionInfo, payload: string, handle: () => void, event?: string) {
      recorder.frame(connection, 'in', payload, event === undefined ? undefined : { event });
      handle();
      for (const ended of taskEnds.splice(0)) ended();
    },
    observe(queryKey: unknown[], options: Record<string, unknown> = {}) {
      const observer = new QueryObserver(client, { queryKey, queryFn: fetchTodos, ...options });
      return observer.subscribe(() => {});
    },
  };
}

async function settle(client: QueryClient): Promise<void> {
  for (let i = 0; i < 200 && client.isFetching() > 0; i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(client.isFetching()).toBe(0);
}

afterEach(() => {
  onlineManager.setOnline(true);
});

describe('query cache observer', () => {
  it('links an invalidation made while handling a frame, passes the cause to the refetch, and sees it was wasted', async () => {
    const { inspector, client, socket, queryEvents, handleFrame, observe } = setup();
    expect(inspector.attach(client, 'attach')).toBe('q1');
    const unsubscribe = observe(['todos']);
    await settle(client);

    handleFrame(socket, '42["todo:created"]', () => void client.invalidateQueries({ queryKey: ['todos'] }));
    await settle(client);

    const frameSeq = (queryEvents('invalidated')[0]?.seq ?? 0) - 1;
    expect(queryEvents('invalidated')).toEqual([expect.objectContaining({
      queryHash: '["todos"]', queryKey: '["todos"]', observers: 1,
      cause: expect.objectContaining({ frameSeq, connectionId: socket.id, label: 'message', inference: 'same-task' }),
    })]);
    const [firstFetch, refetch] = queryEvents('fetch-start');
    expect(firstFetch?.cause).toBeNull();
    expect(refetch?.cause).toMatchObject({ frameSeq, inference: 'same-task' });
    const refetchEnd = queryEvents('fetch-end')[1];
    expect(refetchEnd).toMatchObject({ outcome: 'success', dataChanged: false, cause: { frameSeq } });
    expect(refetchEnd?.durationMs).toBeGreaterThanOrEqual(0);
    expect(inspector.queries()).toEqual([expect.objectContaining({
      queryHash: '["todos"]', status: 'success', fetchStatus: 'idle', observers: 1, isInvalidated: false,
      data: '[{"id":1,"title":"milk"}]', dataTruncated: false,
      lastCause: expect.objectContaining({ kind: 'invalidated', cause: expect.objectContaining({ frameSeq }) }),
    })]);

    handleFrame(socket, '42["todo:refresh"]', () => void client.refetchQueries({ queryKey: ['todos'] }));
    await settle(client);
    const ownRefetch = inspector.queries()[0]?.lastCause;
    expect(ownRefetch?.kind, 'a refetch of its own is the last cause').toBe('refetch');
    expect(ownRefetch?.cause.frameSeq).toBeGreaterThan(frameSeq);
    unsubscribe();
  });

  it('tells a refetch that brought new data from one that did not, with structural sharing on or off', async () => {
    for (const structuralSharing of [true, false]) {
      const { inspector, client, queryEvents, observe, setTodos } = setup();
      inspector.attach(client, 'attach');
      const unsubscribe = observe(['todos'], { structuralSharing });
      await settle(client);
      await client.refetchQueries({ queryKey: ['todos'] });
      setTodos([{ id: 1, title: 'milk' }, { id: 2, title: 'eggs' }]);
      await client.refetchQueries({ queryKey: ['todos'] });
      expect(queryEvents('fetch-end').map((event) => event.dataChanged), `structuralSharing ${structuralSharing}`).toEqual([true, false, true]);
      unsubscribe();
    }
  });

  it('shows an invalidation of a query nobody observes: 0 observers, and no refetch', async () => {
    const { inspector, client, socket, queryEvents, handleFrame, fetchTodos } = setup();
    inspector.attach(client, 'attach');
    await client.prefetchQuery({ queryKey: ['archive'], queryFn: fetchTodos });
    handleFrame(socket, 'archived', () => void client.invalidateQueries({ queryKey: ['archive'] }));
    await settle(client);
    expect(queryEvents('invalidated')).toEqual([expect.objectContaining({ queryHash: '["archive"]', observers: 0, cause: expect.objectContaining({ inference: 'same-task' }) })]);
    expect(queryEvents('fetch-start')).toHaveLength(1);
    expect(inspector.queries()[0]).toMatchObject({ isInvalidated: true, isStale: true, observers: 0, lastCause: { kind: 'invalidated' } });
  });

  it('passes an invalidation\'s cause to the fetch of an observer that mounts soon after, and only soon after', async () => {
    const { inspector, client, socket, queryEvents, handleFrame, fetchTodos, observe } = setup();
    inspector.attach(client, 'attach');
    await client.prefetchQuery({ queryKey: ['todos'], queryFn: fetchTodos });
    await client.prefetchQuery({ queryKey: ['archive'], queryFn: fetchTodos });
    handleFrame(socket, 'changed', () => {
      void client.invalidateQueries({ queryKey: ['todos'] });
      void client.invalidateQueries({ queryKey: ['archive'] });
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    const unsubscribe = observe(['todos']);
    await settle(client);
    const [, mounted] = queryEvents('fetch-start').filter((event) => event.queryHash === '["todos"]');
    const invalidated = queryEvents('invalidated').find((event) => event.queryHash === '["todos"]');
    expect(mounted?.at).toBeGreaterThanOrEqual((invalidated?.at ?? 0) + 150);
    expect(mounted?.cause).toEqual(invalidated?.cause);
    expect(mounted?.cause).toMatchObject({ label: 'message', inference: 'same-task' });

    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const late = observe(['archive']);
    await settle(client);
    expect(queryEvents('fetch-start').at(-1)).toMatchObject({ queryHash: '["archive"]', cause: null });
    unsubscribe();
    late();
  });

  it('links setQueryData to an SSE event by its type, and leaves an unprompted one without a cause', async () => {
    const { inspector, client, sse, queryEvents, handleFrame } = setup();
    inspector.attach(client, 'attach');
    client.setQueryData(['todos'], [{ id: 1, title: 'milk' }]);
    handleFrame(sse, '{"id":2}', () => client.setQueryData<Todo[]>(['todos'], (old) => [...(old ?? []), { id: 2, title: 'eggs' }]), 'todo-created');
    expect(queryEvents('set-data').map((event) => event.cause)).toEqual([
      null,
      expect.objectContaining({ connectionId: sse.id, label: 'todo-created', inference: 'same-task' }),
    ]);
    expect(inspector.queries()[0]).toMatchObject({ data: '[{"id":1,"title":"milk"},{"id":2,"title":"eggs"}]', lastCause: { kind: 'set-data' } });
  });

  it('reports a storm: three fetches of one query within a second, with the frames that caused them', async () => {
    const { inspector, client, socket, queryEvents, handleFrame, observe } = setup();
    inspector.attach(client, 'attach');
    const unsubscribe = observe(['todos']);
    await settle(client);
    for (const name of ['a', 'b']) {
      handleFrame(socket, name, () => void client.invalidateQueries({ queryKey: ['todos'] }));
      await settle(client);
    }
    const storms = queryEvents('storm');
    expect(storms).toHaveLength(1);
    expect(storms[0]).toMatchObject({ queryHash: '["todos"]', count: 3 });
    expect(storms[0]?.causes?.map((cause) => cause.inference)).toEqual(['same-task', 'same-task']);
    unsubscribe();
  });

  it('records a refetch that replaced a running one as cancelled', async () => {
    const { inspector, client, queryEvents, observe } = setup();
    inspector.attach(client, 'attach');
    const unsubscribe = observe(['todos']);
    await settle(client);
    void client.refetchQueries({ queryKey: ['todos'] });
    void client.refetchQueries({ queryKey: ['todos'] });
    await settle(client);
    expect(queryEvents().filter((event) => event.kind.startsWith('fetch')).map((event) => `${event.kind} ${event.outcome ?? ''}`.trim())).toEqual([
      'fetch-start', 'fetch-end success', 'fetch-start', 'fetch-end cancelled', 'fetch-start', 'fetch-end success',
    ]);
    unsubscribe();
  });

  it('records a failed fetch with its error', async () => {
    const { inspector, client, queryEvents } = setup();
    inspector.attach(client, 'attach');
    await client.prefetchQuery({ queryKey: ['broken'], queryFn: () => Promise.reject(new TypeError('offline')) });
    expect(queryEvents('fetch-end')).toEqual([expect.objectContaining({ outcome: 'error', error: 'TypeError: offline' })]);
    expect(inspector.queries()[0]).toMatchObject({ status: 'error', error: 'TypeError: offline' });
  });

  it('carries out UI actions on the client and names no frame as their cause', async () => {
    const { inspector, client, socket, queryEvents, handleFrame, observe, fetchCount } = setup();
    inspector.attach(client, 'attach');
    const unsubscribe = observe(['todos']);
    await settle(client);
    handleFrame(socket, 'unrelated', () => inspector.act('invalidate', '["todos"]'));
    await settle(client);
    expect(queryEvents('action')).toEqual([expect.objectContaining({ action: 'invalidate', queryHash: '["todos"]', queryKey: '["todos"]' })]);
    expect(queryEvents('invalidated')[0]?.cause).toBeNull();
    expect(queryEvents('fetch-start')[1]?.cause).toBeNull();

    inspector.act('refetch', '["todos"]');
    await settle(client);
    expect(fetchCount()).toBe(3);
    inspector.act('reset', '["todos"]');
    await settle(client);
    expect(fetchCount()).toBe(4);
    inspector.act('remove', '["todos"]');
    expect(inspector.queries()).toEqual([]);
    expect(queryEvents('action').map((event) => event.action)).toEqual(['invalidate', 'refetch', 'reset', 'remove']);
    expect(() => inspector.act('refetch', '["gone"]')).toThrow(/no query/);
    unsubscribe();
  });

  it('shows paused mutations as the offline queue, and their status changes as events', async () => {
    const { inspector, client, queryEvents } = setup();
    inspector.attach(client, 'attach');
    // Mounted, the client resumes paused mutations when onlineManager says online again.
    client.mount();
    onlineManager.setOnline(false);
    const posted: unknown[] = [];
    let answer: () => void = () => {};
    const answered = new Promise<void>((resolve) => {
      answer = resolve;
    });
    const observer = new MutationObserver(client, {
      mutationKey: ['add-todo'],
      mutationFn: async (todo: Todo) => {
        posted.push(todo);
        await answered;
        return todo;
      },
    });
    const done = observer.mutate({ id: 3, title: 'bread' });
    await Promise.resolve();
    expect(inspector.mutations()).toEqual([expect.objectContaining({
      id: 'm1', mutationKey: '["add-todo"]', status: 'pending', isPaused: true, variables: '{"id":3,"title":"bread"}', error: null,
    })]);
    const queued = inspector.offlineQueue();
    expect(queued.items).toEqual([expect.objectContaining({ name: '["add-todo"]', preview: '{"id":3,"title":"bread"}', status: 'buffered' })]);
    onlineManager.setOnline(true);
    for (let i = 0; i < 100 && posted.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(inspector.offlineQueue(), 'resumed, in flight').toMatchObject({ items: [], settling: 1 });
    answer();
    await done;
    expect(posted).toHaveLength(1);
    expect(inspector.offlineQueue()).toMatchObject({ items: [], settling: 0 });
    expect(queryEvents('mutation').map((event) => [event.status, event.isPaused])).toEqual([
      ['pending', true], ['pending', false], ['success', false],
    ]);
    client.unmount();
  });

  it('lists a queued mutation that failed once resumed as lost, with the same name, preview and time', async () => {
    const { inspector, client } = setup();
    inspector.attach(client, 'attach');
    client.mount();
    onlineManager.setOnline(false);
    const done = new MutationObserver(client, { mutationFn: async (_: { id: number }) => Promise.reject(new Error('server said no')) })
      .mutate({ id: 4 }).catch(() => 'failed');
    await Promise.resolve();
    const [buffered] = inspector.offlineQueue().items;
    onlineManager.setOnline(true);
    expect(await done).toBe('failed');
    expect(inspector.offlineQueue().items).toEqual([{ ...buffered, status: 'lost' }]);
    expect(buffered).toMatchObject({ name: 'mutation m1', preview: '{"id":4}' });
    client.unmount();
  });

  it('never throws on data JSON cannot hold, and cuts large data to the preview size', () => {
    const { inspector, client, recorder } = setup();
    inspector.attach(client, 'attach');
    recorder.setLimits({ previewBytes: 16 });
    const circular: Record<string, unknown> = { name: 'loop' };
    circular.self = circular;
    client.setQueryData(['circular'], circular);
    client.setQueryData(['big'], { count: 10n });
    client.setQueryData(['long'], 'x'.repeat(100));
    const byHash = new Map(inspector.queries().map((query) => [query.queryHash, query]));
    expect(byHash.get('["circular"]')).toMatchObject({ data: '[unserializable: circular structure]', dataTruncated: false });
    expect(byHash.get('["big"]')).toMatchObject({ data: '[unserializable: BigInt value]' });
    expect(byHash.get('["long"]')?.data).toHaveLength(16);
    expect(byHash.get('["long"]')?.dataTruncated).toBe(true);
  });

  it('sends linked UIs one cache picture per burst of changes, not one per change', async () => {
    const { inspector, client } = setup();
    inspector.attach(client, 'attach');
    const received: { queries: unknown[] }[] = [];
    inspector.onCacheChange((message) => received.push(message));
    for (let i = 0; i < 20; i++) client.setQueryData(['item', i], i);
    for (let i = 0; i < 100 && received.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(received).toHaveLength(1);
    expect(received[0]?.queries).toHaveLength(20);
  });

  it('replaces the observed client with a new one, and gives each its own id', () => {
    const { inspector, client, queryEvents } = setup();
    const second = new QueryClient();
    expect(inspector.attach(client, 'attach')).toBe('q1');
    expect(inspector.attach(client, 'attach')).toBe('q1');
    expect(inspector.attach(second, 'global')).toBe('q2');
    client.setQueryData(['old'], 1);
    second.setQueryData(['new'], 2);
    expect(inspector.queries().map((query) => query.queryHash)).toEqual(['["new"]']);
    expect(queryEvents().filter((event) => event.kind.startsWith('client')).map((event) => `${event.kind} ${event.how ?? ''}`.trim())).toEqual([
      'client-found attach', 'client-lost', 'client-found global',
    ]);
  });
});
