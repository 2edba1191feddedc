import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../bench/stats';
import type { CaptureEvent, FrameEvent } from '../../instrumentation/protocol';
import { CaptureRing } from '../../instrumentation/ring';

const lifecycle = (seq: number): CaptureEvent => ({ type: 'lifecycle', seq, at: 1_000 + seq, connectionId: 'c1', phase: 'open' });

const textFrame = (seq: number, data = `m${seq}`): FrameEvent => ({
  type: 'frame',
  seq,
  at: 1_700_000_000_000.25 + seq,
  connectionId: seq % 2 === 0 ? 'c2' : 'c1',
  direction: seq % 3 === 0 ? 'out' : 'in',
  size: data.length + 1,
  kind: 'text',
  data,
  encoding: 'text',
  truncated: false,
});

function pushText(ring: CaptureRing, frame: FrameEvent, cost: number): void {
  ring.pushText(frame.seq, frame.at, frame.connectionId, frame.direction, frame.size, frame.data, cost);
}

const seqs = (ring: CaptureRing): number[] => ring.toArray().map((event) => event.seq);

describe('CaptureRing', () => {
  it('keeps the newest events when the count bound is passed, and counts what it dropped', () => {
    const ring = new CaptureRing(3, 1_000);
    for (let seq = 1; seq <= 5; seq++) ring.push(lifecycle(seq), 10);
    expect(seqs(ring)).toEqual([3, 4, 5]);
    expect(ring.dropped).toBe(2);
    expect(ring.totalBytes).toBe(30);
  });

  it('drops the oldest events when the byte bound is passed', () => {
    const ring = new CaptureRing(100, 25);
    ring.push(lifecycle(1), 10);
    pushText(ring, textFrame(2), 10);
    ring.push(lifecycle(3), 10);
    expect(seqs(ring)).toEqual([2, 3]);
    expect(ring.dropped).toBe(1);
    expect(ring.totalBytes).toBe(20);
  });

  it('keeps a single event larger than the byte bound rather than nothing', () => {
    const ring = new CaptureRing(10, 5);
    ring.push(lifecycle(1), 1);
    pushText(ring, textFrame(2), 50);
    expect(seqs(ring)).toEqual([2]);
  });

  it('reads a text frame kept as columns back as the very event it stands for, whatever it was mixed with', () => {
    const ring = new CaptureRing(50, Number.MAX_SAFE_INTEGER);
    const expected: CaptureEvent[] = [];
    for (let seq = 1; seq <= 120; seq++) {
      if (seq % 5 === 0) {
        const event = lifecycle(seq);
        ring.push(event, 1);
        expected.push(event);
      } else {
        const frame = textFrame(seq, seq % 7 === 0 ? 'ünïcødé ✓' : `{"n":${seq}}`);
        pushText(ring, frame, 1);
        expected.push(frame);
      }
    }
    const kept = ring.toArray();
    expect(kept).toEqual(expected.slice(-50));
    // Same properties in the same order as an event made by the recorder, so that exports read the same.
    expect(JSON.stringify(kept)).toBe(JSON.stringify(expected.slice(-50)));
    // An event pushed as an object is handed back as that object.
    expect(kept.at(-1)).toBe(expected.at(-1));
  });

  it('wraps around many times without losing order', () => {
    const ring = new CaptureRing(7, Number.MAX_SAFE_INTEGER);
    for (let seq = 0; seq < 1_000; seq++) {
      if (seq % 3 === 0) ring.push(lifecycle(seq), 1);
      else pushText(ring, textFrame(seq), 1);
    }
    expect(seqs(ring)).toEqual([993, 994, 995, 996, 997, 998, 999]);
    expect(ring.dropped).toBe(993);
  });

  it('finds an event by its sequence number, in either form, and not one that was dropped', () => {
    const ring = new CaptureRing(4, 1_000);
    ring.push(lifecycle(1), 1);
    pushText(ring, textFrame(2), 1);
    ring.push(lifecycle(3), 1);
    pushText(ring, textFrame(4), 1);
    expect(ring.findBySeq(2)).toEqual(textFrame(2));
    expect(ring.findBySeq(3)).toEqual(lifecycle(3));
    pushText(ring, textFrame(5), 1);
    expect(ring.findBySeq(1)).toBeUndefined();
    expect(ring.findBySeq(5)).toEqual(textFrame(5));
    expect(ring.findBySeq(6)).toBeUndefined();
  });

  it('keeps, drops and finds exactly what a plain list bounded the same way would, over random mixes of both forms and resizes', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const random = seededRandom(seed);
      let maxItems = 1 + Math.floor(random() * 12);
      let maxBytes = 5 + Math.floor(random() * 60);
      const ring = new CaptureRing(maxItems, maxBytes);
      let model: { event: CaptureEvent; cost: number }[] = [];
      let dropped = 0;
      for (let seq = 1; seq <= 300; seq++) {
        const cost = 1 + Math.floor(random() * 12);
        const event = random() < 0.6 ? textFrame(seq) : lifecycle(seq);
        if (event.type === 'frame') pushText(ring, event, cost);
        else ring.push(event, cost);
        model.push({ event, cost });
        const total = () => model.reduce((sum, entry) => sum + entry.cost, 0);
        const bound = () => {
          while (model.length > maxItems || (total() > maxBytes && model.length > 1)) {
            model = model.slice(1);
            dropped++;
          }
        };
        bound();
        if (random() < 0.03) {
          maxItems = 1 + Math.floor(random() * 12);
          maxBytes = 5 + Math.floor(random() * 60);
          ring.resize(maxItems, maxBytes);
          bound();
        }
        const context = `seed ${seed}, after seq ${seq}`;
        expect(ring.toArray(), context).toEqual(model.map((entry) => entry.event));
        expect(ring.dropped, context).toBe(dropped);
        expect(ring.totalBytes, context).toBe(total());
        const probe = seq - Math.floor(random() * (maxItems + 3));
        expect(ring.findBySeq(probe), `${context}, finding ${probe}`).toEqual(model.find((entry) => entry.event.seq === probe)?.event);
      }
    }
  });

  it('resizes to smaller bounds keeping the newest events in both forms, and clears', () => {
    const ring = new CaptureRing(10, 1_000);
    for (let seq = 0; seq < 10; seq++) {
      if (seq % 2 === 0) ring.push(lifecycle(seq), 1);
      else pushText(ring, textFrame(seq), 1);
    }
    ring.resize(4, 1_000);
    expect(ring.toArray()).toEqual([lifecycle(6), textFrame(7), lifecycle(8), textFrame(9)]);
    expect(ring.dropped).toBe(6);
    pushText(ring, textFrame(10), 1);
    expect(seqs(ring)).toEqual([7, 8, 9, 10]);
    ring.resize(4, 2);
    expect(seqs(ring)).toEqual([9, 10]);
    expect(ring.totalBytes).toBe(2);
    ring.clear();
    expect(ring.toArray()).toEqual([]);
    expect(ring.dropped).toBe(0);
  });
});
