import { describe, expect, it } from 'vitest';
import { SseParser, summarizeSseItem } from '../../instrumentation/decoders/sse';
import type { SseItem } from '../../instrumentation/decoders/types';
import { sseRecording } from './fixtures/frames/frames';

const streamBytes = Buffer.concat(sseRecording.chunks.map((chunk) => Buffer.from(chunk)));

function eventsOf(items: SseItem[]) {
  return items.filter((item) => item.kind === 'event').map(({ type, data, lastEventId }) => ({ type, data, lastEventId }));
}

function feed(chunks: Array<string | Uint8Array>, parser = new SseParser()): SseItem[] {
  const items: SseItem[] = [];
  for (const chunk of chunks) items.push(...parser.push(chunk));
  return items;
}

describe('SseParser against Chromium’s EventSource (recorded)', () => {
  it('dispatches exactly the events Chromium dispatched, fed the recorded chunks', () => {
    const parser = new SseParser();
    const items = feed(sseRecording.chunks, parser);
    parser.end();
    expect(eventsOf(items)).toEqual(sseRecording.events);
    expect(parser.lastEventId).toBe(sseRecording.lastEventIdOnReconnect);
  });

  it('gives the same events whatever the byte split, even inside \\r\\n or a UTF-8 sequence', () => {
    for (let cut = 0; cut <= streamBytes.length; cut++) {
      const items = feed([streamBytes.subarray(0, cut), streamBytes.subarray(cut)]);
      expect(eventsOf(items), `cut at byte ${cut}`).toEqual(sseRecording.events);
    }
    expect(eventsOf(feed([...streamBytes].map((byte) => new Uint8Array([byte]))))).toEqual(sseRecording.events);
  });

  it('gives the same events fed as text chunks split at every character', () => {
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(streamBytes);
    expect(text.charCodeAt(0)).toBe(0xfeff);
    for (let cut = 0; cut <= text.length; cut++) {
      expect(eventsOf(feed([text.slice(0, cut), text.slice(cut)])), `cut at char ${cut}`).toEqual(sseRecording.events);
    }
  });

  it('reports valid retry lines, ignores others, and yields comments', () => {
    const parser = new SseParser();
    const items = feed(sseRecording.chunks, parser);
    expect(items.filter((item) => item.kind === 'retry')).toEqual([{ kind: 'retry', milliseconds: 1500 }]);
    expect(parser.reconnectionTime).toBe(1500);
    expect(items.filter((item) => item.kind === 'comment')).toEqual([
      { kind: 'comment', text: ' comment right after the BOM' },
      { kind: 'comment', text: ' keep-alive' },
    ]);
  });
});

describe('SseParser', () => {
  it('joins multi-line data with \\n and names unnamed events "message"', () => {
    expect(feed(['data: a\ndata: b\n\n'])).toEqual([{ kind: 'event', type: 'message', data: 'a\nb', lastEventId: '' }]);
  });

  it('treats \\r then \\n in the next chunk as one line ending, and a lone \\r as a line ending', () => {
    expect(eventsOf(feed(['data: x\r', '\ndata: y\r', '\r']))).toEqual([{ type: 'message', data: 'x\ny', lastEventId: '' }]);
    expect(eventsOf(feed(['data: x\r', '', '\n\r\n']))).toEqual([{ type: 'message', data: 'x', lastEventId: '' }]);
  });

  it('strips one BOM at the start only', () => {
    expect(eventsOf(feed(['\uFEFFdata: a\n\n']))).toEqual([{ type: 'message', data: 'a', lastEventId: '' }]);
    expect(eventsOf(feed(['\uFEFF\uFEFFdata: a\n\n']))).toEqual([]);
    expect(eventsOf(feed(['', '\uFEFFdata: a\n\n']))).toHaveLength(1);
  });

  it('keeps the last event id across events, ignores ids with NUL, and continues a given id', () => {
    const parser = new SseParser('41');
    expect(eventsOf(feed(['data: a\n\nid: 42\ndata: b\n\nid: 4\u00003\ndata: c\n\n'], parser)).map((event) => event.lastEventId)).toEqual([
      '41',
      '42',
      '42',
    ]);
    expect(parser.lastEventId).toBe('42');
  });

  it('drops the unterminated event at the end of a stream and starts clean on the next', () => {
    const parser = new SseParser();
    expect(feed(['data: partial\n', 'data: line without end'], parser)).toEqual([]);
    parser.end();
    expect(eventsOf(feed(['data: fresh\n\n'], parser))).toEqual([{ type: 'message', data: 'fresh', lastEventId: '' }]);
  });

  it('accepts retry as ASCII digits only, and only values it can hold', () => {
    const parser = new SseParser();
    const retries = feed(['retry: 10\nretry:20\nretry: -1\nretry: 1.5\nretry:\nretry: 99999999999999999999\nretry: 0\n'], parser);
    expect(retries).toEqual([
      { kind: 'retry', milliseconds: 10 },
      { kind: 'retry', milliseconds: 20 },
      { kind: 'retry', milliseconds: 0 },
    ]);
  });

  it('takes a field without a colon as the whole line with an empty value', () => {
    expect(eventsOf(feed(['data\n\n']))).toEqual([{ type: 'message', data: '', lastEventId: '' }]);
    expect(eventsOf(feed(['event\ndata: x\n\n']))).toEqual([{ type: 'message', data: 'x', lastEventId: '' }]);
  });

  it('stays linear on a huge line arriving in many chunks', () => {
    const parser = new SseParser();
    const started = performance.now();
    for (let i = 0; i < 20_000; i++) parser.push('data: ' + 'x'.repeat(100));
    const items = parser.push('\n\n');
    expect(items).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('summarizeSseItem', () => {
  it('labels events by type and dims comments as heartbeats', () => {
    expect(summarizeSseItem({ kind: 'event', type: 'update', data: 'line one\nline two', lastEventId: '7' })).toEqual({
      ok: true,
      protocol: 'sse',
      label: 'update',
      summary: 'update #7 line one line two',
    });
    expect(summarizeSseItem({ kind: 'comment', text: ' keep-alive' })).toMatchObject({ label: 'comment', heartbeat: true });
    expect(summarizeSseItem({ kind: 'retry', milliseconds: 1500 }).summary).toBe('retry 1500 ms');
  });
});
