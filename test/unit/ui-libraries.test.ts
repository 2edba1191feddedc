import { describe, expect, it } from 'vitest';
import {
  type ClientEvent,
  type ConnectionInfo,
  type FrameDecoded,
  type FrameEvent,
} from '../../instrumentation/protocol';
import { decodedFacts, decodedKindText, decodedPayloadText, decodedSummaryText } from '../../overlay/ui/store/decoded-display';
import { compileFilter } from '../../overlay/ui/store/frame-filter';
import { presenceSets } from '../../overlay/ui/store/presence';
import { lostEmits, queueSeries, sparklinePoints } from '../../overlay/ui/store/queue-series';
import { hello } from './support/hello';
import { createDevtoolsStore, type ClientEventRecord } from '../../overlay/ui/store/store';
import { clientMarkers } from '../../overlay/ui/views/client-markers';

function frame(seq: number, decoded: FrameDecoded | undefined, data = '42["hello",{"n":1}]'): FrameEvent {
  const base: FrameEvent = { type: 'frame', seq, at: 1000 + seq, connectionId: 'c1', direction: 'in', size: data.length, kind: 'text', data, encoding: 'text', truncated: false };
  return decoded ? { ...base, decoded } : base;
}

function client(seq: number, kind: ClientEvent['kind'], overrides: Partial<ClientEvent> = {}): ClientEvent {
  return { type: 'client', seq, at: 1000 + seq * 10, library: 'pusher', clientId: 'k1', kind, ...overrides };
}

const records = (events: ClientEvent[], session = 0): ClientEventRecord[] => events.map((event) => ({ session, event }));

function connection(id: string, lineage: string, attempt: number): ConnectionInfo {
  return {
    id, transport: 'websocket', url: 'wss://ws.test/app', requestedProtocols: [], protocol: '', extensions: '', state: 'closed',
    createdAt: 1000, openedAt: 1010, closedAt: 1100, closeCode: 1006, closeReason: '', wasClean: false,
    framesIn: 0, framesOut: 0, bytesIn: 0, bytesOut: 0, errors: 0, lineage, attempt, adoptedLate: false,
  };
}

function setup() {
  const store = createDevtoolsStore({ send: () => undefined });
  const apply = (message: unknown): void => store.getState().apply(message);
  apply(hello('s1'));
  apply({ kind: 'snapshot', connections: [], events: [], dropped: 0 });
  return { store, apply };
}

describe('decoded display text', () => {
  it('shows the label with its channel, leaving out Socket.IO’s default namespace', () => {
    expect(decodedKindText({ protocol: 'pusher', label: 'pusher:subscribe', channel: 'presence-room', summary: '' })).toBe('pusher:subscribe · presence-room');
    expect(decodedKindText({ protocol: 'socket.io', label: 'hello', channel: '/', summary: '' })).toBe('hello');
    expect(decodedKindText({ protocol: 'socket.io', label: 'hello', channel: '/chat', summary: '' })).toBe('hello · /chat');
  });

  it('adds what an ack settles and how a resume went to the summary, and says why a frame is undecodable', () => {
    expect(decodedSummaryText({ protocol: 'socket.io', label: 'ack', summary: '[true]', ackOf: 'save', ackRoundTripMs: 41.6 })).toBe('[true] (ack of save after 42 ms)');
    expect(decodedSummaryText({ protocol: 'ably', label: 'ACK', summary: 'serial 3', ackCount: 2, ackLatencyMs: 80 })).toBe('serial 3 (settles 2 publishes, longest wait 80 ms)');
    expect(decodedSummaryText({ protocol: 'ably', label: 'CONNECTED', summary: 'id x', resume: 'resume-failed' })).toBe('id x (resume: resume-failed)');
    expect(decodedSummaryText({ protocol: 'pusher', label: 'undecodable', summary: '', error: 'not JSON' })).toBe('undecodable as pusher: not JSON');
  });

  it('lists the decoded fields for the detail pane, and finds the JSON after a Socket.IO packet header', () => {
    const facts = decodedFacts({ protocol: 'socket.io', label: 'hello', channel: '/chat', summary: '{"n":1}', heartbeat: true });
    expect(facts).toEqual([['Protocol', 'socket.io'], ['Label', 'hello'], ['Namespace', '/chat'], ['Summary', '{"n":1}'], ['Heartbeat', 'yes (keep-alive traffic)']]);
    expect(decodedPayloadText({ protocol: 'socket.io', label: 'hello', summary: '' }, '42/chat,7["hello",{"n":1}]')).toBe('["hello",{"n":1}]');
    expect(decodedPayloadText({ protocol: 'socket.io', label: 'ping', summary: '' }, '2')).toBe('');
    expect(decodedPayloadText({ protocol: 'pusher', label: 'x', summary: '' }, '{"event":"x"}')).toBe('{"event":"x"}');
  });
});

describe('heartbeat filter and decoded search', () => {
  const spec = { search: '', regex: false, direction: 'all' as const, connection: null };
  const ping = frame(1, { protocol: 'socket.io', label: 'ping', summary: '', heartbeat: true }, '2');
  const hello = frame(2, { protocol: 'socket.io', label: 'hello', summary: 'from alice' });
  const plain = frame(3, undefined, 'raw');

  it('hides heartbeats only when asked, and keeps every other frame', () => {
    const hiding = compileFilter({ ...spec, hideHeartbeats: true }).test;
    expect(hiding?.(ping, 0)).toBe(false);
    expect(hiding?.(hello, 0)).toBe(true);
    expect(hiding?.(plain, 0)).toBe(true);
    expect(compileFilter({ ...spec, hideHeartbeats: false }).test).toBeNull();
    expect(compileFilter({ ...spec, hideHeartbeats: true }).key).not.toBe(compileFilter(spec).key);
  });

  it('matches decoded labels and summaries', () => {
    const summary = compileFilter({ ...spec, search: 'ALICE' }).test;
    expect(summary?.(hello, 0)).toBe(true);
    expect(summary?.(plain, 0)).toBe(false);
    const label = compileFilter({ ...spec, search: 'ping' }).test;
    expect(label?.(ping, 0)).toBe(true);
  });
});

describe('presence from events', () => {
  it('keeps members present after their join and drops them at their leave, with the time of the first join', () => {
    const sets = presenceSets(records([
      client(1, 'presence-join', { source: 'presence-room', memberId: 'alice', memberData: '{"name":"Alice"}' }),
      client(2, 'presence-join', { source: 'presence-room', memberId: 'bob' }),
      client(3, 'presence-join', { source: 'presence-lobby', memberId: 'carol' }),
      client(4, 'presence-leave', { source: 'presence-room', memberId: 'bob' }),
      client(5, 'presence-join', { source: 'presence-room', memberId: 'alice' }),
      client(6, 'queue', { source: 'presence-room', queued: 3 }),
    ]));
    expect(sets.map((set) => set.source)).toEqual(['presence-room', 'presence-lobby']);
    const room = sets[0];
    expect(room?.members).toEqual([{ id: 'alice', data: '{"name":"Alice"}', since: 1010 }]);
    expect(room?.changes.map((change) => `${change.kind} ${change.memberId}`)).toEqual(['join alice', 'join bob', 'leave bob', 'join alice']);
    expect(sets[1]?.members.map((member) => member.id)).toEqual(['carol']);
  });

  it('keeps the sets of different clients and page loads apart', () => {
    const sets = presenceSets([
      ...records([client(1, 'presence-join', { source: 'room', memberId: 'a' })], 0),
      ...records([client(1, 'presence-join', { source: 'room', memberId: 'b' }), client(2, 'presence-join', { clientId: 'k2', source: 'room', memberId: 'c' })], 1),
    ]);
    expect(sets.map((set) => `${set.session}:${set.clientId}:${set.members.map((member) => member.id).join()}`)).toEqual(['0:k1:a', '1:k1:b', '1:k2:c']);
  });
});

describe('queue series', () => {
  it('follows the count of each queue over time, with its current value and peak', () => {
    const series = queueSeries(records([
      client(1, 'queue', { library: 'socket.io', source: 'socket.io /', queued: 1 }),
      client(2, 'queue', { library: 'socket.io', source: 'socket.io /', queued: 3 }),
      client(3, 'queue', { library: 'ably', clientId: 'k2', source: 'ably connection', queued: 2 }),
      client(4, 'queue', { library: 'socket.io', source: 'socket.io /', queued: 0 }),
    ]));
    expect(series.map((entry) => [entry.source, entry.points.map((point) => point.queued), entry.current, entry.peak])).toEqual([
      ['socket.io /', [1, 3, 0], 0, 3],
      ['ably connection', [2], 2, 2],
    ]);
  });

  it('lists lost emits with their connection', () => {
    const lost = lostEmits(records([client(1, 'lost', { event: 'save', connectionId: 'c4' }), client(2, 'queue', { queued: 1 })]));
    expect(lost.map((entry) => entry.text)).toEqual(['emit save lost on c4']);
  });

  it('draws counts as steps that hold until the next report', () => {
    const points = sparklinePoints([{ at: 0, queued: 0 }, { at: 50, queued: 2 }, { at: 100, queued: 1 }], 0, 100, 100, 22);
    expect(points).toBe('0,21 50,21 50,1 100,1 100,11');
    expect(sparklinePoints([{ at: 10, queued: 1 }], 0, 40, 100, 22)).toBe('25,1 100,1');
  });
});

describe('store: client events', () => {
  it('keeps client events once each across a resent snapshot, out of the frame list, and forgets them on clear', () => {
    const { store, apply } = setup();
    const events = [client(1, 'presence-join', { memberId: 'a', source: 'room' }), client(2, 'queue', { queued: 1 })];
    apply({ kind: 'batch', connections: [], events, dropped: 0 });
    apply({ kind: 'snapshot', connections: [], events, dropped: 0 });
    expect(store.getState().clientEvents.map((record) => record.event.seq)).toEqual([1, 2]);
    expect(store.getState().log.size).toBe(0);
    apply({ kind: 'cleared' });
    expect(store.getState().clientEvents).toEqual([]);
  });

  it('keeps a frame whose decoded form is malformed without it, and says so', () => {
    const { store, apply } = setup();
    const bad = { ...frame(1, undefined), decoded: { protocol: 'socket.io', label: 42, summary: 'x' } };
    const good = frame(2, { protocol: 'pusher', label: 'pusher:ping', summary: '', heartbeat: true });
    expect(() => apply({ kind: 'batch', connections: [], events: [bad, good], dropped: 0 })).not.toThrow();
    const rows = store.getState().log.rows as FrameEvent[];
    expect(rows.map((row) => row.seq)).toEqual([1, 2]);
    expect(rows[0]?.decoded).toBeUndefined();
    expect(rows[1]?.decoded?.label).toBe('pusher:ping');
    expect(store.getState().problems[0]?.text).toContain('batch.events[seq 1].decoded.label: expected a string (frame kept without it)');
  });

  it('refuses client events with malformed fields visibly', () => {
    const { store, apply } = setup();
    apply({ kind: 'batch', connections: [], events: [client(1, 'reconnect-scheduled', { delayMs: -5 }), client(2, 'queue', { queued: 1.5 })], dropped: 0 });
    expect(store.getState().clientEvents).toEqual([]);
    expect(store.getState().problems[0]?.text).toContain('delayMs');
  });
});

describe('timeline client markers', () => {
  it('puts a scheduled reconnect at its due time on the lane of the client’s last connection, with the delay', () => {
    const { store, apply } = setup();
    apply({ kind: 'batch', connections: [connection('c1', 'L1', 0), connection('c2', 'L1', 1), connection('c3', 'L3', 0)], events: [], dropped: 0 });
    const markers = clientMarkers(records([
      client(1, 'state', { connectionId: 'c2', state: 'connected' }),
      client(2, 'reconnect-scheduled', { attempt: 2, delayMs: 2000, nextAttemptAt: 5000 }),
      client(3, 'gave-up', { connectionId: 'c3', reason: 'max attempts' }),
      client(4, 'resumed', { connectionId: 'c9' }),
    ]), store.getState().connections);
    expect(markers.map((marker) => [marker.laneKey, marker.kind, marker.at, marker.from, marker.label])).toEqual([
      ['0:L1', 'reconnect-scheduled', 5000, 1020, '2000 ms'],
      ['0:L3', 'gave-up', 1030, null, 'gave up'],
    ]);
    expect(markers[1]?.title).toContain('max attempts');
  });
  it('marks each presence join and leave with the member, so the Timeline shows who came and went when', () => {
    const { store, apply } = setup();
    apply({ kind: 'batch', connections: [connection('c1', 'L1', 0)], events: [], dropped: 0 });
    const markers = clientMarkers(records([
      client(1, 'presence-join', { connectionId: 'c1', source: 'presence-room', memberId: 'alice' }),
      client(2, 'presence-leave', { source: 'presence-room', memberId: 'bob' }),
    ]), store.getState().connections);
    expect(markers.map((marker) => [marker.laneKey, marker.kind, marker.at, marker.from, marker.label])).toEqual([
      ['0:L1', 'presence-join', 1010, null, 'joined alice'],
      ['0:L1', 'presence-leave', 1020, null, 'left bob'],
    ]);
    expect(markers[1]?.title).toContain('presence-room');
  });
});
