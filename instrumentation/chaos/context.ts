import { natives } from '../natives';
import type { Recorder } from '../recorder';
import type { Conditions } from './conditions';
import type { QueueClock } from './delivery-queue';
import type { SyntheticEvents } from './synthetic-events';

export type PageWindow = Window & typeof globalThis;

/** What every part of the chaos layer shares. */
export interface ChaosContext {
  win: PageWindow;
  recorder: Recorder;
  conditions: Conditions;
  events: SyntheticEvents;
  clock: QueueClock;
}

export const nativeClock: QueueClock = {
  now: natives.now,
  setTimeout: (callback, ms) => natives.setTimeout(callback, ms),
  clearTimeout: (handle) => natives.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Frame extras of a frame lost on purpose. */
export const DROPPED = Object.freeze({ dropped: true });

/**
 * How long a refused connection takes to fail. A refusal on a dead network is immediate in browsers; a few
 * milliseconds keep a page that reconnects without back-off from spinning the CPU.
 */
export const REFUSAL_DELAY_MS = 10;
