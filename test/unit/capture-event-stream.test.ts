import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEventStreamCapture, isEventStreamType } from '../../instrumentation/capture/event-stream-response';
import type { FrameEvent, LifecycleEvent } from '../../instrumentation/protocol';
import { Recorder } from '../../instrumentation/recorder';
import { restoreAll, type Patch } from '../../instrumentation/transports/patch-registry';

describe('isEventStreamType', () => {
  it('matches the essence text/event-stream whatever its case, spaces and parameters', () => {
    expect(isEventStreamType('text/event-stream')).toBe(true);
    expect(isEventStreamType(' Text/Event-Stream ; charset=utf-8')).toBe(true);
    expect(isEventStreamType('text/event-streams')).toBe(false);
    expect(isEventStreamType('application/json')).toBe(false);
    expect(isEventStreamType(null)).toBe(false);
  });
});

/** Node's own fetch, Response and streams stand in for the page's: the capture takes them from the window it is given. */
describe('createEventStreamCapture (on Node fetch)', () => {
  const chunks = ['data: a\n', '\nid: 7\nevent: tok', 'en\ndata: caf\xc3', '\xa9\n\n', 'data: unterminated'].map((chunk) => Buffer.from(chunk, 'latin1'));
  let server: Server;
  let origin: string;
  const patches: Patch[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/json') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{}');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      let index = 0;
      const next = (): void => {
        const chunk = chunks[index++];
        if (!chunk) return void res.end();
        res.write(chunk);
        setTimeout(next, 5);
      };
      next();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(() => restoreAll(patches));

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('hands on every byte while recording each complete event, and keeps url, type and status', async () => {
    const recorder = new Recorder();
    const capture = createEventStreamCapture(globalThis as unknown as Window & typeof globalThis, recorder, patches);
    const original = await fetch(`${origin}/stream`);
    const response = capture(original);
    expect(response).not.toBe(original);
    expect(response).toBeInstanceOf(Response);
    expect([response.url, response.type, response.status, response.headers.get('content-type')]).toEqual([`${origin}/stream`, 'basic', 200, 'text/event-stream']);
    expect(response.clone().url).toBe(`${origin}/stream`);
    const received = Buffer.from(await response.arrayBuffer());
    expect(received.equals(Buffer.concat(chunks))).toBe(true);

    const [info] = recorder.connections();
    expect(info).toMatchObject({ transport: 'fetch-sse', url: `${origin}/stream`, state: 'closed', wasClean: true, framesIn: 2 });
    const frames = recorder.events().filter((event): event is FrameEvent => event.type === 'frame');
    expect(frames.map((frame) => [frame.kind, frame.event, frame.data, frame.lastEventId, frame.decoded?.label])).toEqual([
      ['event', 'message', 'a', '', 'message'],
      ['event', 'token', 'café', '7', 'token'],
    ]);
    const phases = recorder.events().filter((event): event is LifecycleEvent => event.type === 'lifecycle').map((event) => event.phase);
    expect(phases).toEqual(['connecting', 'open', 'closed']);
  });

  it('closes the connection when the page cancels the body, and passes other responses through as they are', async () => {
    const recorder = new Recorder();
    const capture = createEventStreamCapture(globalThis as unknown as Window & typeof globalThis, recorder, patches);
    const json = await fetch(`${origin}/json`);
    expect(capture(json)).toBe(json);
    const reader = capture(await fetch(`${origin}/stream`)).body!.getReader();
    await reader.read();
    await reader.cancel('enough');
    expect(recorder.connections()).toMatchObject([{ transport: 'fetch-sse', state: 'closed', closeReason: 'cancelled by the page', wasClean: true }]);
  });
});
