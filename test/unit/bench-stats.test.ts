import { describe, expect, it } from 'vitest';
import { median, medianInterval } from '../../bench/stats';

describe('the benchmark’s interval of a median ratio', () => {
  it('is a single point when every round agrees', () => {
    expect(medianInterval([0.98, 0.98, 0.98, 0.98])).toEqual({ low: 0.98, high: 0.98 });
  });

  it('holds the median, and widens with the spread between rounds', () => {
    const steady = [0.96, 0.97, 0.97, 0.98, 0.98, 0.99, 0.97, 0.98, 0.97];
    const noisy = [0.82, 0.97, 1.12, 0.9, 1.05, 0.99, 0.86, 1.08, 0.95];
    const steadyInterval = medianInterval(steady);
    const noisyInterval = medianInterval(noisy);
    expect(steadyInterval.low).toBeLessThanOrEqual(median(steady));
    expect(steadyInterval.high).toBeGreaterThanOrEqual(median(steady));
    expect(noisyInterval.high - noisyInterval.low).toBeGreaterThan(2 * (steadyInterval.high - steadyInterval.low));
  });

  it('prints the same interval for the same trials', () => {
    const ratios = [0.91, 1.02, 0.95, 0.99, 0.93, 1.04, 0.97];
    expect(medianInterval(ratios)).toEqual(medianInterval([...ratios]));
  });
});
