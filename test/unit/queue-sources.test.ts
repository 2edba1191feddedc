/**
 * What the Queue view shows per source: library queues (counts from `client` events), the other queues (counts from
 * `queue` events), the items waiting now (`queue-state`) and the last replay.
 */
import { describe, expect, it } from 'vitest';
import type { ClientEvent, ClientQueue, QueueEvent, QueuedItem } from '../../instrumentation/protocol';
import { queueSources, replaySummary, waitingItems } from '../../overlay/ui/store/queue-sources';

const item = (name: string, preview: string, since: number, status: QueuedItem['status'] = 'buffered'): QueuedItem => ({ name, preview, status, since });

function clientQueueEvent(seq: number, clientId: string, source: string, queued: number): ClientEvent {
  return { type: 'client', seq, at: 1000 + seq, library: 'socket.io', clientId, kind: 'queue', source, queued };
}

function queueEvent(seq: number, fields: Omit<QueueEvent, 'type' | 'seq' | 'at'>): QueueEvent {
  return { type: 'queue', seq, at: 1000 + seq, ...fields };
}

describe('queue sources of the Queue view', () => {
  it('merges counts, items waiting now and the replay of each source', () => {
    const clientEvents = [
      clientQueueEvent(1, 'k1', '/', 1),
      clientQueueEvent(3, 'k1', '/', 2),
      clientQueueEvent(5, 'k2', '/', 7),
      clientQueueEvent(9, 'k1', '/', 0),
    ].map((event) => ({ session: 1, event }));
    const queueEvents = [
      queueEvent(2, { kind: 'count', library: 'app', source: 'offline-queue', queued: 1 }),
      queueEvent(4, { kind: 'count', library: 'app', source: 'offline-queue', queued: 2 }),
      queueEvent(10, { kind: 'replay', library: 'socket.io', source: '/', queued: 0, sent: [item('chat:message', '["a"]', 3), item('chat:message', '["b"]', 4)], lost: [item('typing', '[]', 1, 'lost')] }),
    ].map((event) => ({ session: 1, event }));
    const queues: ClientQueue[] = [
      { clientId: '', library: 'app', source: 'offline-queue', items: [item('create', '{"id":1}', 2), item('update', '{"id":1}', 4)], bufferedAmount: null },
      { clientId: 'k2', library: 'socket.io', source: '/', items: [item('typing', '[]', 1, 'lost')], bufferedAmount: 0 },
    ];

    const sources = queueSources({ clientEvents, queueEvents, queues, session: 1 });
    expect(sources.map((entry) => [entry.library, entry.clientId, entry.source, entry.current, entry.peak])).toEqual([
      ['socket.io', 'k1', '/', 0, 2],
      ['app', '', 'offline-queue', 2, 2],
      ['socket.io', 'k2', '/', 0, 7],
    ]);
    const [k1, app, k2] = sources;
    expect(k1?.points).toEqual([{ at: 1001, queued: 1 }, { at: 1003, queued: 2 }, { at: 1009, queued: 0 }]);
    expect(k1?.items, 'a queue absent from queue-state holds nothing now').toEqual([]);
    expect(app?.items.map((queued) => queued.name)).toEqual(['create', 'update']);
    expect(k2?.bufferedAmount).toBe(0);
    expect(waitingItems(k2!), 'lost items are not waiting').toEqual([]);
    expect(k1?.replay?.sent.map((sent) => sent.preview)).toEqual(['["a"]', '["b"]']);
    expect(app?.replay).toBeNull();
    expect(replaySummary(k1!.replay!)).toBe('sent in order: 1. chat:message ["a"]; 2. chat:message ["b"]; lost: typing []');
  });

  it('shows a plain socket in bytes, and a replay whose queue sent no count (a library queue seen only by queue-state)', () => {
    const queueEvents = [
      queueEvent(1, { kind: 'count', library: 'websocket', clientId: 'c3', source: 'ws://127.0.0.1/feed', queued: 65536 }),
      queueEvent(2, { kind: 'replay', library: 'ably', source: 'connection', queued: 0, sent: [item('publish', '{}', 1)], lost: [] }),
    ].map((event) => ({ session: 2, event }));
    const queues: ClientQueue[] = [{ clientId: 'c3', library: 'websocket', source: 'ws://127.0.0.1/feed', items: [], bufferedAmount: 70000 }];
    const sources = queueSources({ clientEvents: [], queueEvents, queues, session: 2 });
    expect(sources.map((entry) => [entry.library, entry.unit, entry.current, entry.clientId])).toEqual([
      ['websocket', 'bytes', 70000, 'c3'],
      ['ably', 'items', 0, ''],
    ]);
    expect(sources[1]?.replay?.sent).toHaveLength(1);
    expect(replaySummary(sources[1]!.replay!)).toBe('sent in order: 1. publish {}; nothing lost');
  });

  it('keeps two clients with queues of the same source apart', () => {
    const queueEvents = [
      queueEvent(1, { kind: 'count', library: 'websocket', clientId: 'c1', source: 'ws://127.0.0.1/feed', queued: 100 }),
      queueEvent(2, { kind: 'count', library: 'websocket', clientId: 'c2', source: 'ws://127.0.0.1/feed', queued: 200 }),
      queueEvent(3, { kind: 'replay', library: 'socket.io', clientId: 'k2', source: '/', queued: 0, sent: [item('chat:message', '["x"]', 1)], lost: [] }),
    ].map((event) => ({ session: 2, event }));
    const queues: ClientQueue[] = [
      { clientId: 'k1', library: 'socket.io', source: '/', items: [], bufferedAmount: 0 },
      { clientId: 'k2', library: 'socket.io', source: '/', items: [], bufferedAmount: 0 },
    ];
    const sources = queueSources({ clientEvents: [], queueEvents, queues, session: 2 });
    expect(sources.map((entry) => [entry.clientId, entry.current])).toEqual([['c1', 100], ['c2', 200], ['k2', 0], ['k1', 0]]);
    expect(sources.find((entry) => entry.clientId === 'k1')?.replay, 'the replay is k2’s only').toBeNull();
    expect(sources.find((entry) => entry.clientId === 'k2')?.replay?.sent).toHaveLength(1);
  });

  it('keeps sessions apart and applies queue-state to the live session only', () => {
    const queueEvents = [
      queueEvent(1, { kind: 'count', library: 'app', source: 'q', queued: 3 }),
    ].map((event) => ({ session: 1, event }));
    const queues: ClientQueue[] = [{ clientId: '', library: 'app', source: 'q', items: [item('x', '{}', 5)], bufferedAmount: null }];
    const sources = queueSources({ clientEvents: [], queueEvents, queues, session: 2 });
    expect(sources.map((entry) => [entry.key, entry.current, entry.items.length])).toEqual([
      ['1|app||q', 3, 0],
      ['2|app||q', 1, 1],
    ]);
    expect(queueSources({ clientEvents: [], queueEvents: [], queues, session: null })).toEqual([]);
  });
});
