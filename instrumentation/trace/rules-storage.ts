import { readRules, type RedactionRules } from './redaction-rules';

/** The localStorage key under which a site's own extra redaction rules are kept. */
export function rulesStorageKey(origin: string): string {
  return `realtime-devtools:redaction:${origin}`;
}

/**
 * The extra rules saved for `origin`, or null when there are none or they cannot be read. Storage may be missing or
 * throw (sandboxed frames, disabled storage, quota): that only means no saved rules.
 */
export function loadSavedRules(storage: Storage | undefined, origin: string): Partial<RedactionRules> | null {
  try {
    const text = storage?.getItem(rulesStorageKey(origin));
    if (!text) return null;
    return readRules(JSON.parse(text)).rules;
  } catch {
    return null;
  }
}

/** Saves the extra rules for `origin` (the defaults always apply and are not saved); false when storage refused. */
export function saveRules(storage: Storage | undefined, origin: string, rules: Partial<RedactionRules>): boolean {
  try {
    if (!storage) return false;
    storage.setItem(rulesStorageKey(origin), JSON.stringify(readRules(rules).rules));
    return true;
  } catch {
    return false;
  }
}

export function forgetRules(storage: Storage | undefined, origin: string): void {
  try {
    storage?.removeItem(rulesStorageKey(origin));
  } catch {
    // Nothing saved that could be forgotten.
  }
}

/** The page's localStorage, or undefined where reading it throws (opaque origins, storage disabled). */
export function pageStorage(win: { localStorage: Storage }): Storage | undefined {
  try {
    return win.localStorage;
  } catch {
    return undefined;
  }
}
