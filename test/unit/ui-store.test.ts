import { describe, expect, it } from 'vitest';
import {
  PROTOCOL_VERSION,
  type CaptureEvent,
  type ConnectionInfo,
  type FrameEvent,
  type LifecycleEvent,
  type UiToPageMessage,
} from '../../instrumentation/protocol';
import { Recorder } from '../../instrumentation/recorder';
import { createUiLink, type LinkedUi } from '../../instrumentation/ui-link';
import { createDevtoolsStore, rowKey, type DevtoolsStore } from '../../overlay/ui/store/store';
import { hello } from './support/hello';

function connection(id: string, overrides: Partial<ConnectionInfo> = {}): ConnectionInfo {
  return {
    id,
    transport: 'websocket',
    url: `ws://127.0.0.1/${id}`,
    requestedProtocols: [],
    protocol: '',
    extensions: '',
    state: 'open',
    createdAt: 1000,
    openedAt: 1010,
    closedAt: null,
    closeCode: null,
    closeReason: null,
    wasClean: null,
    framesIn: 0,
    framesOut: 0,
    bytesIn: 0,
    bytesOut: 0,
    errors: 0,
    lineage: 'l1',
    attempt: 0,
    adoptedLate: false,
    ...overrides,
  };
}

function frame(seq: number, overrides: Partial<FrameEvent> = {}): FrameEvent {
  return {
    type: 'frame',
    seq,
    at: 1000 + seq,
    connectionId: 'c1',
    direction: 'in',
    size: 5,
    kind: 'text',
    data: `f${seq}`,
    encoding: 'text',
    truncated: false,
    ...overrides,
  };
}

function lifecycle(seq: number, phase: LifecycleEvent['phase']): LifecycleEvent {
  return { type: 'lifecycle', seq, at: 1000 + seq, connectionId: 'c1', phase };
}

function setup(maxRows?: number) {
  const sent: UiToPageMessage[] = [];
  const store = createDevtoolsStore({ send: (message) => sent.push(message), ...(maxRows ? { maxRows } : {}) });
  return { store, sent, apply: (message: unknown) => store.getState().apply(message) };
}

/** The seqs of the rows the frame list would show, in order (navigation markers as -1). */
function seqs(store: DevtoolsStore): number[] {
  return store.getState().log.rows.map((row) => row.seq);
}

describe('store: handshake and snapshots', () => {
  it('fills a session from hello + snapshot and shows the dropped count', () => {
    const { store, apply } = setup();
    apply(hello('s1'));
    apply({ kind: 'snapshot', connections: [connection('c1')], events: [lifecycle(1, 'open'), frame(2), frame(3)], dropped: 7 });
    const state = store.getState();
    expect(seqs(store)).toEqual([1, 2, 3]);
    expect(state.connections.entries.map((entry) => entry.info.id)).toEqual(['c1']);
    expect(state.dropped).toBe(7);
    expect(state.problems).toEqual([]);
  });

  it('is idempotent when a reconnecting UI receives hello + snapshot again', () => {
    const { store, apply } = setup();
    const snapshot = { kind: 'snapshot', connections: [connection('c1')], events: [frame(1), frame(2)], dropped: 0 };
    apply(hello('s1'));
    apply(snapshot);
    apply({ kind: 'batch', connections: [], events: [frame(3)], dropped: 0 });
    // The panel reconnects: the page resends everything its ring holds, including what the UI already has.
    apply(hello('s1'));
    apply({ ...snapshot, events: [frame(1), frame(2), frame(3), frame(4)] });
    apply({ kind: 'batch', connections: [], events: [frame(4), frame(5)], dropped: 0 });
    expect(seqs(store)).toEqual([1, 2, 3, 4, 5]);
    expect(store.getState().connections.entries).toHaveLength(1);
  });

  it('ignores a batch delivered twice and orders a late frame by seq', () => {
    const { store, apply } = setup();
    apply(hello('s1'));
    apply({ kind: 'snapshot', connections: [], events: [frame(1)], dropped: 0 });
    const batch = { kind: 'batch', connections: [], events: [frame(2), frame(4)], dropped: 0 };
    apply(batch);
    apply(batch);
    // A Blob frame is read asynchronously: its seq was taken before frame 4's, it arrives after.
    apply({ kind: 'batch', connections: [], events: [frame(3, { kind: 'binary', encoding: 'base64', data: 'AAE=' })], dropped: 0 });
    expect(seqs(store)).toEqual([1, 2, 3, 4]);
  });

  it('keeps internal errors out of the frame list and in their own list, deduplicated', () => {
    const { store, apply } = setup();
    const error: CaptureEvent = { type: 'internal-error', seq: 2, at: 1002, where: 'reading a Blob frame', message: 'boom' };
    apply(hello('s1'));
    apply({ kind: 'snapshot', connections: [], events: [frame(1), error], dropped: 0 });
    apply({ kind: 'snapshot', connections: [], events: [frame(1), error], dropped: 0 });
    expect(seqs(store)).toEqual([1]);
    expect(store.getState().internalErrors.map((record) => record.event.message)).toEqual(['boom']);
  });
});

describe('store: sessions and preserve log', () => {
  it('starts afresh on a new page session when preserve log is off', () => {
    const { store, apply } = setup();
    apply(hello('s1'));
    apply({ kind: 'snapshot', connections: [connection('c1')], events: [frame(1)], dropped: 3 });
    apply(hello('s2'));
    apply({ kind: 'snapshot', connections: [connection('c1', { url: 'ws://127.0.0.1/new' })], events: [frame(1, { data: 'new' })], dropped: 0 });
    const state = store.getState();
    expect(state.log.rows).toHaveLength(1);
    expect(state.log.rows[0]).toMatchObject({ data: 'new' });
    expect(state.connections.entries.map((entry) => entry.info.url)).toEqual(['ws://127.0.0.1/new']);
    expect(state.dropped).toBe(0);
  });

  it('keeps the old session behind a "navigated to" divider when preserve log is on', () => {
    const { store, apply } = setup();
    store.getState().setPreserveLog(true);
    apply(hello('s1'));
    apply({ kind: 'snapshot', connections: [connection('c1', { state: 'closed' })], events: [frame(1, { data: 'old' })], dropped: 0 });
    apply(hello('s2'));
    apply({ kind: 'snapshot', connections: [connection('c1')], events: [frame(1, { data: 'new' })], dropped: 0 });
    const { log, connections } = store.getState();
    expect(log.rows.map((row) => (row.type === 'navigation' ? `→ ${row.url}` : row.type === 'frame' ? row.data : row.phase))).toEqual([
      'old',
      '→ https://app.test/s2',
      'new',
    ]);
    // Page ids restart at c1 on every load: both are kept, told apart by session.
    expect(connections.entries.map((entry) => entry.key)).toEqual(['0:c1', '1:c1']);
    expect(log.sessionOf(0)).toBe(0);
    expect(log.sessionOf(2)).toBe(1);
    // A reconnect to the new page replaces only the new session's rows.
    apply(hello('s2'));
    apply({ kind: 'snapshot', connections: [connection('c1')], events: [frame(1, { data: 'new' }), frame(2)], dropped: 0 });
    expect(seqs(store)).toEqual([1, -1, 1, 2]);
  });

  it('shows a page-disconnected state until the page says hello again', () => {
    const { store, apply } = setup();
    apply(hello('s1'));
    apply({ kind: 'page-disconnected', reason: 'navigated' });
    expect(store.getState().disconnected).toBe('navigated');
    apply(hello('s2'));
    expect(store.getState().disconnected).toBeNull();
  });
});

describe('store: defensive apply', () => {
  it('turns malformed messages into visible problems without throwing or losing data', () => {
    const { store, apply } = setup();
    apply(hello('s1'));
    apply({ kind: 'snapshot', connections: [], events: [frame(1)], dropped: 0 });
    const malformed: unknown[] = [
      null,
      'hello',
      42,
      { kind: 'teleport' },
      { kind: 'batch', connections: 'nope', events: [], dropped: 0 },
      { kind: 'batch', connections: [], events: [], dropped: -1 },
      { kind: 'hello', protocolVersion: PROTOCOL_VERSION, sessionId: '' },
      { kind: 'payload', requestId: 1 },
    ];
    for (const message of malformed) expect(() => apply(message)).not.toThrow();
    const state = store.getState();
    expect(state.problems).toHaveLength(malformed.length);
    expect(state.problems.map((problem) => problem.text).join('\n')).toContain('unknown kind "teleport"');
    expect(seqs(store)).toEqual([1]);
    expect(state.session?.sessionId).toBe('s1');
  });

  it('skips only the malformed items of a batch and says which', () => {
    const { store, apply } = setup();
    apply(hello('s1'));
    apply({
      kind: 'batch',
      connections: [connection('c1'), { id: 'c2' }],
      events: [frame(1), { ...frame(2), seq: 'two' }, { type: 'frame' }, frame(3, { direction: 'sideways' as 'in' }), frame(4)],
      dropped: 0,
    });
    const state = store.getState();
    expect(seqs(store)).toEqual([1, 4]);
    expect(state.connections.entries.map((entry) => entry.info.id)).toEqual(['c1']);
    expect(state.problems).toHaveLength(1);
    expect(state.problems[0]?.text).toMatch(/Skipped 4 malformed items of a “batch”.*events\[1\]\.seq/);
  });

  it('survives an object whose properties throw when read', () => {
    const { store, apply } = setup();
    const hostile = { kind: 'batch', connections: [], dropped: 0 };
    Object.defineProperty(hostile, 'events', { enumerable: true, get: () => { throw new Error('gotcha'); } });
    apply(hello('s1'));
    expect(() => apply(hostile)).not.toThrow();
    expect(store.getState().problems.at(-1)?.text).toContain('gotcha');
  });

  it('announces another protocol version and reads none of that page’s data', () => {
    const { store, apply } = setup();
    apply(hello('s1'));
    apply({ kind: 'snapshot', connections: [], events: [frame(1)], dropped: 0 });
    // A newer page may have changed every shape: only the version is read.
    apply({ kind: 'hello', protocolVersion: PROTOCOL_VERSION + 1, sessionId: 42 });
    apply({ kind: 'batch', connections: [], events: [frame(2)], dropped: 0 });
    const state = store.getState();
    expect(state.versionMismatch).toEqual({ pageVersion: PROTOCOL_VERSION + 1, uiVersion: PROTOCOL_VERSION });
    expect(seqs(store)).toEqual([1]);
    apply(hello('s3'));
    expect(store.getState().versionMismatch).toBeNull();
  });

  it('refuses data that arrives before any hello', () => {
    const { store, apply } = setup();
    apply({ kind: 'batch', connections: [], events: [frame(1)], dropped: 0 });
    expect(seqs(store)).toEqual([]);
    expect(store.getState().problems[0]?.text).toContain('before the page said hello');
  });
});

describe('store: bounds, payloads and clearing', () => {
  it('keeps at most maxRows rows, dropping the oldest in chunks, and counts them', () => {
    const { store, apply } = setup(1000);
    apply(hello('s1'));
    apply({ kind: 'snapshot', connections: [], events: [], dropped: 0 });
    for (let batch = 0; batch < 30; batch++) {
      const events = Array.from({ length: 100 }, (_, i) => frame(batch * 100 + i + 1));
      apply({ kind: 'batch', connections: [], events, dropped: 0 });
    }
    const { log } = store.getState();
    expect(log.size).toBeLessThanOrEqual(1000);
    expect(log.evicted).toBe(3000 - log.size);
    expect(log.row(log.end - 1)?.seq).toBe(3000);
    expect(log.row(log.start)?.seq).toBe(log.evicted + 1);
    // The newest rows are still deduplicated after eviction.
    apply({ kind: 'batch', connections: [], events: [frame(3000)], dropped: 0 });
    expect(log.row(log.end - 1)?.seq).toBe(3000);
    expect(log.size).toBe(3000 - log.evicted);
  });

  it('asks for a full payload and keeps the answer, refusing answers it did not ask for', () => {
    const { store, sent, apply } = setup();
    apply(hello('s1'));
    apply({ kind: 'snapshot', connections: [], events: [frame(1, { truncated: true, size: 9000 })], dropped: 0 });
    const ref = { session: store.getState().session?.ordinal ?? -1, seq: 1 };
    store.getState().requestFullPayload(ref);
    store.getState().requestFullPayload(ref);
    const requests = sent.filter((message) => message.kind === 'get-payload');
    expect(requests).toEqual([{ kind: 'get-payload', requestId: 1, seq: 1 }]);
    expect(store.getState().pendingPayloads.has(rowKey(ref))).toBe(true);

    apply({ kind: 'payload', requestId: 99, seq: 1, found: true, data: 'forged', encoding: 'text', truncated: false });
    expect(store.getState().payloads.size).toBe(0);
    apply({ kind: 'payload', requestId: 1, seq: 1, found: true, data: 'x'.repeat(9000), encoding: 'text', truncated: false });
    expect(store.getState().payloads.get(rowKey(ref))?.data).toHaveLength(9000);
    expect(store.getState().pendingPayloads.size).toBe(0);
  });

  it('mirrors the page’s clear: frames and closed connections go, open ones stay with zeroed counters', () => {
    const { store, sent, apply } = setup();
    apply(hello('s1'));
    apply({
      kind: 'snapshot',
      connections: [connection('c1', { framesIn: 5, bytesIn: 50 }), connection('c2', { state: 'closed' })],
      events: [frame(1), frame(2)],
      dropped: 4,
    });
    store.getState().clear();
    expect(sent.at(-1)).toEqual({ kind: 'clear' });
    apply({ kind: 'cleared' });
    const state = store.getState();
    expect(seqs(store)).toEqual([]);
    expect(state.connections.entries.map((entry) => [entry.info.id, entry.info.framesIn, entry.info.bytesIn])).toEqual([['c1', 0, 0]]);
    expect(state.dropped).toBe(0);
    apply({ kind: 'batch', connections: [], events: [frame(3)], dropped: 0 });
    expect(seqs(store)).toEqual([3]);
  });

  it('clears at once when no page can answer', () => {
    const { store, sent, apply } = setup();
    apply(hello('s1'));
    apply({ kind: 'snapshot', connections: [], events: [frame(1)], dropped: 0 });
    apply({ kind: 'page-disconnected', reason: 'tab-closed' });
    store.getState().clear();
    expect(sent.some((message) => message.kind === 'clear')).toBe(false);
    expect(seqs(store)).toEqual([]);
  });

  it('reports a wall that throws instead of throwing into the view', () => {
    const store = createDevtoolsStore({ send: () => { throw new Error('port closed'); } });
    expect(() => store.getState().send({ kind: 'init', protocolVersion: PROTOCOL_VERSION })).not.toThrow();
    expect(store.getState().problems[0]?.text).toContain('port closed');
  });
});

describe('store fed by the real page side', () => {
  it('shows what the recorder captured, across a reconnecting UI, exactly once', () => {
    const recorder = new Recorder({ previewBytes: 8 });
    const links = new Set<LinkedUi>();
    const context = {
      recorder,
      toolVersion: '0.1.0',
      sessionId: 'page-1',
      pageInfo: () => ({ url: 'http://127.0.0.1/', title: 't', userAgent: 'ua', timeOrigin: 1 }),
      links,
    };
    const store = createDevtoolsStore({ send: (message) => link.receive(message) });
    const link = createUiLink(context, (message) => store.getState().apply(message));
    const socket = recorder.openConnection({ transport: 'websocket', url: 'ws://127.0.0.1/a' });
    recorder.lifecycle(socket, 'open');
    recorder.frame(socket, 'out', 'hello there, a long text');
    store.getState().send({ kind: 'init', protocolVersion: PROTOCOL_VERSION });
    recorder.frame(socket, 'in', 'reply');
    recorder.flush();
    store.getState().send({ kind: 'init', protocolVersion: PROTOCOL_VERSION });
    recorder.frame(socket, 'in', 'after reconnect');
    recorder.flush();

    const state = store.getState();
    expect(state.problems).toEqual([]);
    const rows = state.log.rows;
    expect(rows.map((row) => (row.type === 'frame' ? `${row.direction}:${row.data}` : row.type === 'lifecycle' ? row.phase : 'nav'))).toEqual([
      'connecting',
      'open',
      'out:hello th',
      'in:reply',
      'in:after re',
    ]);
    expect(state.connections.entries[0]?.info).toMatchObject({ id: socket.id, framesIn: 2, framesOut: 1 });

    // The preview was cut; the full text comes on request.
    const preview = rows[2];
    if (preview?.type !== 'frame') throw new Error('expected a frame');
    expect(preview.truncated).toBe(true);
    const ref = { session: state.session?.ordinal ?? -1, seq: preview.seq };
    store.getState().requestFullPayload(ref);
    expect(store.getState().payloads.get(rowKey(ref))).toEqual({ found: true, data: 'hello there, a long text', encoding: 'text', truncated: false });
  });
});
