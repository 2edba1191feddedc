import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../instrumentation/chaos/settings';
import {
  type ChaosEvent,
  type ChaosState,
  type FrameEvent,
  type LifecycleEvent,
} from '../../instrumentation/protocol';
import { chaosBadgeText, chaosSummary, isChaosActive } from '../../overlay/ui/store/chaos-summary';
import { hello } from './support/hello';
import { createDevtoolsStore } from '../../overlay/ui/store/store';
import { chaosTimeline } from '../../overlay/ui/views/chaos-markers';

function chaosState(overrides: Partial<ChaosState> = {}): ChaosState {
  return { ...defaultSettings('app.test'), schedule: null, ...overrides };
}

function chaosEvent(seq: number, state: ChaosState, overrides: Partial<ChaosEvent> = {}): ChaosEvent {
  return { type: 'chaos', seq, at: 1000 + seq, cause: 'set', state, ...overrides };
}

function frame(seq: number, overrides: Partial<FrameEvent> = {}): FrameEvent {
  return { type: 'frame', seq, at: 1000 + seq, connectionId: 'c1', direction: 'out', size: 4, kind: 'text', data: 'ping', encoding: 'text', truncated: false, ...overrides };
}

function lifecycle(seq: number, overrides: Partial<LifecycleEvent> = {}): LifecycleEvent {
  return { type: 'lifecycle', seq, at: 1000 + seq, connectionId: 'c1', phase: 'closed', closeCode: 1006, wasClean: false, ...overrides };
}

function setup() {
  const store = createDevtoolsStore({ send: () => undefined });
  const apply = (message: unknown): void => store.getState().apply(message);
  apply(hello('s1'));
  apply({ kind: 'snapshot', connections: [], events: [], dropped: 0 });
  return { store, apply };
}

describe('store: chaos state', () => {
  it('keeps the conditions the page reports, and forgets them when another page says hello', () => {
    const { store, apply } = setup();
    expect(store.getState().chaos).toBeNull();
    const offline = chaosState({ offline: true, latencyInMs: 300, latencyOutMs: 300 });
    apply({ kind: 'chaos-state', state: offline });
    expect(store.getState().chaos).toEqual(offline);
    expect(store.getState().problems).toEqual([]);

    apply(hello('s2'));
    expect(store.getState().chaos).toBeNull();
  });

  it('refuses a malformed chaos-state visibly and keeps the last good one', () => {
    const { store, apply } = setup();
    const good = chaosState({ stall: true });
    apply({ kind: 'chaos-state', state: good });
    for (const state of [null, { ...good, offline: 'yes' }, { ...good, dropRateIn: 2 }, { ...good, schedule: { kind: 'forever' } }, { ...good, latencyInMs: -1 }]) {
      expect(() => apply({ kind: 'chaos-state', state })).not.toThrow();
    }
    expect(store.getState().chaos).toEqual(good);
    expect(store.getState().problemCount).toBe(5);
    expect(store.getState().problems[1]?.text).toContain('chaos-state.state.offline: expected a boolean');
  });
});

describe('store: chaos events and chaos-marked rows', () => {
  it('keeps chaos events as markers, out of the frame list, once each across a resent snapshot', () => {
    const { store, apply } = setup();
    const on = chaosEvent(2, chaosState({ offline: true }));
    const off = chaosEvent(4, chaosState());
    apply({ kind: 'batch', connections: [], events: [frame(1), on, lifecycle(3, { simulated: true })], dropped: 0 });
    apply({ kind: 'batch', connections: [], events: [off], dropped: 0 });
    // A reconnecting UI gets the whole ring again.
    apply({ kind: 'snapshot', connections: [], events: [frame(1), on, lifecycle(3, { simulated: true }), off], dropped: 0 });
    const state = store.getState();
    expect(state.log.rows.map((row) => row.seq)).toEqual([1, 3]);
    expect(state.chaosEvents.map((record) => record.event.seq)).toEqual([2, 4]);
    expect(state.problems).toEqual([]);
  });

  it('passes dropped frames and simulated lifecycle events through to the rows', () => {
    const { store, apply } = setup();
    apply({ kind: 'batch', connections: [], events: [frame(1, { dropped: true }), lifecycle(2, { simulated: true }), frame(3)], dropped: 0 });
    const rows = store.getState().log.rows as (FrameEvent | LifecycleEvent)[];
    expect(rows.map((row) => (row.type === 'frame' ? row.dropped : row.simulated))).toEqual([true, true, undefined]);
  });

  it('skips only malformed chaos items and says which', () => {
    const { store, apply } = setup();
    const good = chaosEvent(2, chaosState({ offline: true }));
    apply({
      kind: 'batch',
      connections: [],
      events: [frame(1, { dropped: 'yes' as unknown as boolean }), good, { ...good, seq: 3, cause: 'explode' }, { ...good, seq: 4, state: { offline: true } }],
      dropped: 0,
    });
    const state = store.getState();
    expect(state.log.rows).toHaveLength(0);
    expect(state.chaosEvents.map((record) => record.event.seq)).toEqual([2]);
    expect(state.problems).toHaveLength(1);
    expect(state.problems[0]?.text).toMatch(/^Skipped 3 malformed items of a “batch”.*events\[0\]\.dropped: expected a boolean/);
  });

  it('drops the markers when the page clears its log', () => {
    const { store, apply } = setup();
    apply({ kind: 'batch', connections: [], events: [chaosEvent(1, chaosState({ offline: true }))], dropped: 0 });
    apply({ kind: 'cleared' });
    expect(store.getState().chaosEvents).toEqual([]);
  });
});

describe('chaos summary', () => {
  it('says every condition in force, and nothing for the untouched network', () => {
    expect(chaosSummary(chaosState())).toBeNull();
    expect(isChaosActive(chaosState({ persist: true }))).toBe(false);
    expect(chaosSummary(chaosState({ offline: true, latencyInMs: 300, latencyOutMs: 300 }))).toBe('Simulating: offline · latency 300 ms');
    expect(chaosSummary(chaosState({ latencyInMs: 300, jitterOutMs: 20, dropRateOut: 0.25, dropFilter: { kind: 'regex', pattern: '^ping', flags: 'i' } }))).toBe(
      'Simulating: latency ↓300 ms · jitter ↑±20 ms · drop ↑25% of frames matching /^ping/i',
    );
    expect(chaosSummary(chaosState({ schedule: { kind: 'flap', periodMs: 20_000, offlineMs: 3_000, startedAt: 0 } }))).toBe(
      'Simulating: flapping: offline 3 s every 20 s',
    );
  });

  it('gives the toolbar badge the condition that matters most, in at most 4 characters', () => {
    expect(chaosBadgeText(null)).toBe('');
    expect(chaosBadgeText(chaosState())).toBe('');
    expect(chaosBadgeText(chaosState({ offline: true, stall: true, latencyInMs: 5 }))).toBe('OFF');
    expect(chaosBadgeText(chaosState({ stall: true }))).toBe('STAL');
    expect(chaosBadgeText(chaosState({ dropRateIn: 0.1, latencyInMs: 5 }))).toBe('DROP');
    expect(chaosBadgeText(chaosState({ jitterInMs: 5 }))).toBe('SLOW');
  });
});

describe('chaos timeline markers', () => {
  it('marks where each condition started and ended, kills, and the stretches with conditions on', () => {
    const records = [
      chaosEvent(1, chaosState({ offline: true })),
      chaosEvent(2, chaosState({ offline: true, latencyInMs: 100 })),
      chaosEvent(3, chaosState({ latencyInMs: 100 })),
      chaosEvent(4, chaosState({ latencyInMs: 100 }), { cause: 'kill', connectionId: 'c2', closeCode: 4001, closeReason: 'bye' }),
      chaosEvent(5, chaosState(), { cause: 'reset' }),
    ].map((event) => ({ session: 0, event }));
    const { markers, bands } = chaosTimeline(records);
    expect(markers.map((marker) => marker.label)).toEqual(['offline on', 'latency on', 'offline off', 'killed c2', 'latency off']);
    expect(markers[3]?.title).toContain('killed c2 with 4001');
    expect(bands).toEqual([{ key: '0:1', start: 1001, end: 1005 }]);
  });

  it('starts each page session from the untouched network, and leaves a band open while conditions are on', () => {
    const offline = chaosState({ offline: true });
    const { markers, bands } = chaosTimeline([
      { session: 0, event: chaosEvent(1, offline) },
      { session: 1, event: chaosEvent(1, offline, { at: 5000, cause: 'restored' }) },
    ]);
    expect(markers.map((marker) => marker.label)).toEqual(['offline on', 'offline on']);
    expect(bands).toEqual([
      { key: '0:1', start: 1001, end: 5000 },
      { key: '1:1', start: 5000, end: null },
    ]);
  });
});
