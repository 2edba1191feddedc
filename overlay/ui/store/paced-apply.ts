import type { ToUiMessage } from '../../../instrumentation/protocol';

/**
 * How long streamed batches wait to be applied together. Each apply re-renders the views; in the overlay that
 * rendering shares the page's main thread, and in the panel it competes for the same cores, so a busy socket must
 * not cost sixty renders a second. Other messages (hello, snapshot, payload…) go at once, after what is waiting.
 */
export const BATCH_PACE_MS = 250;

export function pacedApply(
  apply: (message: ToUiMessage) => void,
  schedule: (run: () => void, ms: number) => unknown = setTimeout,
): { push(message: ToUiMessage): void; flush(): void } {
  let waiting: ToUiMessage[] = [];
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    const messages = waiting;
    waiting = [];
    for (const message of messages) apply(message);
  };
  return {
    push(message) {
      if (message.kind !== 'batch') {
        flush();
        apply(message);
        return;
      }
      waiting.push(message);
      if (!scheduled) {
        scheduled = true;
        schedule(flush, BATCH_PACE_MS);
      }
    },
    flush,
  };
}
