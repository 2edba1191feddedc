/**
 * Offline and kill against the real client libraries (their browser builds) talking to the local protocol
 * servers: each library must notice the loss, report it the way it documents, keep what it queues, and come back
 * by itself when the network does — the server logs show what arrived.
 */
import type { Page } from '@playwright/test';
import { startAblyServer, type AblyFixture } from '../../fixtures/servers/ably-server';
import { startPusherServer, type PusherFixture } from '../../fixtures/servers/pusher-server';
import { startSocketIoServer, type SocketIoFixture } from '../../fixtures/servers/socketio-server';
import { expect, test } from '../../../instrumentation/playwright-fixture';
import { startChaosServer, type ChaosServer } from './chaos-server';

let pages: ChaosServer;

test.beforeAll(async () => {
  pages = await startChaosServer();
});

test.afterAll(async () => {
  await pages?.close();
});

/** A page that loads one client library's browser build. */
async function openLibraryPage(page: Page, library: 'socket.io' | 'pusher' | 'ably'): Promise<void> {
  await page.goto(pages.page(`/${library}.html`, `<!doctype html><meta charset="utf-8"><script src="/lib/${library}.js"></script>`));
}

interface SocketIoPage {
  client: {
    connected: boolean;
    id: string | undefined;
    sendBuffer: unknown[];
    emit(event: string, ...args: unknown[]): void;
    on(event: string, listener: (...args: unknown[]) => void): void;
    io: { on(event: string, listener: (...args: unknown[]) => void): void; engine: { transport: { name: string } } };
  };
  log: string[];
}

test.describe('socket.io-client', () => {
  let server: SocketIoFixture;
  test.beforeEach(async () => {
    // Short heartbeats, so that a stalled socket is found out in about a second rather than 45.
    server = await startSocketIoServer({ serverOptions: { pingInterval: 400, pingTimeout: 400 } });
  });
  test.afterEach(async () => {
    await server.close();
  });

  async function connect(page: Page): Promise<void> {
    await openLibraryPage(page, 'socket.io');
    await page.evaluate(async (url) => {
      const { io } = window as unknown as { io: (url: string, options: object) => SocketIoPage['client'] };
      const state = window as unknown as SocketIoPage;
      state.log = [];
      state.client = io(url, { reconnectionDelay: 200, reconnectionDelayMax: 400, randomizationFactor: 0 });
      state.client.on('disconnect', (reason) => state.log.push(`disconnect ${String(reason)}`));
      state.client.on('connect', () => state.log.push('connect'));
      state.client.io.on('reconnect_attempt', () => state.log.push('reconnect_attempt'));
      state.client.io.on('reconnect_error', () => state.log.push('reconnect_error'));
      await new Promise<void>((resolve) => state.client.on('connect', () => resolve()));
      // Wait for the upgrade from long-polling, so that the WebSocket is what goes offline.
      const deadline = performance.now() + 5_000;
      while (state.client.io.engine.transport.name !== 'websocket' && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    }, server.url);
  }

  test('goes disconnected while offline, buffers emits, reconnects after and delivers them all in order', async ({ page, realtime }) => {
    await connect(page);
    expect(await page.evaluate(() => (window as unknown as SocketIoPage).client.io.engine.transport.name)).toBe('websocket');
    await realtime.goOffline();
    await expect.poll(() => page.evaluate(() => (window as unknown as SocketIoPage).client.connected)).toBe(false);
    await page.evaluate(() => {
      for (const text of ['one', 'two', 'three']) (window as unknown as SocketIoPage).client.emit('chat:message', text);
    });
    // Reconnection attempts go out (long-polling first) and fail while offline.
    await expect.poll(() => page.evaluate(() => (window as unknown as SocketIoPage).log.filter((line) => line === 'reconnect_error').length), { timeout: 5_000 }).toBeGreaterThanOrEqual(2);
    const offline = await page.evaluate(() => {
      const state = window as unknown as SocketIoPage;
      return { connected: state.client.connected, buffered: state.client.sendBuffer.length, disconnect: state.log.find((line) => line.startsWith('disconnect')) };
    });
    expect(offline).toEqual({ connected: false, buffered: 3, disconnect: 'disconnect transport close' });
    expect(server.received.filter((entry) => entry.event === 'chat:message')).toEqual([]);

    await realtime.goOnline();
    await expect.poll(() => page.evaluate(() => (window as unknown as SocketIoPage).client.connected), { timeout: 5_000 }).toBe(true);
    await expect.poll(() => server.received.filter((entry) => entry.event === 'chat:message').map((entry) => entry.args[0])).toEqual(['one', 'two', 'three']);
  });

  test('finds a stalled socket out by its heartbeat, and gets back on its feet by itself', async ({ page, realtime }) => {
    await connect(page);
    const stalledAt = Date.now();
    await realtime.stall();
    await expect.poll(() => page.evaluate(() => (window as unknown as SocketIoPage).log.find((line) => line.startsWith('disconnect'))), { timeout: 5_000 })
      .toBe('disconnect ping timeout');
    // The server expects a pong within pingInterval + pingTimeout of its ping; the client gives up as long after.
    expect(Date.now() - stalledAt).toBeGreaterThanOrEqual(400);
    const stalled = (await realtime.connections()).find((connection) => connection.transport === 'websocket');
    expect(stalled?.state, 'the page closed the zombie socket itself').toBe('closing');
    await realtime.stall(false);
    await expect.poll(() => page.evaluate(() => (window as unknown as SocketIoPage).client.connected), { timeout: 5_000 }).toBe(true);
    await page.evaluate(() => (window as unknown as SocketIoPage).client.emit('chat:message', 'after the stall'));
    await expect.poll(() => server.received.filter((entry) => entry.event === 'chat:message').map((entry) => entry.args[0])).toEqual(['after the stall']);
  });

  test('reconnects after a kill, whatever the close code; an abnormal one reads as a transport error', async ({ page, realtime }) => {
    await connect(page);
    for (const code of [1006, 1001]) {
      const socket = await realtime.waitForConnection((connection) => connection.transport === 'websocket' && connection.state === 'open');
      const connects = await page.evaluate(() => (window as unknown as SocketIoPage).log.filter((line) => line === 'connect').length);
      expect(await realtime.kill(socket.id, code, code === 1006 ? '' : 'server restarting')).toBe(true);
      await expect.poll(() => page.evaluate(() => (window as unknown as SocketIoPage).log.filter((line) => line === 'connect').length), { timeout: 5_000 }).toBe(connects + 1);
      const killed = (await realtime.connections()).find((connection) => connection.id === socket.id);
      expect(killed).toMatchObject({ state: 'closed', closeCode: code, wasClean: code !== 1006 });
    }
    expect(await page.evaluate(() => (window as unknown as SocketIoPage).log.filter((line) => line.startsWith('disconnect')))).toEqual(['disconnect transport error', 'disconnect transport close']);
  });
});

interface PusherPage {
  pusher: {
    connection: { state: string; socket_id: string; bind(event: string, listener: (...args: unknown[]) => void): void };
    subscribe(channel: string): { trigger(event: string, data: unknown): boolean; bind(event: string, listener: (...args: unknown[]) => void): void };
  };
  channel: { trigger(event: string, data: unknown): boolean };
  states: string[];
  heard: unknown[];
}

test.describe('pusher-js', () => {
  let server: PusherFixture;
  test.beforeEach(async () => {
    server = await startPusherServer();
  });
  test.afterEach(async () => {
    await server.close();
  });

  async function connect(page: Page): Promise<void> {
    await openLibraryPage(page, 'pusher');
    await page.evaluate(async ({ key, options }) => {
      const state = window as unknown as PusherPage;
      const Pusher = (window as unknown as { Pusher: new (key: string, options: object) => PusherPage['pusher'] }).Pusher;
      state.states = [];
      state.heard = [];
      state.pusher = new Pusher(key, options);
      state.pusher.connection.bind('state_change', (change) => state.states.push((change as { current: string }).current));
      const channel = state.pusher.subscribe('private-chat');
      state.channel = channel;
      channel.bind('news', (data) => state.heard.push(data));
      await new Promise<void>((resolve) => channel.bind('pusher:subscription_succeeded', () => resolve()));
    }, { key: server.appKey, options: server.clientOptions({ userId: 'alice' }) });
  }

  const pusherState = (page: Page) => page.evaluate(() => (window as unknown as PusherPage).pusher.connection.state);

  test('leaves connected while offline, refuses to send (pusher-js does not queue), and reconnects and resubscribes after', async ({ page, realtime }) => {
    await connect(page);
    const firstSocketId = await page.evaluate(() => (window as unknown as PusherPage).pusher.connection.socket_id);
    await realtime.goOffline();
    await expect.poll(() => pusherState(page)).not.toBe('connected');
    expect(['connecting', 'unavailable']).toContain(await pusherState(page));
    const sentWhileOffline = await page.evaluate(() => (window as unknown as PusherPage).channel.trigger('client-typing', { during: 'offline' }));
    expect(sentWhileOffline).toBe(false);

    await realtime.goOnline();
    await expect.poll(() => pusherState(page), { timeout: 10_000 }).toBe('connected');
    await expect.poll(() => server.received.filter((entry) => entry.event === 'pusher:subscribe').length).toBe(2);
    const secondSocketId = await page.evaluate(() => (window as unknown as PusherPage).pusher.connection.socket_id);
    expect(secondSocketId).not.toBe(firstSocketId);
    expect(await page.evaluate(() => (window as unknown as PusherPage).channel.trigger('client-typing', { during: 'online' }))).toBe(true);
    await expect.poll(() => server.received.filter((entry) => entry.event === 'client-typing').map((entry) => entry.data)).toEqual([{ during: 'online' }]);
    server.trigger('private-chat', 'news', { after: 'reconnect' });
    await expect.poll(() => page.evaluate(() => (window as unknown as PusherPage).heard)).toEqual([{ after: 'reconnect' }]);
  });

  test('gives up on a kill with 4001 and stays disconnected; reconnects at once on 4200', async ({ page, realtime }) => {
    await connect(page);
    let socket = await realtime.waitForConnection((connection) => connection.state === 'open');
    let killedAt = Date.now();
    expect(await realtime.kill(socket.id, 4200, 'Please reconnect')).toBe(true);
    await expect.poll(() => realtime.connections().then((list) => list.filter((connection) => connection.state === 'open').length)).toBe(1);
    await expect.poll(() => pusherState(page)).toBe('connected');
    expect(Date.now() - killedAt).toBeLessThan(1_000);
    expect(await page.evaluate(() => (window as unknown as PusherPage).states)).toContain('connecting');

    socket = await realtime.waitForConnection((connection) => connection.state === 'open');
    killedAt = Date.now();
    expect(await realtime.kill(socket.id, 4001, 'Application disabled')).toBe(true);
    await expect.poll(() => pusherState(page)).toBe('disconnected');
    await page.waitForTimeout(1_500);
    expect(await pusherState(page)).toBe('disconnected');
    await expect.poll(() => server.connectionCount).toBe(0);
    expect((await realtime.connections()).filter((connection) => connection.state !== 'closed')).toEqual([]);
  });
});

interface AblyPage {
  client: {
    connection: { state: string; id: string; on(listener: (change: { current: string }) => void): void };
    channels: { get(name: string): { attach(): Promise<unknown>; publish(name: string, data: unknown): Promise<void> } };
  };
  states: string[];
  published: string[];
}

test.describe('ably', () => {
  let server: AblyFixture;
  test.beforeEach(async () => {
    server = await startAblyServer();
  });
  test.afterEach(async () => {
    await server.close();
  });

  async function connect(page: Page): Promise<string> {
    await openLibraryPage(page, 'ably');
    return page.evaluate(async (options) => {
      const state = window as unknown as AblyPage;
      const Ably = (window as unknown as { Ably: { Realtime: new (options: object) => AblyPage['client'] } }).Ably;
      state.states = [];
      state.published = [];
      state.client = new Ably.Realtime({ ...options, disconnectedRetryTimeout: 300, logLevel: 0 });
      state.client.connection.on((change) => state.states.push(change.current));
      await new Promise<void>((resolve) => state.client.connection.on((change) => change.current === 'connected' && resolve()));
      await state.client.channels.get('chat').attach();
      return state.client.connection.id;
    }, server.clientOptions({ clientId: 'alice' }));
  }

  const ablyState = (page: Page) => page.evaluate(() => (window as unknown as AblyPage).client.connection.state);
  const publishedMessages = (server: AblyFixture): unknown[] =>
    server.received.filter((entry) => entry.message.action === 15).flatMap((entry) => (entry.message.messages ?? []).map((message) => message.name));

  test('goes disconnected while offline, queues publishes, resumes the same connection after and delivers them', async ({ page, realtime }) => {
    const connectionId = await connect(page);
    await realtime.goOffline();
    await expect.poll(() => ablyState(page)).not.toBe('connected');
    expect(['disconnected', 'connecting']).toContain(await ablyState(page));
    await page.evaluate(() => {
      const state = window as unknown as AblyPage;
      for (const name of ['first', 'second']) void state.client.channels.get('chat').publish(name, { queued: true }).then(() => state.published.push(name));
    });
    await page.waitForTimeout(800);
    expect(publishedMessages(server)).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as AblyPage).published)).toEqual([]);

    await realtime.goOnline();
    await expect.poll(() => ablyState(page), { timeout: 10_000 }).toBe('connected');
    await expect.poll(() => page.evaluate(() => (window as unknown as AblyPage).published)).toEqual(['first', 'second']);
    expect(publishedMessages(server)).toEqual(['first', 'second']);
    expect(await page.evaluate(() => (window as unknown as AblyPage).client.connection.id)).toBe(connectionId);
    expect(server.handshakes.at(-1)).toMatchObject({ resumed: true, connectionId });
  });

  test('resumes the same connection after a kill', async ({ page, realtime }) => {
    const connectionId = await connect(page);
    const socket = await realtime.waitForConnection((connection) => connection.state === 'open');
    expect(await realtime.kill(socket.id)).toBe(true);
    await expect.poll(() => page.evaluate(() => (window as unknown as AblyPage).states)).toContain('disconnected');
    await expect.poll(() => ablyState(page)).toBe('connected');
    expect(server.handshakes.at(-1)).toMatchObject({ resumed: true, connectionId });
  });
});
