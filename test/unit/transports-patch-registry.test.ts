import { describe, expect, it } from 'vitest';
import { PatchConflictError, PatchRegistry, replaceValue, restoreAll } from '../../instrumentation/transports/patch-registry';

describe('PatchRegistry', () => {
  it('replaces a property and restores its exact descriptor', () => {
    const owner = {};
    Object.defineProperty(owner, 'method', { value: 'native', writable: false, enumerable: true, configurable: true });
    const before = Object.getOwnPropertyDescriptor(owner, 'method');
    const patch = new PatchRegistry().patch(owner, 'method', replaceValue('patched'));
    expect(Object.getOwnPropertyDescriptor(owner, 'method')).toEqual({ value: 'patched', writable: false, enumerable: true, configurable: true });
    patch.restore();
    expect(Object.getOwnPropertyDescriptor(owner, 'method')).toEqual(before);
  });

  it('restores accessors with their original getter and setter', () => {
    class Native {
      get value(): number {
        return 1;
      }
      set value(_: number) {}
    }
    const before = Object.getOwnPropertyDescriptor(Native.prototype, 'value');
    const patch = new PatchRegistry().patch(Native.prototype, 'value', (original) => ({ ...original, get: () => 2 }));
    expect(new Native().value).toBe(2);
    patch.restore();
    expect(Object.getOwnPropertyDescriptor(Native.prototype, 'value')).toEqual(before);
    expect(new Native().value).toBe(1);
  });

  it('removes a property it added where there was none', () => {
    const owner: Record<string, unknown> = {};
    const patch = new PatchRegistry().patch(owner, 'added', replaceValue(1));
    expect(owner.added).toBe(1);
    patch.restore();
    expect(Object.hasOwn(owner, 'added')).toBe(false);
  });

  it('refuses to patch a property twice until the first patch is restored', () => {
    const owner = { method: 'native' };
    const registry = new PatchRegistry();
    const first = registry.patch(owner, 'method', replaceValue('first'));
    expect(() => registry.patch(owner, 'method', replaceValue('second'))).toThrow(PatchConflictError);
    expect(owner.method).toBe('first');
    first.restore();
    registry.patch(owner, 'method', replaceValue('second'));
    expect(owner.method).toBe('second');
  });

  it('ignores a second restore, which would otherwise undo a later patch', () => {
    const owner = { method: 'native' };
    const registry = new PatchRegistry();
    const first = registry.patch(owner, 'method', replaceValue('first'));
    first.restore();
    registry.patch(owner, 'method', replaceValue('second'));
    first.restore();
    expect(owner.method).toBe('second');
  });

  it('restoreAll undoes patches newest first and empties the list', () => {
    const owner = { a: 'native a', b: 'native b' };
    const registry = new PatchRegistry();
    const patches = [registry.patch(owner, 'a', replaceValue('patched a')), registry.patch(owner, 'b', replaceValue('patched b'))];
    restoreAll(patches);
    expect(owner).toEqual({ a: 'native a', b: 'native b' });
    expect(patches).toEqual([]);
  });
});
