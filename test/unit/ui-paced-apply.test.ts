import { describe, expect, it } from 'vitest';
import type { ToUiMessage } from '../../instrumentation/protocol';
import { BATCH_PACE_MS, BUSY_SHARE, MAX_BATCH_PACE_MS, pacedApply, type PaceTimers } from '../../overlay/ui/store/paced-apply';

const batch = (seq: number): ToUiMessage => ({ kind: 'batch', connections: [], events: [{ type: 'internal-error', seq, at: 0, where: 'x', message: 'm' }], dropped: 0 });

/** Timers run by hand; `renderMs` is how long the views take to render after each apply. */
function manualTimers(): PaceTimers & { clock: number; renderMs: number; delays: number[]; fire(): void } {
  let pending: (() => void) | undefined;
  const timers = {
    clock: 0,
    renderMs: 0,
    delays: [] as number[],
    schedule(run: () => void, ms: number) {
      timers.delays.push(ms);
      pending = run;
    },
    now: () => timers.clock,
    afterRender(run: () => void) {
      timers.clock += timers.renderMs;
      run();
    },
    fire() {
      const run = pending;
      pending = undefined;
      run?.();
    },
  };
  return timers;
}

describe('pacedApply', () => {
  it('applies streamed batches together once per pace, in order', () => {
    const applied: ToUiMessage[] = [];
    const timers = manualTimers();
    const incoming = pacedApply((message) => applied.push(message), timers);
    incoming.push(batch(1));
    incoming.push(batch(2));
    incoming.push(batch(3));
    expect(applied).toEqual([]);
    expect(timers.delays).toEqual([BATCH_PACE_MS]);
    timers.fire();
    expect(applied).toEqual([batch(1), batch(2), batch(3)]);
  });

  it('applies other messages at once, after the batches that came before them', () => {
    const applied: ToUiMessage[] = [];
    const incoming = pacedApply((message) => applied.push(message), manualTimers());
    incoming.push(batch(1));
    incoming.push({ kind: 'cleared' });
    expect(applied).toEqual([batch(1), { kind: 'cleared' }]);
  });

  it('waits longer after an expensive apply, so the UI keeps to its share of the main thread, and comes back when it is cheap', () => {
    const timers = manualTimers();
    const incoming = pacedApply(() => undefined, timers);
    const applyOnce = (renderMs: number): void => {
      timers.renderMs = renderMs;
      incoming.push(batch(1));
      timers.fire();
    };
    applyOnce(10);
    applyOnce(2);
    applyOnce(60);
    applyOnce(1);
    incoming.push(batch(1));
    expect(timers.delays).toEqual([BATCH_PACE_MS, 10 / BUSY_SHARE, BATCH_PACE_MS, MAX_BATCH_PACE_MS, BATCH_PACE_MS]);
  });

  it('counts the time the apply itself took, not only the render', () => {
    const timers = manualTimers();
    const incoming = pacedApply(() => {
      timers.clock += 8;
    }, timers);
    incoming.push(batch(1));
    timers.fire();
    incoming.push(batch(2));
    expect(timers.delays).toEqual([BATCH_PACE_MS, 8 / BUSY_SHARE]);
  });
});
