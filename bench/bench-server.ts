import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, resolve, sep } from 'node:path';
import type { Duplex } from 'node:stream';
import ts from 'typescript';
import { framedMessages } from './frames';

/** RFC 6455 §1.3: the GUID appended to the client's key to prove the server speaks WebSocket. */
const WEBSOCKET_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const FRAME_BYTES = 66;

export interface BenchServer {
  origin: string;
  /** Resolves with what the page POSTs to `/result/<trial>`. */
  result(trial: string): Promise<unknown>;
  close(): Promise<void>;
}

export interface BenchServerOptions {
  /** Most messages one `/blast` connection may ask for. */
  maxMessages: number;
  /** Folder served under `/dist/` (the built overlay and instrumentation). */
  distDir: string;
  /** Builds a page's HTML from its path and query. */
  page(path: string, query: URLSearchParams): string | undefined;
  /** TypeScript files the pages load as `/<name>.js`, transpiled on first request. */
  scripts: Record<string, string>;
}

function transpile(source: string, fileName: string): string {
  return ts.transpileModule(source, {
    fileName,
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, verbatimModuleSyntax: true },
  }).outputText;
}

/**
 * Answers a `/blast?count=N` WebSocket handshake and writes N pre-framed 64-byte text messages at once. The
 * handshake is done by hand rather than with `ws` so that the frames can be written as one prepared buffer:
 * the server then costs next to nothing while the browser is being measured.
 */
function blast(request: IncomingMessage, socket: Duplex, frames: Buffer): void {
  const key = request.headers['sec-websocket-key'];
  const count = Number(new URL(request.url ?? '/', 'http://localhost').searchParams.get('count'));
  if (typeof key !== 'string' || !Number.isInteger(count) || count < 1 || count * FRAME_BYTES > frames.length) {
    socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    return;
  }
  const accept = createHash('sha1').update(key + WEBSOCKET_GUID).digest('base64');
  socket.write(
    'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
      `Sec-WebSocket-Accept: ${accept}\r\n\r\n`,
  );
  socket.write(frames.subarray(0, count * FRAME_BYTES));
  socket.on('data', (chunk: Buffer) => {
    // The page only ever sends a close frame (opcode 8) once it has counted everything: echo it and hang up.
    if (((chunk[0] ?? 0) & 0x0f) === 0x8) socket.end(Buffer.from([0x88, 0x00]));
  });
  socket.on('error', () => socket.destroy());
}

const CONTENT_TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css', '.map': 'application/json' };

export async function startBenchServer(options: BenchServerOptions): Promise<BenchServer> {
  const frames = framedMessages(options.maxMessages);
  const waiting = new Map<string, (value: unknown) => void>();
  const arrived = new Map<string, unknown>();
  const transpiled = new Map<string, string>();
  // Upgraded sockets leave the HTTP server's bookkeeping: closing needs its own list.
  const upgraded = new Set<Duplex>();

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const send = (code: number, type: string, body: string | Buffer): void => {
      response.writeHead(code, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
    };
    void (async () => {
      if (request.method === 'POST' && url.pathname.startsWith('/result/')) {
        const trial = url.pathname.slice('/result/'.length);
        const chunks: Buffer[] = [];
        for await (const chunk of request) chunks.push(chunk as Buffer);
        const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        const resolveResult = waiting.get(trial);
        if (resolveResult) resolveResult(value);
        else arrived.set(trial, value);
        send(204, 'text/plain', '');
        return;
      }
      const scriptName = /^\/([a-z-]+)\.js$/.exec(url.pathname)?.[1];
      const scriptFile = scriptName ? options.scripts[scriptName] : undefined;
      if (scriptFile) {
        let code = transpiled.get(scriptFile);
        if (code === undefined) {
          code = transpile(await readFile(scriptFile, 'utf8'), scriptFile);
          transpiled.set(scriptFile, code);
        }
        send(200, CONTENT_TYPES['.js'] ?? '', code);
        return;
      }
      if (url.pathname.startsWith('/dist/')) {
        const file = resolve(options.distDir, decodeURIComponent(url.pathname.slice('/dist/'.length)));
        if (file.startsWith(options.distDir + sep)) {
          try {
            send(200, CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', await readFile(file));
            return;
          } catch {
            // Falls through to 404.
          }
        }
      }
      const html = options.page(url.pathname, url.searchParams);
      if (html !== undefined) send(200, 'text/html; charset=utf-8', html);
      else send(404, 'text/plain', 'not found');
    })().catch((error: unknown) => {
      console.error('bench server:', error);
      if (!response.headersSent) send(500, 'text/plain', String(error));
    });
  });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex) => {
    upgraded.add(socket);
    socket.on('close', () => upgraded.delete(socket));
    if (new URL(request.url ?? '/', 'http://localhost').pathname === '/blast') blast(request, socket, frames);
    else socket.destroy();
  });
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  const { port } = server.address() as AddressInfo;

  return {
    origin: `http://127.0.0.1:${port}`,
    result(trial) {
      const early = arrived.get(trial);
      if (early !== undefined) {
        arrived.delete(trial);
        return Promise.resolve(early);
      }
      return new Promise((resolveResult) => waiting.set(trial, resolveResult));
    },
    close: () =>
      new Promise<void>((resolveClose) => {
        for (const socket of upgraded) socket.destroy();
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}
