import type { QueueClock } from '../../instrumentation/chaos/delivery-queue';

interface Timer {
  at: number;
  order: number;
  callback: () => void;
}

/** A clock whose time moves only when a test says so; timers fire in time order, ties in the order they were set. */
export class FakeClock implements QueueClock {
  time = 1_700_000_000_000;
  private timers = new Set<Timer>();
  private nextOrder = 0;

  now = (): number => this.time;

  setTimeout = (callback: () => void, ms: number): unknown => {
    const timer = { at: this.time + Math.max(0, ms), order: this.nextOrder++, callback };
    this.timers.add(timer);
    return timer;
  };

  clearTimeout = (handle: unknown): void => {
    this.timers.delete(handle as Timer);
  };

  get pending(): number {
    return this.timers.size;
  }

  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      let next: Timer | undefined;
      for (const timer of this.timers) {
        if (timer.at <= end && (!next || timer.at < next.at || (timer.at === next.at && timer.order < next.order))) next = timer;
      }
      if (!next) break;
      this.timers.delete(next);
      this.time = Math.max(this.time, next.at);
      next.callback();
    }
    // A callback may have moved the time on itself (see BusyClock in chaos-schedule-timing.test.ts): never go back.
    this.time = Math.max(this.time, end);
  }
}
