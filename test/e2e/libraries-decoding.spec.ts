/**
 * The real client libraries (their browser builds) against the local protocol servers, and a fetch-read event
 * stream: what `connections()` and `frames()` say about them — the library of each connection, the decoded
 * label of each frame, ack round trips — and that the page still gets every byte it would without the tool.
 */
import type { Page } from '@playwright/test';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startAblyServer, type AblyFixture } from '../fixtures/servers/ably-server';
import { startPusherServer, type PusherFixture } from '../fixtures/servers/pusher-server';
import { startSocketIoServer, type SocketIoFixture } from '../fixtures/servers/socketio-server';
import { expect, test } from '../../instrumentation/playwright-fixture';
import type { FrameEvent } from '../../instrumentation/protocol';
import { startChaosServer, type ChaosServer } from './chaos/chaos-server';

let pages: ChaosServer;

test.beforeAll(async () => {
  pages = await startChaosServer();
});

test.afterAll(async () => {
  await pages?.close();
});

async function openLibraryPage(page: Page, library: 'socket.io' | 'pusher' | 'ably'): Promise<void> {
  await page.goto(pages.page(`/decoding-${library}.html`, `<!doctype html><meta charset="utf-8"><script src="/lib/${library}.js"></script>`));
}

const labels = (frames: FrameEvent[], direction?: 'in' | 'out'): string[] =>
  frames.filter((frame) => direction === undefined || frame.direction === direction).map((frame) => frame.decoded?.label ?? '(none)');

test.describe('socket.io-client, long-polling then WebSocket', () => {
  let server: SocketIoFixture;
  test.beforeEach(async () => {
    server = await startSocketIoServer();
  });
  test.afterEach(async () => {
    await server.close();
  });

  test('shows one Socket.IO connection from its first polling packet, through the upgrade, with acks and their round trip', async ({ page, realtime }) => {
    await openLibraryPage(page, 'socket.io');
    const reply = await page.evaluate(async (url) => {
      type Client = {
        on(event: string, listener: () => void): void;
        emit(event: string, ...args: unknown[]): void;
        io: { engine: { transport: { name: string } } };
      };
      const client = (window as unknown as { io: (url: string) => Client }).io(url);
      await new Promise<void>((resolve) => client.on('connect', resolve));
      const deadline = performance.now() + 5_000;
      while (client.io.engine.transport.name !== 'websocket' && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      return new Promise((resolve) => client.emit('echo', 'hi', { n: 1 }, resolve));
    }, server.url);
    expect(reply).toBe('hi');

    const connections = await realtime.connections();
    const polling = connections.find((connection) => connection.transport === 'polling');
    const socket = connections.find((connection) => connection.transport === 'websocket');
    expect(polling).toMatchObject({ library: 'socket.io', state: 'closed', closeReason: 'upgraded to websocket' });
    expect(socket).toMatchObject({ library: 'socket.io', state: 'open', upgradedFrom: polling?.id, lineage: polling?.lineage });

    const pollingFrames = await realtime.frames(polling?.id);
    expect(labels(pollingFrames, 'in')[0]).toBe('open');
    expect(labels(pollingFrames, 'out')).toContain('connect');
    expect(labels(pollingFrames, 'in')).toContain('connect');
    expect(pollingFrames.every((frame) => frame.decoded?.protocol === 'socket.io')).toBe(true);

    await expect.poll(async () => labels(await realtime.frames(socket?.id))).toContain('ack');
    const socketFrames = await realtime.frames(socket?.id);
    expect(labels(socketFrames).slice(0, 3)).toEqual(['ping', 'pong', 'upgrade']);
    const emit = socketFrames.find((frame) => frame.decoded?.label === 'echo');
    const ack = socketFrames.find((frame) => frame.decoded?.label === 'ack');
    expect(emit).toMatchObject({ direction: 'out', decoded: { channel: '/' } });
    expect(ack?.direction).toBe('in');
    expect(ack?.decoded?.ackOf).toBe('echo');
    expect(ack?.decoded?.ackRoundTripMs).toBeCloseTo((ack?.at ?? 0) - (emit?.at ?? 0), 6);
    expect(ack?.decoded?.ackRoundTripMs).toBeGreaterThanOrEqual(0);
  });
});

test.describe('engine.io long-polling over fetch', () => {
  let server: SocketIoFixture;
  test.beforeEach(async () => {
    server = await startSocketIoServer();
  });
  test.afterEach(async () => {
    await server.close();
  });

  test('captures a session polled with fetch, and the page still reads every answer', async ({ page, realtime }) => {
    await openLibraryPage(page, 'socket.io');
    const answers = await page.evaluate(async (origin) => {
      const base = `${origin}/socket.io/?EIO=4&transport=polling`;
      const handshake = await (await fetch(`${base}&t=1`)).text();
      const sid = (JSON.parse(handshake.slice(1)) as { sid: string }).sid;
      const posted = await (await fetch(`${base}&t=2&sid=${sid}`, { method: 'POST', body: '40', headers: { 'content-type': 'text/plain;charset=UTF-8' } })).text();
      const connected = await (await fetch(`${base}&t=3&sid=${sid}`)).text();
      return { handshake, posted, connected };
    }, server.url);
    expect(answers.handshake.startsWith('0{')).toBe(true);
    expect(answers.posted).toBe('ok');
    expect(answers.connected.startsWith('40{')).toBe(true);

    const connections = await realtime.connections();
    expect(connections).toHaveLength(1);
    expect(connections[0]).toMatchObject({ transport: 'polling', library: 'socket.io', state: 'open', adoptedLate: false });
    await expect.poll(async () => (await realtime.frames(connections[0]?.id)).map((frame) => [frame.direction, frame.decoded?.label, frame.data]))
      .toEqual([['in', 'open', answers.handshake], ['out', 'connect', '40'], ['in', 'connect', answers.connected]]);
  });
});

test.describe('pusher-js', () => {
  let server: PusherFixture;
  test.beforeEach(async () => {
    server = await startPusherServer();
  });
  test.afterEach(async () => {
    await server.close();
  });

  test('names the library and decodes the handshake, the subscription and the channel events', async ({ page, realtime }) => {
    await openLibraryPage(page, 'pusher');
    await page.evaluate(async ({ key, options }) => {
      type Channel = { bind(event: string, listener: (data: unknown) => void): void };
      const Pusher = (window as unknown as { Pusher: new (key: string, options: object) => { subscribe(name: string): Channel } }).Pusher;
      const channel = new Pusher(key, options).subscribe('private-chat');
      const state = window as unknown as { heard: unknown[] };
      state.heard = [];
      channel.bind('news', (data) => state.heard.push(data));
      await new Promise<void>((resolve) => channel.bind('pusher:subscription_succeeded', () => resolve()));
    }, { key: server.appKey, options: server.clientOptions({ userId: 'alice' }) });
    server.trigger('private-chat', 'news', { headline: 'decoded' });
    await expect.poll(() => page.evaluate(() => (window as unknown as { heard: unknown[] }).heard)).toEqual([{ headline: 'decoded' }]);

    const [connection] = await realtime.connections();
    expect(connection).toMatchObject({ transport: 'websocket', library: 'pusher' });
    await expect.poll(async () => labels(await realtime.frames(connection?.id))).toContain('news');
    const frames = await realtime.frames(connection?.id);
    expect(labels(frames).slice(0, 3)).toEqual(['pusher:connection_established', 'pusher:subscribe', 'pusher_internal:subscription_succeeded']);
    expect(frames.find((frame) => frame.decoded?.label === 'pusher:subscribe')).toMatchObject({ direction: 'out', decoded: { channel: 'private-chat' } });
    expect(frames.find((frame) => frame.decoded?.label === 'news')).toMatchObject({ direction: 'in', decoded: { protocol: 'pusher', channel: 'private-chat' } });
  });
});

for (const useBinaryProtocol of [false, true]) {
  test.describe(`ably (${useBinaryProtocol ? 'msgpack' : 'JSON'})`, () => {
    let server: AblyFixture;
    test.beforeEach(async () => {
      server = await startAblyServer();
    });
    test.afterEach(async () => {
      await server.close();
    });

    test('names the library, decodes the actions and gives each ACK its latency', async ({ page, realtime }) => {
      await openLibraryPage(page, 'ably');
      await page.evaluate(async (options) => {
        type Channel = { attach(): Promise<unknown>; publish(name: string, data: unknown): Promise<void> };
        type Client = { connection: { on(listener: (change: { current: string }) => void): void }; channels: { get(name: string): Channel } };
        const Ably = (window as unknown as { Ably: { Realtime: new (options: object) => Client } }).Ably;
        const client = new Ably.Realtime({ ...options, logLevel: 0 });
        await new Promise<void>((resolve) => client.connection.on((change) => change.current === 'connected' && resolve()));
        const channel = client.channels.get('chat');
        await channel.attach();
        await channel.publish('greeting', { text: 'hello' });
      }, server.clientOptions({ clientId: 'alice', useBinaryProtocol }));

      const [connection] = await realtime.connections();
      expect(connection).toMatchObject({ transport: 'websocket', library: 'ably' });
      await expect.poll(async () => labels(await realtime.frames(connection?.id))).toContain('ACK');
      const frames = await realtime.frames(connection?.id);
      expect(frames.every((frame) => frame.kind === (useBinaryProtocol ? 'binary' : 'text'))).toBe(true);
      const meaningful = labels(frames).filter((label) => label !== 'HEARTBEAT');
      expect(meaningful.slice(0, 2)).toEqual(['CONNECTED', 'ATTACH']);
      expect(meaningful).toEqual(expect.arrayContaining(['ATTACHED', 'MESSAGE', 'ACK']));
      expect(frames.find((frame) => frame.decoded?.label === 'CONNECTED')?.decoded?.resume).toBe('new');
      const publish = frames.find((frame) => frame.decoded?.label === 'MESSAGE' && frame.direction === 'out');
      const ack = frames.find((frame) => frame.decoded?.label === 'ACK');
      expect(publish?.decoded?.channel).toBe('chat');
      expect(ack).toMatchObject({ direction: 'in', decoded: { protocol: 'ably', ackCount: 1 } });
      expect(ack?.decoded?.ackLatencyMs).toBeCloseTo((ack?.at ?? 0) - (publish?.at ?? 0), 6);
    });
  });
}

test.describe('fetch-read event streams', () => {
  /** Cut on purpose inside a line, between \r and \n, and inside the UTF-8 bytes of "é" and "🙂". */
  const CHUNKS = [
    ': keep-alive\n\nid: 1\nevent: token\ndata: Hel',
    'lo\n\nid: 2\ndata: caf\xc3',
    '\xa9 \xf0\x9f',
    '\x99\x82\r',
    '\n\r\nevent: done\ndata: [DONE]\n\n',
  ].map((chunk) => Buffer.from(chunk, 'latin1'));
  const STREAM_BYTES = Buffer.concat(CHUNKS);

  let server: Server;
  let origin: string;
  const open = new Set<ServerResponse>();

  test.beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/') {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<!doctype html><meta charset="utf-8"><title>fetch sse</title>');
      } else if (req.url === '/redirect') {
        res.writeHead(302, { location: '/stream' });
        res.end();
      } else if (req.url === '/stream') {
        res.writeHead(200, { 'content-type': 'Text/Event-Stream; charset=utf-8', 'x-stream': 'yes' });
        let index = 0;
        const next = (): void => {
          const chunk = CHUNKS[index++];
          if (!chunk) {
            res.end();
            return;
          }
          res.write(chunk);
          setTimeout(next, 30);
        };
        next();
      } else if (req.url === '/endless') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        open.add(res);
        res.write('data: first\n\n');
        res.on('close', () => open.delete(res));
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  test.afterAll(async () => {
    for (const res of open) res.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  test('records each event as a frame while the page reads every byte unchanged, through a faithful Response', async ({ page, realtime }) => {
    await page.goto(`${origin}/`);
    const seen = await page.evaluate(async () => {
      const response = await fetch('/redirect');
      const cloneUrl = response.clone().url;
      const reader = response.body!.getReader();
      const bytes: number[] = [];
      for (let result = await reader.read(); !result.done; result = await reader.read()) bytes.push(...result.value);
      return {
        bytes,
        url: response.url,
        type: response.type,
        redirected: response.redirected,
        status: response.status,
        ok: response.ok,
        header: response.headers.get('x-stream'),
        isResponse: response instanceof Response,
        cloneUrl,
      };
    });
    expect(Buffer.from(seen.bytes).equals(STREAM_BYTES)).toBe(true);
    expect(seen).toMatchObject({ url: `${origin}/stream`, type: 'basic', redirected: true, status: 200, ok: true, header: 'yes', isResponse: true, cloneUrl: `${origin}/stream` });

    const connections = await realtime.connections();
    expect(connections).toHaveLength(1);
    expect(connections[0]).toMatchObject({ transport: 'fetch-sse', url: `${origin}/stream`, state: 'closed', wasClean: true, framesIn: 3 });
    const frames = await realtime.frames(connections[0]?.id);
    expect(frames.map((frame) => [frame.kind, frame.event, frame.data, frame.lastEventId])).toEqual([
      ['event', 'token', 'Hello', '1'],
      ['event', 'message', 'café 🙂', '2'],
      ['event', 'done', '[DONE]', '2'],
    ]);
    expect(frames[0]?.decoded).toMatchObject({ protocol: 'sse', label: 'token' });
  });

  test('closes the connection when the page aborts the request, and leaves other fetches alone', async ({ page, realtime }) => {
    await page.goto(`${origin}/`);
    const outcome = await page.evaluate(async () => {
      const plain = await fetch('/');
      const controller = new AbortController();
      const response = await fetch('/endless', { signal: controller.signal });
      const reader = response.body!.getReader();
      const first = new TextDecoder().decode((await reader.read()).value);
      controller.abort();
      const error = await reader.read().then(() => 'no error', (reason: Error) => reason.name);
      return { first, error, plainText: (await plain.text()).length > 0, plainUrl: plain.url };
    });
    expect(outcome).toEqual({ first: 'data: first\n\n', error: 'AbortError', plainText: true, plainUrl: `${origin}/` });
    const connections = await realtime.connections();
    expect(connections.map((connection) => connection.transport)).toEqual(['fetch-sse']);
    expect(connections[0]).toMatchObject({ state: 'closed', wasClean: false, framesIn: 1 });
  });
});
