import { describe, expect, it } from 'vitest';
import { accumulate, emptyTotals, top, type CpuProfile, type ProfileNode } from '../../bench/cpu-profile';

const UI = 'http://127.0.0.1/dist/overlay/esm/realtime-devtools-ui.js';
const PAGE = 'http://127.0.0.1/probe.js';

function node(id: number, functionName: string, url: string, children: number[] = [], lineNumber = 0): ProfileNode {
  return { id, callFrame: { functionName, url, lineNumber, columnNumber: 0 }, children };
}

/**
 * root ─┬─ (program)
 *       ├─ (idle)
 *       └─ render (UI) ─┬─ diff (UI) ── diff (UI, recursive) ── createElement (native)
 *                       └─ onmessage (page)
 */
const profile: CpuProfile = {
  nodes: [
    node(1, '(root)', '', [2, 3, 4]),
    node(2, '(program)', ''),
    node(3, '(idle)', ''),
    node(4, 'render', UI, [5, 8], 9),
    node(5, 'diff', UI, [6], 19),
    node(6, 'diff', UI, [7], 19),
    node(7, 'createElement', ''),
    node(8, 'onmessage', PAGE),
  ],
  startTime: 0,
  endTime: 10_000,
  // Each sample lasts until the next one: 1 ms each, the last one's length unknown (not counted).
  samples: [2, 3, 4, 7, 7, 6, 8, 3],
  timeDeltas: [0, 1000, 1000, 1000, 1000, 1000, 1000, 1000],
};

const classify = (url: string): string => (url.includes('/overlay/esm/') ? 'overlay-ui' : url.endsWith('/probe.js') ? 'probe' : 'other');

describe('CPU profile totals', () => {
  const totals = emptyTotals();
  accumulate(totals, profile, classify);

  it('counts each sample until the next one', () => {
    expect(totals.wallMs).toBe(7);
  });

  it('puts native builtins under the script that called them, and keeps V8’s pseudo-frames apart', () => {
    expect(Object.fromEntries(totals.byCategory)).toEqual({ '(program)': 1, '(idle)': 1, 'overlay-ui': 4, probe: 1 });
  });

  it('gives self time by function and total time once per stack, recursion included', () => {
    expect(totals.selfByFunction.get('createElement (native)')).toBe(2);
    expect(totals.selfByFunction.get('diff realtime-devtools-ui.js:20')).toBe(1);
    expect(totals.totalByFunction.get('diff realtime-devtools-ui.js:20')).toBe(3);
    expect(totals.totalByFunction.get('render realtime-devtools-ui.js:10')).toBe(5);
    expect(top(totals.totalByFunction, 1)).toEqual([['render realtime-devtools-ui.js:10', 5]]);
  });

  it('adds up several trials', () => {
    const twice = emptyTotals();
    accumulate(twice, profile, classify);
    accumulate(twice, profile, classify);
    expect(twice.wallMs).toBe(14);
    expect(twice.byCategory.get('overlay-ui')).toBe(8);
  });
});
