import { describe, expect, it } from 'vitest';
import { decodePusherFrame, pusherCloseCodeMeaning } from '../../instrumentation/decoders/pusher';
import type { PusherDecoding, PusherMessage } from '../../instrumentation/decoders/types';
import { pusherFrames } from './fixtures/frames/frames';

function decoded(result: PusherDecoding): PusherMessage {
  if (!result.ok) throw new Error(`undecodable: ${result.error}`);
  return result;
}

function recorded(event: string, connection = 0, direction: 'in' | 'out' = 'out'): PusherMessage {
  const frame = pusherFrames.find((item) => item.connection === connection && item.direction === direction && item.text.includes(event));
  if (!frame) throw new Error(`no recorded frame with ${event}`);
  return decoded(decodePusherFrame(frame.text));
}

describe('Pusher protocol 7 decoding', () => {
  it('decodes every recorded frame (pusher-js 8.6 client frames and hand-written server frames)', () => {
    for (const frame of pusherFrames) expect(decodePusherFrame(frame.text).ok, frame.text).toBe(true);
  });

  it('reads connection_established: socket id and activity timeout from a JSON-string data', () => {
    const message = recorded('pusher:connection_established', 0, 'in');
    expect(message).toMatchObject({ kind: 'connection-established', socketId: '1000.4242', activityTimeoutSeconds: 1 });
    expect(message.summary).toBe('connected socket_id=1000.4242 activity_timeout=1s');
  });

  it('flags a handshake pusher-js would refuse (no activity_timeout)', () => {
    const message = decoded(decodePusherFrame('{"event":"pusher:connection_established","data":"{\\"socket_id\\":\\"1.2\\"}"}'));
    expect(message.kind).toBe('connection-established');
    expect(message.summary).toContain('missing');
  });

  it('reads what pusher-js really sends to subscribe: channel, auth presence, channel_data', () => {
    const publicSubscribe = recorded('"channel":"public-news"}}');
    expect(publicSubscribe).toMatchObject({ kind: 'subscribe', channel: 'public-news', hasAuth: false });
    expect(recorded('"channel":"private-chat"}}')).toMatchObject({ kind: 'subscribe', channel: 'private-chat', hasAuth: true });
    const presence = recorded('channel_data');
    expect(presence).toMatchObject({
      kind: 'subscribe',
      channel: 'presence-room',
      hasAuth: true,
      userId: 'user-1',
      channelData: { user_id: 'user-1', user_info: { name: 'Ann' } },
    });
    expect(presence.summary).toBe('subscribe presence-room with auth as user-1');
    expect(recorded('pusher:unsubscribe')).toMatchObject({ kind: 'unsubscribe', channel: 'public-news' });
  });

  it('reads presence members from subscription_succeeded, member_added and member_removed', () => {
    const succeeded = recorded('"channel":"presence-room","data":"{\\"presence', 0, 'in');
    expect(succeeded).toMatchObject({
      kind: 'subscription-succeeded',
      channel: 'presence-room',
      presence: { ids: ['user-2', 'user-1'], hash: { 'user-2': { name: 'Bea' }, 'user-1': { name: 'Ann' } }, count: 2 },
    });
    expect(recorded('member_added', 0, 'in')).toMatchObject({ kind: 'member-added', userId: 'user-3', userInfo: { name: 'Cy' } });
    expect(recorded('member_removed', 0, 'in')).toMatchObject({ kind: 'member-removed', userId: 'user-3', channel: 'presence-room' });
    expect(recorded('subscription_count', 0, 'in')).toMatchObject({ kind: 'subscription-count', count: 12 });
  });

  it('reads client events both ways, with the sender on presence channels', () => {
    expect(recorded('client-typing', 0, 'in')).toMatchObject({ kind: 'client-event', label: 'client-typing', userId: 'user-3', data: { typing: true } });
    expect(recorded('client-cursor')).toMatchObject({ kind: 'client-event', channel: 'presence-room', data: { x: 10, y: 20 } });
  });

  it('parses JSON-string data like pusher-js and keeps non-JSON strings', () => {
    expect(recorded('breaking', 0, 'in')).toMatchObject({ kind: 'event', label: 'breaking', data: { headline: 'Tide is high', id: 7 } });
    expect(recorded('plain-text', 0, 'in').data).toBe('not json at all');
  });

  it('reads errors, with what the close code would make pusher-js do', () => {
    expect(recorded('subscription_error', 0, 'in')).toMatchObject({
      kind: 'subscription-error',
      channel: 'private-denied',
      status: 401,
      errorType: 'AuthError',
      error: 'Invalid signature',
    });
    const error = recorded('pusher:error', 0, 'in');
    expect(error).toMatchObject({ kind: 'error', code: 4201, message: 'Pong reply not received', closeMeaning: { action: 'reconnect-now' } });
    expect(decoded(decodePusherFrame('{"event":"pusher:error","data":{"code":null,"message":"Invalid key"}}'))).toMatchObject({
      kind: 'error',
      code: null,
      message: 'Invalid key',
    });
  });

  it('tags pusher:ping and pusher:pong as heartbeats', () => {
    expect(recorded('pusher:ping')).toMatchObject({ kind: 'ping', heartbeat: true });
    expect(recorded('pusher:pong', 0, 'in')).toMatchObject({ kind: 'pong', heartbeat: true });
    expect(recorded('breaking', 0, 'in').heartbeat).toBeUndefined();
  });

  it('decodes binary frames as UTF-8 text', () => {
    expect(decoded(decodePusherFrame(new TextEncoder().encode('{"event":"ünï","data":"{}"}'))).label).toBe('ünï');
  });

  it('reports what is not a Pusher frame', () => {
    for (const text of ['', 'nope', '[]', '{"data":{}}', '{"event":7}', 'null']) {
      expect(decodePusherFrame(text), text).toMatchObject({ ok: false, protocol: 'pusher', error: expect.any(String) });
    }
  });
});

describe('pusherCloseCodeMeaning', () => {
  it('follows pusher-js getCloseAction and its connection manager', () => {
    const actions = Object.fromEntries(
      [1000, 1001, 1002, 1004, 1005, 1006, 3999, 4000, 4001, 4009, 4099, 4100, 4199, 4200, 4201, 4299, 4300, 4301, 4999].map((code) => [
        code,
        pusherCloseCodeMeaning(code).action,
      ]),
    );
    expect(actions).toEqual({
      1000: 'reconnect-after-1s',
      1001: 'reconnect-after-1s',
      1002: 'back-off',
      1004: 'back-off',
      1005: 'reconnect-after-1s',
      1006: 'reconnect-after-1s',
      3999: 'reconnect-after-1s',
      4000: 'switch-to-tls',
      4001: 'give-up',
      4009: 'give-up',
      4099: 'give-up',
      4100: 'back-off',
      4199: 'back-off',
      4200: 'reconnect-now',
      4201: 'reconnect-now',
      4299: 'reconnect-now',
      4300: 'give-up',
      4301: 'give-up',
      4999: 'give-up',
    });
  });

  it('names the documented codes', () => {
    expect(pusherCloseCodeMeaning(4201).text).toContain('pong reply not received');
    expect(pusherCloseCodeMeaning(4004).text).toContain('over its connection quota');
  });
});
