/**
 * Which realtime frame, if any, caused a cache action. Pure: the clock and the "this task has ended" signal are
 * handed in, so that the rules can be tested without a browser.
 *
 * The rules (`CauseInference` in protocol.ts), never stretched to make a link:
 * - A frame the page is being handed (a WebSocket `message`, an EventSource event) is the `same-task` cause of
 *   whatever the page does until its dispatching task ends. The taps' listeners run before the page's, so the
 *   linker hears of the frame first; the end of the task is seen by a new task, never by a microtask, because the
 *   page's listeners run after ours with a microtask checkpoint between listeners
 *   (@see https://html.spec.whatwg.org/multipage/webappapis.html#clean-up-after-running-script). A next frame's
 *   dispatch also ends it: that is a later task.
 * - After its task, a frame stays a candidate for `ASYNC_CAUSE_WINDOW_MS` (a handler that awaited, or debounced
 *   with a short timer). An action in that time is linked only when exactly one frame is a candidate: with two,
 *   either handler's continuation could have done it, and picking one would be a guess.
 * - Frames the page reads later in its own continuation (fetch-SSE events, Socket.IO long-polling responses) never
 *   share the page's task with the tap, so they are only ever async candidates, from the moment they were recorded.
 */
import { ASYNC_CAUSE_WINDOW_MS, type FrameCause } from '../protocol';

/** A frame as the linker needs it: what to call it on a cause. */
export interface LinkableFrame {
  seq: number;
  connectionId: string;
  /** The decoded label, the SSE event type, or `message`. */
  label: string;
  channel?: string;
  /** Page clock of the frame. */
  at: number;
}

/** `dispatched`: the page's handlers of it run now, in this task. `read-later`: the page reads it in a continuation. */
export type FrameDelivery = 'dispatched' | 'read-later';

interface HandledFrame {
  frame: LinkableFrame;
  /** When its handlers were over; null while its dispatching task runs. */
  endedAt: number | null;
}

export class CausalityLinker {
  private current: HandledFrame | null = null;
  /** Frames that may still be async candidates, oldest first. */
  private recent: HandledFrame[] = [];

  constructor(
    private readonly now: () => number,
    /** Calls `ended` in a later task (a MessageChannel message or a zero timer), never in a microtask. */
    private readonly afterThisTask: (ended: () => void) => void,
  ) {}

  frameHandled(frame: LinkableFrame, delivery: FrameDelivery): void {
    const at = this.now();
    this.endCurrentTask(at);
    const handled: HandledFrame = { frame, endedAt: delivery === 'dispatched' ? null : frame.at };
    this.prune(at);
    this.recent.push(handled);
    if (delivery !== 'dispatched') return;
    this.current = handled;
    this.afterThisTask(() => {
      if (this.current === handled) this.endCurrentTask(this.now());
    });
  }

  /** The frame that caused what the page does now, or null when none can be vouched for. */
  causeNow(): FrameCause | null {
    const at = this.now();
    if (this.current !== null) return toCause(this.current.frame, 'same-task', at);
    this.prune(at);
    const candidates = this.recent.filter((handled) => handled.endedAt !== null && at - handled.endedAt <= ASYNC_CAUSE_WINDOW_MS);
    const only = candidates.length === 1 ? candidates[0] : undefined;
    return only ? toCause(only.frame, 'async-continuation', at) : null;
  }

  private endCurrentTask(at: number): void {
    if (this.current === null) return;
    this.current.endedAt = at;
    this.current = null;
  }

  /** Drops expired frames from the front; the list is in handling order, so this keeps it short at any rate. */
  private prune(at: number): void {
    let keepFrom = 0;
    while (keepFrom < this.recent.length) {
      const endedAt = (this.recent[keepFrom] as HandledFrame).endedAt;
      if (endedAt === null || at - endedAt <= ASYNC_CAUSE_WINDOW_MS) break;
      keepFrom++;
    }
    if (keepFrom > 0) this.recent.splice(0, keepFrom);
  }
}

function toCause(frame: LinkableFrame, inference: FrameCause['inference'], at: number): FrameCause {
  return {
    frameSeq: frame.seq,
    connectionId: frame.connectionId,
    label: frame.label,
    ...(frame.channel !== undefined ? { channel: frame.channel } : {}),
    inference,
    delayMs: Math.max(0, Math.round(at - frame.at)),
  };
}
