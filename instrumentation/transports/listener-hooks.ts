import { disguise } from './disguise';
import { registryFor, replaceValue, type Patch } from './patch-registry';

/**
 * `addEventListener` lives on `EventTarget.prototype`, not on `WebSocket.prototype` or `EventSource.prototype`;
 * giving those prototypes an own `addEventListener` would show in `Object.getOwnPropertyNames`. So the taps share
 * one patch of `EventTarget.prototype.addEventListener` per window, whose hooks run before the native call: a hook
 * can adopt a socket created before install, or add its own listener for a new event type so that it runs first.
 * The patch goes away with the last hook.
 */

/** Called with the receiver and the raw `type` argument of every `addEventListener` call in the window. */
export type AddListenerHook = (target: unknown, type: unknown) => void;

type AddEventListener = EventTarget['addEventListener'];

interface SharedHooks {
  hooks: AddListenerHook[];
  native: AddEventListener;
  patch: Patch;
}

const sharedByPrototype = new WeakMap<object, SharedHooks>();
const reflectApply = Reflect.apply;

interface EventTargetHolder {
  EventTarget: typeof EventTarget;
}

export interface ListenerHookHandle {
  /** The native `addEventListener`, for the taps' own listeners (which must not go through the hooks). */
  native: AddEventListener;
  release(): void;
}

export function hookAddEventListener(win: EventTargetHolder, hook: AddListenerHook): ListenerHookHandle {
  const prototype = win.EventTarget.prototype;
  let shared = sharedByPrototype.get(prototype);
  if (!shared) {
    const native = prototype.addEventListener;
    const hooks: AddListenerHook[] = [];
    const patched = new Proxy(native, {
      apply(target, thisArg: unknown, args: unknown[]) {
        for (let i = 0; i < hooks.length; i++) {
          try {
            hooks[i]?.(thisArg, args[0]);
          } catch {
            // Hooks record their own faults; whatever still escapes must not keep the page's listener out.
          }
        }
        return reflectApply(target, thisArg, args);
      },
    });
    disguise(patched, native);
    shared = { hooks, native, patch: registryFor(win).patch(prototype, 'addEventListener', replaceValue(patched)) };
    sharedByPrototype.set(prototype, shared);
  }
  shared.hooks.push(hook);
  const holder = shared;
  let released = false;
  return {
    native: holder.native,
    release: () => {
      if (released) return;
      released = true;
      const index = holder.hooks.indexOf(hook);
      if (index >= 0) holder.hooks.splice(index, 1);
      if (holder.hooks.length === 0) {
        holder.patch.restore();
        sharedByPrototype.delete(prototype);
      }
    },
  };
}
