import { describe, expect, it } from 'vitest';
import { buildHar } from '../../instrumentation/trace/build-har';
import { buildTrace } from '../../instrumentation/trace/build-trace';
import { mergeRules } from '../../instrumentation/trace/redaction-rules';
import { previewRedaction } from '../../instrumentation/trace/redact-trace';
import { Redactor } from '../../instrumentation/trace/redactor';
import { exportPageHar, exportPageTrace } from '../../instrumentation/trace/page-export';
import { loadSavedRules, rulesStorageKey, saveRules } from '../../instrumentation/trace/rules-storage';
import type { FrameEvent } from '../../instrumentation/protocol';
import { KEPT, SECRETS, sampleCapture } from './fixtures/trace/capture';
import { MemoryStorage } from './support/memory-storage';

function frameData(trace: ReturnType<typeof buildTrace>, seq: number): string {
  const event = trace.events.find((item) => item.seq === seq) as FrameEvent;
  return event.data;
}

describe('redaction on export', () => {
  const trace = buildTrace(sampleCapture());
  const serializedTrace = JSON.stringify(trace);
  const serializedHar = JSON.stringify(buildHar(trace));

  it.each(Object.entries(SECRETS))('removes %s from the trace and the HAR', (_name, secret) => {
    expect(serializedTrace).not.toContain(secret);
    expect(serializedHar).not.toContain(secret);
    // Nor any recognisable part of it (the half a naive cut might leave).
    expect(serializedTrace).not.toContain(secret.slice(Math.floor(secret.length / 2)));
  });

  it('keeps the data around the secrets', () => {
    for (const kept of KEPT) expect(serializedTrace).toContain(kept);
    expect(serializedHar).toContain('lobby');
    expect(serializedHar).toContain('order-created');
  });

  it('keeps the structure readable, with a marker of the length class', () => {
    const login = frameData(trace, 14);
    expect(login.startsWith('42/chat,7["login",')).toBe(true);
    expect(JSON.parse(login.slice('42/chat,7'.length))).toEqual([
      'login',
      { user: 'alice', password: '[redacted:16-31 chars]', profile: { settings: { apiKey: '[redacted:16-31 chars]' } } },
    ]);
    const pusherData = JSON.parse(JSON.parse(frameData(trace, 18)).data);
    expect(pusherData).toEqual({ id: 7, clientSecret: '[redacted:16-31 chars]' });
    expect(JSON.parse(frameData(trace, 17)).data.auth).toBe('278d425bdf160c739803:[redacted:64+ chars]');
    const ablyData = JSON.parse(JSON.parse(frameData(trace, 19)).messages[0].data);
    expect(ablyData).toEqual({ text: 'hi alice', refreshToken: '[redacted:16-31 chars]' });
    expect(trace.connections.find((item) => item.id === 'c3')?.url).toBe(
      'wss://realtime.ably.test/?key=ably-app.key-name:redacted:16-31&format=json&heartbeats=true',
    );
    expect(frameData(trace, 16)).toBe('Authorization: [redacted:16-31 chars]\nCookie: [redacted:16-31 chars]\nX-Room: lobby');
  });

  it('leaves payloads without secrets byte for byte, and binary payloads alone', () => {
    const original = sampleCapture().events;
    for (const seq of [13, 15, 23, 24]) expect(frameData(trace, seq)).toBe((original.find((item) => item.seq === seq) as FrameEvent).data);
  });

  it('counts every redaction by rule and lists the rules, never the values', () => {
    expect(trace.redaction.enabled).toBe(true);
    expect(trace.redaction.counts).toMatchObject({
      'ably-key': 1,
      'pusher-auth': 1,
      // The Socket.IO login (frame and its decoded summary), the polling packet, the presence member's data.
      'field:password': 4,
      'field:apiKey': 1,
      'field:clientSecret': 1,
      'field:refreshToken': 1,
      // Ably's AUTH `auth` object goes whole.
      'field:auth': 1,
      'field:secret': 1,
      'header:authorization': 1,
      'header:cookie': 1,
      'pattern:jwt': 1,
      'pattern:url-password': 1,
    });
    expect(trace.redaction.rules.fieldNames).toContain('password');
  });

  it('exports everything as it was with redact: false', () => {
    const raw = JSON.stringify(buildTrace(sampleCapture(), { redact: false }));
    for (const secret of Object.values(SECRETS)) expect(raw).toContain(JSON.stringify(secret).slice(1, -1));
  });

  it('applies extra rules: field names, JSON paths and patterns', () => {
    const source = sampleCapture();
    const custom = buildTrace(source, {
      rules: { fieldNames: ['room'], jsonPaths: ['[1].users[*]'], patterns: [{ name: 'room-header', source: 'X-Room: (\\w+)' }] },
    });
    const joined = JSON.parse(frameData(custom, 15).slice(2));
    expect(joined[1].room).toBe('[redacted:1-7 chars]');
    expect(joined[1].users).toEqual(['[redacted:1-7 chars]', '[redacted:1-7 chars]']);
    expect(frameData(custom, 16)).toContain('X-Room: [redacted:1-7 chars]');
    expect(custom.redaction.counts['path:[1].users[*]']).toBe(2);
  });

  it('redacts JSON pairs of payloads cut before their end', () => {
    const redactor = new Redactor(mergeRules());
    expect(redactor.payload('{"user":"alice","token":"abcdefgh')).toBe('{"user":"alice","token":"[redacted:8-15 chars]');
    expect(redactor.payload('{"data":"{\\"password\\":\\"pw-123456\\",\\"x\\":')).toBe('{"data":"{\\"password\\":\\"[redacted:8-15 chars]\\",\\"x\\":');
  });

  it('previews what rules would remove, with samples, without changing the trace', () => {
    const raw = buildTrace(sampleCapture(), { redact: false });
    const before = JSON.stringify(raw);
    const preview = previewRedaction(raw, mergeRules({ fieldNames: ['room'] }));
    expect(JSON.stringify(raw)).toBe(before);
    expect(preview.counts['field:room']).toBe(1);
    expect(preview.total).toBe(Object.values(preview.counts).reduce((sum, count) => sum + count, 0));
    const sample = preview.samples.find((item) => item.rule === 'field:password');
    expect(sample).toMatchObject({ before: SECRETS.socketPassword, after: '[redacted:16-31 chars]', where: 'event 14' });
  });

  it('keeps extra rules per site in localStorage and applies them on export', () => {
    const storage = new MemoryStorage();
    expect(saveRules(storage, 'https://app.example.test', { fieldNames: ['room'], patterns: [{ name: 'bad', source: '(' }] })).toBe(true);
    expect(JSON.parse(storage.getItem(rulesStorageKey('https://app.example.test')) ?? '')).toEqual({ fieldNames: ['room'], patterns: [] });
    expect(loadSavedRules(storage, 'https://other.example.test')).toBeNull();
    const saved = loadSavedRules(storage, 'https://app.example.test');
    const trace = buildTrace({ ...sampleCapture(), savedRules: saved });
    expect(JSON.parse(frameData(trace, 15).slice(2))[1].room).toBe('[redacted:1-7 chars]');
    storage.setItem(rulesStorageKey('https://broken.test'), '{not json');
    expect(loadSavedRules(storage, 'https://broken.test')).toBeNull();
  });

  it('exports from a page with the rules saved for its own origin, and not another one', () => {
    const source = sampleCapture();
    const storage = new MemoryStorage();
    saveRules(storage, 'https://app.example.test', { fieldNames: ['room'] });
    const context = (origin: string) => ({
      toolVersion: source.toolVersion,
      sessionId: source.sessionId,
      pageInfo: () => source.page,
      recorder: { connections: () => source.connections, events: () => source.events, dropped: source.dropped },
      win: { localStorage: storage, location: { origin } },
    });
    expect(exportPageTrace(context('https://app.example.test')).redaction.counts['field:room']).toBe(1);
    expect(exportPageTrace(context('https://elsewhere.test')).redaction.counts['field:room']).toBeUndefined();
    expect(JSON.stringify(exportPageHar(context('https://elsewhere.test')))).not.toContain(SECRETS.ablySecret);
  });
});
