import { describe, expect, it } from 'vitest';
import { closeCodeName } from '../../overlay/ui/format/close-codes';
import { hexDump, hexLine, hexLineCount } from '../../overlay/ui/format/hex';
import {
  base64ToBytes,
  bytesToBase64,
  framePreview,
  parseJsonContainer,
  payloadBase64,
  payloadByteLength,
  payloadBytes,
  payloadText,
} from '../../overlay/ui/format/payload';
import { formatBytes, formatClock, formatDelta, formatDuration } from '../../overlay/ui/format/units';

describe('hex dump', () => {
  it('lays a line out like hexdump -C: offset, two groups of 8 bytes, printable ASCII', () => {
    const bytes = new TextEncoder().encode('{"a":1}\n\u0000ABCDEFGHIJ');
    expect(hexLineCount(bytes.length)).toBe(2);
    expect(hexLine(bytes, 0)).toEqual({
      offset: '00000000',
      hex: '7b 22 61 22 3a 31 7d 0a  00 41 42 43 44 45 46 47',
      ascii: '{"a":1}..ABCDEFG',
    });
    // The short last line is padded so that columns line up.
    expect(hexLine(bytes, 1).hex).toBe('48 49 4a' + ' '.repeat(40));
    expect(hexDump(bytes).split('\n')[1]).toBe(`00000010  48 49 4a${' '.repeat(40)}  |HIJ|`);
  });
});

describe('payload conversions', () => {
  it('round-trips bytes through base64 and reads UTF-8 text', () => {
    const bytes = Uint8Array.from([0, 1, 2, 250, 255]);
    expect(base64ToBytes(bytesToBase64(bytes))).toEqual(bytes);
    expect(payloadText('aMOpbGxv', 'base64')).toBe('héllo');
    expect(payloadBytes('hé', 'text')).toEqual(Uint8Array.from([0x68, 0xc3, 0xa9]));
    expect(payloadBase64('hé', 'text')).toBe('aMOp');
    expect(payloadBase64('AAEC', 'base64')).toBe('AAEC');
  });

  it('never throws on garbage base64 from the page', () => {
    expect(() => base64ToBytes('%%%not base64!!')).not.toThrow();
    expect(base64ToBytes('AAE')).toEqual(Uint8Array.from([0, 1]));
    expect(base64ToBytes('A')).toEqual(new Uint8Array(0));
  });

  it('counts the bytes a payload stands for', () => {
    expect(payloadByteLength('aMOpbGxv', 'base64')).toBe(6);
    expect(payloadByteLength('AAE=', 'base64')).toBe(2);
    expect(payloadByteLength('héllo', 'text')).toBe(6);
  });

  it('offers the JSON view only for objects and arrays that parse', () => {
    expect(parseJsonContainer(' {"a":[1,2]}')).toEqual({ ok: true, value: { a: [1, 2] } });
    expect(parseJsonContainer('[1,')).toEqual({ ok: false });
    expect(parseJsonContainer('42')).toEqual({ ok: false });
    expect(parseJsonContainer('"text"')).toEqual({ ok: false });
  });

  it('previews a frame on one line, binary as its first bytes in hex', () => {
    expect(framePreview({ data: 'a\n  b\tc', encoding: 'text' })).toBe('a b c');
    expect(framePreview({ data: 'x'.repeat(300), encoding: 'text' })).toBe(`${'x'.repeat(240)}…`);
    expect(framePreview({ data: 'AAH/', encoding: 'base64' })).toBe('00 01 ff');
    expect(framePreview({ data: bytesToBase64(new Uint8Array(40).fill(7)), encoding: 'base64' })).toBe(`${Array(24).fill('07').join(' ')} …`);
  });
});

describe('units', () => {
  it('formats clock times with milliseconds', () => {
    const at = new Date(2024, 0, 2, 3, 4, 5, 67).getTime();
    expect(formatClock(at)).toBe('03:04:05.067');
    expect(formatClock(Number.NaN)).toBe('--:--:--.---');
  });

  it('formats deltas and durations at a readable precision', () => {
    expect(formatDelta(0.42)).toBe('+0.4 ms');
    expect(formatDelta(12.4)).toBe('+12 ms');
    expect(formatDelta(1250)).toBe('+1.25 s');
    expect(formatDelta(-3)).toBe('−3.0 ms');
    expect(formatDuration(185_000)).toBe('3 m 05 s');
    expect(formatDuration(3_725_000)).toBe('1 h 02 m');
  });

  it('formats sizes in binary units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(120 * 1024)).toBe('120 KiB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 MiB');
  });

  it('names close codes from RFC 6455 and the IANA registry', () => {
    expect(closeCodeName(1006)).toBe('Abnormal Closure');
    expect(closeCodeName(1012)).toBe('Service Restart');
    expect(closeCodeName(4001)).toBe('Application');
    expect(closeCodeName(1004)).toBe('Unknown');
  });
});
