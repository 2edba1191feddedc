import { describe, expect, it } from 'vitest';
import { base64ToBytes } from '../../instrumentation/decoders/bytes';
import { previewValue } from '../../instrumentation/decoders/preview';

describe('base64ToBytes', () => {
  it('agrees with Node on every length, padded or not', () => {
    for (let length = 0; length < 40; length++) {
      const bytes = Buffer.from(Array.from({ length }, (_, i) => (i * 97 + length) & 0xff));
      const padded = bytes.toString('base64');
      expect(base64ToBytes(padded), padded).toEqual(new Uint8Array(bytes));
      expect(base64ToBytes(padded.replace(/=+$/, '')), padded).toEqual(new Uint8Array(bytes));
    }
  });

  it('refuses what is not standard base64 instead of guessing', () => {
    for (const text of ['A', 'AAAAA', 'AA=A', 'AA==A', '=', 'AB-_', 'AB\nC', 'ÿÿÿÿ', 'AAA==']) expect(base64ToBytes(text), text).toBeUndefined();
  });
});

describe('previewValue', () => {
  it('renders JSON-like text, bytes by size, and cuts long or deep values', () => {
    expect(previewValue({ a: [1, 'two', null], b: new Uint8Array(3) })).toBe('{"a":[1,"two",null],"b":<3 bytes>}');
    expect(previewValue('x'.repeat(500), 20)).toBe('"xxxxxxxxxxxxxxxxxx…');
    let deep: unknown = 0;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(previewValue(deep)).toBe('[[[[[[[…]]]]]]]');
  });
});
