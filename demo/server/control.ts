import type { ServerResponse } from 'node:http';
import type { DemoStatus, ServiceName, ServiceStatus } from '../shared/control-protocol';

/** A server the page can crash and bring back, so that reconnects can be watched. */
export interface Controllable {
  readonly status: ServiceStatus;
  kill(): void;
  restart(): void;
}

function statusOf(services: Record<ServiceName, Controllable>): DemoStatus {
  return { ws: services.ws.status, sse: services.sse.status };
}

/**
 * `GET /control/status`, and `POST /control/<ws|sse>/<kill|restart>`; each answers with the status of both.
 * Returns false for any other path.
 */
export function handleControl(
  method: string,
  urlPath: string,
  response: ServerResponse,
  services: Record<ServiceName, Controllable>,
): boolean {
  const answer = (code: number, body: unknown): true => {
    response.writeHead(code, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    response.end(JSON.stringify(body));
    return true;
  };
  if (urlPath === '/control/status') return method === 'GET' ? answer(200, statusOf(services)) : answer(405, { error: 'use GET' });
  const match = /^\/control\/(ws|sse)\/(kill|restart)$/.exec(urlPath);
  if (!match) return false;
  if (method !== 'POST') return answer(405, { error: 'use POST' });
  const service = services[match[1] as ServiceName];
  if (match[2] === 'kill') service.kill();
  else service.restart();
  return answer(200, statusOf(services));
}
