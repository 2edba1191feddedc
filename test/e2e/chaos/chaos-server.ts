/**
 * The local server the chaos specs load their pages from (127.0.0.1, random port).
 *
 * HTTP
 *   GET /                        an empty page
 *   GET <path given to page()>   that HTML
 *   GET /lib/socket.io.js, /lib/pusher.js, /lib/ably.js   the real clients' browser builds, from node_modules
 *   GET /sse/ticks?key=K&every=MS  an event stream that never ends by itself: `retry: 200`, then an event every MS
 *                                (default 100) with ids counting on from the request's Last-Event-ID, data `tick <id>`.
 *                                The Last-Event-ID of each request for key K is kept: `lastEventIds(K)`.
 *   GET /lib/query-core/<file>.js  the real @tanstack/query-core ES module build, from node_modules
 *   GET /api/hello               `{"hello":"world"}`
 *   POST /api/todos              answers the JSON body back with an id; every body received is kept: `todos()`
 * WebSocket
 *   /echo                        echoes every message (text stays text, binary stays binary)
 *   /feed?every=MS               sends `msg <n>` every MS (default 50) until closed
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { clientBuildScript } from '../../fixtures/servers/client-builds';


const BLANK_PAGE = '<!doctype html><html><head><meta charset="utf-8"><title>chaos</title></head><body></body></html>';
const TICK_RETRY_MS = 200;

export interface ChaosServer {
  httpUrl: string;
  wsUrl: string;
  /** Serves `html` at `path` from now on; returns its URL. */
  page(path: string, html: string): string;
  lastEventIds(key: string): (string | null)[];
  todos(): unknown[];
  close(): Promise<void>;
}

export async function startChaosServer(): Promise<ChaosServer> {
  const pages = new Map<string, string>([['/', BLANK_PAGE]]);
  const lastEventIds = new Map<string, (string | null)[]>();
  const streams = new Set<ServerResponse>();
  const todos: unknown[] = [];

  function ticks(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const key = url.searchParams.get('key') ?? '';
    const header = req.headers['last-event-id'];
    const lastEventId = typeof header === 'string' ? header : null;
    lastEventIds.set(key, [...(lastEventIds.get(key) ?? []), lastEventId]);
    const every = Number(url.searchParams.get('every') ?? 100);
    let id = lastEventId === null ? 0 : Number.parseInt(lastEventId, 10) || 0;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
    res.write(`retry: ${TICK_RETRY_MS}\n\n`);
    streams.add(res);
    const timer = setInterval(() => {
      id++;
      res.write(`id: ${id}\ndata: tick ${id}\n\n`);
    }, every);
    res.on('close', () => {
      clearInterval(timer);
      streams.delete(res);
    });
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const html = pages.get(url.pathname);
    if (html !== undefined) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html);
      return;
    }
    const script = clientBuildScript(url.pathname);
    if (script !== undefined) {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(script);
      return;
    }
    if (url.pathname === '/api/todos' && req.method === 'POST') {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        const todo: unknown = JSON.parse(body);
        todos.push(todo);
        res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id: todos.length, ...(todo as object) }));
      });
      return;
    }
    switch (url.pathname) {
      case '/sse/ticks':
        ticks(req, res, url);
        return;
      case '/api/hello':
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"hello":"world"}');
        return;
      default:
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });

  const sockets = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/echo') {
      sockets.handleUpgrade(req, socket, head, (ws: WebSocket) => ws.on('message', (data, isBinary) => {
        if (!isBinary && String(data) === 'close and hold') {
          // Starts the closing handshake and then stops reading, so that the browser sits in CLOSING (its reply is
          // never read and the TCP connection never ends) until its own timeout gives up on the server.
          ws.close(4001, 'held');
          socket.pause();
          return;
        }
        ws.send(data, { binary: isBinary });
      }));
    } else if (url.pathname === '/feed') {
      sockets.handleUpgrade(req, socket, head, (ws: WebSocket) => {
        let n = 0;
        const timer = setInterval(() => ws.send(`msg ${++n}`), Number(url.searchParams.get('every') ?? 50));
        ws.on('close', () => clearInterval(timer));
      });
    } else {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    httpUrl: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    page(path, html) {
      pages.set(path, html);
      return `http://127.0.0.1:${port}${path}`;
    },
    lastEventIds: (key) => [...(lastEventIds.get(key) ?? [])],
    todos: () => [...todos],
    async close() {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      for (const res of streams) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
