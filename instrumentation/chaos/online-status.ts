import type { Patch } from '../transports/patch-registry';
import { wrapGetter } from '../transports/wrap';
import type { ChaosContext } from './context';

/**
 * `navigator.onLine` reads false while chaos is offline, and the window gets `offline` / `online` when that
 * changes, as the browser fires them when its network goes and comes back.
 * @see https://html.spec.whatwg.org/multipage/system-state.html#navigator.online
 */
export interface OnlineStatus {
  announce(offline: boolean): void;
}

export function installOnlineStatus(context: ChaosContext, patches: Patch[]): OnlineStatus {
  const { win, conditions, events } = context;
  const navigatorPrototype = win.Navigator?.prototype;
  if (navigatorPrototype) {
    wrapGetter<boolean>(win, patches, navigatorPrototype, 'onLine', (_receiver, value) => (conditions.offline ? false : value));
  }
  return {
    announce(offline) {
      events.dispatch(win, events.event(offline ? 'offline' : 'online'));
    },
  };
}
