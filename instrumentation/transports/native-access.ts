/**
 * The taps read sockets and events through the native accessors captured at install, never through properties the
 * page can see: a page that later redefines `MessageEvent.prototype.data`, `Function.prototype.call` or an
 * instance's own `readyState` must neither run again because of us nor change what we record.
 */

const functionCall = Function.prototype.call;
const functionBind = Function.prototype.bind;
const reflectApply = Reflect.apply;
const getOwnDescriptor = Object.getOwnPropertyDescriptor;
const getPrototypeOf = Object.getPrototypeOf;

/** `fn.call` bound once: `(self, ...args) => fn.apply(self, args)` without allocating per call. */
export function uncurryThis<This, Args extends unknown[], Result>(fn: (this: This, ...args: Args) => Result): (self: This, ...args: Args) => Result {
  return reflectApply(functionBind, functionCall, [fn]) as (self: This, ...args: Args) => Result;
}

/** The descriptor of `key` on `prototype` or the nearest prototype above it that has one. */
export function findDescriptor(prototype: object, key: PropertyKey): PropertyDescriptor | undefined {
  for (let owner: object | null = prototype; owner !== null; owner = getPrototypeOf(owner) as object | null) {
    const descriptor = getOwnDescriptor(owner, key);
    if (descriptor) return descriptor;
  }
  return undefined;
}

/** The native getter of `key` as a plain function of the receiver; throws at install if there is none. */
export function nativeGetter<Value>(prototype: object, key: string): (self: object) => Value {
  const getter = findDescriptor(prototype, key)?.get;
  if (!getter) throw new TypeError(`no native getter for ${key}`);
  return uncurryThis(getter as (this: object) => Value);
}

const isPrototypeOfNative = uncurryThis(Object.prototype.isPrototypeOf as (this: object, value: unknown) => boolean);

/** True when `value` inherits from `prototype` (an `instanceof` that no `Symbol.hasInstance` can redirect). */
export function inheritsFrom(value: unknown, prototype: object): boolean {
  return isPrototypeOfNative(prototype, value);
}

/** True when `getter` accepts `value` as its receiver: the WebIDL brand check, which works across realms. */
export function hasBrand(getter: (self: object) => unknown, value: object): boolean {
  try {
    getter(value);
    return true;
  } catch {
    return false;
  }
}
