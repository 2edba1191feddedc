import type { ChaosSchedule, ChaosScheduleRequest } from '../protocol';

/**
 * Schedules turn `offline` on and off by the clock. Their times are page-clock epoch ms, so a schedule restored
 * after a reload carries on where it was rather than starting over.
 */

const MAX_SCHEDULE_MS = 24 * 60 * 60 * 1000;
const MIN_FLAP_PERIOD_MS = 100;

/** The schedule a request starts at `now`, or what is wrong with the request. */
export function startSchedule(request: unknown, now: number): ChaosSchedule | string {
  if (typeof request !== 'object' || request === null) return 'a schedule must be an object';
  const { kind, durationMs, periodMs, offlineMs } = request as Partial<Record<string, unknown>> & { kind?: unknown };
  const isDuration = (value: unknown, min: number): value is number =>
    typeof value === 'number' && Number.isFinite(value) && value >= min && value <= MAX_SCHEDULE_MS;
  if (kind === 'offline-for') {
    if (!isDuration(durationMs, 1)) return 'offline-for needs durationMs: a positive number of milliseconds (at most a day)';
    return { kind, durationMs, startedAt: now };
  }
  if (kind === 'flap') {
    if (!isDuration(periodMs, MIN_FLAP_PERIOD_MS)) return `flap needs periodMs: at least ${MIN_FLAP_PERIOD_MS} ms (at most a day)`;
    const offline = offlineMs ?? periodMs / 2;
    if (!isDuration(offline, 1) || offline >= periodMs) return 'flap offlineMs must be a positive number of milliseconds shorter than periodMs';
    return { kind, periodMs, offlineMs: offline, startedAt: now };
  }
  return 'a schedule is {kind: "offline-for", durationMs} or {kind: "flap", periodMs, offlineMs?}';
}

/** A restored schedule, checked like a new one but keeping its start. */
export function restoreSchedule(value: unknown): ChaosSchedule | null {
  if (typeof value !== 'object' || value === null) return null;
  const startedAt = (value as { startedAt?: unknown }).startedAt;
  if (typeof startedAt !== 'number' || !Number.isFinite(startedAt)) return null;
  const schedule = startSchedule(value as ChaosScheduleRequest, startedAt);
  return typeof schedule === 'string' ? null : schedule;
}

export interface ScheduledState {
  offline: boolean;
  /** When `offline` next changes; null when the schedule is over. */
  nextChangeAt: number | null;
}

export function scheduledState(schedule: ChaosSchedule, now: number): ScheduledState {
  if (schedule.kind === 'offline-for') {
    const endsAt = schedule.startedAt + schedule.durationMs;
    return now < endsAt ? { offline: true, nextChangeAt: endsAt } : { offline: false, nextChangeAt: null };
  }
  const elapsed = Math.max(0, now - schedule.startedAt);
  const phase = elapsed % schedule.periodMs;
  const periodStart = now - phase;
  const offline = phase < schedule.offlineMs;
  return { offline, nextChangeAt: periodStart + (offline ? schedule.offlineMs : schedule.periodMs) };
}
