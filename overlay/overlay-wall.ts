import type { RealtimeDevtoolsApi, UiLink } from '../instrumentation/api';
import type { ToUiMessage, Wall } from '../instrumentation/protocol';

/**
 * The overlay's wall: the page's API in the same window, no postMessage. The link is made on the UI's `init` and
 * dropped on `detach`, so that a closed overlay costs the page nothing beyond capture itself.
 */
export function createOverlayWall(api: RealtimeDevtoolsApi): Wall {
  const listeners = new Set<(message: ToUiMessage) => void>();
  let link: UiLink | undefined;
  return {
    send(message) {
      link ??= api.connectUi((reply) => {
        for (const listener of [...listeners]) listener(reply);
      });
      link.receive(message);
      if (message.kind === 'detach') {
        link.disconnect();
        link = undefined;
      }
    },
    listen(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
