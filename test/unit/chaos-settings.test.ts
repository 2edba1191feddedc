import { describe, expect, it } from 'vitest';
import { Conditions } from '../../instrumentation/chaos/conditions';
import { compileExemptions } from '../../instrumentation/chaos/matchers';
import { applyPatch, defaultSettings, hasConditions } from '../../instrumentation/chaos/settings';

const problems = (): { list: string[]; report: (message: string) => void } => {
  const list: string[] = [];
  return { list, report: (message) => list.push(message) };
};

describe('chaos settings', () => {
  it('start with every condition off and dev-server channels exempt', () => {
    const settings = defaultSettings('127.0.0.1:5173');
    expect(hasConditions(settings)).toBe(false);
    const exempt = compileExemptions(settings.exemptUrls);
    expect(exempt('ws://127.0.0.1:5173/?token=abc', ['vite-hmr'])).toBe(true);
    expect(exempt('http://127.0.0.1:5173/@vite/client')).toBe(true);
    expect(exempt('ws://127.0.0.1:5173/ws')).toBe(true);
    expect(exempt('ws://127.0.0.1:3000/sockjs-node/123/abc/websocket')).toBe(true);
    expect(exempt('http://127.0.0.1:3000/_next/webpack-hmr')).toBe(true);
    // An app's own `/ws` elsewhere, or with a query, is not the dev server's.
    expect(exempt('ws://api.example.test/ws')).toBe(false);
    expect(exempt('ws://127.0.0.1:5173/ws?room=1')).toBe(false);
    expect(exempt('ws://127.0.0.1:5173/chat', ['chat'])).toBe(false);
  });

  it('take shorthands for both directions, which a per-direction field given alongside overrides', () => {
    const { list, report } = problems();
    const settings = applyPatch(defaultSettings(''), { latencyMs: 100, latencyOutMs: 20, jitterMs: 5, dropRate: 0.25, dropRateIn: 0.5 }, report);
    expect(settings).toMatchObject({ latencyInMs: 100, latencyOutMs: 20, jitterInMs: 5, jitterOutMs: 5, dropRateIn: 0.5, dropRateOut: 0.25 });
    expect(list).toEqual([]);
    expect(hasConditions(settings)).toBe(true);
  });

  it('keep the previous value of each invalid field, and say what was wrong', () => {
    const { list, report } = problems();
    const before = applyPatch(defaultSettings(''), { latencyInMs: 10 }, report);
    const after = applyPatch(before, { latencyInMs: -1, dropRateOut: 2, offline: 'yes', dropFilter: { kind: 'regex', pattern: '(' }, exemptUrls: 'x', stall: true }, report);
    expect(after).toMatchObject({ latencyInMs: 10, dropRateOut: 0, offline: false, dropFilter: null, stall: true });
    expect(after.exemptUrls).toEqual(before.exemptUrls);
    expect(list).toHaveLength(5);
    expect(applyPatch(before, 'nonsense', report)).toEqual(before);
  });

  it('accept a drop filter as a substring, a RegExp or its serializable form, without stateful flags', () => {
    const none = (): void => {};
    expect(applyPatch(defaultSettings(''), { dropFilter: 'typing' }, none).dropFilter).toEqual({ kind: 'substring', pattern: 'typing' });
    expect(applyPatch(defaultSettings(''), { dropFilter: /^42\["chat/gi }, none).dropFilter).toEqual({ kind: 'regex', pattern: '^42\\["chat', flags: 'i' });
    expect(applyPatch(defaultSettings(''), { dropFilter: { kind: 'regex', pattern: 'a+' } }, none).dropFilter).toEqual({ kind: 'regex', pattern: 'a+' });
    expect(applyPatch(applyPatch(defaultSettings(''), { dropFilter: 'x' }, none), { dropFilter: null }, none).dropFilter).toBeNull();
  });
});

describe('conditions', () => {
  const conditionsWith = (patch: object, random: () => number): Conditions => {
    const conditions = new Conditions(random);
    conditions.update(applyPatch(defaultSettings(''), patch, () => {}));
    return conditions;
  };

  it('drop only frames that match the filter, text or SSE event type, and never binary ones under a filter', () => {
    const always = conditionsWith({ dropRateIn: 1, dropFilter: 'typing' }, () => 0);
    expect(always.drops('in', '42["typing",{}]')).toBe(true);
    expect(always.drops('in', '42["chat",{}]')).toBe(false);
    expect(always.drops('in', 'data', 'typing')).toBe(true);
    expect(always.drops('in', undefined)).toBe(false);
    expect(always.drops('out', '42["typing",{}]')).toBe(false);
    const unfiltered = conditionsWith({ dropRateOut: 1 }, () => 0);
    expect(unfiltered.drops('out', undefined)).toBe(true);
  });

  it('drop at the set rate, as drawn from the random source', () => {
    const draws = [0.1, 0.3, 0.5, 0.7, 0.9];
    let i = 0;
    const conditions = conditionsWith({ dropRate: 0.5 }, () => draws[i++ % draws.length] as number);
    const dropped = draws.map(() => conditions.drops('in', 'x'));
    expect(dropped).toEqual([true, true, false, false, false]);
  });

  it('delay by latency plus or minus up to jitter, never below zero', () => {
    expect(conditionsWith({ latencyMs: 100, jitterMs: 20 }, () => 0).delay('in')).toBe(80);
    expect(conditionsWith({ latencyMs: 100, jitterMs: 20 }, () => 0.999999).delay('out')).toBeCloseTo(120, 3);
    expect(conditionsWith({ latencyMs: 10, jitterMs: 50 }, () => 0).delay('in')).toBe(0);
    expect(conditionsWith({ latencyInMs: 30 }, Math.random).touches('out')).toBe(false);
    expect(conditionsWith({ stall: true }, Math.random).touches('out')).toBe(true);
  });

  it('exempt URLs by substring, RegExp and subprotocol', () => {
    const exempt = compileExemptions(['/health', '/^wss:\\/\\/internal\\./', 'protocol:graphql-ws', '/[/']);
    expect(exempt('http://x.test/health?full=1')).toBe(true);
    expect(exempt('wss://internal.x.test/socket')).toBe(true);
    expect(exempt('wss://public.x.test/socket')).toBe(false);
    expect(exempt('wss://x.test/graphql', ['graphql-ws'])).toBe(true);
    // Not a valid RegExp: matched literally.
    expect(exempt('http://x.test/[/')).toBe(true);
  });
});
