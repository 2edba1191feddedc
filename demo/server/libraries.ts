import type { IncomingMessage, ServerResponse } from 'node:http';
import { startAblyServer, type AblyFixture } from '../../test/fixtures/servers/ably-server';
import { clientBuildScript } from '../../test/fixtures/servers/client-builds';
import { startPusherServer, type PusherFixture } from '../../test/fixtures/servers/pusher-server';
import { startSocketIoServer, type SocketIoFixture } from '../../test/fixtures/servers/socketio-server';
import type { LibrariesConfig, LibraryName, LibraryStatus, Todo } from '../shared/libraries-protocol';

/**
 * The "Libraries" page of the demo: the local Socket.IO, Pusher-protocol and Ably-protocol servers of
 * test/fixtures/servers/ (the ones the e2e tests use), each with kill / restart, plus a todo REST API whose changes
 * the Socket.IO server announces — the seeds' pattern of an event invalidating a TanStack Query.
 *
 *   GET  /libraries/config                 where the page's clients connect (LibrariesConfig)
 *   GET  /libraries/status                 { socketio|pusher|ably: { up, clients } }
 *   POST /libraries/<name>/<kill|restart>  kill: every connection dropped and the port refusing; restart: back
 *   GET  /lib/<file>                       the clients' browser builds, and @tanstack/query-core's ES build
 *   GET  /api/todos, POST /api/todos {title}   the todo list; a POST broadcasts `todo:created` on Socket.IO "/"
 */
const MAX_TITLE_LENGTH = 200;
const MAX_TODOS = 500;

interface Service {
  up: boolean;
  clients(): number;
  stop(): Promise<void>;
  restart(): Promise<void>;
}

export class LibraryServers {
  private readonly todos: Todo[] = [
    { id: 1, title: 'Open the overlay (Alt+Shift+R)', done: false },
    { id: 2, title: 'Kill the Socket.IO server and watch the backoff', done: false },
  ];

  private constructor(
    private readonly socketIo: SocketIoFixture,
    private readonly pusher: PusherFixture,
    private readonly ably: AblyFixture,
    private readonly services: Record<LibraryName, Service>,
  ) {}

  static async start(): Promise<LibraryServers> {
    const [socketIo, pusher, ably] = await Promise.all([
      startSocketIoServer({ port: 0 }),
      // A short activity timeout, so that Pusher's ping/pong shows within a minute of watching.
      startPusherServer({ port: 0, activityTimeout: 30 }),
      startAblyServer({ port: 0 }),
    ]);
    const service = (fixture: { stop(): Promise<void>; restart(): Promise<void> }, clients: () => number): Service => {
      const entry: Service = {
        up: true,
        clients,
        async stop() {
          entry.up = false;
          await fixture.stop();
        },
        async restart() {
          await fixture.restart();
          entry.up = true;
        },
      };
      return entry;
    };
    return new LibraryServers(socketIo, pusher, ably, {
      socketio: service(socketIo, () => socketIo.io.engine.clientsCount),
      pusher: service(pusher, () => pusher.connectionCount),
      ably: service(ably, () => ably.connectionCount),
    });
  }

  config(userId: string): LibrariesConfig {
    return {
      socketIoUrl: this.socketIo.url,
      pusher: { appKey: this.pusher.appKey, options: this.pusher.clientOptions({ userId, userInfo: { name: userId } }) },
      ably: this.ably.clientOptions({ clientId: userId }),
    };
  }

  status(): Record<LibraryName, LibraryStatus> {
    const of = (name: LibraryName): LibraryStatus => ({ up: this.services[name].up, clients: this.services[name].up ? this.services[name].clients() : 0 });
    return { socketio: of('socketio'), pusher: of('pusher'), ably: of('ably') };
  }

  /** Answers the paths above; false for any other. */
  async handle(request: IncomingMessage, response: ServerResponse, urlPath: string): Promise<boolean> {
    const method = request.method ?? 'GET';
    const json = (code: number, body: unknown): true => {
      response.writeHead(code, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      response.end(JSON.stringify(body));
      return true;
    };
    if (urlPath === '/libraries/config') {
      const user = new URL(request.url ?? '/', 'http://localhost').searchParams.get('user') ?? 'guest';
      return json(200, this.config(user.slice(0, 40)));
    }
    if (urlPath === '/libraries/status') return json(200, this.status());
    const control = /^\/libraries\/(socketio|pusher|ably)\/(kill|restart)$/.exec(urlPath);
    if (control) {
      if (method !== 'POST') return json(405, { error: 'use POST' });
      const service = this.services[control[1] as LibraryName];
      if (control[2] === 'kill' && service.up) await service.stop();
      if (control[2] === 'restart' && !service.up) await service.restart();
      return json(200, this.status());
    }
    if (urlPath === '/api/todos') return this.handleTodos(request, method, json);
    const script = clientBuildScript(urlPath);
    if (script === undefined) return false;
    response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'max-age=3600' });
    response.end(script);
    return true;
  }

  async close(): Promise<void> {
    await Promise.all([this.socketIo.close(), this.pusher.close(), this.ably.close()]);
  }

  private async handleTodos(request: IncomingMessage, method: string, json: (code: number, body: unknown) => true): Promise<true> {
    if (method === 'GET') return json(200, this.todos);
    if (method !== 'POST') return json(405, { error: 'use GET or POST' });
    let title: unknown;
    try {
      title = (JSON.parse(await readBody(request)) as { title?: unknown }).title;
    } catch {
      return json(400, { error: 'expected JSON {"title": "…"}' });
    }
    if (typeof title !== 'string' || title.trim() === '') return json(400, { error: 'title: expected a non-empty string' });
    const todo: Todo = { id: (this.todos[this.todos.length - 1]?.id ?? 0) + 1, title: title.trim().slice(0, MAX_TITLE_LENGTH), done: false };
    this.todos.push(todo);
    if (this.todos.length > MAX_TODOS) this.todos.shift();
    this.socketIo.io.of('/').emit('todo:created', todo);
    return json(201, todo);
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolveBody, reject) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > 64 * 1024) request.destroy(new Error('body too large'));
    });
    request.on('end', () => resolveBody(body));
    request.on('error', reject);
  });
}
