import { describe, expect, it } from 'vitest';
import type { ConnectionInfo } from '../../instrumentation/protocol';
import type { ConnectionEntry } from '../../overlay/ui/store/connection-table';
import { layoutTimeline, niceTickStep, zoomRange } from '../../overlay/ui/views/timeline-layout';

const geometry = { timeWidth: 1000, labelWidth: 200, laneHeight: 40, axisHeight: 20 };

function entry(id: string, lineage: string, attempt: number, times: { created: number; opened: number | null; closed: number | null }, extra: Partial<ConnectionInfo> = {}): ConnectionEntry {
  const info: ConnectionInfo = {
    id, transport: 'websocket', url: `ws://127.0.0.1/${lineage}`, requestedProtocols: [], protocol: '', extensions: '',
    state: times.closed === null ? 'open' : 'closed', createdAt: times.created, openedAt: times.opened, closedAt: times.closed,
    closeCode: times.closed === null ? null : 1006, closeReason: times.closed === null ? null : '', wasClean: null,
    framesIn: 0, framesOut: 0, bytesIn: 0, bytesOut: 0, errors: 0, lineage, attempt, adoptedLate: false, ...extra,
  };
  return { key: `0:${id}`, session: 0, info };
}

/** A client whose server dies: attempts closed with 1006, retried after 1000, 2000 and 4000 ms of backoff. */
const backoff = [
  entry('c1', 'l1', 0, { created: 0, opened: 100, closed: 1000 }),
  entry('c2', 'l1', 1, { created: 2000, opened: 2050, closed: 2500 }),
  entry('c3', 'l1', 2, { created: 4500, opened: null, closed: 4800 }),
  entry('c4', 'l1', 3, { created: 8800, opened: 8850, closed: null }),
  entry('c5', 'l2', 0, { created: 500, opened: 510, closed: null }, { transport: 'eventsource', url: 'http://127.0.0.1/events' }),
];

describe('timeline layout', () => {
  it('draws one lane per lineage and measures the waits between attempts in ms', () => {
    const layout = layoutTimeline(backoff, 0, 10_000, geometry, null);
    expect(layout.lanes.map((lane) => lane.label)).toEqual(['WS 127.0.0.1/l1', 'SSE 127.0.0.1/events']);
    const [lane] = layout.lanes;
    expect(lane?.gaps.map((gap) => gap.ms)).toEqual([1000, 2000, 4000]);
    expect(lane?.gaps.map((gap) => gap.label)).toEqual(['1000 ms', '2000 ms', '4000 ms']);
    expect(lane?.summary).toBe('4 attempts · waited 1000, 2000, 4000 ms');
    expect(layout.lanes[1]?.y).toBe(geometry.axisHeight + geometry.laneHeight);
  });

  it('places bars on a linear time axis, connecting segment then open segment', () => {
    const layout = layoutTimeline(backoff, 0, 10_000, geometry, null);
    const [first, second, neverOpened, live] = layout.lanes[0]?.attempts ?? [];
    // 10 s over 1000 px: 0.1 px per ms, after the 200 px label column.
    expect(first).toMatchObject({ x: 200, connectingWidth: 10, openWidth: 90, width: 100 });
    expect(second?.x).toBe(400);
    expect(neverOpened).toMatchObject({ connectingWidth: 30, openWidth: 0 });
    // A live connection runs until now.
    expect(live).toMatchObject({ x: 1080, width: 120, live: true, endLabel: null });
    const gap = layout.lanes[0]?.gaps[0];
    expect(gap).toMatchObject({ x: 300, width: 100 });
  });

  it('shows a label only where it fits, and the bare close code when the whole one does not', () => {
    const wide = layoutTimeline(backoff, 0, 10_000, { ...geometry, timeWidth: 10_000 }, null);
    expect(wide.lanes[0]?.attempts[0]?.endLabel).toBe('1006 Abnormal Closure');
    expect(wide.lanes[0]?.gaps.every((gap) => gap.showLabel)).toBe(true);
    const narrow = layoutTimeline(backoff, 0, 10_000, { ...geometry, timeWidth: 400 }, null);
    expect(narrow.lanes[0]?.attempts[0]?.endLabel).toBe('1006');
    expect(narrow.lanes[0]?.gaps[0]?.showLabel).toBe(false);
  });

  it('zooms into a window of time and keeps the zoom inside what exists', () => {
    const full = { start: 0, end: 10_000 };
    const view = { start: 1000, end: 3000 };
    const layout = layoutTimeline(backoff, 0, 10_000, geometry, view);
    expect(layout.lanes[0]?.attempts[1]?.x).toBe(200 + 500);
    expect(zoomRange(view, full, 0.5, 2000)).toEqual({ start: 1500, end: 2500 });
    expect(zoomRange({ start: 0, end: 2000 }, full, 0.5, 0)).toEqual({ start: 0, end: 1000 });
    expect(zoomRange(view, full, 10, 2000)).toBeNull();
  });

  it('chooses axis steps of 1, 2 or 5 × 10^n', () => {
    expect(niceTickStep(10_000, 1000, 100)).toBe(1000);
    expect(niceTickStep(10_000, 1000, 130)).toBe(2000);
    expect(niceTickStep(300_000, 1000, 110)).toBe(50_000);
  });
});
