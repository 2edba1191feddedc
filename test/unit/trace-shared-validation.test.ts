import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import type { CaptureEvent, QueryEvent, QueueEvent } from '../../instrumentation/protocol';
import { buildTrace } from '../../instrumentation/trace/build-trace';
import { parseTrace } from '../../instrumentation/trace/parse-trace';
import { validateToUiMessage } from '../../overlay/ui/store/validate';
import { sampleCapture } from './fixtures/trace/capture';

/** One protocol table serves the live UI (skip and report) and the importer (refuse with a path): both see the same. */
const query: QueryEvent = {
  type: 'query',
  seq: 1000,
  at: 1_763_790_001_000,
  kind: 'invalidated',
  queryHash: '["todos"]',
  queryKey: '["todos"]',
  observers: 2,
  cause: { frameSeq: 3, connectionId: 'c1', label: 'todo:created', inference: 'same-task', delayMs: 1 },
};
const queue: QueueEvent = {
  type: 'queue',
  seq: 1001,
  at: 1_763_790_001_010,
  kind: 'replay',
  library: 'tanstack-query',
  source: 'paused mutations',
  queued: 0,
  sent: [{ name: 'addTodo', preview: '{"title":"x"}', status: 'buffered', since: 1_763_790_000_500 }],
};

function traceWith(events: unknown[]): string {
  const source = sampleCapture();
  const trace = buildTrace(source, { redact: false });
  return JSON.stringify({ ...trace, events: [...trace.events, ...events] });
}

describe('protocol fields shared by the UI and the trace importer', () => {
  it('accepts query and queue events in a live batch and in a trace file', () => {
    const batch = validateToUiMessage({ kind: 'batch', connections: [], events: [query, queue], dropped: 0 });
    expect(batch.problems).toEqual([]);
    expect(batch.message?.kind === 'batch' && batch.message.events).toEqual([query, queue]);

    const parsed = parseTrace(traceWith([query, queue]));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    expect(parsed.trace.events.filter((event: CaptureEvent) => event.type === 'query' || event.type === 'queue')).toEqual([query, queue]);
  });

  it('documents query and queue events in the JSON Schema, which refuses a malformed one', () => {
    const schema = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../instrumentation/trace/rtdtrace.schema.json'), 'utf8')) as object;
    const ajv = new Ajv({ allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    expect(validate(JSON.parse(traceWith([query, queue])))).toBe(true);
    expect(validate(JSON.parse(traceWith([{ ...queue, library: 'nobody' }])))).toBe(false);
  });

  it('skips a malformed nested field in the UI and refuses it in a file, naming the same field', () => {
    const broken = { ...queue, sent: [{ name: 'addTodo', preview: 1, status: 'buffered', since: 0 }] };
    const batch = validateToUiMessage({ kind: 'batch', connections: [], events: [query, broken], dropped: 0 });
    expect(batch.message?.kind === 'batch' && batch.message.events).toEqual([query]);
    expect(batch.problems).toEqual(['batch.events[1].sent[0].preview: expected a string']);

    const parsed = parseTrace(traceWith([query, broken]));
    expect(parsed.ok).toBe(false);
    const errors = parsed.ok ? [] : parsed.errors;
    expect(errors).toHaveLength(1);
    expect(errors[0]?.path).toMatch(/^events\[\d+\]\.sent\[0\]\.preview$/);
    expect(errors[0]?.message).toBe('expected a string');
  });
});
