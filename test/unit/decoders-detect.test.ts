import { describe, expect, it } from 'vitest';
import { detectLibrary } from '../../instrumentation/decoders/detect';
import { ablyFrames, ablyUrls, pusherFrames, pusherUrls, socketIoFrames, socketIoUrls } from './fixtures/frames/frames';

const origin = 'ws://127.0.0.1:8080';

describe('detectLibrary', () => {
  it('knows the URLs the real clients opened', () => {
    for (const path of socketIoUrls) expect(detectLibrary(origin + path), path).toBe('socket.io');
    for (const path of pusherUrls) expect(detectLibrary(origin + path), path).toBe('pusher');
    for (const { url } of ablyUrls) expect(detectLibrary(origin + url), url).toBe('ably');
  });

  it('knows the production URL shapes', () => {
    expect(detectLibrary('wss://ws-eu.pusher.com/app/abc123?protocol=7&client=js&version=8.6.0&flash=false')).toBe('pusher');
    expect(detectLibrary('wss://main.realtime.ably.net/?access_token=tok&format=msgpack&heartbeats=true&v=6')).toBe('ably');
    expect(detectLibrary('wss://main.realtime.ably.net/?format=json&v=6&heartbeats=true')).toBe('ably');
    expect(detectLibrary('wss://api.example.com/custom-path/?EIO=4&transport=websocket')).toBe('socket.io');
  });

  it('leaves other sockets alone', () => {
    for (const url of [
      'wss://example.com/chat',
      'wss://example.com/graphql?format=json',
      'wss://example.com/app/foo',
      'wss://example.com/?format=json&v=2',
      'wss://example.com/?EIO=x&transport=websocket',
      '',
      'not a url at all',
    ]) {
      expect(detectLibrary(url, ['{"type":"hello"}', 'plain text']), url).toBeUndefined();
    }
  });

  it('falls back on the first frames when the URL says nothing', () => {
    const socketIoOpen = socketIoFrames.find((frame) => typeof frame.payload === 'string' && frame.payload.startsWith('0{'));
    expect(detectLibrary('wss://proxy.example/rt', [socketIoOpen?.payload as string])).toBe('socket.io');
    expect(detectLibrary('wss://proxy.example/rt', ['2probe'])).toBe('socket.io');
    expect(detectLibrary('wss://proxy.example/rt', [pusherFrames[0]?.text as string])).toBe('pusher');
    const ablyJson = ablyFrames.find((frame) => frame.format === 'json');
    const ablyMsgpack = ablyFrames.find((frame) => frame.format === 'msgpack');
    expect(detectLibrary('wss://proxy.example/rt', [ablyJson?.payload as string])).toBe('ably');
    expect(detectLibrary('wss://proxy.example/rt', [ablyMsgpack?.payload as Uint8Array])).toBe('ably');
    expect(detectLibrary('wss://proxy.example/rt', ['{"action":3}', new Uint8Array([1, 2, 3])])).toBeUndefined();
  });
});
