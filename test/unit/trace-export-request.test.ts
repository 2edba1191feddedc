import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type ExportTraceMessage, type PageToUiMessage, type TraceMessage } from '../../instrumentation/protocol';
import { Recorder } from '../../instrumentation/recorder';
import { parseTrace } from '../../instrumentation/trace/parse-trace';
import { rulesStorageKey } from '../../instrumentation/trace/rules-storage';
import { createUiLink, type LinkedUi } from '../../instrumentation/ui-link';
import { createDevtoolsStore } from '../../overlay/ui/store/store';
import { MemoryStorage } from './support/memory-storage';

const ORIGIN = 'http://127.0.0.1:5000';
const SECRET_TOKEN = 'tok-4f9a8b7c6d5e4f3a';
const SECRET_CARD = '4111-1111-1111-1111';
const SECRET_SESSION = 'sess-abcdef0123456789';

function setup() {
  const recorder = new Recorder();
  const localStorage = new MemoryStorage();
  const context = {
    recorder,
    toolVersion: '9.9.9',
    sessionId: 'session-1',
    pageInfo: () => ({ url: `${ORIGIN}/app`, title: 'app', userAgent: 'ua', timeOrigin: 1 }),
    links: new Set<LinkedUi>(),
    win: { localStorage, location: { origin: ORIGIN } },
  };
  const chat = recorder.openConnection({ transport: 'websocket', url: `ws://127.0.0.1:5000/chat?token=${SECRET_TOKEN}&room=lobby` });
  recorder.frame(chat, 'out', JSON.stringify({ type: 'pay', card: SECRET_CARD, amount: 12 }));
  recorder.frame(chat, 'in', JSON.stringify({ type: 'welcome', session: { sid: SECRET_SESSION }, text: 'hello there' }));
  const feed = recorder.openConnection({ transport: 'websocket', url: 'ws://127.0.0.1:5000/feed' });
  recorder.frame(feed, 'in', 'price 42');
  recorder.flush();
  const received: PageToUiMessage[] = [];
  const link = createUiLink(context, (message) => received.push(message));
  let nextId = 1;
  const request = (fields: Partial<Omit<ExportTraceMessage, 'kind' | 'requestId'>>): TraceMessage => {
    const requestId = nextId++;
    link.receive({ kind: 'export-trace', requestId, format: 'rtdtrace', options: {}, preview: false, ...fields });
    const answer = received.find((message): message is TraceMessage => message.kind === 'trace' && message.requestId === requestId);
    if (!answer) throw new Error(`no answer to request ${requestId}`);
    return answer;
  };
  return { request, localStorage, chat, feed, context };
}

describe('export-trace from a UI, answered in the page', () => {
  it('previews counts per rule and samples of the saved text, without the file and without the secrets', () => {
    const { request } = setup();
    const answer = request({ preview: true });
    expect(answer.ok).toBe(true);
    expect(answer.text).toBeUndefined();
    expect(answer.redaction.enabled).toBe(true);
    expect(answer.redaction.counts).toMatchObject({ 'query:token': 1 });
    expect(answer.redaction.samples.length).toBeGreaterThan(0);
    const urlSample = answer.redaction.samples.find((sample) => sample.rule === 'query:token');
    expect(urlSample?.after).toContain('token=redacted:16-31');
    expect(urlSample?.after).toContain('room=lobby');
    const report = JSON.stringify(answer);
    expect(report).not.toContain(SECRET_TOKEN);
  });

  it('applies rules the UI saved for the site to later exports, the API export included', () => {
    const { request, localStorage } = setup();
    expect(request({ preview: true }).redaction.counts['field:card']).toBeUndefined();

    const saved = request({ preview: true, saveRules: true, options: { rules: { fieldNames: ['card'], jsonPaths: ['session.sid'] } } });
    expect(saved.ok).toBe(true);
    expect(saved.savedRules).toMatchObject({ fieldNames: ['card'], jsonPaths: ['session.sid'] });
    expect(JSON.parse(localStorage.getItem(rulesStorageKey(ORIGIN)) ?? 'null')).toMatchObject({ fieldNames: ['card'] });

    const file = request({ preview: false });
    expect(file.redaction.counts).toMatchObject({ 'field:card': 1, 'path:session.sid': 1 });
    expect(file.savedRules?.fieldNames).toEqual(['card']);
    expect(file.text).toBeDefined();
    for (const secret of [SECRET_TOKEN, SECRET_CARD, SECRET_SESSION]) expect(file.text).not.toContain(secret);
    expect(file.text).toContain('hello there');
  });

  it('turns redaction off only for an explicit redact: false', () => {
    const { request } = setup();
    for (const redact of [undefined, 'false', 0, null] as unknown[]) {
      const answer = request({ options: { redact: redact as boolean } });
      expect(answer.redaction.enabled).toBe(true);
      expect(answer.text).not.toContain(SECRET_TOKEN);
    }
    const unredacted = request({ options: { redact: false } });
    expect(unredacted.redaction).toEqual({ enabled: false, counts: {}, samples: [] });
    expect(unredacted.text).toContain(SECRET_TOKEN);
  });

  it('exports only the chosen connections, as a HAR when asked, in a file the importer reads', () => {
    const { request, feed } = setup();
    const answer = request({ format: 'har', options: { connections: [feed.id] } });
    expect(answer.format).toBe('har');
    const parsed = parseTrace(answer.text);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    expect(parsed.source).toBe('har');
    expect(parsed.trace.connections.map((connection) => connection.url)).toEqual(['ws://127.0.0.1:5000/feed']);
  });

  it('refuses an invalid regular expression with a reason, and saves nothing', () => {
    const { request, localStorage } = setup();
    const answer = request({ preview: true, saveRules: true, options: { rules: { patterns: [{ name: 'bad', source: '([a-' }] } } });
    expect(answer.ok).toBe(false);
    expect(answer.error).toMatch(/Invalid redaction rules: rules\.patterns\[0\]/);
    expect(localStorage.getItem(rulesStorageKey(ORIGIN))).toBeNull();
  });
});

describe('export-trace through the UI store', () => {
  it('resolves requestTrace with the page\'s answer, saved rules included, past the UI\'s message checks', async () => {
    const { context } = setup();
    const store = createDevtoolsStore({ send: (message) => link.receive(message) });
    const link = createUiLink(context, (message) => store.getState().apply(message));
    store.getState().send({ kind: 'init', protocolVersion: PROTOCOL_VERSION });
    const answer = await store.getState().requestTrace({
      format: 'rtdtrace',
      options: { rules: { patterns: [{ name: 'room', source: 'room=(\\w+)' }] } },
      preview: true,
      saveRules: true,
    });
    expect(store.getState().problems).toEqual([]);
    expect(answer.ok).toBe(true);
    expect(answer.redaction.counts['pattern:room']).toBe(1);
    expect(answer.savedRules?.patterns).toEqual([{ name: 'room', source: 'room=(\\w+)' }]);
  });
});
