import { describe, expect, it } from 'vitest';
import { dataChanged } from '../../instrumentation/query/data-change';
import { jsonText } from '../../instrumentation/query/json-text';

describe('JSON text of page data', () => {
  it('writes what JSON.stringify writes when there is room', () => {
    const value = {
      list: [1, 'two', null, undefined, () => 3, Number.NaN],
      nested: { at: new Date(0), skipped: undefined, flag: true },
      text: 'quote " and \n newline',
    };
    expect(jsonText(value, 10_000)).toEqual({ text: JSON.stringify(value), truncated: false, unserializable: false });
    expect(jsonText(undefined, 100).text).toBe('');
  });

  it('stops at the limit and says it cut', () => {
    const result = jsonText({ items: Array.from({ length: 1000 }, (_, i) => i) }, 20);
    expect(result.text).toBe('{"items":[0,1,2,3,4,');
    expect(result.truncated).toBe(true);
    expect(jsonText([1, 2], 5)).toEqual({ text: '[1,2]', truncated: false, unserializable: false });
  });

  it('marks what JSON cannot hold instead of throwing', () => {
    const loop: unknown[] = [];
    loop.push(loop);
    expect(jsonText(loop, 100)).toEqual({ text: '[unserializable: circular structure]', truncated: false, unserializable: true });
    expect(jsonText({ id: 1n }, 100).text).toBe('[unserializable: BigInt value]');
    const hostile = { toJSON: () => { throw new RangeError('no'); } };
    expect(jsonText(hostile, 100).text).toBe('[unserializable: RangeError: no]');
    let deep: unknown = 0;
    for (let i = 0; i < 10_000; i++) deep = [deep];
    expect(jsonText(deep, 100_000).text).toMatch(/^\[unserializable: nested deeper than/);
  });

  it('writes a shared (non-circular) object each time it appears', () => {
    const shared = { id: 1 };
    expect(jsonText([shared, shared], 100).text).toBe('[{"id":1},{"id":1}]');
  });
});

describe('data changed by a refetch', () => {
  it('is false for the same reference, and for equal data under a new reference', () => {
    const data = [{ id: 1 }];
    expect(dataChanged(data, data, true)).toBe(false);
    expect(dataChanged(data, [{ id: 1 }], false)).toBe(false);
    expect(dataChanged(data, [{ id: 2 }], false)).toBe(true);
    expect(dataChanged(undefined, data, true)).toBe(true);
  });

  it('cannot tell for data too big to compare when sharing was off', () => {
    const big = 'x'.repeat(100_000);
    expect(dataChanged([big], [big], false)).toBeUndefined();
    expect(dataChanged([big], [big], true)).toBe(true);
  });
});
