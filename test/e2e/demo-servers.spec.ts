/**
 * The demo's servers over real sockets from Node: the wire behaviour the demo page (and anyone watching it in the
 * DevTools) relies on — acks and de-duplication for the offline queue, presence, binary msgpack frames, refusal
 * while killed, and SSE resume from Last-Event-ID.
 */
import { get, type IncomingMessage } from 'node:http';
import { expect, test } from '@playwright/test';
import WebSocket from 'ws';
import type { ChatServerFrame } from '../../demo/shared/chat-protocol';
import { decodeMsgpack, encodeMsgpack } from '../../demo/shared/msgpack';
import { startDemo, type RunningDemo } from '../../demo/serve';

let demo: RunningDemo;

test.beforeAll(async () => {
  demo = await startDemo({ port: 0 });
});

test.afterAll(async () => {
  await demo.close();
});

/** A chat client that records every frame, text frames parsed as JSON and binary ones decoded as msgpack. */
class ChatClient {
  readonly text: ChatServerFrame[] = [];
  readonly binary: unknown[] = [];
  readonly socket: WebSocket;
  readonly opened: Promise<void>;

  constructor(user: string, room = 'general') {
    this.socket = new WebSocket(`ws://127.0.0.1:${demo.port}/chat?room=${room}&user=${user}`);
    this.socket.on('message', (data: Buffer, isBinary: boolean) => {
      if (isBinary) this.binary.push(decodeMsgpack(new Uint8Array(data)));
      else this.text.push(JSON.parse(data.toString('utf8')) as ChatServerFrame);
    });
    this.opened = new Promise((resolve, reject) => {
      this.socket.once('open', () => resolve());
      this.socket.once('error', reject);
    });
  }

  of<T extends ChatServerFrame['type']>(type: T): Extract<ChatServerFrame, { type: T }>[] {
    return this.text.filter((frame): frame is Extract<ChatServerFrame, { type: T }> => frame.type === type);
  }

  send(frame: unknown): void {
    this.socket.send(JSON.stringify(frame));
  }

  close(): void {
    this.socket.close();
  }
}

function post(path: string): Promise<Response> {
  return fetch(`${demo.url}${path.slice(1)}`, { method: 'POST' });
}

/** Opens the SSE stream and collects its text for `ms`, then hangs up. */
function readFeed(headers: Record<string, string>, ms: number): Promise<{ response: IncomingMessage; body: string }> {
  return new Promise((resolve, reject) => {
    const request = get(`${demo.url}feed`, { headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      setTimeout(() => {
        request.destroy();
        resolve({ response, body });
      }, ms);
    });
    request.on('error', reject);
  });
}

function eventIds(body: string, event: string): number[] {
  return [...body.matchAll(/id: (\d+)\nevent: (\w+)\n/g)].filter((match) => match[2] === event).map((match) => Number(match[1]));
}

test('chat: broadcast with an ack, a resent clientId acked again but not posted twice, presence to others', async () => {
  const ada = new ChatClient('Ada');
  await ada.opened;
  await expect.poll(() => ada.of('welcome').length).toBe(1);
  expect(ada.of('welcome')[0]?.members).toEqual(expect.arrayContaining(['Ada', 'Grace']));

  const bo = new ChatClient('Bo');
  await bo.opened;
  await expect.poll(() => ada.of('presence').map((frame) => `${frame.event} ${frame.user}`)).toContain('join Bo');

  ada.send({ type: 'message', clientId: 'c-1', text: 'hi Bo' });
  await expect.poll(() => bo.of('message').map((frame) => frame.text)).toContain('hi Bo');
  await expect.poll(() => ada.of('ack').length).toBe(1);
  const firstAck = ada.of('ack')[0];

  // The offline queue resends a message whose ack was lost: the server answers with the same id.
  ada.send({ type: 'message', clientId: 'c-1', text: 'hi Bo' });
  await expect.poll(() => ada.of('ack').length).toBe(2);
  expect(ada.of('ack')[1]).toEqual(firstAck);
  expect(bo.of('message').filter((frame) => frame.text === 'hi Bo')).toHaveLength(1);

  bo.send({ type: 'typing', typing: true });
  await expect.poll(() => ada.of('typing').some((frame) => frame.user === 'Bo' && frame.typing)).toBe(true);

  ada.send({ nonsense: true });
  await expect.poll(() => ada.of('error').length).toBe(1);

  bo.close();
  await expect.poll(() => ada.of('presence').map((frame) => `${frame.event} ${frame.user}`)).toContain('leave Bo');
  ada.close();
});

test('chat: binary msgpack heartbeat and PNG avatars', async () => {
  const cy = new ChatClient('Cy');
  await cy.opened;
  cy.socket.send(encodeMsgpack({ type: 'ping', ts: 1234.5 }));
  await expect.poll(() => cy.binary).toContainEqual({ type: 'pong', ts: 1234.5 });
  const avatar = cy.binary.find((frame) => (frame as { type?: string }).type === 'avatar') as { user: string; png: Uint8Array };
  expect([...avatar.png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  cy.close();
});

test('chat: a killed server drops its sockets (1006) and refuses upgrades until restarted', async () => {
  const di = new ChatClient('Di');
  await di.opened;
  const closed = new Promise<number>((resolve) => di.socket.once('close', (code) => resolve(code)));
  await post('/control/ws/kill');
  expect(await closed).toBe(1006);

  const refused = new ChatClient('Di');
  await expect(refused.opened).rejects.toThrow(/503/);

  const status = (await (await post('/control/ws/restart')).json()) as { ws: { up: boolean } };
  expect(status.ws.up).toBe(true);
  const back = new ChatClient('Di');
  await back.opened;
  back.close();
});

test('feed: retry and a snapshot first, then Last-Event-ID replays exactly the missed events; killed means no answer', async () => {
  const first = await readFeed({}, 1600);
  expect(first.response.headers['content-type']).toMatch(/^text\/event-stream/);
  expect(first.body.startsWith('retry: 2000\n\n')).toBe(true);
  expect(eventIds(first.body, 'snapshot')).toHaveLength(1);
  const prices = eventIds(first.body, 'price');
  expect(prices.length).toBeGreaterThan(0);

  const lastSeen = prices[0] as number;
  const resumed = await readFeed({ 'Last-Event-ID': String(lastSeen) }, 300);
  const replayed = [...resumed.body.matchAll(/id: (\d+)\n/g)].map((match) => Number(match[1]));
  expect(eventIds(resumed.body, 'snapshot')).toHaveLength(0);
  expect(replayed[0]).toBe(lastSeen + 1);
  replayed.forEach((id, index) => expect(id).toBe(lastSeen + 1 + index));

  await post('/control/sse/kill');
  await expect(readFeed({}, 300)).rejects.toThrow(/socket hang up|ECONNRESET/);
  await post('/control/sse/restart');
  expect((await readFeed({}, 300)).response.statusCode).toBe(200);
});
