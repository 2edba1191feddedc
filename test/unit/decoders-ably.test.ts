import { describe, expect, it } from 'vitest';
import { encode as encodeMsgpack } from '@msgpack/msgpack';
import { decodeAblyData, decodeAblyFrame } from '../../instrumentation/decoders/ably';
import { AblyTracker } from '../../instrumentation/decoders/ably-session';
import type { AblyDecoding, AblyNote, AblyProtocolMessage } from '../../instrumentation/decoders/types';
import { ablyFrames, type AblyRecordedFrame } from './fixtures/frames/frames';

function decoded(result: AblyDecoding): AblyProtocolMessage {
  if (!result.ok) throw new Error(`undecodable: ${result.error}`);
  return result;
}

function framesOf(format: 'json' | 'msgpack'): AblyRecordedFrame[] {
  return ablyFrames.filter((frame) => frame.format === format);
}

function first(format: 'json' | 'msgpack', direction: 'in' | 'out', test: (message: AblyProtocolMessage) => boolean): AblyProtocolMessage {
  for (const frame of framesOf(format)) {
    if (frame.direction !== direction) continue;
    const message = decoded(decodeAblyFrame(frame.payload));
    if (test(message)) return message;
  }
  throw new Error('no such recorded frame');
}

/** Replays one recorded run through a tracker, one AblyConnection per socket, and returns every note. */
function replay(format: 'json' | 'msgpack'): AblyNote[] {
  const tracker = new AblyTracker();
  const connections = new Map<number, ReturnType<AblyTracker['connection']>>();
  const notes: AblyNote[] = [];
  let at = 0;
  for (const frame of framesOf(format)) {
    let connection = connections.get(frame.connection);
    if (!connection) {
      connection = tracker.connection(frame.url);
      connections.set(frame.connection, connection);
    }
    notes.push(...connection.receive(frame.direction, frame.payload, (at += 10)).notes);
  }
  return notes;
}

describe('Ably ProtocolMessage decoding (recorded ably-js 2.28 frames)', () => {
  it('decodes every recorded frame, JSON text and msgpack binary', () => {
    for (const frame of ablyFrames) expect(decodeAblyFrame(frame.payload).ok).toBe(true);
    expect(framesOf('msgpack').every((frame) => frame.payload instanceof Uint8Array)).toBe(true);
  });

  it('decodes the msgpack run exactly like the JSON run of the same conversation', () => {
    const lines = (format: 'json' | 'msgpack') =>
      framesOf(format).map((frame) => {
        const message = decoded(decodeAblyFrame(frame.payload));
        const data = (message.messages ?? []).map((item) => item.data);
        return JSON.stringify([message.actionName, message.summary.replace(/json-|msgpack-|id=\d+/g, ''), data], (_key, value: unknown) =>
          value instanceof Uint8Array ? [...value] : value,
        );
      });
    const json = lines('json');
    const msgpack = lines('msgpack');
    expect(msgpack.length).toBeGreaterThan(40);
    expect(msgpack).toEqual(json.slice(0, msgpack.length));
  });

  it('reads CONNECTED with its connection details', () => {
    const connected = first('msgpack', 'in', (message) => message.actionName === 'CONNECTED');
    expect(connected).toMatchObject({
      action: 4,
      format: 'msgpack',
      connectionId: 'msgpack-conn-A',
      connectionDetails: { connectionKey: 'msgpack-key-A1', clientId: 'ann', maxIdleInterval: 15_000, connectionStateTtl: 120_000, maxMessageSize: 65_536 },
    });
  });

  it('names the flags of ATTACHED', () => {
    const attached = first('json', 'in', (message) => message.actionName === 'ATTACHED');
    expect(attached.channel).toBe('room');
    expect(attached.flagNames).toEqual(['HAS_PRESENCE', 'PRESENCE', 'PUBLISH', 'SUBSCRIBE', 'PRESENCE_SUBSCRIBE']);
    expect(decoded(decodeAblyFrame('{"action":11,"channel":"c","flags":6}')).flagNames).toEqual(['HAS_BACKLOG', 'RESUMED']);
  });

  it('decodes message data through its encoding: JSON, base64 in JSON frames, raw bytes in msgpack', () => {
    for (const format of ['json', 'msgpack'] as const) {
      const object = first(format, 'out', (message) => message.messages?.[0]?.name === 'obj');
      expect(object.messages?.[0]).toMatchObject({ name: 'obj', data: { a: 1, list: [true, null] } });
      expect(object.messages?.[0]?.encoding).toBeUndefined();
      const binary = first(format, 'out', (message) => message.messages?.[0]?.name === 'bin');
      expect(binary.messages?.[0]?.data).toEqual(new Uint8Array([0, 1, 2, 250, 255]));
      const batch = first(format, 'out', (message) => (message.messages?.length ?? 0) === 2);
      expect(batch.messages?.map((item) => [item.name, item.data])).toEqual([
        ['batch-1', { n: 1 }],
        ['batch-2', 'two'],
      ]);
      expect(batch.summary).toBe('room #3: 2 messages: batch-1, batch-2');
    }
  });

  it('reads presence actions and data, SYNC cursors, NACK errors and heartbeats', () => {
    const enter = first('json', 'in', (message) => message.actionName === 'PRESENCE');
    expect(enter.presence?.[0]).toMatchObject({ action: 'enter', data: { status: 'here' }, connectionId: 'json-conn-A' });
    const sync = first('msgpack', 'in', (message) => message.actionName === 'SYNC');
    expect(sync).toMatchObject({ channelSerial: 'sync-1:', presence: [{ action: 'present', clientId: 'bea', data: 'hi' }] });
    const nack = first('msgpack', 'in', (message) => message.actionName === 'NACK');
    expect(nack).toMatchObject({ msgSerial: 4, count: 1, error: { code: 40160, statusCode: 401, message: 'Action not permitted' } });
    const heartbeat = first('json', 'out', (message) => message.actionName === 'HEARTBEAT');
    expect(heartbeat.heartbeat).toBe(true);
    expect(first('json', 'out', (message) => message.actionName === 'MESSAGE').heartbeat).toBeUndefined();
  });

  it('names actions beyond the list and keeps fields it does not lift in raw', () => {
    const auth = decoded(decodeAblyFrame('{"action":17,"auth":{"accessToken":"t"}}'));
    expect(auth.actionName).toBe('AUTH');
    expect(auth.raw['auth']).toEqual({ accessToken: 't' });
    expect(decoded(decodeAblyFrame('{"action":42}')).actionName).toBe('UNKNOWN(42)');
  });

  it('reports what is not a ProtocolMessage', () => {
    const notAbly = ['', 'x', '[]', '{"action":"4"}', '{"action":-1}', '{"action":1.5}'];
    for (const text of notAbly) expect(decodeAblyFrame(text), text).toMatchObject({ ok: false, protocol: 'ably' });
    expect(decodeAblyFrame(new Uint8Array([0xc1]))).toMatchObject({ ok: false });
    expect(decodeAblyFrame(new Uint8Array([0x92, 0x01]))).toMatchObject({ ok: false });
    expect(decodeAblyFrame(encodeMsgpack([1, 2]))).toMatchObject({ ok: false });
    // A msgpack array header claiming 4 billion items must not allocate them.
    expect(decodeAblyFrame(new Uint8Array([0xdd, 0xff, 0xff, 0xff, 0xff]))).toMatchObject({ ok: false });
  });
});

describe('decodeAblyData', () => {
  const base64 = (text: string) => Buffer.from(text).toString('base64');

  it('undoes a chain from the right', () => {
    expect(decodeAblyData(base64('{"a":[1]}'), 'json/utf-8/base64')).toEqual({ data: { a: [1] } });
    expect(decodeAblyData(base64('héllo'), 'utf-8/base64')).toEqual({ data: 'héllo' });
    expect(decodeAblyData('{"a":1}', 'json')).toEqual({ data: { a: 1 } });
    expect(decodeAblyData('plain', undefined)).toEqual({ data: 'plain' });
    expect(decodeAblyData(new Uint8Array([104, 105]), 'utf-8')).toEqual({ data: 'hi' });
  });

  it('stops where it cannot go on and keeps the rest of the encoding', () => {
    const encrypted = decodeAblyData('AAEC', 'utf-8/cipher+aes-128-cbc/base64');
    expect(encrypted).toMatchObject({ data: new Uint8Array([0, 1, 2]), encoding: 'utf-8/cipher+aes-128-cbc' });
    expect(encrypted.dataError).toContain('encrypted');
    expect(decodeAblyData('%%%', 'base64')).toMatchObject({ data: '%%%', encoding: 'base64', dataError: 'invalid base64' });
    expect(decodeAblyData('{oops', 'json')).toMatchObject({ data: '{oops', encoding: 'json' });
    expect(decodeAblyData('x', 'rot13')).toMatchObject({ data: 'x', encoding: 'rot13' });
    expect(decodeAblyData('AAEC', 'vcdiff/base64')).toMatchObject({ encoding: 'vcdiff', dataError: expect.stringContaining('vcdiff') });
    expect(decodeAblyData('x', Array(20).fill('json').join('/'))).toMatchObject({ data: 'x', dataError: expect.any(String) });
  });
});

describe('AblyTracker / AblyConnection', () => {
  it('pairs every recorded ACK and NACK with its publish, over resumes, in both formats', () => {
    for (const format of ['json', 'msgpack'] as const) {
      const settled = replay(format).filter((note) => note.kind === 'ack' || note.kind === 'nack');
      expect(settled.length).toBe(9);
      for (const note of settled) {
        if (note.kind === 'connection') continue;
        expect(note.publishes).toHaveLength(1);
        expect(note.unmatchedSerials).toEqual([]);
        expect(note.publishes[0]?.latencyMs).toBeGreaterThan(0);
      }
      const nack = settled.find((note) => note.kind === 'nack');
      expect(nack).toMatchObject({ publishes: [{ msgSerial: 4, action: 'MESSAGE', channel: 'room' }], error: { code: 40160 } });
    }
  });

  it('says whether each recorded reconnection resumed', () => {
    const connections = replay('json').filter((note) => note.kind === 'connection');
    expect(connections).toEqual([
      { kind: 'connection', outcome: 'new', connectionId: 'json-conn-A' },
      { kind: 'connection', outcome: 'resumed', connectionId: 'json-conn-A', previousConnectionId: 'json-conn-A' },
      {
        kind: 'connection',
        outcome: 'resume-failed',
        connectionId: 'json-conn-B',
        previousConnectionId: 'json-conn-A',
        error: { code: 80008, statusCode: 400, message: 'Unable to recover connection: connection expired' },
      },
    ]);
  });

  it('cannot judge a resume whose key it never saw', () => {
    const connection = new AblyTracker().connection('wss://main.realtime.ably.net/?key=k&resume=unknown-key&format=json&v=6');
    const { notes } = connection.receive('in', '{"action":4,"connectionId":"x","connectionDetails":{"connectionKey":"k2"}}', 0);
    expect(notes).toEqual([{ kind: 'connection', outcome: 'resume-unverifiable', connectionId: 'x' }]);
  });

  it('settles every publish below msgSerial+count, as ably-js does, and measures each wait', () => {
    const connection = new AblyTracker().connection('/?key=k&format=json&v=6');
    connection.receive('out', '{"action":15,"channel":"a","msgSerial":0,"messages":[{"name":"m0"}]}', 100);
    connection.receive('out', '{"action":14,"channel":"a","msgSerial":1,"presence":[{"action":2}]}', 110);
    connection.receive('out', '{"action":15,"channel":"b","msgSerial":2,"messages":[{"name":"m2"}]}', 120);
    const { notes } = connection.receive('in', '{"action":1,"msgSerial":1,"count":2}', 200);
    expect(notes).toEqual([
      {
        kind: 'ack',
        unmatchedSerials: [],
        publishes: [
          { msgSerial: 0, action: 'MESSAGE', channel: 'a', summary: 'a #0: m0', sentAt: 100, latencyMs: 100 },
          { msgSerial: 1, action: 'PRESENCE', channel: 'a', summary: 'a #1: enter', sentAt: 110, latencyMs: 90 },
          { msgSerial: 2, action: 'MESSAGE', channel: 'b', summary: 'b #2: m2', sentAt: 120, latencyMs: 80 },
        ],
      },
    ]);
    expect(connection.receive('in', '{"action":1,"msgSerial":7,"count":1}', 210).notes).toEqual([{ kind: 'ack', publishes: [], unmatchedSerials: [7] }]);
  });

  it('lets a resumed socket settle publishes sent on the socket before, timed from the first send', () => {
    const tracker = new AblyTracker();
    const before = tracker.connection('/?key=k&format=json&v=6');
    before.receive('in', '{"action":4,"connectionId":"c1","connectionDetails":{"connectionKey":"key-1"}}', 0);
    before.receive('out', '{"action":15,"channel":"a","msgSerial":5,"messages":[{"name":"lost?"}]}', 1_000);
    const after = tracker.connection('/?key=k&resume=key-1&format=json&v=6');
    after.receive('in', '{"action":4,"connectionId":"c1","connectionDetails":{"connectionKey":"key-2"}}', 2_000);
    after.receive('out', '{"action":15,"channel":"a","msgSerial":5,"messages":[{"name":"lost?"}]}', 2_010);
    const { notes } = after.receive('in', '{"action":1,"msgSerial":5,"count":1}', 2_100);
    expect(notes).toMatchObject([{ kind: 'ack', publishes: [{ msgSerial: 5, sentAt: 1_000, latencyMs: 1_100 }] }]);
  });

  it('starts afresh after a failed resume (ably-js restarts msgSerial at 0)', () => {
    const tracker = new AblyTracker();
    const before = tracker.connection('/?key=k&format=json&v=6');
    before.receive('in', '{"action":4,"connectionId":"c1","connectionDetails":{"connectionKey":"key-1"}}', 0);
    before.receive('out', '{"action":15,"channel":"a","msgSerial":0,"messages":[{"name":"old"}]}', 10);
    const after = tracker.connection('/?key=k&resume=key-1&format=json&v=6');
    after.receive('in', '{"action":4,"connectionId":"c2","connectionDetails":{"connectionKey":"key-3"},"error":{"code":80008}}', 20);
    after.receive('out', '{"action":15,"channel":"a","msgSerial":0,"messages":[{"name":"new"}]}', 30);
    const { notes } = after.receive('in', '{"action":1,"msgSerial":0,"count":1}', 40);
    expect(notes).toMatchObject([{ kind: 'ack', publishes: [{ sentAt: 30, latencyMs: 10 }] }]);
  });
});
