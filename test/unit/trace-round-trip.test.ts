import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import type { FrameEvent } from '../../instrumentation/protocol';
import { buildHar } from '../../instrumentation/trace/build-har';
import { buildTrace } from '../../instrumentation/trace/build-trace';
import { parseTrace } from '../../instrumentation/trace/parse-trace';
import { sampleCapture, T0 } from './fixtures/trace/capture';

const schema = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../instrumentation/trace/rtdtrace.schema.json'), 'utf8')) as object;
const ajv = new Ajv({ allErrors: true });
addFormats(ajv);
const validateSchema = ajv.compile(schema);

function parsed(text: string) {
  const result = parseTrace(text);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result;
}

describe('native trace round trip', () => {
  it('gives back the same connections and events, payloads byte for byte', () => {
    const source = sampleCapture();
    const trace = buildTrace(source, { redact: false });
    const result = parsed(JSON.stringify(trace));
    expect(result.source).toBe('trace');
    expect(result.trace.connections).toEqual(source.connections);
    expect(result.trace.events).toEqual(source.events);
    expect(result.trace.page).toEqual(source.page);
    expect(result.trace.dropped).toBe(3);
    expect(result.trace.sessionId).toBe(source.sessionId);
  });

  it('keeps non-secret payloads byte for byte in a redacted export', () => {
    const source = sampleCapture();
    const result = parsed(JSON.stringify(buildTrace(source)));
    const bySeq = new Map(result.trace.events.map((event) => [event.seq, event]));
    for (const seq of [13, 15, 23, 24]) {
      expect((bySeq.get(seq) as FrameEvent).data).toBe((source.events.find((event) => event.seq === seq) as FrameEvent).data);
    }
  });

  it('writes files that the published JSON Schema accepts', () => {
    for (const trace of [buildTrace(sampleCapture()), buildTrace(sampleCapture(), { redact: false, from: T0, to: T0 + 115, maxPayloadBytes: 8 })]) {
      const valid = validateSchema(JSON.parse(JSON.stringify(trace)));
      expect(validateSchema.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
    }
  });

  it('carries event types it does not know verbatim and says so', () => {
    const trace = buildTrace(sampleCapture(), { redact: false });
    const future = { type: 'presence-diff', seq: 999, at: T0 + 9_999, added: ['carol'] };
    const result = parsed(JSON.stringify({ ...trace, events: [...trace.events, future] }));
    expect(result.trace.events.at(-1)).toEqual(future);
    expect(result.warnings.join()).toContain('1 events of types this version does not know');
  });

  it('limits the export to connections, a time range and a payload size', () => {
    const source = sampleCapture();
    const only = buildTrace(source, { redact: false, connections: ['c5'] });
    expect(only.connections.map((connection) => connection.id)).toEqual(['c5']);
    expect(only.events.filter((event) => 'connectionId' in event && event.connectionId !== undefined).every((event) => (event as FrameEvent).connectionId === 'c5')).toBe(true);
    // Chaos, client (no connection) and internal errors stay as context.
    expect(only.events.some((event) => event.type === 'chaos')).toBe(true);

    const ranged = buildTrace(source, { redact: false, from: T0 + 113, to: T0 + 115 });
    expect(ranged.events.map((event) => event.seq)).toEqual([13, 14, 15]);
    expect(ranged.range).toEqual({ from: T0 + 113, to: T0 + 115 });

    const cut = buildTrace(source, { redact: false, maxPayloadBytes: 10 });
    const unicode = cut.events.find((event) => event.seq === 23) as FrameEvent;
    // 'echo ünïcö' is 13 bytes: the cut stops before a character it would split.
    expect(unicode.data).toBe('echo ünï');
    expect(unicode.truncated).toBe(true);
    expect(unicode.size).toBe((source.events.find((event) => event.seq === 23) as FrameEvent).size);
    const binary = cut.events.find((event) => event.seq === 24) as FrameEvent;
    expect(binary.data).toBe('AAECA/8=');
    expect(binary.truncated).toBe(false);
    const small = buildTrace(source, { redact: false, maxPayloadBytes: 3 }).events.find((event) => event.seq === 24) as FrameEvent;
    expect(small).toMatchObject({ data: 'AAEC', truncated: true });
  });
});

describe('HAR round trip', () => {
  it('reads its own HAR back into the same WebSocket and SSE frames', () => {
    const source = sampleCapture();
    const result = parsed(JSON.stringify(buildHar(buildTrace(source, { redact: false }))));
    expect(result.source).toBe('har');
    const framesOf = (events: typeof source.events, url: string, connections: typeof source.connections) => {
      const id = connections.find((connection) => connection.url === url)?.id;
      return events
        .filter((event): event is FrameEvent => event.type === 'frame' && event.connectionId === id)
        .map(({ direction, data, encoding, kind }) => ({ direction, data, encoding, kind }));
    };
    for (const connection of source.connections.filter((item) => item.transport !== 'polling')) {
      const expected = framesOf(source.events, connection.url, source.connections);
      expect(expected.length).toBeGreaterThan(0);
      expect(framesOf(result.trace.events, connection.url, result.trace.connections)).toEqual(expected);
    }
    expect(result.trace.connections.map((connection) => connection.transport)).toEqual(['websocket', 'websocket', 'websocket', 'eventsource', 'websocket']);
  });
});
