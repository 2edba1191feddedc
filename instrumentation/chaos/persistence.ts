import type { ChaosSchedule, ChaosSettings } from '../protocol';

/**
 * Conditions kept across reloads of one tab: sessionStorage is per tab and per origin and survives reloads, and it
 * is read at install, before the page's scripts run, so that a reloaded page starts under the same conditions.
 * Storage can be missing or refuse access (sandboxed frames, disabled storage): then nothing persists.
 */
export const STORAGE_KEY = 'realtime-devtools:chaos';
const FORMAT_VERSION = 1;

export interface PersistedChaos {
  settings: unknown;
  schedule: unknown;
}

export interface ChaosStorage {
  load(): PersistedChaos | undefined;
  save(settings: ChaosSettings, schedule: ChaosSchedule | null): void;
  clear(): void;
}

export function createChaosStorage(win: Window & typeof globalThis): ChaosStorage {
  const StoragePrototype = win.Storage?.prototype;
  const getItem = StoragePrototype?.getItem;
  const setItem = StoragePrototype?.setItem;
  const removeItem = StoragePrototype?.removeItem;
  const parse = JSON.parse;
  const stringify = JSON.stringify;
  const reflectApply = Reflect.apply;
  const storage = (): Storage | undefined => {
    try {
      return win.sessionStorage ?? undefined;
    } catch {
      return undefined;
    }
  };
  return {
    load() {
      const store = storage();
      if (!store || !getItem) return undefined;
      try {
        const text = reflectApply(getItem, store, [STORAGE_KEY]) as string | null;
        if (text === null) return undefined;
        const value = parse(text) as { version?: unknown; settings?: unknown; schedule?: unknown };
        if (value?.version !== FORMAT_VERSION) return undefined;
        return { settings: value.settings, schedule: value.schedule };
      } catch {
        return undefined;
      }
    },
    save(settings, schedule) {
      const store = storage();
      if (!store || !setItem) return;
      try {
        reflectApply(setItem, store, [STORAGE_KEY, stringify({ version: FORMAT_VERSION, settings, schedule })]);
      } catch {
        // Full or refused: the conditions simply do not outlive this page.
      }
    },
    clear() {
      const store = storage();
      if (!store || !removeItem) return;
      try {
        reflectApply(removeItem, store, [STORAGE_KEY]);
      } catch {
        // Nothing was stored, or storage is refused.
      }
    },
  };
}
