/**
 * A UI attached to the page gets the chaos state after its snapshot and on every change, and its chaos commands
 * reach the page's chaos API; a UI that detached hears nothing more.
 */
import { describe, expect, it } from 'vitest';
import { installRealtimeDevtools } from '../../instrumentation/hook';
import { fakePageWindow } from './support/fake-page-window';
import { PROTOCOL_VERSION, type ChaosStateMessage, type PageToUiMessage } from '../../instrumentation/protocol';


describe('a UI attached to a page with chaos', () => {
  it('gets the chaos state after the snapshot and after each change, and its commands change it', () => {
    const api = installRealtimeDevtools(fakePageWindow());
    const received: PageToUiMessage[] = [];
    const link = api.connectUi((message) => received.push(message));
    link.receive({ kind: 'set-chaos', settings: { latencyMs: 10 } });
    expect(received, 'nothing is sent before init').toEqual([]);

    link.receive({ kind: 'init', protocolVersion: PROTOCOL_VERSION });
    // The query cache and the queues follow the snapshot too; only their order relative to chaos-state matters not.
    expect(received.map((message) => message.kind).filter((kind) => kind !== 'query-cache' && kind !== 'queue-state')).toEqual(['hello', 'snapshot', 'chaos-state']);
    expect((received.find((message) => message.kind === 'chaos-state') as ChaosStateMessage).state).toMatchObject({ latencyInMs: 10, offline: false });

    link.receive({ kind: 'set-chaos', settings: { offline: true } });
    link.receive({ kind: 'chaos-preset', preset: 'slow-3g' });
    link.receive({ kind: 'kill', connectionId: 'c404' });
    const states = received.filter((message): message is ChaosStateMessage => message.kind === 'chaos-state').map((message) => message.state);
    expect(states.map(({ offline, latencyInMs }) => ({ offline, latencyInMs }))).toEqual([
      { offline: false, latencyInMs: 10 },
      { offline: true, latencyInMs: 10 },
      { offline: false, latencyInMs: 200 },
    ]);
    expect(api.chaos.get()).toMatchObject({ latencyInMs: 200 });
    expect(api.events().filter((event) => event.type === 'internal-error'), 'a chaos command is not an unknown command').toEqual([]);

    link.receive({ kind: 'detach' });
    const before = received.length;
    api.chaos.reset();
    expect(received).toHaveLength(before);
  });
});
