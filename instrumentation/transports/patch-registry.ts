/**
 * Every global the taps replace goes through one registry per window, which refuses to patch a property twice
 * (a second install would wrap our own wrapper and record everything twice) and can put back the exact native
 * descriptor. Same idea as mswjs/interceptors' `src/utils/patches-registry.ts`.
 */

const getOwnDescriptor = Object.getOwnPropertyDescriptor;
const defineProperty = Object.defineProperty;
const deleteProperty = Reflect.deleteProperty;

export class PatchConflictError extends Error {
  override name = 'PatchConflictError';
}

export interface Patch {
  /** Puts back the descriptor that was there before (or removes the property if there was none). Idempotent. */
  restore(): void;
}

export class PatchRegistry {
  private readonly active = new Map<object, Set<PropertyKey>>();

  /**
   * Replaces `owner[key]` with the descriptor `replace` builds from the current one.
   * Throws `PatchConflictError` when this registry already patched that property and has not restored it.
   */
  patch(owner: object, key: PropertyKey, replace: (original: PropertyDescriptor | undefined) => PropertyDescriptor): Patch {
    let keys = this.active.get(owner);
    if (keys?.has(key)) throw new PatchConflictError(`${String(key)} is already patched`);
    const original = getOwnDescriptor(owner, key);
    defineProperty(owner, key, replace(original));
    if (!keys) {
      keys = new Set();
      this.active.set(owner, keys);
    }
    keys.add(key);
    let restored = false;
    return {
      restore: () => {
        if (restored) return;
        restored = true;
        if (original) defineProperty(owner, key, original);
        else deleteProperty(owner, key);
        keys.delete(key);
        if (keys.size === 0) this.active.delete(owner);
      },
    };
  }

  /**
   * Puts a second, deliberate layer over a property this registry already patched (the capture over the chaos
   * layer): `replace` gets the descriptor in place, so the layer wraps the first patch rather than the native, and
   * the property still has one owner. Its restore puts the first patch back; restore newest first.
   * Throws `PatchConflictError` when the property is not patched yet (the first patch must come from `patch`).
   */
  layer(owner: object, key: PropertyKey, replace: (current: PropertyDescriptor) => PropertyDescriptor): Patch {
    const current = getOwnDescriptor(owner, key);
    if (!this.active.get(owner)?.has(key) || !current) throw new PatchConflictError(`${String(key)} is not patched: nothing to layer over`);
    defineProperty(owner, key, replace(current));
    let restored = false;
    return {
      restore: () => {
        if (restored) return;
        restored = true;
        defineProperty(owner, key, current);
      },
    };
  }

  /** Whether this registry holds a patch of `owner[key]`. */
  isPatched(owner: object, key: PropertyKey): boolean {
    return this.active.get(owner)?.has(key) ?? false;
  }
}

const registries = new WeakMap<object, PatchRegistry>();

/** The registry of one window (each realm has its own globals and prototypes). */
export function registryFor(scope: object): PatchRegistry {
  let registry = registries.get(scope);
  if (!registry) {
    registry = new PatchRegistry();
    registries.set(scope, registry);
  }
  return registry;
}

/** Restores patches newest first, so that a property patched twice by layered code ends as it began. */
export function restoreAll(patches: Patch[]): void {
  for (let i = patches.length - 1; i >= 0; i--) patches[i]?.restore();
  patches.length = 0;
}

/** Replaces a data property's value, keeping its attributes (writable, enumerable, configurable) exactly. */
export function replaceValue(value: unknown): (original: PropertyDescriptor | undefined) => PropertyDescriptor {
  return (original) => ({
    value,
    writable: original?.writable ?? true,
    enumerable: original?.enumerable ?? false,
    configurable: original?.configurable ?? true,
  });
}
