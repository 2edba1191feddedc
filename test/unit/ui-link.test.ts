import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type PageToUiMessage } from '../../instrumentation/protocol';
import { Recorder } from '../../instrumentation/recorder';
import { createUiLink, toPreview, type LinkedUi } from '../../instrumentation/ui-link';

function setup(limits = {}) {
  const recorder = new Recorder(limits);
  const links = new Set<LinkedUi>();
  const context = {
    recorder,
    toolVersion: '9.9.9',
    sessionId: 'session-1',
    pageInfo: () => ({ url: 'http://127.0.0.1/', title: 't', userAgent: 'ua', timeOrigin: 1 }),
    links,
  };
  const connect = () => {
    const received: PageToUiMessage[] = [];
    const link = createUiLink(context, (message) => received.push(message));
    return { link, received };
  };
  return { recorder, connect };
}

describe('UI link', () => {
  it('streams nothing before init, then hello, a snapshot of the ring, and batches', () => {
    const { recorder, connect } = setup();
    const info = recorder.openConnection({ transport: 'websocket', url: 'ws://127.0.0.1/a' });
    recorder.frame(info, 'in', 'before');
    const { link, received } = connect();
    recorder.flush();
    expect(received).toEqual([]);

    link.receive({ kind: 'init', protocolVersion: PROTOCOL_VERSION });
    expect(received.map((message) => message.kind)).toEqual(['hello', 'snapshot']);
    expect(received[0]).toMatchObject({ kind: 'hello', protocolVersion: PROTOCOL_VERSION, sessionId: 'session-1', toolVersion: '9.9.9' });
    const snapshot = received[1];
    expect(snapshot?.kind === 'snapshot' && snapshot.events.map((event) => event.type)).toEqual(['lifecycle', 'frame']);
    expect(snapshot?.kind === 'snapshot' && snapshot.connections[0]).toMatchObject({ id: info.id, framesIn: 1 });

    recorder.frame(info, 'in', 'after');
    recorder.flush();
    expect(received[2]).toMatchObject({ kind: 'batch', events: [expect.objectContaining({ data: 'after' })] });
  });

  it('a second init (a reconnecting panel) repeats hello and snapshot without duplicating the batch stream', () => {
    const { recorder, connect } = setup();
    const info = recorder.openConnection({ transport: 'websocket', url: 'ws://127.0.0.1/a' });
    const { link, received } = connect();
    link.receive({ kind: 'init', protocolVersion: PROTOCOL_VERSION });
    recorder.frame(info, 'in', 'pending when the panel reconnects');
    link.receive({ kind: 'init', protocolVersion: PROTOCOL_VERSION });
    recorder.frame(info, 'in', 'later');
    recorder.flush();
    const kinds = received.map((message) => message.kind);
    expect(kinds).toEqual(['hello', 'snapshot', 'hello', 'snapshot', 'batch']);
    const secondSnapshot = received[3];
    expect(secondSnapshot?.kind === 'snapshot' && secondSnapshot.events.some((event) => event.type === 'frame' && event.data === 'pending when the panel reconnects')).toBe(true);
    const batch = received[4];
    expect(batch?.kind === 'batch' && batch.events).toHaveLength(1);
  });

  it('sends previews of large payloads and the full stored payload on request', () => {
    const { recorder, connect } = setup({ previewBytes: 8 });
    const info = recorder.openConnection({ transport: 'websocket', url: 'ws://127.0.0.1/a' });
    const { link, received } = connect();
    link.receive({ kind: 'init', protocolVersion: PROTOCOL_VERSION });
    recorder.frame(info, 'in', 'x'.repeat(100));
    recorder.flush();
    const batch = received.at(-1);
    const frame = batch?.kind === 'batch' ? batch.events[0] : undefined;
    expect(frame).toMatchObject({ type: 'frame', data: 'xxxxxxxx', truncated: true, size: 100 });
    expect(recorder.events().at(-1)).toMatchObject({ data: 'x'.repeat(100), truncated: false });

    link.receive({ kind: 'get-payload', requestId: 7, seq: frame!.seq });
    expect(received.at(-1)).toEqual({ kind: 'payload', requestId: 7, seq: frame!.seq, found: true, data: 'x'.repeat(100), encoding: 'text', truncated: false });
    link.receive({ kind: 'get-payload', requestId: 8, seq: 123456 });
    expect(received.at(-1)).toMatchObject({ kind: 'payload', requestId: 8, found: false });
  });

  it('cuts base64 previews on a 4-character boundary', () => {
    const preview = toPreview({ type: 'frame', seq: 1, at: 0, connectionId: 'c1', direction: 'in', size: 30, kind: 'binary', data: 'QUJD'.repeat(10), encoding: 'base64', truncated: false }, 10);
    expect(preview).toMatchObject({ data: 'QUJDQUJD', truncated: true });
  });

  it('clear from one UI tells every attached UI', () => {
    const { recorder, connect } = setup();
    const first = connect();
    const second = connect();
    first.link.receive({ kind: 'init', protocolVersion: PROTOCOL_VERSION });
    second.link.receive({ kind: 'init', protocolVersion: PROTOCOL_VERSION });
    recorder.openConnection({ transport: 'websocket', url: 'ws://127.0.0.1/a' });
    first.link.receive({ kind: 'clear' });
    expect(first.received.at(-1)).toEqual({ kind: 'cleared' });
    expect(second.received.at(-1)).toEqual({ kind: 'cleared' });
  });

  it('detach stops streaming; commands that are not objects or unknown are recorded, never thrown', () => {
    const { recorder, connect } = setup();
    const info = recorder.openConnection({ transport: 'websocket', url: 'ws://127.0.0.1/a' });
    const { link, received } = connect();
    link.receive({ kind: 'init', protocolVersion: PROTOCOL_VERSION });
    link.receive({ kind: 'detach' });
    recorder.frame(info, 'in', 'unseen');
    recorder.flush();
    expect(received.map((message) => message.kind)).toEqual(['hello', 'snapshot']);
    expect(() => link.receive(null as never)).not.toThrow();
    expect(() => link.receive({ kind: 'explode' } as never)).not.toThrow();
    expect(recorder.events().some((event) => event.type === 'internal-error' && event.message.includes('explode'))).toBe(true);
  });
});
