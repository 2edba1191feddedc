import type { ChaosState } from '../../../instrumentation/protocol';
import { describeFilter, describeSchedule } from '../store/chaos-summary';
import type { ChaosEventRecord } from '../store/store';
import { describeClose } from './describe';

/** A point on the timeline where simulated conditions changed: what started, what ended. */
export interface ChaosMarker {
  key: string;
  at: number;
  /** Short enough to sit beside the marker: `offline on`, `latency off`, `killed c3`. */
  label: string;
  /** Every change, one per line. */
  title: string;
}

/** A stretch of time during which some condition was simulated. `end` is null while it still is. */
export interface ChaosBand {
  key: string;
  start: number;
  end: number | null;
}

/** Each condition by name, with the words for its value; a condition that is off is absent. */
function conditionValues(state: ChaosState | null): Map<string, string> {
  const values = new Map<string, string>();
  if (!state) return values;
  if (state.offline) values.set('offline', 'offline');
  if (state.stall) values.set('stall', 'stalled');
  if (state.latencyInMs > 0 || state.latencyOutMs > 0) values.set('latency', `latency ↓${state.latencyInMs} ↑${state.latencyOutMs} ms`);
  if (state.jitterInMs > 0 || state.jitterOutMs > 0) values.set('jitter', `jitter ±↓${state.jitterInMs} ±↑${state.jitterOutMs} ms`);
  if (state.dropRateIn > 0 || state.dropRateOut > 0) {
    const filter = state.dropFilter ? ` of ${describeFilter(state.dropFilter)}` : '';
    values.set('drop', `drop ↓${Math.round(state.dropRateIn * 100)}% ↑${Math.round(state.dropRateOut * 100)}%${filter}`);
  }
  if (state.schedule) values.set('schedule', describeSchedule(state.schedule));
  return values;
}

/**
 * Markers and bands from the recorded changes, oldest first. Each page session starts with the network left alone
 * (a state restored across a reload arrives as its own `restored` change).
 */
export function chaosTimeline(records: readonly ChaosEventRecord[]): { markers: ChaosMarker[]; bands: ChaosBand[] } {
  const markers: ChaosMarker[] = [];
  const bands: ChaosBand[] = [];
  let session: number | null = null;
  let before = new Map<string, string>();
  let band: ChaosBand | null = null;
  for (const { session: recordSession, event } of records) {
    if (recordSession !== session) {
      // Conditions kept across a reload carry on into the next page load, whose first change is the `restored` one.
      if (band) bands.push({ ...band, end: event.at });
      band = null;
      session = recordSession;
      before = new Map();
    }
    const after = conditionValues(event.state);
    const changes: { short: string; long: string }[] = [];
    if (event.cause === 'kill' && event.connectionId !== undefined) {
      const close = describeClose(event.closeCode, event.closeReason);
      changes.push({ short: `killed ${event.connectionId}`, long: `killed ${event.connectionId}${close ? ` with ${close}` : ''}` });
    }
    for (const [name, value] of after) {
      if (before.get(name) !== value) changes.push({ short: `${name} on`, long: `${value}${before.has(name) ? ' (changed)' : ' started'}` });
    }
    for (const name of before.keys()) {
      if (!after.has(name)) changes.push({ short: `${name} off`, long: `${name} ended` });
    }
    if (changes.length > 0) {
      const preset = event.preset ? `preset ${event.preset}: ` : '';
      markers.push({
        key: `${recordSession}:${event.seq}`,
        at: event.at,
        label: preset + changes.map((change) => change.short).join(', '),
        title: [preset + event.cause, ...changes.map((change) => change.long)].join('\n'),
      });
    }
    if (after.size > 0 && !band) band = { key: `${recordSession}:${event.seq}`, start: event.at, end: null };
    if (after.size === 0 && band) {
      bands.push({ ...band, end: event.at });
      band = null;
    }
    before = after;
  }
  if (band) bands.push(band);
  return { markers, bands };
}
