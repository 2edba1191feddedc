import type { ChaosApi, ChaosSettingsInput } from '../api';
import type { ChaosChangeCause, ChaosEvent, ChaosPresetName, ChaosSchedule, ChaosScheduleRequest, ChaosSettings, ChaosState } from '../protocol';
import { utf8Length } from '../payload';
import type { Recorder } from '../recorder';
import type { Patch } from '../transports/patch-registry';
import { Conditions } from './conditions';
import { nativeClock, type ChaosContext, type PageWindow } from './context';
import type { QueueClock } from './delivery-queue';
import { createEventSourceChaos, type EventSourceChaosControl } from './eventsource-chaos';
import { installFetchChaos } from './fetch-chaos';
import { installOnlineStatus, type OnlineStatus } from './online-status';
import { createChaosStorage, type ChaosStorage } from './persistence';
import { CHAOS_PRESETS, isPresetName } from './presets';
import { restoreSchedule, scheduledState, startSchedule } from './schedule';
import { applyPatch, copySettings, defaultSettings, hasConditions } from './settings';
import { createEventStreamOpener } from './sse-stream';
import { createSyntheticEvents } from './synthetic-events';
import { createWebSocketChaos, type WebSocketChaosControl } from './websocket-chaos';
import { installXhrChaos } from './xhr-chaos';

export interface ChaosControllerOptions {
  /** Source of randomness for jitter and drops (tests pass a seeded one). */
  random?: () => number;
  storage?: ChaosStorage;
  /** Time and timers of delays and schedules (tests pass a fake one). */
  clock?: QueueClock;
}

/** A close reason longer than this many UTF-8 bytes cannot be sent. @see https://websockets.spec.whatwg.org/#dom-websocket-close */
const MAX_REASON_BYTES = 123;

const ignoreProblem = (): void => {};

/**
 * Owns the chaos state of one page: the settings and schedule in force, their persistence, the timeline markers,
 * and the transports' chaos layers, which it tells about each change. Made before the taps are installed, because
 * the taps consult its layers and because those layers take the natives they need before anything wraps them.
 */
export class ChaosController {
  readonly websocket: WebSocketChaosControl | undefined;
  readonly eventSource: EventSourceChaosControl | undefined;
  readonly api: ChaosApi;
  private state: ChaosState;
  private readonly conditions: Conditions;
  private readonly context: ChaosContext;
  private readonly storage: ChaosStorage;
  private readonly online: OnlineStatus | undefined;
  private readonly listeners = new Set<(state: ChaosState) => void>();
  private readonly pageHost: string;
  private scheduleTimer: unknown;

  constructor(
    win: PageWindow,
    private readonly recorder: Recorder,
    patches: Patch[],
    options: ChaosControllerOptions = {},
  ) {
    this.conditions = new Conditions(options.random ?? Math.random);
    this.context = { win, recorder, conditions: this.conditions, events: createSyntheticEvents(win), clock: options.clock ?? nativeClock };
    this.storage = options.storage ?? createChaosStorage(win);
    this.pageHost = recorder.guard('reading the page host', () => win.location.host, '');
    this.state = { ...defaultSettings(this.pageHost), schedule: null };
    this.conditions.update(this.state);
    const context = this.context;
    this.websocket = typeof win.WebSocket === 'function'
      ? recorder.guard('preparing WebSocket chaos', () => createWebSocketChaos(context), undefined)
      : undefined;
    // The event-stream opener takes the native `fetch` before the fetch layer wraps it.
    this.eventSource = typeof win.EventSource === 'function' && typeof win.fetch === 'function'
      ? recorder.guard('preparing EventSource chaos', () => createEventSourceChaos(context, createEventStreamOpener(win)), undefined)
      : undefined;
    recorder.guard('installing fetch chaos', () => installFetchChaos(context, patches), undefined);
    recorder.guard('installing XMLHttpRequest chaos', () => installXhrChaos(context, patches), undefined);
    this.online = recorder.guard('installing navigator.onLine chaos', () => installOnlineStatus(context, patches), undefined);
    this.api = this.createApi();
    recorder.guard('restoring chaos settings', () => this.restore(), undefined);
  }

  get(): ChaosState {
    return copyState(this.state);
  }

  /** Called with the new state after every change. */
  onChange(listener: (state: ChaosState) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  set(changes: unknown): ChaosState {
    const settings = applyPatch(this.state, changes, this.problem);
    const overridesSchedule = typeof changes === 'object' && changes !== null && 'offline' in changes && this.state.schedule !== null;
    this.commit({ ...settings, schedule: overridesSchedule ? null : this.state.schedule }, 'set');
    return this.get();
  }

  reset(): ChaosState {
    this.commit({ ...defaultSettings(this.pageHost), schedule: null }, 'reset');
    return this.get();
  }

  preset(name: unknown): ChaosState {
    if (!isPresetName(name)) {
      this.problem(`unknown chaos preset ${JSON.stringify(name)}; known: ${Object.keys(CHAOS_PRESETS).join(', ')}`);
      return this.get();
    }
    const preset = CHAOS_PRESETS[name];
    const base: ChaosSettings = { ...defaultSettings(this.pageHost), exemptUrls: [...this.state.exemptUrls], persist: this.state.persist };
    const settings = applyPatch(base, preset.settings, this.problem);
    const schedule = preset.schedule ? startSchedule(preset.schedule, this.context.clock.now()) : null;
    this.commitWithSchedule(settings, typeof schedule === 'string' ? null : schedule, 'preset', { preset: name });
    return this.get();
  }

  schedule(request: unknown): ChaosState {
    if (request === null) {
      this.commit({ ...this.state, offline: false, schedule: null }, 'schedule');
      return this.get();
    }
    const schedule = startSchedule(request, this.context.clock.now());
    if (typeof schedule === 'string') {
      this.problem(schedule);
      return this.get();
    }
    this.commitWithSchedule(this.state, schedule, 'schedule');
    return this.get();
  }

  kill(connectionId: unknown, code: unknown = 1006, reason: unknown = ''): boolean {
    if (typeof connectionId !== 'string') {
      this.problem('kill needs a connection id');
      return false;
    }
    if (typeof code !== 'number' || !Number.isInteger(code) || code < 1000 || code > 4999) {
      this.problem('kill: the close code must be an integer from 1000 to 4999');
      return false;
    }
    if (typeof reason !== 'string' || utf8Length(reason) > MAX_REASON_BYTES) {
      this.problem(`kill: the reason must be a string of at most ${MAX_REASON_BYTES} UTF-8 bytes`);
      return false;
    }
    let killed = false;
    if (this.websocket?.has(connectionId)) killed = this.websocket.kill(connectionId, code, reason);
    else if (this.eventSource?.has(connectionId)) killed = this.eventSource.kill(connectionId);
    if (killed) this.record('kill', { connectionId, closeCode: code, closeReason: reason });
    return killed;
  }

  private readonly problem = (message: string): void => {
    this.recorder.internalError('chaos', new Error(message));
  };

  private commitWithSchedule(settings: ChaosSettings, schedule: ChaosSchedule | null, cause: ChaosChangeCause, extras: Partial<ChaosEvent> = {}): void {
    const offline = schedule ? scheduledState(schedule, this.context.clock.now()).offline : settings.offline;
    this.commit({ ...settings, offline, schedule }, cause, extras);
  }

  /** Makes `next` the state: tells the transports, records the change, persists it, tells the listeners. */
  private commit(next: ChaosState, cause: ChaosChangeCause, extras: Partial<ChaosEvent> = {}): void {
    const previous = this.state;
    if (cause !== 'reset' && sameState(previous, next)) return;
    this.state = copyState(next);
    this.conditions.update(next);
    if (previous.exemptUrls.join('\n') !== next.exemptUrls.join('\n')) {
      this.websocket?.refreshExemptions();
      this.eventSource?.refreshExemptions();
    }
    if (previous.stall !== next.stall) {
      this.websocket?.setStall(next.stall);
      this.eventSource?.setStall(next.stall);
    }
    if (previous.offline !== next.offline) this.changeNetwork(next.offline);
    this.armSchedule();
    this.record(cause, extras);
    this.persist();
    const state = this.get();
    for (const listener of this.listeners) this.recorder.guard('a chaos listener', () => listener(state), undefined);
  }

  /**
   * The network went or came back. The window hears of it in a task of its own, like a real change; sockets and
   * streams are cut now (the server sees them go at once) and fail for the page in the tasks after.
   */
  private changeNetwork(offline: boolean): void {
    const { clock } = this.context;
    clock.setTimeout(() => this.recorder.guard('announcing the network change', () => this.online?.announce(offline), undefined), 0);
    if (!offline) return;
    this.websocket?.cutAll();
    this.eventSource?.cutAll();
  }

  private armSchedule(): void {
    const { clock } = this.context;
    if (this.scheduleTimer !== undefined) clock.clearTimeout(this.scheduleTimer);
    this.scheduleTimer = undefined;
    const schedule = this.state.schedule;
    if (!schedule) return;
    const now = clock.now();
    const { offline, nextChangeAt } = scheduledState(schedule, now);
    // The state in force was worked out a moment ago: if the schedule has changed or ended since, that change is
    // due now. Waiting for the next one instead would skip it, and an ended schedule would never be ended.
    const dueAt = offline !== this.state.offline || nextChangeAt === null ? now : nextChangeAt;
    // Browsers truncate a fractional delay, firing up to 1 ms early; rounding up fires at or after the change.
    this.scheduleTimer = clock.setTimeout(() => this.recorder.guard('running the chaos schedule', () => this.tick(), undefined), Math.max(0, Math.ceil(dueAt - now)));
  }

  private tick(): void {
    this.scheduleTimer = undefined;
    const schedule = this.state.schedule;
    if (!schedule) return;
    const { offline, nextChangeAt } = scheduledState(schedule, this.context.clock.now());
    const next = { ...this.state, offline, schedule: nextChangeAt === null ? null : schedule };
    if (sameState(this.state, next)) this.armSchedule();
    else this.commit(next, 'schedule-tick');
  }

  private record(cause: ChaosChangeCause, extras: Partial<ChaosEvent> = {}): void {
    this.recorder.chaos({ ...extras, cause, state: this.get() });
  }

  private persist(): void {
    const { state } = this;
    if (state.persist && (hasConditions(state) || state.schedule !== null)) this.storage.save(copySettings(withoutSchedule(state)), state.schedule);
    else this.storage.clear();
  }

  /** The conditions of the previous load of this tab, in force before the page's first script. */
  private restore(): void {
    const persisted = this.storage.load();
    if (!persisted) return;
    const settings = applyPatch(this.state, persisted.settings, ignoreProblem);
    let schedule = restoreSchedule(persisted.schedule);
    if (schedule) {
      const { offline, nextChangeAt } = scheduledState(schedule, this.context.clock.now());
      settings.offline = offline;
      if (nextChangeAt === null) schedule = null;
    }
    if (!hasConditions(settings) && schedule === null) {
      this.storage.clear();
      return;
    }
    // No socket exists yet and the page starts in this state: nothing to cut, no `offline` event to fire.
    this.state = { ...settings, schedule };
    this.conditions.update(this.state);
    this.armSchedule();
    this.record('restored');
  }

  private createApi(): ChaosApi {
    const guard = <T>(where: string, fn: () => T, fallback: () => T): T => {
      try {
        return fn();
      } catch (error) {
        this.recorder.internalError(where, error);
        return fallback();
      }
    };
    const current = (): ChaosState => this.get();
    return Object.freeze({
      get: () => guard('chaos.get()', current, current),
      onChange: (listener: (state: ChaosState) => void) => this.onChange(listener),
      set: (changes: ChaosSettingsInput) => guard('chaos.set()', () => this.set(changes), current),
      reset: () => guard('chaos.reset()', () => this.reset(), current),
      preset: (name: ChaosPresetName) => guard('chaos.preset()', () => this.preset(name), current),
      schedule: (request: ChaosScheduleRequest | null) => guard('chaos.schedule()', () => this.schedule(request), current),
      kill: (connectionId: string, code?: number, reason?: string) => guard('chaos.kill()', () => this.kill(connectionId, code, reason), () => false),
    } satisfies ChaosApi);
  }
}

function withoutSchedule(state: ChaosState): ChaosSettings {
  const { schedule: _schedule, ...settings } = state;
  return settings;
}

function copyState(state: ChaosState): ChaosState {
  return { ...copySettings(state), schedule: state.schedule ? { ...state.schedule } : null };
}

function sameState(a: ChaosState, b: ChaosState): boolean {
  const settingsKeys = Object.keys(a) as (keyof ChaosState)[];
  for (const key of settingsKeys) {
    if (key === 'dropFilter' || key === 'exemptUrls' || key === 'schedule') continue;
    if (a[key] !== b[key]) return false;
  }
  const filterA = a.dropFilter;
  const filterB = b.dropFilter;
  if ((filterA === null) !== (filterB === null)) return false;
  if (filterA && filterB && (filterA.kind !== filterB.kind || filterA.pattern !== filterB.pattern || filterA.flags !== filterB.flags)) return false;
  if (a.exemptUrls.length !== b.exemptUrls.length || a.exemptUrls.some((pattern, i) => pattern !== b.exemptUrls[i])) return false;
  const scheduleA = a.schedule as Record<string, unknown> | null;
  const scheduleB = b.schedule as Record<string, unknown> | null;
  if (scheduleA === null || scheduleB === null) return scheduleA === scheduleB;
  return Object.keys(scheduleA).length === Object.keys(scheduleB).length && Object.keys(scheduleA).every((key) => scheduleA[key] === scheduleB[key]);
}
