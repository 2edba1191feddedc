import { disguise } from './disguise';
import { registryFor, replaceValue, type Patch } from './patch-registry';

/**
 * Wrapping natives with Proxies rather than functions keeps `name`, `length`, the absence of `prototype` and the
 * non-constructibility of methods exactly native; `disguise` fixes the one thing a Proxy changes (toString).
 */

type NativeFunction = (...args: never[]) => unknown;
type ApplyTrap = (native: NativeFunction, receiver: unknown, args: unknown[]) => unknown;

/** Replaces the method `owner[key]` (a data property) with a Proxy whose `apply` trap is `apply`. */
export function wrapMethod(scope: object, patches: Patch[], owner: object, key: string, apply: ApplyTrap): void {
  patches.push(
    registryFor(scope).patch(owner, key, (original) => {
      const native = original?.value as NativeFunction | undefined;
      if (typeof native !== 'function') throw new TypeError(`${key} is not a method`);
      const wrapped = new Proxy(native, { apply });
      disguise(wrapped, native);
      return { ...original, value: wrapped };
    }),
  );
}

/**
 * Wraps the method `owner[key]` whatever holds it: over another layer's patch through `PatchRegistry.layer` (so
 * the two compose, this one outermost), or as the first patch. `apply` gets what was there as `native`.
 */
export function wrapMethodOuter(scope: object, patches: Patch[], owner: object, key: string, apply: ApplyTrap): void {
  const registry = registryFor(scope);
  if (!registry.isPatched(owner, key)) {
    wrapMethod(scope, patches, owner, key, apply);
    return;
  }
  patches.push(
    registry.layer(owner, key, (current) => {
      const inner = current.value as NativeFunction | undefined;
      if (typeof inner !== 'function') throw new TypeError(`${key} is not a method`);
      const wrapped = new Proxy(inner, { apply });
      disguise(wrapped, inner);
      return { ...current, value: wrapped };
    }),
  );
}

/** Replaces the setter of the accessor `owner[key]`; `beforeSet(receiver)` runs first and must not throw. */
export function wrapSetter(scope: object, patches: Patch[], owner: object, key: string, beforeSet: (receiver: unknown) => void): void {
  const reflectApply = Reflect.apply;
  patches.push(
    registryFor(scope).patch(owner, key, (original) => {
      const native = original?.set;
      if (typeof native !== 'function') throw new TypeError(`${key} has no setter`);
      const wrapped = new Proxy(native, {
        apply(target, receiver: unknown, args: unknown[]) {
          beforeSet(receiver);
          return reflectApply(target, receiver, args);
        },
      });
      disguise(wrapped, native);
      return { ...original, set: wrapped };
    }),
  );
}

/**
 * Makes `scope[name]` a Proxy of the native constructor whose `construct` trap is `construct`, and points
 * `prototype.constructor` at it so that `WebSocket.prototype.constructor === WebSocket` still holds.
 */
export function wrapConstructor<Native extends abstract new (...args: never[]) => object>(
  scope: object,
  patches: Patch[],
  name: string,
  native: Native,
  construct: (native: Native, args: unknown[], newTarget: Function) => object,
): Native {
  const wrapped = new Proxy(native, { construct });
  disguise(wrapped as unknown as NativeFunction, native as unknown as NativeFunction);
  const registry = registryFor(scope);
  patches.push(registry.patch(scope, name, replaceValue(wrapped)));
  patches.push(registry.patch(native.prototype as object, 'constructor', replaceValue(wrapped)));
  return wrapped;
}

/**
 * Replaces the getter of the accessor `owner[key]`: the native getter runs first (with its own brand check and
 * exceptions), then `transform(receiver, value)` gives what the page reads; it must not throw.
 */
export function wrapGetter<Value>(scope: object, patches: Patch[], owner: object, key: string, transform: (receiver: unknown, value: Value) => Value): void {
  const reflectApply = Reflect.apply;
  patches.push(
    registryFor(scope).patch(owner, key, (original) => {
      const native = original?.get;
      if (typeof native !== 'function') throw new TypeError(`${key} has no getter`);
      const wrapped = new Proxy(native, {
        apply(target, receiver: unknown, args: unknown[]) {
          return transform(receiver, reflectApply(target, receiver, args) as Value);
        },
      });
      disguise(wrapped, native);
      return { ...original, get: wrapped };
    }),
  );
}

/**
 * Replaces both halves of the accessor `owner[key]` in one patch: each is a Proxy of the native half whose `apply`
 * trap is given, so a trap can call the native half with other arguments (or not at all).
 */
export function wrapAccessor(scope: object, patches: Patch[], owner: object, key: string, traps: { get: ApplyTrap; set: ApplyTrap }): void {
  patches.push(
    registryFor(scope).patch(owner, key, (original) => {
      const nativeGet = original?.get;
      const nativeSet = original?.set;
      if (typeof nativeGet !== 'function' || typeof nativeSet !== 'function') throw new TypeError(`${key} is not an accessor`);
      const get = new Proxy(nativeGet, { apply: traps.get });
      const set = new Proxy(nativeSet, { apply: traps.set });
      disguise(get, nativeGet);
      disguise(set, nativeSet);
      return { ...original, get, set };
    }),
  );
}
