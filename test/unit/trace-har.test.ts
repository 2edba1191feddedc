import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import type { FrameEvent, LifecycleEvent } from '../../instrumentation/protocol';
import { buildHar } from '../../instrumentation/trace/build-har';
import { buildTrace } from '../../instrumentation/trace/build-trace';
import { parseTrace } from '../../instrumentation/trace/parse-trace';
import { sampleCapture, T0 } from './fixtures/trace/capture';

/** The HAR 1.2 schema as published in the `har-schema` package (one JSON Schema per HAR object, draft-06). */
const require = createRequire(import.meta.url);
const harSchemas = require('har-schema') as Record<string, { $id: string }>;
// Not strict: the package uses a few keywords outside JSON Schema (`optional`, `min`) that validators ignore.
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json') as object);
for (const schema of Object.values(harSchemas)) ajv.addSchema(schema);
const validateHar = ajv.getSchema('har.json#');

const chromeHar = readFileSync(resolve(import.meta.dirname, 'fixtures/trace/chrome-websocket.har.json'), 'utf8');

describe('HAR export', () => {
  const har = buildHar(buildTrace(sampleCapture()));

  it('is valid HAR 1.2', () => {
    expect(validateHar).toBeDefined();
    const valid = validateHar?.(JSON.parse(JSON.stringify(har)));
    expect(validateHar?.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('the schema check can fail: a HAR without timings is refused', () => {
    const broken = JSON.parse(JSON.stringify(har));
    delete broken.log.entries[0].timings;
    expect(validateHar?.(broken)).toBe(false);
  });

  it('writes WebSocket entries the way Chrome DevTools does', () => {
    const entry = har.log.entries.find((item) => item.request.url.startsWith('wss://bob'));
    expect(entry).toMatchObject({
      _resourceType: 'websocket',
      request: { method: 'GET', headers: [], cookies: [] },
      response: { status: 101, statusText: 'Switching Protocols', headers: [] },
      timings: { blocked: -1, dns: -1, connect: -1, ssl: -1, send: 0, wait: 20 },
    });
    expect(entry?._webSocketMessages).toEqual([
      { type: 'send', time: (T0 + 123) / 1000, opcode: 1, data: 'echo ünïcödé 🎉 <img src=x onerror=alert(1)>' },
      { type: 'receive', time: (T0 + 124) / 1000, opcode: 2, data: 'AAECA/8=' },
    ]);
    expect(entry?.time).toBe(entry ? entry.timings.wait + entry.timings.receive + entry.timings.send : -1);
  });

  it('writes SSE streams with their events as _eventSourceMessages', () => {
    const entry = har.log.entries.find((item) => item._resourceType === 'eventsource');
    expect(entry?.response).toMatchObject({ status: 200, content: { mimeType: 'text/event-stream' } });
    expect(entry?._eventSourceMessages?.map(({ eventName, eventId }) => ({ eventName, eventId }))).toEqual([
      { eventName: 'tick', eventId: '41' },
      { eventName: 'message', eventId: '42' },
    ]);
    expect(har.log.entries.some((item) => item.request.url.includes('transport=polling'))).toBe(false);
  });
});

describe('HAR import', () => {
  it('reads a Chrome-exported HAR: WebSocket and EventSource entries become connections and frames', () => {
    const result = parseTrace(chromeHar);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.source).toBe('har');
    expect(result.warnings).toEqual(['1 HAR entries that are not WebSocket or EventSource were left out']);
    const [socket, feed] = result.trace.connections;
    expect(socket).toMatchObject({
      transport: 'websocket', url: 'ws://localhost:5173/chat', requestedProtocols: ['chat.v2', 'chat.v1'], protocol: 'chat.v2',
      extensions: 'permessage-deflate; client_max_window_bits=15', framesIn: 2, framesOut: 2, bytesIn: 56 + 5,
      createdAt: Date.parse('2026-11-22T05:10:01.402Z'), openedAt: Date.parse('2026-11-22T05:10:01.402Z') + 1.436,
    });
    expect(feed).toMatchObject({ transport: 'eventsource', url: 'http://localhost:5173/feed', framesIn: 2 });
    const frames = result.trace.events.filter((event): event is FrameEvent => event.type === 'frame' && event.connectionId === socket?.id);
    // Chrome's times are epoch seconds; the trace's are epoch ms.
    expect(frames.map(({ direction, kind, data, at }) => ({ direction, kind, data, at }))).toEqual([
      { direction: 'out', kind: 'text', data: '{"type":"join","room":"lobby"}', at: 1795324201.405882 * 1000 },
      { direction: 'in', kind: 'text', data: '{"type":"joined","room":"lobby","users":["alice","bob"]}', at: 1795324201.407311 * 1000 },
      { direction: 'in', kind: 'binary', data: 'AAECA/8=', at: 1795324201.9 * 1000 },
      { direction: 'out', kind: 'text', data: '<img src=x onerror=alert(1)>', at: 1795324202.1 * 1000 },
    ]);
    const phases = result.trace.events.filter((event): event is LifecycleEvent => event.type === 'lifecycle' && event.connectionId === socket?.id);
    expect(phases.map((event) => event.phase)).toEqual(['connecting', 'open']);
    expect(result.trace.events.map((event) => event.seq)).toEqual(result.trace.events.map((_, index) => index + 1));
    expect(result.trace.page).toMatchObject({ url: 'http://localhost:5173/', userAgent: expect.stringContaining('Chrome/156') });
    expect(result.trace.redaction.enabled).toBe(false);
  });

  it('names what is wrong in a broken HAR', () => {
    const har = JSON.parse(chromeHar);
    har.log.entries[1]._webSocketMessages[2].opcode = 9;
    har.log.entries[1]._webSocketMessages[0].data = 42;
    har.log.entries[2]._eventSourceMessages = 'nope';
    const result = parseTrace(JSON.stringify(har));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      { path: 'log.entries[1]._webSocketMessages[0].data', message: 'expected a string' },
      { path: 'log.entries[1]._webSocketMessages[2].opcode', message: 'expected 1 (text) or 2 (binary)' },
      { path: 'log.entries[2]._eventSourceMessages', message: 'expected a list' },
    ]);
  });

  it('refuses a HAR without realtime traffic', () => {
    const har = JSON.parse(chromeHar);
    har.log.entries = [har.log.entries[0]];
    expect(parseTrace(JSON.stringify(har))).toEqual({
      ok: false,
      errors: [{ path: 'log.entries', message: 'no WebSocket or EventSource entries: this HAR has no realtime traffic to show' }],
    });
  });
});
