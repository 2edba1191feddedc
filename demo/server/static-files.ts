import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/**
 * Files of one folder under one URL prefix (the demo's `public/`, and `dist/overlay/` under `/realtime-devtools/`
 * the way a dev build would serve the overlay). Never cached, so that a rebuild shows on the next reload; paths
 * that climb out of the folder are not found.
 */
export class StaticFolder {
  constructor(
    private readonly prefix: string,
    private readonly folder: string,
  ) {}

  async serve(urlPath: string, response: ServerResponse): Promise<boolean> {
    if (!urlPath.startsWith(this.prefix)) return false;
    let relative: string;
    try {
      relative = decodeURIComponent(urlPath.slice(this.prefix.length)) || 'index.html';
    } catch {
      return false;
    }
    const file = resolve(this.folder, relative);
    if (!file.startsWith(this.folder + sep)) return false;
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return false;
    }
    response.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    });
    response.end(body);
    return true;
  }
}
