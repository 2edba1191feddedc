import { describe, expect, it } from 'vitest';
import { restoreSchedule, scheduledState, startSchedule } from '../../instrumentation/chaos/schedule';

describe('chaos schedules', () => {
  it('keep offline for a while, then end', () => {
    const schedule = startSchedule({ kind: 'offline-for', durationMs: 5_000 }, 1_000);
    expect(schedule).toEqual({ kind: 'offline-for', durationMs: 5_000, startedAt: 1_000 });
    if (typeof schedule === 'string') throw new Error(schedule);
    expect(scheduledState(schedule, 1_000)).toEqual({ offline: true, nextChangeAt: 6_000 });
    expect(scheduledState(schedule, 5_999)).toEqual({ offline: true, nextChangeAt: 6_000 });
    expect(scheduledState(schedule, 6_000)).toEqual({ offline: false, nextChangeAt: null });
  });

  it('flap: offline at the start of every period, online for the rest, half and half by default', () => {
    const schedule = startSchedule({ kind: 'flap', periodMs: 4_000 }, 0);
    if (typeof schedule === 'string') throw new Error(schedule);
    expect(schedule.kind === 'flap' && schedule.offlineMs).toBe(2_000);
    expect(scheduledState(schedule, 0)).toEqual({ offline: true, nextChangeAt: 2_000 });
    expect(scheduledState(schedule, 2_000)).toEqual({ offline: false, nextChangeAt: 4_000 });
    expect(scheduledState(schedule, 4_001)).toEqual({ offline: true, nextChangeAt: 6_000 });
    expect(scheduledState(schedule, 42_500)).toEqual({ offline: false, nextChangeAt: 44_000 });
  });

  it('refuse requests that make no sense, saying why', () => {
    expect(startSchedule({ kind: 'offline-for', durationMs: 0 }, 0)).toMatch(/durationMs/);
    expect(startSchedule({ kind: 'flap', periodMs: 1_000, offlineMs: 1_000 }, 0)).toMatch(/shorter than periodMs/);
    expect(startSchedule({ kind: 'flap', periodMs: 10 }, 0)).toMatch(/at least/);
    expect(startSchedule({ kind: 'sometimes' }, 0)).toMatch(/offline-for/);
    expect(startSchedule(null, 0)).toMatch(/object/);
  });

  it('restore a stored schedule with its own start, and drop a malformed one', () => {
    expect(restoreSchedule({ kind: 'flap', periodMs: 1_000, offlineMs: 200, startedAt: 42 })).toEqual({ kind: 'flap', periodMs: 1_000, offlineMs: 200, startedAt: 42 });
    expect(restoreSchedule({ kind: 'flap', periodMs: 1_000, offlineMs: 200 })).toBeNull();
    expect(restoreSchedule('flap')).toBeNull();
  });
});
