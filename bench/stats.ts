/** Order statistics over trial figures; nearest-rank percentiles, the median averaging the middle pair. */
export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

/** A seeded generator (mulberry32): the same seed gives the same sequence, so results can be reproduced. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A percentile-bootstrap interval of the median: how far the median of these trials could move if the same run
 * were repeated on the same machine. Noise between trials on a shared machine is wide; this says whether a
 * verdict stands clear of it.
 */
export function medianInterval(values: number[], confidence = 0.9, resamples = 4000): { low: number; high: number } {
  if (values.length === 0) return { low: Number.NaN, high: Number.NaN };
  const random = seededRandom(values.length);
  const medians: number[] = [];
  const sample: number[] = new Array<number>(values.length);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < values.length; i++) sample[i] = values[Math.floor(random() * values.length)] ?? Number.NaN;
    medians.push(median(sample));
  }
  const tail = ((1 - confidence) / 2) * 100;
  return { low: percentile(medians, tail), high: percentile(medians, 100 - tail) };
}
