/**
 * The chaos controller in node, with a window that has no transports: state changes, their timeline markers,
 * persistence across "reloads" (a second controller on the same storage), schedules on a fake clock, presets,
 * UI commands, and input that must be refused without a throw.
 */
import { describe, expect, it } from 'vitest';
import { applyChaosCommand } from '../../instrumentation/chaos/commands';
import { ChaosController } from '../../instrumentation/chaos/controller';
import { createChaosStorage, STORAGE_KEY, type ChaosStorage, type PersistedChaos } from '../../instrumentation/chaos/persistence';
import type { ChaosEvent, ChaosSchedule, ChaosSettings, InternalErrorEvent } from '../../instrumentation/protocol';
import { Recorder } from '../../instrumentation/recorder';
import { FakeClock } from './chaos-fake-clock';

type PageWindow = Window & typeof globalThis;

class FakeCloseEvent extends Event {}
class FakeProgressEvent extends Event {}

/** A window with events but no WebSocket, EventSource, fetch or XHR: only the controller's own logic runs. */
function fakeWindow(): PageWindow & { heard: string[] } {
  const win = new EventTarget() as unknown as PageWindow & { heard: string[] };
  Object.assign(win, {
    Event, MessageEvent, EventTarget, CloseEvent: FakeCloseEvent, ProgressEvent: FakeProgressEvent,
    location: { host: '127.0.0.1:8080', href: 'http://127.0.0.1:8080/' },
    heard: [],
  });
  win.addEventListener('offline', () => win.heard.push('offline'));
  win.addEventListener('online', () => win.heard.push('online'));
  return win;
}

class MemoryStorage implements ChaosStorage {
  saved: PersistedChaos | undefined;
  load = (): PersistedChaos | undefined => (this.saved ? structuredClone(this.saved) : undefined);
  save = (settings: ChaosSettings, schedule: ChaosSchedule | null): void => {
    this.saved = structuredClone({ settings, schedule });
  };
  clear = (): void => {
    this.saved = undefined;
  };
}

function setup(storage = new MemoryStorage(), clock = new FakeClock()) {
  const win = fakeWindow();
  const recorder = new Recorder();
  const controller = new ChaosController(win, recorder, [], { storage, clock, random: () => 0.5 });
  const chaosEvents = (): ChaosEvent[] => recorder.events().filter((event): event is ChaosEvent => event.type === 'chaos');
  const internalErrors = (): string[] => recorder.events().filter((event): event is InternalErrorEvent => event.type === 'internal-error').map((event) => event.message);
  return { win, recorder, controller, api: controller.api, storage, clock, chaosEvents, internalErrors };
}

describe('the chaos controller', () => {
  it('records each change as a marker carrying the state after it, and nothing for a change that changes nothing', () => {
    const { api, chaosEvents } = setup();
    expect(api.get()).toMatchObject({ offline: false, latencyInMs: 0, schedule: null, persist: true });
    api.set({ latencyMs: 80 });
    api.set({ latencyMs: 80 });
    api.set({ offline: true });
    api.reset();
    expect(chaosEvents().map(({ cause, state }) => [cause, state.latencyInMs, state.latencyOutMs, state.offline])).toEqual([
      ['set', 80, 80, false],
      ['set', 80, 80, true],
      ['reset', 0, 0, false],
    ]);
  });

  it('announces the network going and coming back to the window, in a task of its own', () => {
    const { api, win, clock } = setup();
    api.set({ offline: true });
    expect(win.heard).toEqual([]);
    clock.advance(0);
    api.set({ offline: false });
    clock.advance(0);
    expect(win.heard).toEqual(['offline', 'online']);
  });

  it('refuses bad input without throwing, and reports it as an internal error', () => {
    const { api, internalErrors, chaosEvents } = setup();
    const unsafe = api as unknown as Record<string, (...args: unknown[]) => unknown>;
    expect(() => unsafe.set?.(null)).not.toThrow();
    expect(unsafe.kill?.(42)).toBe(false);
    expect(api.kill('c1', 999)).toBe(false);
    expect(api.kill('c1', 1000, 'x'.repeat(124))).toBe(false);
    expect(api.kill('no-such-connection')).toBe(false);
    expect(unsafe.preset?.('dial-up')).toMatchObject({ latencyInMs: 0 });
    expect(api.schedule({ kind: 'flap', periodMs: 5 })).toMatchObject({ schedule: null });
    expect(internalErrors()).toHaveLength(6);
    expect(chaosEvents()).toEqual([]);
  });

  it('persists conditions for the next load of the tab, which starts under them, until reset', () => {
    const storage = new MemoryStorage();
    const first = setup(storage);
    first.api.set({ offline: true, latencyInMs: 25, dropFilter: /typing/ });
    expect(storage.saved?.settings).toMatchObject({ offline: true, latencyInMs: 25, dropFilter: { kind: 'regex', pattern: 'typing' } });

    const reloaded = setup(storage);
    expect(reloaded.api.get()).toMatchObject({ offline: true, latencyInMs: 25 });
    expect(reloaded.chaosEvents().map((event) => event.cause)).toEqual(['restored']);
    reloaded.clock.advance(0);
    expect(reloaded.win.heard, 'a page that loads offline gets no offline event').toEqual([]);

    reloaded.api.reset();
    expect(storage.saved).toBeUndefined();
    expect(setup(storage).api.get()).toMatchObject({ offline: false, latencyInMs: 0 });
  });

  it('does not persist when asked not to', () => {
    const storage = new MemoryStorage();
    const { api } = setup(storage);
    api.set({ persist: false, stall: true });
    expect(storage.saved).toBeUndefined();
  });

  it('runs a flap schedule on the clock, and a restored one carries on where it was', () => {
    const storage = new MemoryStorage();
    const clock = new FakeClock();
    const { api, win, chaosEvents } = setup(storage, clock);
    api.schedule({ kind: 'flap', periodMs: 1_000, offlineMs: 300 });
    expect(api.get().offline).toBe(true);
    clock.advance(300);
    expect(api.get().offline).toBe(false);
    clock.advance(700);
    expect(api.get().offline).toBe(true);
    clock.advance(0);
    expect(win.heard).toEqual(['offline', 'online', 'offline']);
    expect(chaosEvents().map((event) => event.cause)).toEqual(['schedule', 'schedule-tick', 'schedule-tick']);

    clock.advance(200);
    const reloaded = setup(storage, clock);
    expect(reloaded.api.get()).toMatchObject({ offline: true, schedule: { kind: 'flap', periodMs: 1_000 } });
    clock.advance(100);
    expect(reloaded.api.get().offline).toBe(false);
  });

  it('ends an offline-for schedule by going online, and a manual offline setting stops a schedule', () => {
    const { api, clock } = setup();
    api.schedule({ kind: 'offline-for', durationMs: 2_000 });
    expect(api.get()).toMatchObject({ offline: true, schedule: { kind: 'offline-for' } });
    clock.advance(2_000);
    expect(api.get()).toMatchObject({ offline: false, schedule: null });

    api.schedule({ kind: 'flap', periodMs: 1_000 });
    api.set({ offline: false });
    expect(api.get()).toMatchObject({ offline: false, schedule: null });
    clock.advance(5_000);
    expect(api.get().offline).toBe(false);
  });

  it('applies a preset over the defaults, keeping exemptions and persistence', () => {
    const { api, chaosEvents } = setup();
    api.set({ exemptUrls: ['/health'], persist: false, dropRate: 0.3 });
    expect(api.preset('slow-3g')).toMatchObject({ latencyInMs: 200, latencyOutMs: 200, jitterInMs: 40, dropRateIn: 0, exemptUrls: ['/health'], persist: false });
    expect(api.preset('flaky-mobile')).toMatchObject({ offline: true, schedule: { kind: 'flap', periodMs: 20_000, offlineMs: 3_000 } });
    expect(chaosEvents().at(-1)).toMatchObject({ cause: 'preset', preset: 'flaky-mobile' });
  });

  it('takes the UI commands through the same checks as the API, and tells listeners of each change', () => {
    const { api, controller } = setup();
    const seen: boolean[] = [];
    controller.onChange((state) => seen.push(state.offline));
    applyChaosCommand(api, { kind: 'set-chaos', settings: { offline: true } });
    applyChaosCommand(api, { kind: 'set-chaos', settings: { latencyMs: -5 } });
    applyChaosCommand(api, { kind: 'schedule-chaos', schedule: { kind: 'offline-for', durationMs: 1_000 } });
    applyChaosCommand(api, { kind: 'reset-chaos' });
    expect(seen).toEqual([true, true, false]);
    expect(api.get().latencyInMs).toBe(0);
  });
});

describe('chaos persistence in sessionStorage', () => {
  class FakeStorage {
    items = new Map<string, string>();
    getItem(key: string): string | null {
      return this.items.get(key) ?? null;
    }
    setItem(key: string, value: string): void {
      this.items.set(key, value);
    }
    removeItem(key: string): void {
      this.items.delete(key);
    }
  }

  it('keeps the state under its key, and reads back only its own format', () => {
    const sessionStorage = new FakeStorage();
    const storage = createChaosStorage({ Storage: FakeStorage, sessionStorage } as unknown as PageWindow);
    expect(storage.load()).toBeUndefined();
    storage.save({ offline: true } as ChaosSettings, null);
    expect(JSON.parse(sessionStorage.items.get(STORAGE_KEY) ?? '')).toMatchObject({ version: 1, settings: { offline: true }, schedule: null });
    expect(storage.load()).toEqual({ settings: { offline: true }, schedule: null });
    sessionStorage.items.set(STORAGE_KEY, '{"version":99}');
    expect(storage.load()).toBeUndefined();
    sessionStorage.items.set(STORAGE_KEY, 'not json');
    expect(storage.load()).toBeUndefined();
    storage.clear();
    expect(sessionStorage.items.has(STORAGE_KEY)).toBe(false);
  });

  it('does without storage that refuses access', () => {
    const win = { Storage: FakeStorage } as unknown as PageWindow;
    Object.defineProperty(win, 'sessionStorage', { get: () => { throw new DOMException('denied', 'SecurityError'); } });
    const storage = createChaosStorage(win);
    expect(() => storage.save({ offline: true } as ChaosSettings, null)).not.toThrow();
    expect(storage.load()).toBeUndefined();
  });
});
