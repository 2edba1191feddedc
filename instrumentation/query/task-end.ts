/**
 * "Call me in a later task": how the causality linker learns that the task dispatching a frame is over. A
 * MessageChannel message is a task of its own that runs soon after the current one, without the clamping of
 * nested zero timers (@see https://html.spec.whatwg.org/multipage/timers-and-user-prompts.html#timers step 5);
 * without MessageChannel, a zero timer. Both taken at install, before page code could replace them.
 * A microtask would not do: it runs between the page's listeners of the very event we want to see out.
 */
import { natives } from '../natives';

const NativeMessageChannel = typeof globalThis.MessageChannel === 'function' ? globalThis.MessageChannel : undefined;

export function createAfterThisTask(): (ended: () => void) => void {
  let waiting: (() => void)[] = [];
  let post: (() => void) | undefined;
  const runWaiting = (): void => {
    const due = waiting;
    waiting = [];
    for (const ended of due) ended();
  };
  return (ended) => {
    waiting.push(ended);
    // One message serves every frame of the tasks before it: whatever task runs it comes after all of them.
    if (waiting.length > 1) return;
    post ??= makePost(runWaiting);
    post();
  };
}

function makePost(run: () => void): () => void {
  if (NativeMessageChannel === undefined) return () => natives.setTimeout(run, 0);
  const channel = new NativeMessageChannel();
  channel.port1.onmessage = run;
  const port = channel.port2;
  const postMessage = port.postMessage.bind(port);
  return () => postMessage(null);
}
