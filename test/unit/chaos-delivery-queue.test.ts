import { describe, expect, it } from 'vitest';
import { DeliveryQueue } from '../../instrumentation/chaos/delivery-queue';
import { FakeClock } from './chaos-fake-clock';

function queueWithLog(clock: FakeClock): { queue: DeliveryQueue<string>; delivered: [string, number][] } {
  const delivered: [string, number][] = [];
  const queue = new DeliveryQueue<string>(clock, (item) => delivered.push([item, clock.now()]));
  return { queue, delivered };
}

describe('DeliveryQueue', () => {
  it('delivers each item no earlier than its delay, and never before an item that came first', () => {
    const clock = new FakeClock();
    const start = clock.now();
    const { queue, delivered } = queueWithLog(clock);
    queue.push('a', 100);
    clock.advance(10);
    queue.push('b', 20); // due at 30, but held back behind a (due at 100)
    queue.push('c', 200);
    clock.advance(89);
    expect(delivered).toEqual([]);
    clock.advance(1);
    expect(delivered).toEqual([['a', start + 100], ['b', start + 100]]);
    clock.advance(109);
    expect(delivered).toHaveLength(2);
    clock.advance(1);
    expect(delivered.at(-1)).toEqual(['c', start + 210]);
    expect(queue.size).toBe(0);
  });

  it('holds everything while held, and releases what is due at once, in order', () => {
    const clock = new FakeClock();
    const { queue, delivered } = queueWithLog(clock);
    queue.setHeld(true);
    queue.push('one', 0);
    queue.push('two', 50);
    clock.advance(1_000);
    expect(delivered).toEqual([]);
    expect(queue.size).toBe(2);
    queue.setHeld(false);
    clock.advance(0);
    expect(delivered.map(([item]) => item)).toEqual(['one', 'two']);
  });

  it('gives back waiting items undelivered, and then forgets earlier due times', () => {
    const clock = new FakeClock();
    const { queue, delivered } = queueWithLog(clock);
    queue.push('slow', 500);
    expect(queue.takeAll()).toEqual(['slow']);
    expect(clock.pending).toBe(0);
    queue.push('fast', 10);
    clock.advance(10);
    expect(delivered.map(([item]) => item)).toEqual(['fast']);
  });

  it('delivers everything at once on request, even when held', () => {
    const clock = new FakeClock();
    const { queue, delivered } = queueWithLog(clock);
    queue.setHeld(true);
    queue.push('x', 100);
    queue.push('y', 100);
    queue.deliverAll();
    expect(delivered.map(([item]) => item)).toEqual(['x', 'y']);
    expect(clock.pending).toBe(0);
  });

  it('survives a delivery that pushes, clears or holds the same queue', () => {
    const clock = new FakeClock();
    const delivered: string[] = [];
    const queue: DeliveryQueue<string> = new DeliveryQueue<string>(clock, (item) => {
      delivered.push(item);
      if (item === 'push') queue.push('pushed', 0);
      if (item === 'hold') queue.setHeld(true);
    });
    queue.push('push', 0);
    queue.push('hold', 0);
    queue.push('after hold', 0);
    clock.advance(0);
    expect(delivered).toEqual(['push', 'hold']);
    queue.setHeld(false);
    clock.advance(0);
    expect(delivered).toEqual(['push', 'hold', 'after hold', 'pushed']);
  });
});
