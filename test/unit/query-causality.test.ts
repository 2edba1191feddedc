import { describe, expect, it } from 'vitest';
import { ASYNC_CAUSE_WINDOW_MS } from '../../instrumentation/protocol';
import { CausalityLinker, type LinkableFrame } from '../../instrumentation/query/causality';

/** A linker on a hand-driven clock whose "task ended" callbacks run when the test says the task is over. */
function setup() {
  let clock = 1_000;
  const pendingTaskEnds: (() => void)[] = [];
  const linker = new CausalityLinker(() => clock, (ended) => pendingTaskEnds.push(ended));
  let nextSeq = 1;
  const frame = (label: string, extra: Partial<LinkableFrame> = {}): LinkableFrame => ({
    seq: nextSeq++, connectionId: 'c1', label, at: clock, ...extra,
  });
  return {
    linker,
    frame,
    advance(ms: number) {
      clock += ms;
    },
    endTask() {
      for (const ended of pendingTaskEnds.splice(0)) ended();
    },
  };
}

describe('causality linker', () => {
  it('names the frame being dispatched as the same-task cause until its task ends', () => {
    const { linker, frame, advance, endTask } = setup();
    const created = frame('todo:created', { channel: '/' });
    linker.frameHandled(created, 'dispatched');
    advance(2);
    expect(linker.causeNow()).toEqual({
      frameSeq: created.seq, connectionId: 'c1', label: 'todo:created', channel: '/', inference: 'same-task', delayMs: 2,
    });
    endTask();
    advance(10);
    expect(linker.causeNow()).toMatchObject({ frameSeq: created.seq, inference: 'async-continuation', delayMs: 12 });
  });

  it('makes no link for an action before any frame', () => {
    const { linker } = setup();
    expect(linker.causeNow()).toBeNull();
  });

  it('makes no link for an action 150 ms after the frame was handled', () => {
    const { linker, frame, advance, endTask } = setup();
    linker.frameHandled(frame('todo:created'), 'dispatched');
    endTask();
    advance(150);
    expect(linker.causeNow()).toBeNull();
  });

  it('keeps the async window measured from the end of the handlers, and closes it after ASYNC_CAUSE_WINDOW_MS', () => {
    const { linker, frame, advance, endTask } = setup();
    linker.frameHandled(frame('todo:created'), 'dispatched');
    endTask();
    advance(ASYNC_CAUSE_WINDOW_MS);
    expect(linker.causeNow()).toMatchObject({ inference: 'async-continuation' });
    advance(1);
    expect(linker.causeNow()).toBeNull();
  });

  it('makes no link when two frames were handled and either handler could have continued', () => {
    const { linker, frame, advance, endTask } = setup();
    linker.frameHandled(frame('todo:created'), 'dispatched');
    endTask();
    advance(20);
    linker.frameHandled(frame('todo:deleted'), 'dispatched');
    endTask();
    advance(20);
    expect(linker.causeNow()).toBeNull();
  });

  it('still names the frame being dispatched when another was handled just before', () => {
    const { linker, frame, advance, endTask } = setup();
    linker.frameHandled(frame('todo:created'), 'dispatched');
    endTask();
    advance(20);
    const deleted = frame('todo:deleted');
    linker.frameHandled(deleted, 'dispatched');
    expect(linker.causeNow()).toMatchObject({ frameSeq: deleted.seq, inference: 'same-task' });
  });

  it('ends a frame\'s task when the next frame is dispatched, even if the task-end signal is late', () => {
    const { linker, frame, advance } = setup();
    const first = frame('a');
    linker.frameHandled(first, 'dispatched');
    advance(5);
    const second = frame('b');
    linker.frameHandled(second, 'dispatched');
    expect(linker.causeNow()).toMatchObject({ frameSeq: second.seq, inference: 'same-task' });
  });

  it('ignores a late task-end signal of an earlier frame', () => {
    let clock = 0;
    const taskEnds: (() => void)[] = [];
    const linker = new CausalityLinker(() => clock, (ended) => taskEnds.push(ended));
    linker.frameHandled({ seq: 1, connectionId: 'c1', label: 'a', at: 0 }, 'dispatched');
    linker.frameHandled({ seq: 2, connectionId: 'c1', label: 'b', at: 0 }, 'dispatched');
    clock = 1;
    taskEnds[0]?.();
    expect(linker.causeNow()).toMatchObject({ frameSeq: 2, inference: 'same-task' });
  });

  it('links frames the page reads later (fetch-SSE, long-polling) only as async continuations', () => {
    const { linker, frame, advance } = setup();
    const event = frame('todo');
    linker.frameHandled(event, 'read-later');
    expect(linker.causeNow()).toMatchObject({ frameSeq: event.seq, inference: 'async-continuation' });
    advance(ASYNC_CAUSE_WINDOW_MS + 1);
    expect(linker.causeNow()).toBeNull();
  });

  it('forgets an old frame once its window passed, so a later lone frame links again', () => {
    const { linker, frame, advance, endTask } = setup();
    linker.frameHandled(frame('old'), 'dispatched');
    endTask();
    advance(ASYNC_CAUSE_WINDOW_MS + 50);
    const fresh = frame('fresh');
    linker.frameHandled(fresh, 'dispatched');
    endTask();
    advance(30);
    expect(linker.causeNow()).toMatchObject({ frameSeq: fresh.seq, inference: 'async-continuation', delayMs: 30 });
  });
});
