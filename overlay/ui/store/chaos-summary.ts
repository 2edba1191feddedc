import type { ChaosFrameFilter, ChaosSchedule, ChaosState } from '../../../instrumentation/protocol';

/**
 * Words for the simulated network conditions, shared by every place that must keep them in sight: the banner of
 * the panel and overlay, the overlay's launcher and the extension's toolbar icon. Pure, so that the background
 * service worker can use it without the UI.
 */

const seconds = (ms: number): string => `${Number((ms / 1000).toFixed(1))} s`;
const percent = (rate: number): string => `${Number((rate * 100).toFixed(1))}%`;

function pair(label: string, inValue: number, outValue: number, unit: (value: number) => string): string | null {
  if (inValue === 0 && outValue === 0) return null;
  if (inValue === outValue) return `${label} ${unit(inValue)}`;
  const parts = [inValue > 0 && `↓${unit(inValue)}`, outValue > 0 && `↑${unit(outValue)}`].filter(Boolean);
  return `${label} ${parts.join(' ')}`;
}

export function describeFilter(filter: ChaosFrameFilter): string {
  return filter.kind === 'regex' ? `/${filter.pattern}/${filter.flags ?? ''}` : `“${filter.pattern}”`;
}

export function describeSchedule(schedule: ChaosSchedule): string {
  return schedule.kind === 'offline-for'
    ? `offline for ${seconds(schedule.durationMs)}`
    : `flapping: offline ${seconds(schedule.offlineMs)} every ${seconds(schedule.periodMs)}`;
}

/** One phrase per condition in force, in the order users weigh them; empty when the network is left alone. */
export function chaosConditions(state: ChaosState): string[] {
  const drop = pair('drop', state.dropRateIn, state.dropRateOut, percent);
  return [
    state.offline && 'offline',
    state.stall && 'stalled',
    pair('latency', state.latencyInMs, state.latencyOutMs, (ms) => `${ms} ms`),
    pair('jitter', state.jitterInMs, state.jitterOutMs, (ms) => `±${ms} ms`),
    drop && state.dropFilter ? `${drop} of frames matching ${describeFilter(state.dropFilter)}` : drop,
    state.schedule && describeSchedule(state.schedule),
  ].filter((part): part is string => typeof part === 'string');
}

export function isChaosActive(state: ChaosState | null): state is ChaosState {
  return state !== null && chaosConditions(state).length > 0;
}

/** `Simulating: offline · latency 300 ms`, or null when nothing is simulated. */
export function chaosSummary(state: ChaosState | null): string | null {
  if (!state) return null;
  const conditions = chaosConditions(state);
  return conditions.length > 0 ? `Simulating: ${conditions.join(' · ')}` : null;
}

/** At most 4 characters, as a toolbar badge shows: the condition that changes the most what the app sees. */
export function chaosBadgeText(state: ChaosState | null): string {
  if (!state) return '';
  if (state.offline) return 'OFF';
  if (state.stall) return 'STAL';
  if (state.schedule) return 'FLAP';
  if (state.dropRateIn > 0 || state.dropRateOut > 0) return 'DROP';
  if (state.latencyInMs > 0 || state.latencyOutMs > 0 || state.jitterInMs > 0 || state.jitterOutMs > 0) return 'SLOW';
  return '';
}
