import { registryFor, replaceValue, type Patch } from './patch-registry';

/**
 * `Function.prototype.toString` of a callable Proxy gives `function () { [native code] }` (no name), which would
 * tell the page that `WebSocket` or `send` was replaced. While a tap is installed, the window's
 * `Function.prototype.toString` is itself a Proxy that answers for each disguised function with the string of the
 * native it stands for — and for itself with the string of the native `toString`.
 * One toString patch per window is shared by every tap; it goes away with the last one.
 */

type AnyFunction = (...args: never[]) => unknown;

/** Disguised function → the native it impersonates. Shared by all windows: impostors are unique objects. */
const nativeOf = new WeakMap<object, AnyFunction>();

interface ToStringPatch {
  users: number;
  patch: Patch;
}

const toStringPatches = new WeakMap<object, ToStringPatch>();
const reflectApply = Reflect.apply;

/** From now on `Function.prototype.toString` tells `impostor` apart from `native` by nothing. */
export function disguise(impostor: AnyFunction, native: AnyFunction): void {
  nativeOf.set(impostor, nativeOf.get(native) ?? native);
}

interface FunctionHolder {
  Function: FunctionConstructor;
}

/**
 * Installs the window's toString patch if no tap has yet, and returns the function that gives it up.
 * Throws like `PatchRegistry.patch` if someone else holds the patch through the same registry.
 */
export function acquireToStringDisguise(win: FunctionHolder): () => void {
  const functionPrototype = win.Function.prototype;
  let shared = toStringPatches.get(functionPrototype);
  if (!shared) {
    const nativeToString = functionPrototype.toString;
    const toStringProxy = new Proxy(nativeToString, {
      apply(target, thisArg: unknown, args: unknown[]) {
        // A primitive `this` is simply not found in the WeakMap; the native then throws its own TypeError.
        return reflectApply(target, nativeOf.get(thisArg as object) ?? thisArg, args);
      },
    });
    disguise(toStringProxy, nativeToString);
    shared = { users: 0, patch: registryFor(win).patch(functionPrototype, 'toString', replaceValue(toStringProxy)) };
    toStringPatches.set(functionPrototype, shared);
  }
  shared.users++;
  const holder = shared;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    holder.users--;
    if (holder.users === 0) {
      holder.patch.restore();
      toStringPatches.delete(functionPrototype);
    }
  };
}
