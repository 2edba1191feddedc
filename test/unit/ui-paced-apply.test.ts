import { describe, expect, it } from 'vitest';
import type { ToUiMessage } from '../../instrumentation/protocol';
import { BATCH_PACE_MS, pacedApply } from '../../overlay/ui/store/paced-apply';

const batch = (seq: number): ToUiMessage => ({ kind: 'batch', connections: [], events: [{ type: 'internal-error', seq, at: 0, where: 'x', message: 'm' }], dropped: 0 });

describe('pacedApply', () => {
  it('applies streamed batches together once per pace, in order', () => {
    const applied: ToUiMessage[] = [];
    const timers: { run: () => void; ms: number }[] = [];
    const incoming = pacedApply((message) => applied.push(message), (run, ms) => timers.push({ run, ms }));
    incoming.push(batch(1));
    incoming.push(batch(2));
    incoming.push(batch(3));
    expect(applied).toEqual([]);
    expect(timers).toHaveLength(1);
    expect(timers[0]!.ms).toBe(BATCH_PACE_MS);
    timers[0]!.run();
    expect(applied).toEqual([batch(1), batch(2), batch(3)]);
  });

  it('applies other messages at once, after the batches that came before them', () => {
    const applied: ToUiMessage[] = [];
    const incoming = pacedApply((message) => applied.push(message), () => undefined);
    incoming.push(batch(1));
    incoming.push({ kind: 'cleared' });
    expect(applied).toEqual([batch(1), { kind: 'cleared' }]);
  });
});
