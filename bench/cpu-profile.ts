/** Self and total time of a V8 CPU profile (CDP `Profiler.Profile`), by function and by what loaded the code. */

export interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  /** Microseconds between one sample and the one before it. */
  timeDeltas?: number[];
}

/** Where a function's code came from; the pseudo-frames V8 reports for time spent outside JavaScript keep their name. */
export type Classify = (url: string) => string;

export interface ProfileTotals {
  /** Milliseconds sampled. */
  wallMs: number;
  /** Self milliseconds by category; native builtins count towards the script that called them. */
  byCategory: Map<string, number>;
  /** Self milliseconds by function (`name file:line`). */
  selfByFunction: Map<string, number>;
  /** Milliseconds with the function anywhere on the stack (recursion counted once). */
  totalByFunction: Map<string, number>;
  /** The category of each function key, to list one category's functions. */
  categoryOf: Map<string, string>;
}

/** V8's names for samples outside JavaScript. */
const PSEUDO_FRAMES = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);

function functionKey(frame: ProfileNode['callFrame']): string {
  if (PSEUDO_FRAMES.has(frame.functionName)) return frame.functionName;
  const file = frame.url === '' ? '(native)' : (frame.url.split(/[/?#]/).filter(Boolean).at(-1) ?? frame.url);
  const place = frame.url === '' ? file : `${file}:${frame.lineNumber + 1}`;
  return `${frame.functionName || '(anonymous)'} ${place}`;
}

export function emptyTotals(): ProfileTotals {
  return { wallMs: 0, byCategory: new Map(), selfByFunction: new Map(), totalByFunction: new Map(), categoryOf: new Map() };
}

function add(map: Map<string, number>, key: string, ms: number): void {
  map.set(key, (map.get(key) ?? 0) + ms);
}

/** Adds one profile to `totals` (several trials accumulate into one). */
export function accumulate(totals: ProfileTotals, profile: CpuProfile, classify: Classify): void {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const categoryCache = new Map<number, string>();
  const categoryOf = (id: number): string => {
    const cached = categoryCache.get(id);
    if (cached !== undefined) return cached;
    const node = byId.get(id);
    let category: string;
    if (!node) category = '(unknown)';
    else if (PSEUDO_FRAMES.has(node.callFrame.functionName)) category = node.callFrame.functionName;
    else if (node.callFrame.url !== '') category = classify(node.callFrame.url);
    else {
      const up = parent.get(id);
      category = up === undefined ? '(native)' : categoryOf(up);
    }
    categoryCache.set(id, category);
    return category;
  };

  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    // A sample stands for the time until the next one (DevTools' own convention).
    const ms = (deltas[i + 1] ?? 0) / 1000;
    if (ms <= 0) continue;
    const id = samples[i] as number;
    const node = byId.get(id);
    if (!node) continue;
    totals.wallMs += ms;
    const category = categoryOf(id);
    add(totals.byCategory, category, ms);
    const key = functionKey(node.callFrame);
    add(totals.selfByFunction, key, ms);
    totals.categoryOf.set(key, category);
    const onStack = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)?.callFrame;
      if (!frame || PSEUDO_FRAMES.has(frame.functionName)) continue;
      const stackKey = functionKey(frame);
      if (onStack.has(stackKey)) continue;
      onStack.add(stackKey);
      add(totals.totalByFunction, stackKey, ms);
      if (!totals.categoryOf.has(stackKey)) totals.categoryOf.set(stackKey, categoryOf(at));
    }
  }
}

/** The `count` largest entries, largest first. */
export function top(map: Map<string, number>, count: number, keep: (key: string) => boolean = () => true): [string, number][] {
  return [...map].filter(([key]) => keep(key)).sort((a, b) => b[1] - a[1]).slice(0, count);
}
