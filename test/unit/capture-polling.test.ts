import { describe, expect, it } from 'vitest';
import { handshakeSid, isEnginePollingUrl, PollingSessions, sidOf } from '../../instrumentation/capture/polling';
import type { ConnectionInfo, FrameEvent, LifecycleEvent } from '../../instrumentation/protocol';
import { Recorder } from '../../instrumentation/recorder';

const BASE = 'http://127.0.0.1:3000/socket.io/?EIO=4&transport=polling';
const HANDSHAKE = '0{"sid":"abc","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}';

function sessions(): { recorder: Recorder; polling: PollingSessions; bound: Array<[string, string]> } {
  const recorder = new Recorder();
  const bound: Array<[string, string]> = [];
  const polling = new PollingSessions(recorder, { opened: (info: ConnectionInfo, sid: string) => bound.push([info.id, sid]) });
  return { recorder, polling, bound };
}

const frames = (recorder: Recorder): Array<[string, string]> =>
  recorder.events().filter((event): event is FrameEvent => event.type === 'frame').map((frame) => [frame.direction, frame.data]);
const phases = (recorder: Recorder): string[] =>
  recorder.events().filter((event): event is LifecycleEvent => event.type === 'lifecycle').map((event) => event.phase);

describe('long-polling helpers', () => {
  it('recognises engine.io v4 polling URLs only', () => {
    expect(isEnginePollingUrl(`${BASE}&t=x`)).toBe(true);
    expect(isEnginePollingUrl('http://h/socket.io/?EIO=3&transport=polling')).toBe(false);
    expect(isEnginePollingUrl('http://h/socket.io/?EIO=4&transport=websocket')).toBe(false);
  });

  it('reads the sid of a URL and of a handshake answer', () => {
    expect(sidOf(`${BASE}&t=x&sid=a%2Fb`)).toBe('a/b');
    expect(sidOf(`${BASE}&t=x`)).toBeUndefined();
    expect(handshakeSid(`${HANDSHAKE}\x1e40`)).toBe('abc');
    expect(handshakeSid('40')).toBeUndefined();
    expect(handshakeSid('0{not json')).toBeUndefined();
  });
});

describe('PollingSessions', () => {
  it('opens one connection per session at the handshake and records every packet as a frame, in order', () => {
    const { recorder, polling, bound } = sessions();
    polling.response(`${BASE}&t=1`, 'GET', 200, HANDSHAKE);
    polling.request(`${BASE}&t=2&sid=abc`, 'POST', '40');
    polling.response(`${BASE}&t=2&sid=abc`, 'POST', 200, 'ok');
    polling.response(`${BASE}&t=3&sid=abc`, 'GET', 200, '40{"sid":"s"}\x1e42["hello"]');
    polling.request(`${BASE}&t=4&sid=abc`, 'POST', '3\x1e42["x"]');
    const [info] = recorder.connections();
    expect(recorder.connections()).toHaveLength(1);
    expect(info).toMatchObject({ transport: 'polling', url: `${BASE}&t=1`, state: 'open', adoptedLate: false, framesIn: 3, framesOut: 3 });
    expect(bound).toEqual([[info?.id, 'abc']]);
    expect(frames(recorder)).toEqual([
      ['in', HANDSHAKE],
      ['out', '40'],
      ['in', '40{"sid":"s"}'],
      ['in', '42["hello"]'],
      ['out', '3'],
      ['out', '42["x"]'],
    ]);
    expect(polling.find('abc')).toBe(info);
  });

  it('closes the session on the upgrade, on a close packet and on a failed request', () => {
    const { recorder, polling } = sessions();
    polling.response(`${BASE}&t=1`, 'GET', 200, HANDSHAKE);
    const upgraded = polling.find('abc') as ConnectionInfo;
    polling.upgraded(upgraded);
    polling.response(`${BASE}&t=2&sid=abc`, 'GET', 200, '6');
    expect(upgraded).toMatchObject({ state: 'closed', closeReason: 'upgraded to websocket', wasClean: true, framesIn: 1 });

    polling.response(`${BASE}&t=3`, 'GET', 200, HANDSHAKE.replace('abc', 'def'));
    polling.response(`${BASE}&t=4&sid=def`, 'GET', 200, '1');
    expect(polling.find('def')).toMatchObject({ state: 'closed', closeReason: 'engine.io close packet', wasClean: true });

    polling.response(`${BASE}&t=5`, 'GET', 200, HANDSHAKE.replace('abc', 'ghi'));
    polling.response(`${BASE}&t=6&sid=ghi`, 'GET', 0, '');
    expect(polling.find('ghi')).toMatchObject({ state: 'closed', closeReason: 'network error', wasClean: false, errors: 1 });
    expect(phases(recorder).filter((phase) => phase === 'closed')).toHaveLength(3);
  });

  it('adopts a session whose handshake it did not see, marked as such', () => {
    const { recorder, polling } = sessions();
    polling.request(`${BASE}&t=9&sid=late`, 'POST', '42["x"]');
    expect(recorder.connections()).toMatchObject([{ transport: 'polling', adoptedLate: true, framesOut: 1 }]);
  });

  it('ignores answers that are not a handshake and requests that carry nothing', () => {
    const { recorder, polling } = sessions();
    polling.response(`${BASE}&t=1`, 'GET', 400, '{"code":0,"message":"Transport unknown"}');
    polling.request(`${BASE}&t=2&sid=abc`, 'GET', undefined);
    expect(recorder.connections()).toEqual([]);
  });
});
