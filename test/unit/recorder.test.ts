import { describe, expect, it, vi } from 'vitest';
import type { CaptureUpdate } from '../../instrumentation/api';
import type { FrameEvent } from '../../instrumentation/protocol';
import { Recorder, endpointKey } from '../../instrumentation/recorder';

const frames = (recorder: Recorder) => recorder.events().filter((event): event is FrameEvent => event.type === 'frame');

describe('Recorder', () => {
  it('records text frames with their UTF-8 size and counts them per direction', () => {
    const recorder = new Recorder();
    const info = recorder.openConnection({ transport: 'websocket', url: 'ws://127.0.0.1/chat' });
    recorder.frame(info, 'out', 'héllo €');
    recorder.frame(info, 'in', '😀');
    const [out, inbound] = frames(recorder);
    expect(out).toMatchObject({ direction: 'out', kind: 'text', size: 10, data: 'héllo €', truncated: false });
    expect(inbound).toMatchObject({ direction: 'in', size: 4 });
    expect(info).toMatchObject({ framesOut: 1, framesIn: 1, bytesOut: 10, bytesIn: 4 });
  });

  it('records binary frames as base64 and cuts payloads over the cap, marking them', () => {
    const recorder = new Recorder({ maxPayloadBytes: 6 });
    const info = recorder.openConnection({ transport: 'websocket', url: 'ws://127.0.0.1/bin' });
    recorder.frame(info, 'in', new Uint8Array([0, 1, 2, 255]).buffer);
    recorder.frame(info, 'out', new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
    recorder.frame(info, 'out', 'abcdefghij');
    const [small, large, text] = frames(recorder);
    expect(small).toMatchObject({ kind: 'binary', encoding: 'base64', data: 'AAEC/w==', size: 4, truncated: false });
    expect(large).toMatchObject({ size: 10, truncated: true, data: btoa('\x01\x02\x03\x04\x05\x06') });
    expect(text).toMatchObject({ size: 10, truncated: true, data: 'abcdef' });
  });

  it('reads Blob frames without consuming them and keeps their arrival order number', async () => {
    const recorder = new Recorder();
    const info = recorder.openConnection({ transport: 'websocket', url: 'ws://127.0.0.1/bin' });
    const blob = new Blob([new Uint8Array([104, 105])]);
    recorder.frame(info, 'in', blob);
    recorder.frame(info, 'in', 'after');
    expect(info.bytesIn).toBe(7);
    await vi.waitFor(() => expect(frames(recorder)).toHaveLength(2));
    const blobFrame = frames(recorder).find((frame) => frame.kind === 'binary');
    const textFrame = frames(recorder).find((frame) => frame.kind === 'text');
    expect(blobFrame?.data).toBe('aGk=');
    expect(blobFrame!.seq).toBeLessThan(textFrame!.seq);
    expect(await blob.text()).toBe('hi');
  });

  it('tracks the lifecycle: open, closing, closed with code, reason and cleanliness', () => {
    const recorder = new Recorder();
    const info = recorder.openConnection({ transport: 'websocket', url: 'ws://127.0.0.1/x' });
    expect(info.state).toBe('connecting');
    recorder.lifecycle(info, 'open');
    expect(info.state).toBe('open');
    expect(info.openedAt).not.toBeNull();
    recorder.lifecycle(info, 'closing', { initiator: 'page' });
    recorder.lifecycle(info, 'closed', { closeCode: 4001, closeReason: 'bye', wasClean: true });
    expect(info).toMatchObject({ state: 'closed', closeCode: 4001, closeReason: 'bye', wasClean: true });
    const phases = recorder.events().map((event) => (event.type === 'lifecycle' ? event.phase : event.type));
    expect(phases).toEqual(['connecting', 'open', 'closing', 'closed']);
  });

  it('puts a re-opened endpoint in the same lineage with the next attempt, but a concurrent one in a new lineage', () => {
    const recorder = new Recorder();
    const first = recorder.openConnection({ transport: 'websocket', url: 'ws://127.0.0.1/socket.io/?EIO=4&transport=websocket&sid=a' });
    const concurrent = recorder.openConnection({ transport: 'websocket', url: 'ws://127.0.0.1/socket.io/?EIO=4&transport=websocket' });
    expect(concurrent.lineage).not.toBe(first.lineage);
    recorder.lifecycle(first, 'closed', { closeCode: 1006 });
    recorder.lifecycle(concurrent, 'closed', { closeCode: 1006 });
    const retry = recorder.openConnection({ transport: 'websocket', url: 'ws://127.0.0.1/socket.io/?EIO=4&transport=websocket&sid=b' });
    expect(retry.lineage).toBe(concurrent.lineage);
    expect(retry.attempt).toBe(1);
    const other = recorder.openConnection({ transport: 'websocket', url: 'ws://127.0.0.1/other' });
    expect(other).toMatchObject({ attempt: 0 });
    expect(other.lineage).not.toBe(retry.lineage);
  });

  it('continues a lineage explicitly for EventSource reconnects', () => {
    const recorder = new Recorder();
    const first = recorder.openConnection({ transport: 'eventsource', url: 'http://127.0.0.1/feed' });
    const second = recorder.openConnection({ transport: 'eventsource', url: 'http://127.0.0.1/feed', continues: first });
    expect(second).toMatchObject({ lineage: first.lineage, attempt: 1 });
  });

  it('ignores volatile query parameters in endpoint keys, but not meaningful ones', () => {
    expect(endpointKey('websocket', 'ws://h/app?resume=1&key=k')).toBe(endpointKey('websocket', 'ws://h/app?key=k&resume=2'));
    expect(endpointKey('websocket', 'ws://h/app?room=1')).not.toBe(endpointKey('websocket', 'ws://h/app?room=2'));
    expect(endpointKey('websocket', 'not a url')).toBe('websocket not a url');
  });

  it('batches updates for subscribers instead of calling them per frame', async () => {
    const recorder = new Recorder();
    const updates: CaptureUpdate[] = [];
    recorder.subscribe((update) => updates.push(update));
    const info = recorder.openConnection({ transport: 'websocket', url: 'ws://127.0.0.1/x' });
    for (let i = 0; i < 500; i++) recorder.frame(info, 'in', `m${i}`);
    expect(updates).toHaveLength(0);
    await vi.waitFor(() => expect(updates).toHaveLength(1));
    expect(updates[0]!.events).toHaveLength(501);
    expect(updates[0]!.connections).toHaveLength(1);
    expect(updates[0]!.connections[0]).toMatchObject({ framesIn: 500 });
    expect(updates[0]!.connections[0]).not.toBe(info);
  });

  it('lists in each update every connection that changed since the last one, however their frames interleave', () => {
    const recorder = new Recorder();
    const a = recorder.openConnection({ transport: 'websocket', url: 'ws://127.0.0.1/a' });
    const b = recorder.openConnection({ transport: 'websocket', url: 'ws://127.0.0.1/b' });
    const c = recorder.openConnection({ transport: 'websocket', url: 'ws://127.0.0.1/c' });
    recorder.frame(c, 'in', 'before anyone listened');
    const updates: CaptureUpdate[] = [];
    recorder.subscribe((update) => updates.push(update));
    const changed = () => updates.at(-1)!.connections.map((info) => [info.id, info.framesIn]);
    for (const info of [a, a, b, a, b, b]) recorder.frame(info, 'in', 'x');
    recorder.flush();
    expect(changed()).toEqual([[a.id, 3], [b.id, 3]]);
    // The run on `b` went on across the flush: `b` is listed again, and only the connections touched since.
    recorder.frame(b, 'in', 'y');
    recorder.flush();
    expect(changed()).toEqual([[b.id, 4]]);
    recorder.frame(b, 'in', 'z');
    recorder.clear();
    recorder.frame(b, 'in', 'after clear');
    recorder.update(c, { protocol: 'chat' });
    recorder.flush();
    expect(changed()).toEqual([[b.id, 1], [c.id, 0]]);
  });

  it('turns a throwing subscriber into an internal error and keeps serving the others', () => {
    const recorder = new Recorder();
    const healthy = vi.fn();
    recorder.subscribe(() => {
      throw new Error('boom');
    });
    recorder.subscribe(healthy);
    const info = recorder.openConnection({ transport: 'websocket', url: 'ws://127.0.0.1/x' });
    recorder.frame(info, 'in', 'a');
    recorder.flush();
    expect(healthy).toHaveBeenCalledTimes(1);
    expect(recorder.events().some((event) => event.type === 'internal-error' && event.message.includes('boom'))).toBe(true);
  });

  it('guard returns the fallback and records the error instead of throwing', () => {
    const recorder = new Recorder();
    expect(recorder.guard('test', () => {
      throw new TypeError('bad');
    }, 42)).toBe(42);
    expect(recorder.events()).toEqual([expect.objectContaining({ type: 'internal-error', where: 'test', message: 'TypeError: bad' })]);
  });

  it('counts dropped events when the ring wraps', () => {
    const recorder = new Recorder({ maxEvents: 10 });
    const info = recorder.openConnection({ transport: 'websocket', url: 'ws://127.0.0.1/x' });
    for (let i = 0; i < 25; i++) recorder.frame(info, 'in', String(i));
    expect(recorder.events()).toHaveLength(10);
    expect(recorder.dropped).toBe(16);
    expect(info.framesIn).toBe(25);
  });

  it('clear forgets events and closed connections but keeps open ones with reset counters', () => {
    const recorder = new Recorder();
    const open = recorder.openConnection({ transport: 'websocket', url: 'ws://127.0.0.1/a' });
    const closed = recorder.openConnection({ transport: 'websocket', url: 'ws://127.0.0.1/b' });
    recorder.frame(open, 'in', 'x');
    recorder.lifecycle(closed, 'closed', { closeCode: 1000 });
    recorder.clear();
    expect(recorder.events()).toEqual([]);
    expect(recorder.connections().map((info) => info.id)).toEqual([open.id]);
    expect(open.framesIn).toBe(0);
  });

  it('records and finds the same events whether or not a UI is subscribed, text frames, extras, cuts and decodings alike', () => {
    const play = (subscribed: boolean): Recorder => {
      const recorder = new Recorder({ maxPayloadBytes: 8 });
      let clock = 1_700_000_000_000.5;
      recorder.now = () => (clock += 1.25);
      if (subscribed) recorder.subscribe(() => {});
      recorder.annotator = {
        opened: () => {},
        decode: (_info, _direction, payload) => (payload === 'dec' ? { protocol: 'socket.io', label: 'event', summary: 'decoded' } : undefined),
      };
      const info = recorder.openConnection({ transport: 'websocket', url: 'ws://127.0.0.1/a' });
      recorder.frame(info, 'in', '{"a":1}');
      recorder.frame(info, 'out', 'hé ✓');
      recorder.frame(info, 'in', 'longer than the cap');
      recorder.frame(info, 'in', 'dec');
      recorder.frame(info, 'in', 'tick', { event: 'price', lastEventId: '7' });
      recorder.frame(info, 'out', 'late', { discarded: true });
      recorder.frame(info, 'in', new Uint8Array([1, 2, 3]));
      recorder.lifecycle(info, 'closed', { closeCode: 1000 });
      recorder.frame(info, 'in', 'bye');
      return recorder;
    };
    const alone = play(false);
    const watched = play(true);
    expect(JSON.stringify(alone.events())).toBe(JSON.stringify(watched.events()));
    expect(alone.events().map((event) => event.type)).toEqual(['lifecycle', ...Array<string>(7).fill('frame'), 'lifecycle', 'frame']);
    expect(frames(alone)[0]).toEqual({
      type: 'frame', seq: 2, at: 1_700_000_000_003, connectionId: 'c1', direction: 'in', size: 7, kind: 'text', data: '{"a":1}', encoding: 'text', truncated: false,
    });
    expect(frames(alone)[3]?.decoded).toMatchObject({ summary: 'decoded' });
    for (let seq = 1; seq <= 11; seq++) expect(JSON.stringify(alone.findEvent(seq))).toBe(JSON.stringify(watched.findEvent(seq)));
    expect(alone.connections()[0]).toMatchObject({ framesIn: 6, framesOut: 2, bytesIn: watched.connections()[0]!.bytesIn });
  });

  it('ignores nonsensical limits', () => {
    const recorder = new Recorder();
    recorder.setLimits({ maxEvents: -5, maxBytes: Number.NaN, previewBytes: 100 });
    expect(recorder.limits).toMatchObject({ maxEvents: 100_000, previewBytes: 100 });
  });
});
