/**
 * The client library adapters against the real browser builds of pusher-js, socket.io-client and ably-js, talking
 * to the local protocol servers: what `presence()`, `queue()` and the `client` events report must match what the
 * libraries and the servers did.
 */
import { resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { RealtimeDevtoolsApi } from '../../instrumentation/api';
import type { ClientEvent } from '../../instrumentation/protocol';
import { startAblyServer } from '../fixtures/servers/ably-server';
import { startPusherServer } from '../fixtures/servers/pusher-server';
import { startSocketIoServer } from '../fixtures/servers/socketio-server';
import { startLibraryPages, type LibraryPages } from './helpers/library-page';

const ROOT = resolve(import.meta.dirname, '../..');

let pages: LibraryPages;

test.beforeAll(async () => {
  pages = await startLibraryPages();
});

test.afterAll(async () => {
  await pages?.close();
});

async function openLibraryPage(page: Page, library: 'socket.io' | 'pusher' | 'ably'): Promise<void> {
  await page.addInitScript({ path: resolve(ROOT, 'dist/instrumentation/realtime-devtools.js') });
  await page.goto(pages.url([library]));
}

type TestWindow = Window & { __REALTIME_DEVTOOLS__: RealtimeDevtoolsApi; [name: string]: unknown };

function clientEvents(page: Page, kind?: ClientEvent['kind']): Promise<ClientEvent[]> {
  return page.evaluate((wanted) => (window as unknown as TestWindow).__REALTIME_DEVTOOLS__.events()
    .filter((event): event is ClientEvent => event.type === 'client' && (wanted === undefined || event.kind === wanted)), kind);
}

test('pusher-js: presence() shows both members of a presence channel as each client sees them, then the one who left', async ({ page }) => {
  const server = await startPusherServer({ port: 0 });
  try {
    await openLibraryPage(page, 'pusher');
    await page.evaluate(({ key, alice, bob }) => {
      const win = window as unknown as TestWindow;
      type PusherClient = { subscribe(name: string): unknown; unsubscribe(name: string): void };
      const Pusher = win.Pusher as new (key: string, options: object) => PusherClient;
      win.alice = new Pusher(key, alice);
      win.bob = new Pusher(key, bob);
      (win.alice as PusherClient).subscribe('presence-room');
      (win.bob as PusherClient).subscribe('presence-room');
    }, { key: server.appKey, alice: server.clientOptions({ userId: 'alice', userInfo: { name: 'Alice' } }), bob: server.clientOptions({ userId: 'bob', userInfo: { name: 'Bob' } }) });

    // Found through Pusher.instances, without attach().
    const memberLists = (): Promise<string[]> => page.evaluate(() => (window as unknown as TestWindow).__REALTIME_DEVTOOLS__.presence()
      .filter((set) => set.source === 'presence-room').map((set) => set.members.map((member) => member.id).sort().join(',')));
    await expect.poll(memberLists).toEqual(['alice,bob', 'alice,bob']);
    const sets = await page.evaluate(() => (window as unknown as TestWindow).__REALTIME_DEVTOOLS__.presence());
    expect(sets[0]?.members.find((member) => member.id === 'alice')?.data).toBe('{"name":"Alice"}');

    const clients = await page.evaluate(() => (window as unknown as TestWindow).__REALTIME_DEVTOOLS__.clients());
    expect(clients.map((client) => [client.library, client.foundBy, client.state])).toEqual([['pusher', 'discovery', 'connected'], ['pusher', 'discovery', 'connected']]);
    const connectionIds = await page.evaluate(() => (window as unknown as TestWindow).__REALTIME_DEVTOOLS__.connections().map((connection) => connection.id));
    for (const client of clients) {
      expect(client.connectionIds).toHaveLength(1);
      expect(connectionIds).toContain(client.connectionIds[0]);
    }
    expect(new Set(clients.map((client) => client.connectionIds[0])).size).toBe(2);

    await page.evaluate(() => ((window as unknown as TestWindow).bob as { unsubscribe(name: string): void }).unsubscribe('presence-room'));
    await expect.poll(memberLists).toEqual(['alice']);
    const leaves = await clientEvents(page, 'presence-leave');
    expect(leaves.map((event) => [event.clientId, event.source, event.memberId]).sort()).toEqual([
      [clients[0]?.id, 'presence-room', 'bob'],
      [clients[1]?.id, 'presence-room', 'alice'],
      [clients[1]?.id, 'presence-room', 'bob'],
    ].sort());
    expect(server.presenceMembers('presence-room').map((member) => member.user_id)).toEqual(['alice']);
  } finally {
    await server.close();
  }
});

test('socket.io-client: a stopped server yields reconnect attempts with their backoff delays; emits queue and drain after restart', async ({ page }) => {
  const server = await startSocketIoServer({ port: 0 });
  try {
    await openLibraryPage(page, 'socket.io');
    await page.evaluate(async (url) => {
      const win = window as unknown as TestWindow;
      type Socket = { on(event: string, listener: (...args: unknown[]) => void): void; emit(event: string, ...args: unknown[]): void };
      const socket = (win.io as (url: string, options: object) => Socket)(url, { reconnectionDelay: 300, reconnectionDelayMax: 600, randomizationFactor: 0 });
      win.chatSocket = socket;
      await new Promise<void>((connected) => socket.on('connect', () => connected()));
      // A broadcast received gives the client an offset, which connection-state recovery needs.
      await new Promise<void>((echoed) => {
        socket.on('chat:message', () => echoed());
        socket.emit('chat:message', 'hello');
      });
    }, server.url);

    await server.stop();
    await expect.poll(async () => (await clientEvents(page, 'reconnect-attempt')).length, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    const scheduled = await clientEvents(page, 'reconnect-scheduled');
    expect(scheduled.slice(0, 3).map((event) => [event.attempt, event.delayMs])).toEqual([[1, 300], [2, 600], [3, 600]].slice(0, Math.min(3, scheduled.length)));
    for (const event of scheduled) expect(Math.abs((event.nextAttemptAt ?? Number.NaN) - event.at - (event.delayMs ?? Number.NaN))).toBeLessThan(5);
    const attempts = await clientEvents(page, 'reconnect-attempt');
    expect(attempts.slice(0, 2).map((event) => event.attempt)).toEqual([1, 2]);
    // Each attempt came after the delay announced for it.
    expect(attempts[0]!.at - scheduled[0]!.at).toBeGreaterThanOrEqual(290);

    await page.evaluate(() => {
      const socket = (window as unknown as TestWindow).chatSocket as { emit(event: string, ...args: unknown[]): void };
      for (const text of ['one', 'two', 'three']) socket.emit('chat:message', text);
    });
    const queue = await page.evaluate(() => (window as unknown as TestWindow).__REALTIME_DEVTOOLS__.queue());
    expect(queue).toHaveLength(1);
    expect(queue[0]?.source).toBe('/');
    expect(queue[0]?.items.map((item) => [item.name, item.preview, item.status])).toEqual([
      ['chat:message', '["one"]', 'buffered'], ['chat:message', '["two"]', 'buffered'], ['chat:message', '["three"]', 'buffered'],
    ]);
    await expect.poll(async () => (await clientEvents(page, 'queue')).map((event) => event.queued)).toEqual([3]);

    await server.restart();
    await expect.poll(() => page.evaluate(() => (window as unknown as TestWindow).__REALTIME_DEVTOOLS__.queue()[0]?.items.length), { timeout: 10_000 }).toBe(0);
    await expect.poll(async () => (await clientEvents(page, 'queue')).map((event) => event.queued)).toEqual([3, 0]);
    expect(server.received.filter((entry) => entry.event === 'chat:message').map((entry) => entry.args[0])).toEqual(['hello', 'one', 'two', 'three']);
    await expect.poll(async () => (await clientEvents(page, 'resumed')).length).toBe(1);
    const client = (await page.evaluate(() => (window as unknown as TestWindow).__REALTIME_DEVTOOLS__.clients()))[0];
    expect([client?.library, client?.foundBy, client?.state, client?.attempt, client?.nextAttemptAt]).toEqual(['socket.io', 'discovery', 'connected', 0, null]);
  } finally {
    await server.close();
  }
});

test('ably-js: a dropped connection is resumed, and members and queued publishes are shown', async ({ page }) => {
  const server = await startAblyServer({ port: 0 });
  try {
    await openLibraryPage(page, 'ably');
    await page.evaluate(async (options) => {
      const win = window as unknown as TestWindow;
      type Realtime = { connection: { once(state: string, listener: () => void): void }; channels: { get(name: string): { presence: { enter(data: unknown): Promise<void> } } } };
      const realtime = new (win.Ably as { Realtime: new (options: object) => Realtime }).Realtime({ ...options, disconnectedRetryTimeout: 300 });
      win.realtime = realtime;
      if (!(realtime instanceof (win.Ably as { Realtime: Function }).Realtime)) throw new Error('not an Ably.Realtime');
      await new Promise<void>((connected) => realtime.connection.once('connected', () => connected()));
      await realtime.channels.get('room').presence.enter({ name: 'Alice' });
    }, server.clientOptions({ clientId: 'alice' }));

    await expect.poll(() => page.evaluate(() => (window as unknown as TestWindow).__REALTIME_DEVTOOLS__.presence()
      .map((set) => [set.source, set.members.map((member) => `${member.id} ${member.data}`)]))).toEqual([['room', ['alice {"name":"Alice"}']]]);

    server.dropAll();
    await expect.poll(async () => (await clientEvents(page, 'resumed')).length, { timeout: 10_000 }).toBe(1);
    expect(await clientEvents(page, 'resume-failed')).toEqual([]);
    expect(server.handshakes.at(-1)?.resumed).toBe(true);

    await server.stop();
    await expect.poll(() => page.evaluate(() => (window as unknown as TestWindow).__REALTIME_DEVTOOLS__.clients()[0]?.state), { timeout: 10_000 }).toBe('disconnected');
    await page.evaluate(() => {
      const realtime = (window as unknown as TestWindow).realtime as { channels: { get(name: string): { publish(name: string, data: unknown): Promise<void> } } };
      void realtime.channels.get('room').publish('greeting', { text: 'while offline' });
    });
    await expect.poll(() => page.evaluate(() => (window as unknown as TestWindow).__REALTIME_DEVTOOLS__.queue()[0]?.items.map((item) => [item.name, item.preview])))
      .toEqual([['room: greeting', '{"text":"while offline"}']]);
    const retries = await clientEvents(page, 'reconnect-scheduled');
    // RTB1: the first retry waits disconnectedRetryTimeout × a jitter between 0.8 and 1.
    const firstRetry = retries.at(-1);
    expect(firstRetry?.attempt).toBe(1);
    expect(firstRetry?.delayMs).toBeGreaterThanOrEqual(240);
    expect(firstRetry?.delayMs).toBeLessThanOrEqual(300);

    await server.restart();
    await expect.poll(() => page.evaluate(() => (window as unknown as TestWindow).__REALTIME_DEVTOOLS__.queue()[0]?.items.length), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => server.received.some((entry) => JSON.stringify(entry.message).includes('while offline'))).toBe(true);
    expect((await clientEvents(page, 'queue')).map((event) => event.queued)).toEqual([1, 0]);
  } finally {
    await server.close();
  }
});

test('attach() ignores what is not a client, visibly, and takes a client found before only once', async ({ page }) => {
  const server = await startSocketIoServer({ port: 0 });
  try {
    await openLibraryPage(page, 'socket.io');
    const result = await page.evaluate((url) => {
      const win = window as unknown as TestWindow;
      const socket = (win.io as (url: string) => { io: object })(url);
      const api = win.__REALTIME_DEVTOOLS__;
      return { plain: api.attach({ on() {} }), again: api.attach(socket), manager: api.attach(socket.io), clients: api.clients().map((client) => client.id) };
    }, server.url);
    expect(result.plain).toBeNull();
    expect(result.again).toBe(result.clients[0]);
    expect(result.manager).toBe(result.clients[0]);
    expect(result.clients).toHaveLength(1);
    // Discovery returned the library's own objects.
    expect(await page.evaluate(() => {
      const win = window as unknown as TestWindow & { io: { (url: string): unknown; Socket: Function }; Pusher?: unknown };
      return win.io('/') instanceof win.io.Socket;
    })).toBe(true);
    const ignored = await clientEvents(page, 'ignored');
    expect(ignored.map((event) => [event.library, event.reason])).toEqual([['unknown', 'attach(Object): not a Socket.IO Socket or Manager, pusher-js or Ably Realtime instance']]);
  } finally {
    await server.close();
  }
});

test('pusher-js: a dropped connection shows the retry pusher-js announces, the attempt, and the way back', async ({ page }) => {
  const server = await startPusherServer({ port: 0 });
  try {
    await openLibraryPage(page, 'pusher');
    await page.evaluate(async ({ key, options }) => {
      const win = window as unknown as TestWindow;
      type PusherClient = { connection: { bind(event: string, listener: (change: { current: string }) => void): void } };
      const pusher = new (win.Pusher as new (key: string, options: object) => PusherClient)(key, options);
      await new Promise<void>((connected) => pusher.connection.bind('state_change', (change) => {
        if (change.current === 'connected') connected();
      }));
    }, { key: server.appKey, options: server.clientOptions({ userId: 'alice' }) });
    await expect.poll(() => page.evaluate(() => (window as unknown as TestWindow).__REALTIME_DEVTOOLS__.clients().length)).toBe(1);

    server.dropAll();
    await expect.poll(async () => (await clientEvents(page, 'state')).map((event) => event.state), { timeout: 10_000 }).toEqual(['connected', 'connecting', 'connected']);
    const scheduled = await clientEvents(page, 'reconnect-scheduled');
    // protocols.md: a close below 4000 is retried after 1 s; pusher-js announces it in whole seconds.
    expect(scheduled.map((event) => [event.attempt, event.delayMs])).toEqual([[1, 1000]]);
    const attempts = await clientEvents(page, 'reconnect-attempt');
    expect(attempts.map((event) => event.attempt)).toEqual([1]);
    expect(attempts[0]!.at - scheduled[0]!.at).toBeGreaterThanOrEqual(950);
    const client = (await page.evaluate(() => (window as unknown as TestWindow).__REALTIME_DEVTOOLS__.clients()))[0];
    expect(client?.connectionIds).toHaveLength(2);
    expect(client?.attempt).toBe(0);
  } finally {
    await server.close();
  }
});

test('socket.io-client: an emit sent after the server went silent is marked lost when the connection dies', async ({ page }) => {
  // Short heartbeats, so that the client finds the silent server out in under a second.
  const server = await startSocketIoServer({ port: 0, serverOptions: { pingInterval: 400, pingTimeout: 400 } });
  try {
    await openLibraryPage(page, 'socket.io');
    await page.evaluate(async (url) => {
      const win = window as unknown as TestWindow;
      type Socket = { on(event: string, listener: (...args: unknown[]) => void): void; emit(event: string, ...args: unknown[]): void; io: { engine: { transport: { name: string } } } };
      const socket = (win.io as (url: string, options: object) => Socket)(url, { transports: ['websocket'], reconnectionDelay: 200, randomizationFactor: 0 });
      win.chatSocket = socket;
      await new Promise<void>((connected) => socket.on('connect', () => connected()));
    }, server.url);

    // The server stays, but nothing reaches either side: the emit goes to a socket the client still thinks is fine.
    await page.evaluate(() => {
      const win = window as unknown as TestWindow;
      win.__REALTIME_DEVTOOLS__.chaos.set({ stall: true });
      (win.chatSocket as { emit(event: string, ...args: unknown[]): void }).emit('chat:message', 'into the void');
    });
    await expect.poll(async () => (await clientEvents(page, 'lost')).map((event) => [event.source, event.event]), { timeout: 10_000 }).toEqual([['/', 'chat:message']]);
    const queue = await page.evaluate(() => (window as unknown as TestWindow).__REALTIME_DEVTOOLS__.queue());
    expect(queue[0]?.items.map((item) => [item.name, item.preview, item.status])).toEqual([['chat:message', '["into the void"]', 'lost']]);

    await page.evaluate(() => (window as unknown as TestWindow).__REALTIME_DEVTOOLS__.chaos.set({ stall: false }));
    await expect.poll(() => page.evaluate(() => (window as unknown as TestWindow).__REALTIME_DEVTOOLS__.clients()[0]?.state), { timeout: 10_000 }).toBe('connected');
    expect(server.received.filter((entry) => entry.event === 'chat:message')).toEqual([]);
  } finally {
    await server.close();
  }
});

test('socket.io-client: presence() follows the presence events of the app, and the mapping is kept for the site', async ({ page }) => {
  const server = await startSocketIoServer({ port: 0 });
  try {
    await openLibraryPage(page, 'socket.io');
    await page.evaluate(async (url) => {
      const win = window as unknown as TestWindow;
      type Socket = { on(event: string, listener: (...args: unknown[]) => void): void; emit(event: string, ...args: unknown[]): void };
      const open = (name: string): Promise<Socket> => new Promise((connected) => {
        const socket = (win.io as (url: string, options: object) => Socket)(url, { forceNew: true });
        win[name] = socket;
        socket.on('connect', () => connected(socket));
      });
      const ann = await open('ann');
      const bob = await open('bob');
      ann.emit('presence:join', { roomId: 'room', user: { id: 'u-ann', name: 'Ann' } });
      await new Promise((joined) => ann.on('presence:update', joined));
      bob.emit('presence:join', { roomId: 'room', user: { id: 'u-bob', name: 'Bob' } });
    }, server.url);
    const seenBy = (): Promise<string[]> => page.evaluate(() => (window as unknown as TestWindow).__REALTIME_DEVTOOLS__.presence()
      .map((set) => `${set.clientId} ${set.source} ${set.members.map((member) => member.id).join(',')}`));
    await expect.poll(seenBy).toEqual(['k1 / u-ann,u-bob', 'k2 / u-ann,u-bob']);

    await page.evaluate(() => ((window as unknown as TestWindow).bob as { emit(event: string, ...args: unknown[]): void }).emit('presence:leave', 'room'));
    // Bob left the room, so the server tells him nothing more: his client still shows what it last heard.
    await expect.poll(seenBy).toEqual(['k1 / u-ann', 'k2 / u-ann,u-bob']);
    const leaves = await clientEvents(page, 'presence-leave');
    expect(leaves.map((event) => [event.clientId, event.memberId])).toEqual([['k1', 'u-bob']]);

    await page.evaluate(() => (window as unknown as TestWindow).__REALTIME_DEVTOOLS__.setPresenceMapping({ syncEvents: ['room:members'], memberIdPath: 'user.uid' }));
    await page.reload();
    expect(await page.evaluate(() => (window as unknown as TestWindow).__REALTIME_DEVTOOLS__.presenceMapping())).toEqual({
      syncEvents: ['room:members'],
      joinEvents: ['presence:user-joined', 'user:joined'],
      leaveEvents: ['presence:user-left', 'user:left'],
      memberIdPath: 'user.uid',
    });
  } finally {
    await server.close();
  }
});

test('before a library assigns its global, window still names elements as it did', async ({ page }) => {
  await page.addInitScript({ path: resolve(ROOT, 'dist/instrumentation/realtime-devtools.js') });
  await page.goto(pages.url([]));
  const named = await page.evaluate(() => {
    const element = document.createElement('div');
    element.id = 'Ably';
    document.body.append(element);
    const win = window as unknown as TestWindow;
    return { ably: win.Ably === element, io: win.io === undefined };
  });
  expect(named).toEqual({ ably: true, io: true });
});
