import { afterEach, describe, expect, it } from 'vitest';
import { acquireToStringDisguise, disguise } from '../../instrumentation/transports/disguise';

const nativeToString = Function.prototype.toString;
const releases: (() => void)[] = [];

afterEach(() => {
  for (const release of releases.splice(0)) release();
});

function acquire(): () => void {
  const release = acquireToStringDisguise(globalThis);
  releases.push(release);
  return release;
}

function original(this: unknown, first: number, second: number): number {
  return first + second;
}

describe('the toString disguise', () => {
  it('answers for a disguised function with the string of the function it stands for', () => {
    acquire();
    const impostor = new Proxy(original, {});
    disguise(impostor, original);
    expect(Function.prototype.toString.call(impostor)).toBe(nativeToString.call(original));
    expect(String(impostor)).toBe(nativeToString.call(original));
  });

  it('follows a chain of disguises to the first native', () => {
    acquire();
    const first = new Proxy(original, {});
    const second = new Proxy(first, {});
    disguise(first, original);
    disguise(second, first);
    expect(Function.prototype.toString.call(second)).toBe(nativeToString.call(original));
  });

  it('disguises itself as the native toString and keeps its name, length and errors', () => {
    acquire();
    expect(Function.prototype.toString).not.toBe(nativeToString);
    expect(Function.prototype.toString.call(Function.prototype.toString)).toBe(nativeToString.call(nativeToString));
    expect(Function.prototype.toString.toString()).toBe(nativeToString.call(nativeToString));
    expect([Function.prototype.toString.name, Function.prototype.toString.length]).toEqual(['toString', 0]);
    expect(() => Function.prototype.toString.call({})).toThrow(TypeError);
    expect(() => Function.prototype.toString.call(1)).toThrow(TypeError);
  });

  it('leaves functions that were not disguised alone', () => {
    acquire();
    const plain = (): number => 1;
    expect(Function.prototype.toString.call(plain)).toBe(nativeToString.call(plain));
  });

  it('is shared: the native toString comes back with the last release only', () => {
    const releaseFirst = acquire();
    const releaseSecond = acquire();
    const patched = Function.prototype.toString;
    releaseFirst();
    releaseFirst();
    expect(Function.prototype.toString).toBe(patched);
    releaseSecond();
    expect(Function.prototype.toString).toBe(nativeToString);
    expect(Object.getOwnPropertyDescriptor(Function.prototype, 'toString')).toEqual({
      value: nativeToString, writable: true, enumerable: false, configurable: true,
    });
  });
});
