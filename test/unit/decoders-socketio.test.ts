import { describe, expect, it } from 'vitest';
import { decodeSocketIoFrame } from '../../instrumentation/decoders/socketio';
import { SocketIoSession } from '../../instrumentation/decoders/socketio-session';
import type { EngineIoPacket, SocketIoDecoding, SocketIoFrame, SocketIoNote } from '../../instrumentation/decoders/types';
import { socketIoFrames } from './fixtures/frames/frames';

function decoded(result: SocketIoDecoding): SocketIoFrame {
  if (!result.ok) throw new Error(`undecodable: ${result.error}`);
  return result;
}

function onlyPacket(result: SocketIoDecoding): EngineIoPacket {
  const frame = decoded(result);
  expect(frame.packets).toHaveLength(1);
  return frame.packets[0] as EngineIoPacket;
}

function socketIoOf(text: string) {
  const packet = onlyPacket(decodeSocketIoFrame(text));
  if (packet.type !== 'message' || !('text' in packet)) throw new Error('not a text message');
  return packet.socketIo;
}

describe('Socket.IO frame decoding (recorded socket.io 4.8 traffic)', () => {
  it('decodes every recorded frame, WebSocket and polling', () => {
    for (const frame of socketIoFrames) {
      const result = decodeSocketIoFrame(frame.payload, frame.transport);
      expect(result.ok, `${frame.scenario} ${String(frame.payload)}`).toBe(true);
      const text = decoded(result);
      for (const packet of text.packets) {
        if (packet.type === 'message' && 'text' in packet) expect(packet.socketIoError, packet.text).toBeUndefined();
      }
    }
  });

  it('reads the engine.io open handshake', () => {
    const open = socketIoFrames.find((frame) => frame.scenario === 'polling-upgrade' && frame.direction === 'in');
    const packet = onlyPacket(decodeSocketIoFrame(open?.payload as string, 'polling'));
    expect(packet.type).toBe('open');
    if (packet.type !== 'open') return;
    expect(packet.handshake).toMatchObject({ upgrades: ['websocket'], pingInterval: 300, pingTimeout: 2000, maxPayload: 1_000_000 });
    expect(packet.handshake.sid).toMatch(/^[\w-]{20}$/);
    expect(packet.summary).toContain('upgrades=websocket');
  });

  it('reads CONNECT with auth, EVENT, ACK, CONNECT_ERROR and DISCONNECT', () => {
    expect(socketIoOf('40{"token":"abc"}')).toEqual({ type: 'CONNECT', namespace: '/', data: { token: 'abc' } });
    expect(socketIoOf('42["hello","world"]')).toEqual({ type: 'EVENT', namespace: '/', event: 'hello', args: ['world'] });
    expect(socketIoOf('42/admin,0["stats"]')).toEqual({ type: 'EVENT', namespace: '/admin', event: 'stats', args: [], ackId: 0 });
    expect(socketIoOf('430[{"answer":42}]')).toEqual({ type: 'ACK', namespace: '/', ackId: 0, args: [{ answer: 42 }] });
    expect(socketIoOf('44/forbidden,{"message":"not authorized","data":{"reason":"missing role"}}')).toEqual({
      type: 'CONNECT_ERROR',
      namespace: '/forbidden',
      message: 'not authorized',
      data: { reason: 'missing role' },
    });
    expect(socketIoOf('41/admin,')).toEqual({ type: 'DISCONNECT', namespace: '/admin' });
    expect(socketIoOf('461-/admin,7[{"_placeholder":true,"num":0}]')).toEqual({
      type: 'BINARY_ACK',
      namespace: '/admin',
      ackId: 7,
      attachments: 1,
      args: [{ _placeholder: true, num: 0 }],
    });
  });

  it('labels events by name and puts the namespace in channel', () => {
    const frame = decoded(decodeSocketIoFrame('42/admin,3["stats",{"full":true}]'));
    expect(frame.label).toBe('stats');
    expect(frame.channel).toBe('/admin');
    expect(frame.summary).toBe('/admin stats ack#3 [{"full":true}]');
  });

  it('tags engine.io ping/pong as heartbeats, but not the upgrade probe', () => {
    expect(decoded(decodeSocketIoFrame('2')).heartbeat).toBe(true);
    expect(decoded(decodeSocketIoFrame('3')).heartbeat).toBe(true);
    const probe = onlyPacket(decodeSocketIoFrame('2probe'));
    expect(probe).toMatchObject({ type: 'ping', probe: true });
    expect(probe.heartbeat).toBeUndefined();
    expect(onlyPacket(decodeSocketIoFrame('5')).type).toBe('upgrade');
    expect(onlyPacket(decodeSocketIoFrame('6')).type).toBe('noop');
    expect(onlyPacket(decodeSocketIoFrame('1')).type).toBe('close');
  });

  it('splits polling bodies on \\x1e and decodes b<base64> binary packets', () => {
    const ticks = decoded(decodeSocketIoFrame('42["tick",2]\x1e42["tick",3]', 'polling'));
    expect(ticks.packets.map((packet) => packet.label)).toEqual(['tick', 'tick']);
    expect(ticks.label).toBe('2 packets');
    expect(ticks.channel).toBe('/');
    const mixed = decoded(decodeSocketIoFrame('byv4=\x1e42["send-binary"]', 'polling'));
    const binary = mixed.packets[0];
    expect(binary?.type === 'message' && 'binary' in binary ? [...binary.binary] : undefined).toEqual([0xca, 0xfe]);
    expect(mixed.packets[1]?.label).toBe('send-binary');
    // The same text over WebSocket is one packet: \x1e has no meaning there.
    expect(decoded(decodeSocketIoFrame('42["x"]\x1e42["y"]')).packets).toHaveLength(1);
  });

  it('reports broken packets instead of throwing', () => {
    expect(decodeSocketIoFrame('')).toMatchObject({ ok: false, protocol: 'socket.io' });
    expect(decodeSocketIoFrame('9')).toMatchObject({ ok: false });
    expect(decodeSocketIoFrame('0{"sid":1}')).toMatchObject({ ok: false });
    expect(decodeSocketIoFrame('b%%%', 'polling')).toMatchObject({ ok: false });
    expect(decodeSocketIoFrame('42["ok"]\x1e9', 'polling')).toMatchObject({ ok: false, error: expect.stringContaining('packet 2 of 2') });
    // An engine.io message that is no Socket.IO packet stays a message, with the reason.
    for (const text of ['4hello', '42{"not":"an array"}', '42["connect"]', '451["no dash"]', '41/x,{}', '42["x"', '4942']) {
      const packet = onlyPacket(decodeSocketIoFrame(text));
      expect(packet.type).toBe('message');
      if (packet.type === 'message' && 'text' in packet) {
        expect(packet.socketIo, text).toBeUndefined();
        expect(packet.socketIoError, text).toEqual(expect.any(String));
      }
    }
  });
});

describe('SocketIoSession', () => {
  it('matches every ack of the recorded conversations and completes every binary packet', () => {
    const notes: SocketIoNote[] = [];
    for (const scenario of ['websocket', 'polling-upgrade', 'polling']) {
      const session = new SocketIoSession();
      let at = 0;
      for (const frame of socketIoFrames.filter((item) => item.scenario === scenario)) {
        notes.push(...session.receive(frame.direction, frame.payload, (at += 5), frame.transport).notes);
      }
    }
    const kinds = notes.map((note) => note.kind);
    expect(kinds.filter((kind) => kind === 'ack')).toHaveLength(4);
    expect(kinds.filter((kind) => kind === 'binary-complete')).toHaveLength(6);
    expect(kinds).not.toContain('unmatched-ack');
    expect(kinds).not.toContain('orphan-attachment');
    expect(kinds).not.toContain('attachments-missing');
  });

  it('gives the round trip of an ack, matched by namespace and ack id in the opposite direction', () => {
    const session = new SocketIoSession();
    session.receive('out', '420["question",21]', 1_000);
    session.receive('out', '42/admin,0["stats"]', 1_010);
    session.receive('in', '420["server-question"]', 1_020);
    expect(session.receive('in', '43/admin,0[{"users":3}]', 1_050).notes).toEqual([
      { kind: 'ack', namespace: '/admin', ackId: 0, event: 'stats', emittedAt: 1_010, roundTripMs: 40 },
    ]);
    expect(session.receive('out', '430["pong!"]', 1_060).notes).toEqual([
      { kind: 'ack', namespace: '/', ackId: 0, event: 'server-question', emittedAt: 1_020, roundTripMs: 40 },
    ]);
    expect(session.receive('in', '430[{"answer":42}]', 1_100).notes).toEqual([
      { kind: 'ack', namespace: '/', ackId: 0, event: 'question', emittedAt: 1_000, roundTripMs: 100 },
    ]);
    expect(session.receive('in', '430[]', 1_200).notes).toEqual([{ kind: 'unmatched-ack', namespace: '/', ackId: 0 }]);
  });

  it('puts binary attachments back where their placeholders were', () => {
    const session = new SocketIoSession();
    expect(session.receive('out', '452-["bin",{"_placeholder":true,"num":1},{"nested":[{"_placeholder":true,"num":0}]}]', 10).notes).toEqual([
      { kind: 'awaiting-attachments', expected: 2 },
    ]);
    expect(session.receive('out', new Uint8Array([104, 105]), 11).notes).toEqual([{ kind: 'attachment', index: 0, of: 2 }]);
    const last = session.receive('out', new Uint8Array([1, 2, 3]), 12).notes;
    expect(last[0]).toEqual({ kind: 'attachment', index: 1, of: 2 });
    const complete = last[1];
    expect(complete?.kind).toBe('binary-complete');
    if (complete?.kind !== 'binary-complete' || complete.packet.type !== 'BINARY_EVENT') return;
    expect(complete.startedAt).toBe(10);
    expect(complete.packet.event).toBe('bin');
    expect(complete.packet.args).toEqual([new Uint8Array([1, 2, 3]), { nested: [new Uint8Array([104, 105])] }]);
  });

  it('leaves the decoded header untouched when it fills the placeholders', () => {
    const session = new SocketIoSession();
    const header = decoded(session.receive('in', '451-["image",{"bytes":{"_placeholder":true,"num":0}}]', 0).decoding);
    session.receive('in', new Uint8Array([7]), 1);
    const packet = header.packets[0];
    expect(packet?.type === 'message' && 'text' in packet ? packet.socketIo : undefined).toMatchObject({
      args: [{ bytes: { _placeholder: true, num: 0 } }],
    });
  });

  it('reassembles a binary event whose attachment comes in the next polling body', () => {
    const session = new SocketIoSession();
    session.receive('out', '451-["bin",{"_placeholder":true,"num":0}]', 0, 'polling');
    const notes = session.receive('out', 'byv4=\x1e42["send-binary"]', 5, 'polling').notes;
    expect(notes.map((note) => note.kind)).toEqual(['attachment', 'binary-complete']);
  });

  it('reports a binary packet cut short by a text packet, and binary frames nobody announced', () => {
    const session = new SocketIoSession();
    session.receive('in', '452-["two",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]', 0);
    session.receive('in', new Uint8Array([1]), 1);
    expect(session.receive('in', '42["next"]', 2).notes).toEqual([{ kind: 'attachments-missing', expected: 2, received: 1 }]);
    expect(session.receive('in', new Uint8Array([2]), 3).notes).toEqual([{ kind: 'orphan-attachment' }]);
  });

  it('keeps each direction’s attachments apart', () => {
    const session = new SocketIoSession();
    session.receive('out', '451-["up",{"_placeholder":true,"num":0}]', 0);
    session.receive('in', '451-["down",{"_placeholder":true,"num":0}]', 1);
    const down = session.receive('in', new Uint8Array([2]), 2).notes[1];
    const up = session.receive('out', new Uint8Array([1]), 3).notes[1];
    expect(down?.kind === 'binary-complete' && down.packet.type === 'BINARY_EVENT' ? down.packet.event : undefined).toBe('down');
    expect(up?.kind === 'binary-complete' && up.packet.type === 'BINARY_EVENT' ? up.packet.args : undefined).toEqual([new Uint8Array([1])]);
  });

  it('fills a placeholder under a "__proto__" key as a plain property, without touching Object.prototype', () => {
    const session = new SocketIoSession();
    session.receive('in', '451-["x",{"__proto__":{"_placeholder":true,"num":0},"constructor":{"prototype":{"polluted":1}}}]', 0);
    const complete = session.receive('in', new Uint8Array([9]), 1).notes[1];
    if (complete?.kind !== 'binary-complete' || complete.packet.type !== 'BINARY_EVENT') throw new Error('not completed');
    const holder = complete.packet.args[0] as Record<string, unknown>;
    expect(Object.getOwnPropertyDescriptor(holder, '__proto__')?.value).toEqual(new Uint8Array([9]));
    expect(Object.getPrototypeOf(holder)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
