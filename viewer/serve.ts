/**
 * `npm run viewer`: serves the built trace viewer (dist/viewer) on 127.0.0.1 and prints its URL.
 * `PORT=8080 npm run viewer` picks the port; a taken one falls back to a free one.
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { StaticFolder } from '../demo/server/static-files';
import { VIEWER_DIST } from './vite.config';

const HOST = '127.0.0.1';
const DEFAULT_PORT = 5180;

export interface RunningViewer {
  url: string;
  close(): Promise<void>;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolveListen, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE' && port !== 0) resolveListen(listen(server, 0));
      else reject(error);
    });
    server.listen(port, HOST, () => resolveListen((server.address() as AddressInfo).port));
  });
}

export async function startViewerServer(port = DEFAULT_PORT, folder = VIEWER_DIST): Promise<RunningViewer> {
  if (!existsSync(resolve(folder, 'index.html'))) throw new Error(`${folder}/index.html is missing: run npm run build`);
  const files = new StaticFolder('/', folder);
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', `http://${HOST}`).pathname;
    files.serve(path, response).then(
      (served) => {
        if (!served) response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
      },
      () => response.writeHead(500).end(),
    );
  });
  const actualPort = await listen(server, port);
  return {
    url: `http://${HOST}:${actualPort}/`,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const requested = Number.parseInt(process.env.PORT ?? '', 10);
  const viewer = await startViewerServer(Number.isFinite(requested) ? requested : DEFAULT_PORT);
  console.log(`Realtime DevTools trace viewer: ${viewer.url}`);
}
