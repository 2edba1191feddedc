/**
 * The query cache through the public API and a linked UI: found through the global or `attach()`, sent after the
 * snapshot (saying when no client is found), and UI actions carried out in the page without ever throwing.
 */
import { MutationObserver, QueryClient, onlineManager } from '@tanstack/query-core';
import { describe, expect, it } from 'vitest';
import { installRealtimeDevtools } from '../../instrumentation/hook';
import { fakePageWindow } from './support/fake-page-window';
import { PROTOCOL_VERSION, type PageToUiMessage, type QueryCacheMessage, type QueryEvent } from '../../instrumentation/protocol';


const cacheMessages = (received: PageToUiMessage[]): QueryCacheMessage[] =>
  received.filter((message): message is QueryCacheMessage => message.kind === 'query-cache');

describe('the query cache through the API and a linked UI', () => {
  it('says no client is found, then finds the one the app exposes later on the global', () => {
    const win = fakePageWindow();
    const api = installRealtimeDevtools(win);
    const received: PageToUiMessage[] = [];
    api.connectUi((message) => received.push(message)).receive({ kind: 'init', protocolVersion: PROTOCOL_VERSION });
    expect(received.map((message) => message.kind).slice(0, 3)).toEqual(['hello', 'snapshot', 'query-cache']);
    expect(cacheMessages(received)[0]).toEqual({ kind: 'query-cache', clientFound: false, queries: [], mutations: [] });

    const client = new QueryClient();
    client.setQueryData(['todos'], [{ id: 1 }]);
    (win as unknown as Record<string, unknown>).__TANSTACK_QUERY_CLIENT__ = client;
    expect(api.queries()).toEqual([expect.objectContaining({ queryHash: '["todos"]', data: '[{"id":1}]', status: 'success' })]);
    expect(api.mutations()).toEqual([]);
    const found = api.events().filter((event): event is QueryEvent => event.type === 'query' && event.kind === 'client-found');
    expect(found.map((event) => event.how)).toEqual(['global']);
  });

  it('attach() takes a QueryClient, leaves other objects to the client registry, and never throws', () => {
    const api = installRealtimeDevtools(fakePageWindow());
    const client = new QueryClient();
    expect(api.attach(client)).toBe('q1');
    expect(api.attach(client)).toBe('q1');
    expect(api.attach({ getQueryCache: 1 })).toBeNull();
    const impostor = { getQueryCache: () => { throw new Error('not really'); }, getMutationCache: () => null };
    expect(api.attach(impostor)).toBeNull();
    client.setQueryData(['kept'], 1);
    expect(api.queries().map((query) => query.queryHash), 'the real client stays observed').toEqual(['["kept"]']);
    const kinds = api.events().map((event) => (event.type === 'query' || event.type === 'client' ? `${event.type} ${event.kind}` : event.type));
    expect(kinds).toEqual(['query client-found', 'client ignored', 'internal-error', 'query added', 'query set-data']);
  });

  it('carries out a UI action in the page; an unknown query is an internal error, not a throw', async () => {
    const api = installRealtimeDevtools(fakePageWindow());
    const client = new QueryClient();
    api.attach(client);
    client.setQueryData(['todos'], [{ id: 1 }]);
    const received: PageToUiMessage[] = [];
    const link = api.connectUi((message) => received.push(message));
    link.receive({ kind: 'init', protocolVersion: PROTOCOL_VERSION });
    expect(cacheMessages(received)[0]).toMatchObject({ clientFound: true, queries: [{ queryHash: '["todos"]' }] });

    link.receive({ kind: 'query-action', action: 'remove', queryHash: '["todos"]' });
    expect(api.queries()).toEqual([]);
    expect(() => link.receive({ kind: 'query-action', action: 'refetch', queryHash: '["nope"]' })).not.toThrow();
    const errors = api.events().filter((event) => event.type === 'internal-error');
    expect(errors).toEqual([expect.objectContaining({ message: expect.stringContaining('no query "[\\"nope\\"]"') })]);

    for (let i = 0; i < 100 && cacheMessages(received).length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(cacheMessages(received).at(-1)).toMatchObject({ clientFound: true, queries: [] });
  });

  it('puts the client\'s paused mutations in the unified offline queue, which replays them when online', async () => {
    const api = installRealtimeDevtools(fakePageWindow());
    const client = new QueryClient();
    api.attach(client);
    client.mount();
    onlineManager.setOnline(false);
    try {
      const done = new MutationObserver(client, { mutationKey: ['add-todo'], mutationFn: async (todo: { title: string }) => todo }).mutate({ title: 'bread' });
      await Promise.resolve();
      expect(api.queue()).toEqual([expect.objectContaining({
        library: 'tanstack-query', clientId: 'q1', items: [expect.objectContaining({ name: '["add-todo"]', preview: '{"title":"bread"}', status: 'buffered' })],
      })]);
      onlineManager.setOnline(true);
      await done;
      expect(api.queue()).toEqual([expect.objectContaining({ library: 'tanstack-query', items: [] })]);
      const replays = api.events().filter((event) => event.type === 'queue' && event.kind === 'replay');
      expect(replays).toEqual([expect.objectContaining({ library: 'tanstack-query', sent: [expect.objectContaining({ name: '["add-todo"]' })], lost: [] })]);
    } finally {
      onlineManager.setOnline(true);
      client.unmount();
    }
  });
});
