import { describe, expect, it } from 'vitest';
import type { CaptureEvent, ConnectionInfo } from '../../instrumentation/protocol';
import { buildTrace } from '../../instrumentation/trace/build-trace';
import { MAX_TRACE_BYTES, parseTrace, type ParseTraceResult } from '../../instrumentation/trace/parse-trace';
import { sampleCapture, T0 } from './fixtures/trace/capture';

const valid = buildTrace(sampleCapture(), { redact: false });
const validText = JSON.stringify(valid);

function errorsOf(result: ParseTraceResult): string[] {
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.errors.map((problem) => (problem.path ? `${problem.path}: ${problem.message}` : problem.message));
}

function withChange(change: (trace: Record<string, unknown>) => void): string {
  const copy = JSON.parse(validText) as Record<string, unknown>;
  change(copy);
  return JSON.stringify(copy);
}

/** mulberry32: a small seeded generator, so that a failing fuzz case can be replayed. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('parseTrace refuses bad files with messages that say where and why', () => {
  it.each([
    ['not text', 42, ['expected the text of a file']],
    ['an empty file', '  \n', ['the file is empty']],
    ['a JSON array', '[1,2]', ['expected a JSON object (a Realtime DevTools trace or a HAR log)']],
    ['a foreign JSON file', '{"name":"package","version":"1.0.0"}', ['format: missing: this is neither a Realtime DevTools trace nor a HAR file']],
    ['another format', '{"format":"chrome-trace","version":1}', ['format: expected "realtime-devtools-trace"']],
  ])('%s', (_what, input, expected) => {
    expect(errorsOf(parseTrace(input))).toEqual(expected);
  });

  it('a truncated file', () => {
    const [message] = errorsOf(parseTrace(validText.slice(0, validText.length / 2)));
    expect(message).toMatch(/^not valid JSON \(is the file complete\?\): /);
  });

  it('a file from a newer version', () => {
    expect(errorsOf(parseTrace(withChange((trace) => { trace.version = 2; })))).toEqual([
      'version: version 2 was written by a newer Realtime DevTools; this one reads version 1',
    ]);
  });

  it('wrong fields, each named by its path', () => {
    const text = withChange((trace) => {
      const connections = trace.connections as Record<string, unknown>[];
      const events = trace.events as Record<string, unknown>[];
      (connections[0] as Record<string, unknown>).transport = 'carrier-pigeon';
      (events[14] as Record<string, unknown>).direction = 'sideways';
      (events[23] as Record<string, unknown>).data = 'not base64!';
      (events[5] as Record<string, unknown>).connectionId = 'nope';
      (trace.page as Record<string, unknown>).timeOrigin = 'yesterday';
      trace.dropped = -1;
    });
    expect(errorsOf(parseTrace(text))).toEqual([
      'dropped: expected a whole number ≥ 0',
    ]);
    const fieldErrors = errorsOf(parseTrace(withChange((trace) => {
      const connections = trace.connections as Record<string, unknown>[];
      const events = trace.events as Record<string, unknown>[];
      (connections[0] as Record<string, unknown>).transport = 'carrier-pigeon';
      (events[14] as Record<string, unknown>).direction = 'sideways';
      (events[23] as Record<string, unknown>).data = 'not base64!';
      (events[5] as Record<string, unknown>).connectionId = 'nope';
      (trace.page as Record<string, unknown>).timeOrigin = 'yesterday';
    })));
    expect(fieldErrors).toEqual([
      'page.timeOrigin: expected a finite number',
      'connections[0].transport: expected one of "websocket", "eventsource", "fetch-sse", "polling"',
      'events[5].connectionId: no connection "nope" in connections',
      'events[14].direction: expected one of "in", "out"',
      'events[23].data: expected base64 text (encoding is base64)',
    ]);
  });

  it('duplicate ids and seqs', () => {
    const errors = errorsOf(parseTrace(withChange((trace) => {
      const connections = trace.connections as ConnectionInfo[];
      const events = trace.events as CaptureEvent[];
      (connections[1] as ConnectionInfo).id = 'c1';
      (events[3] as CaptureEvent).seq = 1;
    })));
    expect(errors).toContain('connections[1].id: duplicate connection id "c1"');
    expect(errors).toContain('events[3].seq: duplicate seq 1');
  });

  it.each(['__proto__', 'constructor', 'prototype'])('a %s key anywhere', (key) => {
    const hostile = validText.replace('"phase":"open"', `"phase":"open","nested":{"${key}":{"polluted":true}}`);
    const errors = errorsOf(parseTrace(hostile));
    expect(errors).toEqual([`events[6].nested.${key}: forbidden key (it could change the behaviour of every object in the viewer)`]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('nesting deeper than any trace', () => {
    const deep = `{"format":"realtime-devtools-trace","x":${'['.repeat(5_000)}${']'.repeat(5_000)}}`;
    expect(errorsOf(parseTrace(deep))[0]).toMatch(/nested more than 64 levels deep/);
  });

  it('absurd sizes, before parsing', () => {
    const big = ' '.repeat(MAX_TRACE_BYTES + 1);
    expect(errorsOf(parseTrace(big))).toEqual(['the file is 256.0 MB, over the 256.0 MB limit']);
  });

  it('keeps HTML and script payloads as plain text', () => {
    const result = parseTrace(validText);
    expect(result.ok && result.trace.events.some((event) => event.type === 'frame' && event.data.includes('<img src=x onerror=alert(1)>'))).toBe(true);
  });

  it('never throws on 2,000 seeded mutations of a valid trace, and refuses the broken ones with messages', () => {
    const random = seeded(20261122);
    const junk = ['"', '{', '}', '[', ']', ',', ':', 'null', '-1', '1e999', '"__proto__"', '\\u0000', 'true', '"x"', ''];
    let refused = 0;
    for (let round = 0; round < 2_000; round++) {
      let text = validText;
      const edits = 1 + Math.floor(random() * 4);
      for (let edit = 0; edit < edits; edit++) {
        const at = Math.floor(random() * text.length);
        const choice = random();
        if (choice < 0.3) text = text.slice(0, at);
        else if (choice < 0.6) text = text.slice(0, at) + (junk[Math.floor(random() * junk.length)] as string) + text.slice(at + Math.floor(random() * 5));
        else if (choice < 0.8) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 40));
        else text = text.slice(0, at) + String.fromCharCode(Math.floor(random() * 0x10000)) + text.slice(at + 1);
      }
      let result: ParseTraceResult | undefined;
      expect(() => { result = parseTrace(text); }).not.toThrow();
      if (result && !result.ok) {
        refused++;
        expect(result.errors.length).toBeGreaterThan(0);
        for (const problem of result.errors) expect(problem.message.length).toBeGreaterThan(0);
      }
    }
    expect(refused).toBeGreaterThan(1_000);
  });

  it('never throws on 1,000 seeded random JSON values shaped like traces', () => {
    const random = seeded(7);
    const values: unknown[] = [null, true, 0, -1, 1.5, '', 'x', [], {}, 'websocket', 'frame', 'base64'];
    const pick = (): unknown => values[Math.floor(random() * values.length)];
    const fields = ['format', 'version', 'tool', 'exportedAt', 'page', 'redaction', 'connections', 'events', 'dropped', 'log', 'entries'];
    for (let round = 0; round < 1_000; round++) {
      const candidate = JSON.parse(validText) as Record<string, unknown>;
      for (let edit = 0; edit < 3; edit++) {
        const field = fields[Math.floor(random() * fields.length)] as string;
        candidate[field] = random() < 0.5 ? pick() : [pick(), { type: pick(), seq: pick(), at: pick(), connectionId: pick() }];
      }
      expect(() => parseTrace(JSON.stringify(candidate))).not.toThrow();
    }
  });
});

describe('parseTrace at scale', () => {
  it('reads a 100k-frame trace in about a second', () => {
    const source = sampleCapture();
    const events: CaptureEvent[] = [];
    for (let seq = 1; seq <= 100_000; seq++) {
      events.push({
        type: 'frame', seq, at: T0 + seq, connectionId: 'c5', direction: seq % 2 ? 'in' : 'out', size: 60, kind: 'text',
        data: `{"type":"tick","n":${seq},"room":"lobby","payload":"${'x'.repeat(20)}"}`, encoding: 'text', truncated: false,
      });
    }
    const text = JSON.stringify(buildTrace({ ...source, events }, { redact: false }));
    const started = performance.now();
    const result = parseTrace(text);
    const elapsed = performance.now() - started;
    console.log(`parseTrace: 100,000 frames, ${(text.length / 1048576).toFixed(1)} MB in ${elapsed.toFixed(0)} ms`);
    expect(result.ok && result.trace.events.length).toBe(100_000);
    // About a second on a loaded 2-core machine; far more means a quadratic step crept in.
    expect(elapsed).toBeLessThan(3_000);
  });
});
