import { describe, expect, it } from 'vitest';
import type { FrameEvent, LifecycleEvent } from '../../instrumentation/protocol';
import { EventLog, type LoggedEvent } from '../../overlay/ui/store/event-log';
import { compileFilter, FilteredView, narrows, type FrameFilterSpec } from '../../overlay/ui/store/frame-filter';

const spec = (overrides: Partial<FrameFilterSpec> = {}): FrameFilterSpec => ({ search: '', regex: false, direction: 'all', connection: null, ...overrides });

function frame(seq: number, data: string, overrides: Partial<FrameEvent> = {}): FrameEvent {
  return { type: 'frame', seq, at: seq, connectionId: 'c1', direction: 'in', size: data.length, kind: 'text', data, encoding: 'text', truncated: false, ...overrides };
}

function closed(seq: number, reason: string): LifecycleEvent {
  return { type: 'lifecycle', seq, at: seq, connectionId: 'c1', phase: 'closed', closeCode: 1006, closeReason: reason };
}

function logOf(events: LoggedEvent[], maxRows = 1_000_000): EventLog {
  const log = new EventLog(maxRows);
  log.beginSession(0, null);
  log.append(events);
  return log;
}

/** What a from-scratch scan would select: the reference the incremental view must always equal. */
function fullScan(log: EventLog, filterSpec: FrameFilterSpec): number[] {
  const filter = compileFilter(filterSpec);
  const out: number[] = [];
  for (let index = log.start; index < log.end; index++) {
    const row = log.row(index);
    if (row && (!filter.test || filter.test(row, log.sessionOf(index)))) out.push(index);
  }
  return out;
}

describe('compileFilter', () => {
  const rows = [frame(1, '{"type":"Join"}'), frame(2, 'price (USD) 1.5', { direction: 'out' }), frame(3, 'AAEC', { kind: 'binary', encoding: 'base64' })];

  it('matches plain text case-insensitively and literally (special characters are not regex)', () => {
    const test = compileFilter(spec({ search: 'join' })).test;
    expect(rows.map((row) => test?.(row, 0))).toEqual([true, false, false]);
    const literal = compileFilter(spec({ search: '(usd) 1.5' })).test;
    expect(rows.map((row) => literal?.(row, 0))).toEqual([false, true, false]);
  });

  it('applies a regular expression in regex mode and reports an invalid one instead of filtering', () => {
    const regex = compileFilter(spec({ search: '^\\{.*join', regex: true }));
    expect(regex.error).toBeNull();
    expect(rows.map((row) => regex.test?.(row, 0))).toEqual([true, false, false]);
    const invalid = compileFilter(spec({ search: '(unclosed', regex: true }));
    expect(invalid.error).toMatch(/Invalid regular expression/);
    expect(invalid.test).toBeNull();
  });

  it('filters by direction, keeping lifecycle rows for context', () => {
    const test = compileFilter(spec({ direction: 'out' })).test;
    expect([...rows, closed(4, 'bye')].map((row) => test?.(row, 0))).toEqual([false, true, false, true]);
  });

  it('filters by connection within its session (ids repeat across page loads)', () => {
    const test = compileFilter(spec({ connection: { session: 1, id: 'c1' } })).test;
    expect(test?.(frame(1, 'x'), 1)).toBe(true);
    expect(test?.(frame(1, 'x'), 0)).toBe(false);
    expect(test?.(frame(1, 'x', { connectionId: 'c2' }), 1)).toBe(false);
  });

  it('searches lifecycle rows by phase, code and reason, and SSE frames by event name', () => {
    expect(compileFilter(spec({ search: 'server restart' })).test?.(closed(1, 'server restart'), 0)).toBe(true);
    expect(compileFilter(spec({ search: 'priceupdate' })).test?.(frame(1, '{}', { kind: 'event', event: 'priceUpdate' }), 0)).toBe(true);
  });

  it('knows when a filter only narrows the previous one', () => {
    expect(narrows(compileFilter(spec({ search: 'pri' })), compileFilter(spec({ search: 'price' })))).toBe(true);
    expect(narrows(compileFilter(spec({ search: 'price' })), compileFilter(spec({ search: 'pri' })))).toBe(false);
    expect(narrows(compileFilter(spec()), compileFilter(spec({ direction: 'in' })))).toBe(true);
    expect(narrows(compileFilter(spec({ direction: 'in' })), compileFilter(spec({ direction: 'out' })))).toBe(false);
    expect(narrows(compileFilter(spec({ search: 'a', regex: true })), compileFilter(spec({ search: 'ab', regex: true })))).toBe(false);
  });
});

describe('FilteredView', () => {
  const words = ['alpha', 'beta', 'gamma', 'price', 'presence', 'prime'];
  const make = (from: number, count: number): LoggedEvent[] =>
    Array.from({ length: count }, (_, i) => {
      const seq = from + i;
      return seq % 17 === 0 ? closed(seq, 'gone') : frame(seq, `${words[seq % words.length]} ${seq}`, { direction: seq % 3 === 0 ? 'out' : 'in' });
    });

  it('stays equal to a full scan while rows stream in and the filter narrows, widens and changes', () => {
    const log = logOf(make(1, 500));
    const view = new FilteredView();
    const steps: FrameFilterSpec[] = [spec(), spec({ search: 'p' }), spec({ search: 'pr' }), spec({ search: 'pri' }), spec({ search: 'pr', direction: 'out' }), spec({ search: '' }), spec({ search: 'e\\s1', regex: true })];
    let next = 501;
    for (const step of steps) {
      view.update(log, compileFilter(step));
      expect(view.indices).toEqual(fullScan(log, step));
      log.append(make(next, 50));
      next += 50;
      view.update(log, compileFilter(step));
      expect(view.indices).toEqual(fullScan(log, step));
    }
  });

  it('tests only new rows when nothing but the log changed', () => {
    const log = logOf(make(1, 100));
    const view = new FilteredView();
    let calls = 0;
    const filter = compileFilter(spec({ search: 'price' }));
    const counting = { ...filter, test: (row: Parameters<NonNullable<typeof filter.test>>[0], session: number) => (calls++, filter.test?.(row, session) ?? true) };
    view.update(log, counting);
    expect(calls).toBe(100);
    log.append(make(101, 10));
    view.update(log, counting);
    expect(calls).toBe(110);
    expect(view.update(log, counting)).toBe(false);
    expect(calls).toBe(110);
  });

  it('follows eviction at the front and a late frame inserted in seq order', () => {
    const log = logOf([], 200);
    const view = new FilteredView();
    const filter = spec({ search: 'pr' });
    // Every seq ending in 5 is held back, as a frame read asynchronously from a Blob would be.
    const late = (event: LoggedEvent): boolean => event.seq % 10 === 5;
    for (let batch = 0; batch < 10; batch++) {
      log.append(make(batch * 50 + 1, 50).filter((event) => !late(event)));
      view.update(log, compileFilter(filter));
      expect(view.indices).toEqual(fullScan(log, filter));
    }
    expect(log.evicted).toBeGreaterThan(0);
    const lateSeq = log.row(log.end - 30)!.seq - (log.row(log.end - 30)!.seq % 10) + 5;
    log.append([frame(lateSeq, 'price arrived late')]);
    view.update(log, compileFilter(filter));
    expect(view.indices).toEqual(fullScan(log, filter));
    const seqsInOrder = log.rows.map((row) => row.seq);
    expect(seqsInOrder).toEqual([...seqsInOrder].sort((a, b) => a - b));
    expect(seqsInOrder).toContain(lateSeq);
  });
});
