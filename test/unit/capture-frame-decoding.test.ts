import { describe, expect, it } from 'vitest';
import { FrameDecoding } from '../../instrumentation/capture/frame-decoding';
import type { FrameEvent } from '../../instrumentation/protocol';
import { Recorder } from '../../instrumentation/recorder';

const HANDSHAKE = '0{"sid":"S1","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}';

/** A recorder whose annotator is a FrameDecoding, as the capture installs it (without the browser parts). */
function decodingRecorder(): { recorder: Recorder; decoding: FrameDecoding; detected: string[] } {
  const recorder = new Recorder();
  const decoding = new FrameDecoding();
  const detected: string[] = [];
  recorder.annotator = {
    opened: (info) => {
      const library = decoding.opened(info);
      if (library) info.library = library;
    },
    decode: (info, direction, payload, at) => decoding.decode(info, direction, payload, at, (library) => {
      detected.push(library);
      recorder.update(info, { library });
    }),
  };
  return { recorder, decoding, detected };
}

const framesOf = (recorder: Recorder, connectionId: string): FrameEvent[] =>
  recorder.events().filter((event): event is FrameEvent => event.type === 'frame' && event.connectionId === connectionId);

describe('FrameDecoding', () => {
  it('names the library from the URL at open and decodes every frame', () => {
    const { recorder } = decodingRecorder();
    const info = recorder.openConnection({ transport: 'websocket', url: 'ws://127.0.0.1:1/app/KEY?protocol=7&client=js&version=8.6.0' });
    expect(info.library).toBe('pusher');
    recorder.frame(info, 'in', '{"event":"pusher:connection_established","data":"{\\"socket_id\\":\\"1.2\\",\\"activity_timeout\\":120}"}');
    recorder.frame(info, 'out', '{"event":"pusher:subscribe","data":{"channel":"news"}}');
    recorder.frame(info, 'in', 'not json');
    const [established, subscribe, garbage] = framesOf(recorder, info.id);
    expect(established?.decoded).toMatchObject({ protocol: 'pusher', label: 'pusher:connection_established' });
    expect(subscribe?.decoded).toMatchObject({ label: 'pusher:subscribe', channel: 'news' });
    expect(garbage?.decoded).toMatchObject({ protocol: 'pusher', label: 'undecodable' });
    expect(garbage?.decoded?.error).toEqual(expect.any(String));
  });

  it('detects the library from a first frame when the URL does not tell, and decodes from that frame on', () => {
    const { recorder, detected } = decodingRecorder();
    const info = recorder.openConnection({ transport: 'websocket', url: 'wss://proxy.example/realtime' });
    expect(info.library).toBeUndefined();
    recorder.frame(info, 'in', '{"event":"pusher:connection_established","data":"{}"}');
    expect(info.library).toBe('pusher');
    expect(detected).toEqual(['pusher']);
    expect(framesOf(recorder, info.id)[0]?.decoded?.label).toBe('pusher:connection_established');
  });

  it('leaves plain sockets undecoded, and stops looking after their first frames', () => {
    const { recorder, detected } = decodingRecorder();
    const info = recorder.openConnection({ transport: 'websocket', url: 'ws://127.0.0.1/chat' });
    for (let i = 0; i < 4; i++) recorder.frame(info, 'in', `{"text":"hello ${i}"}`);
    // A handshake this late is page data that merely looks like one: the connection stays plain.
    recorder.frame(info, 'in', '{"event":"pusher:connection_established","data":"{}"}');
    expect(framesOf(recorder, info.id).map((frame) => frame.decoded)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(info.library).toBeUndefined();
    expect(detected).toEqual([]);
  });

  it('pairs a Socket.IO ack on the WebSocket with the emit made while long-polling, by engine.io sid', () => {
    const { recorder, decoding } = decodingRecorder();
    const polling = recorder.openConnection({ transport: 'polling', url: 'http://127.0.0.1/socket.io/?EIO=4&transport=polling&t=1' });
    decoding.opened(polling, 'S1');
    recorder.frame(polling, 'in', HANDSHAKE);
    recorder.frame(polling, 'out', '421["question",21]');
    const socket = recorder.openConnection({ transport: 'websocket', url: 'ws://127.0.0.1/socket.io/?EIO=4&transport=websocket&sid=S1' });
    expect(socket.library).toBe('socket.io');
    recorder.frame(socket, 'in', '431[{"answer":42}]');
    const [handshake, emit] = framesOf(recorder, polling.id);
    const [ack] = framesOf(recorder, socket.id);
    expect(handshake?.decoded).toMatchObject({ protocol: 'socket.io', label: 'open' });
    expect(emit?.decoded).toMatchObject({ label: 'question', channel: '/' });
    expect(ack?.decoded).toMatchObject({ label: 'ack', ackOf: 'question' });
    expect(ack?.decoded?.ackRoundTripMs).toBe((ack?.at ?? 0) - (emit?.at ?? 0));
  });

  it('keeps Socket.IO sessions of different sids apart', () => {
    const { recorder } = decodingRecorder();
    const first = recorder.openConnection({ transport: 'websocket', url: 'ws://127.0.0.1/socket.io/?EIO=4&transport=websocket&sid=A' });
    const second = recorder.openConnection({ transport: 'websocket', url: 'ws://127.0.0.1/socket.io/?EIO=4&transport=websocket&sid=B' });
    recorder.frame(first, 'out', '427["slow"]');
    recorder.frame(second, 'in', '437[]');
    expect(framesOf(recorder, second.id)[0]?.decoded).toMatchObject({ label: 'ack' });
    expect(framesOf(recorder, second.id)[0]?.decoded?.ackRoundTripMs).toBeUndefined();
  });

  it('records the Ably resume outcome and the latency of the publishes an ACK settles', () => {
    const { recorder } = decodingRecorder();
    const url = 'ws://127.0.0.1:2/?key=app.key%3Asecret&format=json&heartbeats=true&v=6';
    const first = recorder.openConnection({ transport: 'websocket', url });
    expect(first.library).toBe('ably');
    recorder.frame(first, 'in', '{"action":4,"connectionId":"C1","connectionDetails":{"connectionKey":"K1","maxIdleInterval":15000,"connectionStateTtl":120000}}');
    recorder.frame(first, 'out', '{"action":15,"channel":"chat","msgSerial":0,"messages":[{"name":"a"}]}');
    recorder.frame(first, 'out', '{"action":15,"channel":"chat","msgSerial":1,"messages":[{"name":"b"}]}');
    recorder.frame(first, 'in', '{"action":1,"msgSerial":0,"count":2}');
    const [connected, publish, , ack] = framesOf(recorder, first.id);
    expect(connected?.decoded).toMatchObject({ protocol: 'ably', label: 'CONNECTED', resume: 'new' });
    expect(ack?.decoded).toMatchObject({ label: 'ACK', ackCount: 2 });
    expect(ack?.decoded?.ackLatencyMs).toBe((ack?.at ?? 0) - (publish?.at ?? 0));

    const resumed = recorder.openConnection({ transport: 'websocket', url: `${url}&resume=K1` });
    recorder.frame(resumed, 'in', '{"action":4,"connectionId":"C1","connectionDetails":{"connectionKey":"K2"}}');
    const failed = recorder.openConnection({ transport: 'websocket', url: `${url}&resume=K2` });
    recorder.frame(failed, 'in', '{"action":4,"connectionId":"C9","error":{"code":80008,"message":"expired"},"connectionDetails":{"connectionKey":"K3"}}');
    expect(framesOf(recorder, resumed.id)[0]?.decoded?.resume).toBe('resumed');
    expect(framesOf(recorder, failed.id)[0]?.decoded?.resume).toBe('resume-failed');
  });

  it('decodes binary (msgpack) frames handed over as bytes', () => {
    const { recorder } = decodingRecorder();
    const info = recorder.openConnection({ transport: 'websocket', url: 'ws://127.0.0.1/?key=a.b%3Ac&format=msgpack&v=6' });
    // msgpack {"action": 0}: fixmap of 1, fixstr "action", positive fixint 0.
    recorder.frame(info, 'in', new Uint8Array([0x81, 0xa6, 0x61, 0x63, 0x74, 0x69, 0x6f, 0x6e, 0x00]));
    expect(framesOf(recorder, info.id)[0]?.decoded).toMatchObject({ protocol: 'ably', label: 'HEARTBEAT', heartbeat: true });
  });

  it('never decodes event streams: their transports decode themselves', () => {
    const { recorder } = decodingRecorder();
    const info = recorder.openConnection({ transport: 'eventsource', url: 'http://127.0.0.1/socket.io/?EIO=4&transport=polling' });
    recorder.frame(info, 'in', '{"event":"pusher:connection_established"}', { event: 'message' });
    expect(info.library).toBeUndefined();
    expect(framesOf(recorder, info.id)[0]?.decoded).toBeUndefined();
  });
});
