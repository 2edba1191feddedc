/**
 * `npm start`: the demo app — a small team chat over a plain WebSocket and a live market feed over Server-Sent
 * Events — served together with the built overlay, so that Realtime DevTools can be tried on traffic that looks like
 * our users' apps. One Node process, 127.0.0.1 only.
 */
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ChatServer } from './server/chat';
import { handleControl } from './server/control';
import { FeedServer } from './server/feed';
import { LibraryServers } from './server/libraries';
import { PageScripts } from './server/page-scripts';
import { StaticFolder } from './server/static-files';

const root = resolve(import.meta.dirname, '..');
export const OVERLAY_DIST = resolve(root, 'dist/overlay');
const DEFAULT_PORT = 5173;
const HOST = '127.0.0.1';

export interface DemoOptions {
  /** 0 picks a free port; a taken port falls back to a free one. */
  port?: number;
}

export interface RunningDemo {
  url: string;
  port: number;
  close(): Promise<void>;
}

function listen(server: ReturnType<typeof createServer>, port: number): Promise<number> {
  return new Promise((resolveListen, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      server.off('listening', onListening);
      if (error.code === 'EADDRINUSE' && port !== 0) resolveListen(listen(server, 0));
      else reject(error);
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolveListen((server.address() as AddressInfo).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, HOST);
  });
}

export async function startDemo(options: DemoOptions = {}): Promise<RunningDemo> {
  const chat = new ChatServer();
  const feed = new FeedServer();
  const libraries = await LibraryServers.start();
  const pageFiles = new StaticFolder('/', resolve(import.meta.dirname, 'public'));
  const overlayFiles = new StaticFolder('/realtime-devtools/', OVERLAY_DIST);
  const pageScripts = new PageScripts({
    app: resolve(import.meta.dirname, 'app'),
    shared: resolve(import.meta.dirname, 'shared'),
  });

  const route = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const method = request.method ?? 'GET';
    const urlPath = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (handleControl(method, urlPath, response, { ws: chat, sse: feed })) return;
    if (await libraries.handle(request, response, urlPath)) return;
    if (method !== 'GET' && method !== 'HEAD') {
      response.writeHead(405).end();
      return;
    }
    if (urlPath === '/feed') {
      feed.handle(request, response);
      return;
    }
    if (urlPath.startsWith('/src/')) {
      const code = await pageScripts.load(urlPath);
      if (code !== undefined) {
        response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
        response.end(code);
        return;
      }
    }
    if (await overlayFiles.serve(urlPath, response)) return;
    if (await pageFiles.serve(urlPath, response)) return;
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
  };

  const server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      console.error('demo: request failed', error);
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  server.on('upgrade', (request, socket, head) => {
    if (new URL(request.url ?? '/', 'http://localhost').pathname === '/chat') chat.handleUpgrade(request, socket, head);
    else socket.destroy();
  });

  const port = await listen(server, options.port ?? DEFAULT_PORT);
  return {
    url: `http://${HOST}:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolveClose) => {
        chat.close();
        feed.close();
        server.closeAllConnections();
        server.close(() => void libraries.close().then(resolveClose));
      }),
  };
}

function printBanner(url: string): void {
  const lines = [
    '',
    `  Realtime DevTools demo: ${url}`,
    `  Socket.IO, Pusher, Ably and TanStack Query: ${url}libraries.html`,
    '',
    '  In-page overlay: already included by the demo page; open it with the launcher button or Alt+Shift+R.',
    '  Chrome / Chromium extension: chrome://extensions → Developer mode → Load unpacked →',
    `      ${resolve(root, 'dist/chrome')}`,
    '  Firefox add-on: about:debugging#/runtime/this-firefox → Load Temporary Add-on… →',
    `      ${resolve(root, 'dist/firefox/manifest.json')}`,
    '',
    '  Both pages have Kill / Restart buttons for their servers: watch the apps reconnect, resume and replay.',
    '  Ctrl+C stops the demo.',
    '',
  ];
  if (!existsSync(resolve(OVERLAY_DIST, 'realtime-devtools-overlay.js'))) {
    lines.push('  ⚠ dist/overlay is not built: run `npm run build` (npm start builds first).', '');
  }
  console.log(lines.join('\n'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const requestedPort = process.env.PORT ? Number(process.env.PORT) : DEFAULT_PORT;
  const demo = await startDemo({ port: Number.isInteger(requestedPort) ? requestedPort : DEFAULT_PORT });
  printBanner(demo.url);
  const stop = (): void => {
    void demo.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
