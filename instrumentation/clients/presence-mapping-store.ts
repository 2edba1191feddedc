/**
 * Keeps the Socket.IO presence mapping per site: localStorage is per origin, and an app's event names do not change
 * between reloads. Storage may be unavailable (sandboxed frames, disabled cookies): the mapping then lasts for the
 * page only.
 */
import type { PresenceMapping } from '../protocol';
import { DEFAULT_PRESENCE_MAPPING, normalizePresenceMapping } from './presence-mapping';

export const PRESENCE_MAPPING_STORAGE_KEY = 'realtime-devtools:presence-mapping';

function storageOf(win: Window): Storage | undefined {
  try {
    return win.localStorage;
  } catch {
    return undefined;
  }
}

export function loadPresenceMapping(win: Window): PresenceMapping {
  try {
    const text = storageOf(win)?.getItem(PRESENCE_MAPPING_STORAGE_KEY);
    return text ? normalizePresenceMapping(JSON.parse(text)) : normalizePresenceMapping(DEFAULT_PRESENCE_MAPPING);
  } catch {
    return normalizePresenceMapping(DEFAULT_PRESENCE_MAPPING);
  }
}

/** Saves the mapping, or forgets it (`null`: back to the defaults). */
export function savePresenceMapping(win: Window, mapping: PresenceMapping | null): void {
  try {
    const storage = storageOf(win);
    if (mapping === null) storage?.removeItem(PRESENCE_MAPPING_STORAGE_KEY);
    else storage?.setItem(PRESENCE_MAPPING_STORAGE_KEY, JSON.stringify(mapping));
  } catch {
    // Quota or privacy settings: the mapping still applies to this page.
  }
}
