import type { ToUiMessage } from '../../../instrumentation/protocol';

/**
 * How long streamed batches wait, at least, to be applied together. Each apply re-renders the views; in the overlay
 * that rendering shares the page's main thread, and in the panel it competes for the same cores, so a busy socket
 * must not cost sixty renders a second. Other messages (hello, snapshot, payload…) go at once, after what is waiting.
 */
export const BATCH_PACE_MS = 250;
/** However busy the UI is, what arrived is shown within this long. */
export const MAX_BATCH_PACE_MS = 1_000;
/**
 * The share of the main thread the UI may spend on streamed batches: when applying and rendering them took `cost`
 * ms, the next ones wait `cost / BUSY_SHARE` ms. Rendering costs about the same whatever the number of new rows
 * (only the rows in view are drawn), so a socket streaming thousands of frames a second is shown a little less
 * often instead of taking more of the page's time.
 */
export const BUSY_SHARE = 0.02;

export interface PaceTimers {
  schedule(run: () => void, ms: number): unknown;
  now(): number;
  /** Runs `run` once what an apply set off (the views' render, queued as a microtask) is done. */
  afterRender(run: () => void): void;
}

const browserTimers: PaceTimers = {
  schedule: (run, ms) => setTimeout(run, ms),
  now: () => performance.now(),
  afterRender: (run) => queueMicrotask(run),
};

export function pacedApply(apply: (message: ToUiMessage) => void, timers: PaceTimers = browserTimers): { push(message: ToUiMessage): void; flush(): void } {
  let waiting: ToUiMessage[] = [];
  let scheduled = false;
  let pace = BATCH_PACE_MS;
  const flush = (): void => {
    scheduled = false;
    const messages = waiting;
    waiting = [];
    if (messages.length === 0) return;
    const started = timers.now();
    for (const message of messages) apply(message);
    timers.afterRender(() => {
      pace = Math.min(MAX_BATCH_PACE_MS, Math.max(BATCH_PACE_MS, (timers.now() - started) / BUSY_SHARE));
    });
  };
  return {
    push(message) {
      if (message.kind !== 'batch') {
        flush();
        apply(message);
        return;
      }
      waiting.push(message);
      if (!scheduled) {
        scheduled = true;
        timers.schedule(flush, pace);
      }
    },
    flush,
  };
}
