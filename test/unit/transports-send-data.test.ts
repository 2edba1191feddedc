import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createSendDataReader } from '../../instrumentation/transports/send-data';

const reader = createSendDataReader(globalThis);

describe('reading what send() puts on the wire', () => {
  it('passes strings and binary data to the native untouched', () => {
    const buffer = new ArrayBuffer(2);
    const view = new Uint8Array(buffer, 1);
    const blob = new Blob(['x']);
    for (const data of ['text', buffer, view, new DataView(buffer), blob]) expect(reader.prepare(data)).toBe(data);
  });

  it('treats buffers and views of another realm as binary, not as objects to stringify', () => {
    const foreign = runInNewContext('({ buffer: new Uint8Array([1, 2, 3]).buffer, view: new Uint8Array([4, 5]) })') as { buffer: ArrayBuffer; view: Uint8Array };
    expect(foreign.buffer instanceof ArrayBuffer).toBe(false);
    expect(reader.prepare(foreign.buffer)).toBe(foreign.buffer);
    expect(reader.prepare(foreign.view)).toBe(foreign.view);
    const recorded = reader.payload(foreign.buffer);
    expect(recorded).toBeInstanceOf(Uint8Array);
    expect([...(recorded as Uint8Array)]).toEqual([1, 2, 3]);
  });

  it('converts any other object once, as WebIDL would, so that the page code runs once', () => {
    let conversions = 0;
    const data = { toString: () => `converted ${++conversions}` };
    const prepared = reader.prepare(data);
    expect(prepared).toBe('converted 1');
    expect(reader.payload(prepared)).toBe('converted 1');
    expect(conversions).toBe(1);
  });

  it('lets the page see the exception of its own toString', () => {
    const failure = new RangeError('page toString');
    expect(() => reader.prepare({ toString: () => { throw failure; } })).toThrow(failure);
  });

  it('records primitives as the text the native sends', () => {
    for (const [data, text] of [[42, '42'], [null, 'null'], [undefined, 'undefined'], [true, 'true'], [10n, '10']] as const) {
      expect(reader.prepare(data)).toBe(data);
      expect(reader.payload(data)).toBe(text);
    }
  });

  it('records shared buffers as bytes', () => {
    const shared = new SharedArrayBuffer(2);
    new Uint8Array(shared).set([7, 8]);
    expect(reader.prepare(shared)).toBe(shared);
    expect([...(reader.payload(shared) as Uint8Array)]).toEqual([7, 8]);
  });
});
