/**
 * Schedules on a clock that behaves like a busy browser's: time moves on while the controller's code runs, and a
 * timer's fractional delay is truncated (setTimeout's `timeout` is a WebIDL `long`), so timers fire up to 1 ms early.
 * Whatever the timing, every change of a schedule must be announced to the window, in order, and a schedule must end.
 * @see https://html.spec.whatwg.org/multipage/timers-and-user-prompts.html#dom-settimeout
 */
import { describe, expect, it } from 'vitest';
import { ChaosController } from '../../instrumentation/chaos/controller';
import type { QueueClock } from '../../instrumentation/chaos/delivery-queue';
import type { ChaosStorage } from '../../instrumentation/chaos/persistence';
import { Recorder } from '../../instrumentation/recorder';
import { FakeClock } from './chaos-fake-clock';

type PageWindow = Window & typeof globalThis;

class BusyClock implements QueueClock {
  constructor(
    readonly fake: FakeClock,
    private readonly msPerRead: number,
  ) {}

  now = (): number => {
    this.fake.time += this.msPerRead;
    return this.fake.time;
  };

  setTimeout = (callback: () => void, ms: number): unknown => this.fake.setTimeout(callback, Math.trunc(ms));

  clearTimeout = (handle: unknown): void => this.fake.clearTimeout(handle);
}

const noStorage: ChaosStorage = { load: () => undefined, save: () => {}, clear: () => {} };

function setup(msPerRead: number) {
  const win = new EventTarget() as unknown as PageWindow & { heard: string[] };
  Object.assign(win, { Event, MessageEvent, EventTarget, location: { host: '127.0.0.1:8080' }, heard: [] });
  win.addEventListener('offline', () => win.heard.push('offline'));
  win.addEventListener('online', () => win.heard.push('online'));
  const clock = new BusyClock(new FakeClock(), msPerRead);
  const controller = new ChaosController(win, new Recorder(), [], { storage: noStorage, clock, random: () => 0.5 });
  return { win, api: controller.api, fake: clock.fake };
}

/** From 0.05 to 0.95 ms of clock time per read: each lands the early timer at a different point before the change. */
const MS_PER_READ = Array.from({ length: 19 }, (_, i) => (i + 1) * 0.05);

describe('chaos schedules on a busy clock', () => {
  it.each(MS_PER_READ)('an offline-for schedule announces offline, then online, and ends (%f ms per clock read)', (msPerRead) => {
    const { api, win, fake } = setup(msPerRead);
    api.schedule({ kind: 'offline-for', durationMs: 600 });
    fake.advance(2_000);
    expect(win.heard).toEqual(['offline', 'online']);
    expect(api.get()).toMatchObject({ offline: false, schedule: null });
  });

  it.each(MS_PER_READ)('a flap schedule announces every change, alternating (%f ms per clock read)', (msPerRead) => {
    const { api, win, fake } = setup(msPerRead);
    api.schedule({ kind: 'flap', periodMs: 100, offlineMs: 50 });
    fake.advance(1_000);
    api.schedule(null);
    fake.advance(0);
    // Twenty changes by 950 ms (the one due at 1 s may come just after); stopping brings a cut network back.
    expect(win.heard.length).toBeGreaterThanOrEqual(20);
    expect(win.heard).toEqual(win.heard.map((_, i) => (i % 2 === 0 ? 'offline' : 'online')));
  });
});
