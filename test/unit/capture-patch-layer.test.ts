import { describe, expect, it } from 'vitest';
import { PatchConflictError, registryFor, restoreAll, type Patch } from '../../instrumentation/transports/patch-registry';
import { wrapMethod, wrapMethodOuter } from '../../instrumentation/transports/wrap';

describe('layering a second wrap over a patched method', () => {
  it('composes: the outer layer calls the inner one, which calls the native, and both restore newest first', () => {
    const scope = {};
    const calls: string[] = [];
    const native = function send(this: unknown, value: number): number {
      calls.push('native');
      return value * 2;
    };
    const owner = { send: native };
    const inner: Patch[] = [];
    const outer: Patch[] = [];
    wrapMethod(scope, inner, owner, 'send', (target, receiver, args) => {
      calls.push('chaos');
      return Reflect.apply(target, receiver, args);
    });
    const chaosWrapped = owner.send;
    wrapMethodOuter(scope, outer, owner, 'send', (target, receiver, args) => {
      calls.push('capture');
      return Reflect.apply(target, receiver, args);
    });
    expect(owner.send(21)).toBe(42);
    expect(calls).toEqual(['capture', 'chaos', 'native']);
    expect(owner.send.name).toBe('send');
    expect(owner.send.length).toBe(1);
    restoreAll(outer);
    expect(owner.send).toBe(chaosWrapped);
    restoreAll(inner);
    expect(owner.send).toBe(native);
    expect(registryFor(scope).isPatched(owner, 'send')).toBe(false);
  });

  it('is the first patch when nothing holds the method yet, and a later plain patch is still refused', () => {
    const scope = {};
    const owner = { send: (value: number) => value };
    const patches: Patch[] = [];
    wrapMethodOuter(scope, patches, owner, 'send', (target, receiver, args) => (Reflect.apply(target, receiver, args) as number) + 1);
    expect(owner.send(1)).toBe(2);
    expect(() => wrapMethod(scope, [], owner, 'send', (target, receiver, args) => Reflect.apply(target, receiver, args))).toThrow(PatchConflictError);
    restoreAll(patches);
    expect(owner.send(1)).toBe(1);
  });

  it('refuses to layer over a property nobody patched', () => {
    expect(() => registryFor({}).layer({ send() {} }, 'send', (current) => current)).toThrow(PatchConflictError);
  });
});
