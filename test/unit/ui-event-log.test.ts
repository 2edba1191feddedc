import { describe, expect, it } from 'vitest';
import type { FrameEvent } from '../../instrumentation/protocol';
import { EventLog, type LogRow } from '../../overlay/ui/store/event-log';

function frame(seq: number): FrameEvent {
  return { type: 'frame', seq, at: seq, connectionId: 'c1', direction: 'in', size: 2, kind: 'text', data: `#${seq}`, encoding: 'text', truncated: false };
}

const frames = (...seqs: number[]): FrameEvent[] => seqs.map(frame);

function seqs(log: EventLog): number[] {
  const out: number[] = [];
  for (let index = log.start; index < log.end; index++) out.push((log.row(index) as LogRow).seq);
  return out;
}

function sessionLog(maxRows = 1_000): EventLog {
  const log = new EventLog(maxRows);
  log.beginSession(0, null);
  return log;
}

describe('EventLog', () => {
  it('ignores events it already holds, whether resent in a later batch or twice in one', () => {
    const log = sessionLog();
    log.append(frames(1, 2, 3));
    log.append(frames(2, 3, 4, 4, 5));
    log.append(frames(1, 5));
    expect(seqs(log)).toEqual([1, 2, 3, 4, 5]);
  });

  it('inserts a late event in seq order, once, and says the rows were rewritten', () => {
    const log = sessionLog();
    log.append(frames(1, 2, 4, 6));
    const before = log.structureVersion;
    log.append(frames(5, 3));
    expect(seqs(log)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(log.structureVersion).toBeGreaterThan(before);
    const settled = log.structureVersion;
    log.append(frames(3, 5));
    expect(seqs(log)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(log.structureVersion).toBe(settled);
  });

  it('only grows at the end, without a rewrite, while events arrive in order', () => {
    const log = sessionLog();
    const before = log.structureVersion;
    for (let seq = 0; seq < 500; seq += 50) log.append(frames(...Array.from({ length: 50 }, (_, i) => seq + i)));
    expect(log.size).toBe(500);
    expect(log.structureVersion).toBe(before);
  });

  it('becomes exactly a snapshot, however often it is applied, without duplicates', () => {
    const log = sessionLog();
    log.append(frames(1, 2));
    log.replaceCurrentSession(frames(3, 1, 2, 2));
    log.replaceCurrentSession(frames(3, 1, 2, 2));
    expect(seqs(log)).toEqual([1, 2, 3]);
    log.append(frames(3, 4));
    expect(seqs(log)).toEqual([1, 2, 3, 4]);
  });

  it('does not deduplicate a new session against the previous one kept by preserve log', () => {
    const log = sessionLog();
    log.append(frames(1, 2, 3));
    log.beginSession(1, { type: 'navigation', seq: -1, at: 10, url: 'http://127.0.0.1/next' });
    log.append(frames(1, 2));
    expect(seqs(log)).toEqual([1, 2, 3, -1, 1, 2]);
    expect(log.indexOf(1, 2)).toBe(5);
    expect(log.indexOf(0, 2)).toBe(1);
  });

  it('keeps deduplicating by seq after evicting from the front', () => {
    const log = sessionLog(100);
    log.append(frames(...Array.from({ length: 150 }, (_, i) => i)));
    expect(log.size).toBeLessThanOrEqual(100);
    const first = (log.row(log.start) as LogRow).seq;
    log.append(frames(first, 149, 150));
    expect(seqs(log)).toEqual(Array.from({ length: 151 - first }, (_, i) => first + i));
    expect(log.evicted).toBe(first);
  });
});
