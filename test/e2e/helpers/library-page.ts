/**
 * What the specs of the real client libraries share, for Playwright and puppeteer alike:
 * - the three protocol servers of test/fixtures/servers (Socket.IO, Pusher, Ably), up and down together;
 * - a page server on 127.0.0.1 whose pages load the browser builds of socket.io-client, pusher-js and ably from
 *   node_modules, and, if asked, the drop-in overlay (dist/overlay) as their first script. Pages come from 127.0.0.1
 *   so that their sockets to the fixture servers are same-network traffic for Chromium's Local Network Access checks;
 * - page functions that open clients and read the page API. Each is self-contained (it uses nothing from this
 *   module), so that both `page.evaluate` of Playwright and that of puppeteer can send it to the page.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve, sep } from 'node:path';
import type { RealtimeDevtoolsApi } from '../../../instrumentation/api';
import type { ClientEvent } from '../../../instrumentation/protocol';
import { CLIENT_BUILD_URLS, clientBuildScript, type ClientLibraryName } from '../../fixtures/servers/client-builds';
import { startAblyServer, type AblyFixture, type AblyServerOptions } from '../../fixtures/servers/ably-server';
import { startPusherServer, type PusherFixture, type PusherServerOptions } from '../../fixtures/servers/pusher-server';
import { startSocketIoServer, type SocketIoFixture, type SocketIoServerOptions } from '../../fixtures/servers/socketio-server';

export type LibraryName = ClientLibraryName;

const LIBRARY_NAMES = Object.keys(CLIENT_BUILD_URLS) as LibraryName[];

const ROOT = resolve(import.meta.dirname, '../../..');
const OVERLAY_DIST = resolve(ROOT, 'dist/overlay');
const OVERLAY_SCRIPT = 'realtime-devtools-overlay.js';

export interface LibraryServers {
  socketIo: SocketIoFixture;
  pusher: PusherFixture;
  ably: AblyFixture;
  close(): Promise<void>;
}

export interface LibraryServerOptions {
  socketIo?: SocketIoServerOptions;
  pusher?: PusherServerOptions;
  ably?: AblyServerOptions;
}

/** The three protocol servers, each on its own random port of 127.0.0.1. */
export async function startLibraryServers(options: LibraryServerOptions = {}): Promise<LibraryServers> {
  const [socketIo, pusher, ably] = await Promise.all([
    startSocketIoServer(options.socketIo),
    startPusherServer(options.pusher),
    startAblyServer(options.ably),
  ]);
  return {
    socketIo,
    pusher,
    ably,
    async close() {
      await Promise.all([socketIo.close(), pusher.close(), ably.close()]);
    },
  };
}

export interface LibraryPages {
  origin: string;
  /** A blank page that loads the browser build of each of `libraries` (the overlay before them, if asked). */
  url(libraries: readonly LibraryName[], options?: { overlay?: boolean }): string;
  close(): Promise<void>;
}

function libraryPageHtml(libraries: readonly LibraryName[], overlay: boolean): string {
  const scripts = [
    ...(overlay ? [`/dist/overlay/${OVERLAY_SCRIPT}`] : []),
    ...libraries.map((library) => CLIENT_BUILD_URLS[library]),
  ].map((src) => `<script src="${src}"></script>`);
  return `<!doctype html><html><head><meta charset="utf-8"><title>${libraries.join(' + ')}</title>${scripts.join('')}</head><body></body></html>`;
}

/**
 * GET /page?libraries=socket.io,pusher[&overlay=1]   the page of `url()`
 * GET /lib/<library>.js                              that library's browser build
 * GET /dist/overlay/<file>                           the built overlay (its script and the UI module it imports)
 */
export async function startLibraryPages(): Promise<LibraryPages> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const script = clientBuildScript(url.pathname);
    if (script !== undefined) {
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
      return;
    }
    if (url.pathname.startsWith('/dist/overlay/')) {
      const file = resolve(OVERLAY_DIST, url.pathname.slice('/dist/overlay/'.length));
      if (!file.startsWith(OVERLAY_DIST + sep) || !existsSync(file)) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' }).end(readFileSync(file));
      return;
    }
    if (url.pathname === '/page') {
      const libraries = (url.searchParams.get('libraries') ?? '').split(',').filter((name): name is LibraryName => (LIBRARY_NAMES as string[]).includes(name));
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
        .end(libraryPageHtml(libraries, url.searchParams.get('overlay') === '1'));
      return;
    }
    response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', done);
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url(libraries, options = {}) {
      if (options.overlay && !existsSync(resolve(OVERLAY_DIST, OVERLAY_SCRIPT))) throw new Error(`${OVERLAY_DIST} is missing: run npm run build`);
      return `${origin}/page?libraries=${libraries.join(',')}${options.overlay ? '&overlay=1' : ''}`;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

/** The page's globals these helpers use: the libraries' own, the page API, and the clients opened by name. */
export type LibraryTestWindow = Window & {
  __REALTIME_DEVTOOLS__: RealtimeDevtoolsApi;
  io: (url: string, options: object) => unknown;
  Pusher: new (key: string, options: object) => unknown;
  Ably: { Realtime: new (options: object) => unknown };
  libraryClients?: Record<string, unknown>;
};

/** Page function: a socket.io-client Socket named `name`, connected and upgraded from long-polling to WebSocket. */
export async function openSocketIoClient(args: { name: string; url: string; options?: object }): Promise<void> {
  type Socket = { on(event: string, listener: () => void): void; io: { engine: { transport: { name: string } } } };
  const win = window as unknown as LibraryTestWindow;
  const socket = win.io(args.url, { forceNew: true, ...args.options }) as Socket;
  win.libraryClients = { ...win.libraryClients, [args.name]: socket };
  await new Promise<void>((connected) => socket.on('connect', () => connected()));
  // Long-polling comes first; the WebSocket it upgrades to is what later goes offline.
  const deadline = performance.now() + 10_000;
  while (socket.io.engine.transport.name !== 'websocket' && performance.now() < deadline) await new Promise((later) => setTimeout(later, 20));
}

/** Page function: a pusher-js client named `name`, subscribed to `channel` once pusher-js says it succeeded. */
export async function openPusherClient(args: { name: string; key: string; options: object; channel: string }): Promise<void> {
  type Channel = { bind(event: string, listener: () => void): void };
  type Client = { subscribe(channel: string): Channel };
  const win = window as unknown as LibraryTestWindow;
  const pusher = new win.Pusher(args.key, args.options) as Client;
  win.libraryClients = { ...win.libraryClients, [args.name]: pusher };
  const channel = pusher.subscribe(args.channel);
  await new Promise<void>((subscribed) => channel.bind('pusher:subscription_succeeded', () => subscribed()));
}

/** Page function: an Ably Realtime client named `name`, connected, and entered into `enter.channel`'s presence. */
export async function openAblyClient(args: { name: string; options: object; enter?: { channel: string; data: unknown } }): Promise<void> {
  type Client = {
    connection: { once(state: string, listener: () => void): void };
    channels: { get(name: string): { presence: { enter(data: unknown): Promise<void> } } };
  };
  const win = window as unknown as LibraryTestWindow;
  const client = new win.Ably.Realtime({ logLevel: 0, ...args.options }) as Client;
  win.libraryClients = { ...win.libraryClients, [args.name]: client };
  await new Promise<void>((connected) => client.connection.once('connected', () => connected()));
  if (args.enter) await client.channels.get(args.enter.channel).presence.enter(args.enter.data);
}

/** Page function: the `client` events of the page API, of one kind (`ClientEvent['kind']`) if given. */
export function readClientEvents(kind?: string): ClientEvent[] {
  return (window as unknown as LibraryTestWindow).__REALTIME_DEVTOOLS__.events()
    .filter((event): event is ClientEvent => event.type === 'client' && (kind === undefined || event.kind === kind));
}
