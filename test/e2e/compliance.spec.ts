/**
 * The WebSocket and EventSource taps must be invisible to the page and must record what happened.
 * Each test runs one scenario script in a native page, then in the same page reloaded with the built
 * instrumentation (`dist/instrumentation/realtime-devtools.js`, as `npm run build` makes it) injected before any
 * page script, and compares everything the page observed; then it checks what the instrumentation recorded.
 */
import { expect, test, type Page } from '@playwright/test';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { GLOBAL_NAME, type RealtimeDevtoolsApi } from '../../instrumentation/api';
import type { CaptureEvent, ConnectionInfo, FrameEvent, LifecycleEvent } from '../../instrumentation/protocol';
import { installComplianceHarness } from '../fixtures/compliance-harness';
import {
  eventSourceFatalScenario,
  eventSourceReconnectScenario,
  eventSourceStreamScenario,
  exceptionsScenario,
  identityScenario,
  subclassScenario,
  webSocketEndingsScenario,
  webSocketSessionScenario,
  type ScenarioUrls,
} from '../fixtures/compliance-scenarios';
import { SSE_STREAM_EVENTS, startWireServer, type WireServer } from '../fixtures/wire-server';

const INSTRUMENTATION = resolve(import.meta.dirname, '../../dist/instrumentation/realtime-devtools.js');

let server: WireServer;
let urls: ScenarioUrls;

test.beforeAll(async () => {
  if (!existsSync(INSTRUMENTATION)) throw new Error(`${INSTRUMENTATION} is missing: run \`npm run build\` first`);
  server = await startWireServer();
  urls = { http: server.httpUrl, ws: server.wsUrl };
});

test.afterAll(async () => {
  await server?.close();
});

interface Recorded {
  connections: ConnectionInfo[];
  events: CaptureEvent[];
}

async function openWirePage(page: Page, instrumented: boolean): Promise<void> {
  if (instrumented) await page.addInitScript({ path: INSTRUMENTATION });
  await page.goto(`${server.httpUrl}/`);
  await page.evaluate(installComplianceHarness);
  expect(await page.evaluate((name) => name in window, GLOBAL_NAME), 'instrumentation present').toBe(instrumented);
}

/** Runs `scenario` in a native page, then in the instrumented page; returns both results and what was recorded. */
async function nativeThenTapped<Result>(page: Page, scenario: (instrumented: boolean) => Promise<Result>): Promise<{ native: Result; tapped: Result; recorded: Recorded }> {
  await openWirePage(page, false);
  const native = await scenario(false);
  await openWirePage(page, true);
  const tapped = await scenario(true);
  const recorded = await readRecorded(page);
  expect(recorded.events.filter((event) => event.type === 'internal-error'), 'internal errors').toEqual([]);
  return { native, tapped, recorded };
}

function readRecorded(page: Page): Promise<Recorded> {
  return page.evaluate((name) => {
    const api = (window as unknown as Record<string, RealtimeDevtoolsApi>)[name] as RealtimeDevtoolsApi;
    return { connections: api.connections(), events: api.events() };
  }, GLOBAL_NAME);
}

/** Frames of one connection in recording order (`seq`): a Blob frame is stored when read, but keeps its place. */
function framesOf(recorded: Recorded, connection: ConnectionInfo): FrameEvent[] {
  return recorded.events
    .filter((event): event is FrameEvent => event.type === 'frame' && event.connectionId === connection.id)
    .sort((a, b) => a.seq - b.seq);
}

function lifecycleOf(recorded: Recorded, connection: ConnectionInfo): Omit<LifecycleEvent, 'seq' | 'at' | 'type' | 'connectionId'>[] {
  return recorded.events
    .filter((event): event is LifecycleEvent => event.type === 'lifecycle' && event.connectionId === connection.id)
    .sort((a, b) => a.seq - b.seq)
    .map(({ seq: _seq, at: _at, type: _type, connectionId: _id, ...rest }) => rest);
}

function connectionTo(recorded: Recorded, url: string): ConnectionInfo {
  const matches = recorded.connections.filter((connection) => connection.url === url);
  expect(matches, `one connection to ${url}`).toHaveLength(1);
  return matches[0] as ConnectionInfo;
}

const base64 = (bytes: number[] | string): string => Buffer.from(bytes as never).toString('base64');

test('constructors, prototypes, descriptors and toString are the native ones', async ({ page }) => {
  const { native, tapped, recorded } = await nativeThenTapped(page, () => page.evaluate(identityScenario, urls));
  expect(tapped).toEqual(native);
  expect(JSON.stringify(native)).toContain('function WebSocket() { [native code] }');
  expect(recorded.connections.map((connection) => connection.transport)).toEqual(['websocket', 'eventsource']);
});

test('bad arguments throw the native exceptions and record nothing', async ({ page }) => {
  const { native, tapped, recorded } = await nativeThenTapped(page, () => page.evaluate(exceptionsScenario, urls));
  expect(tapped).toEqual(native);
  expect(native.outcomes['close(999)']).toMatchObject({ threw: true, name: 'InvalidAccessError' });
  expect(native.outcomes['send while CONNECTING']).toMatchObject({ threw: true, name: 'InvalidStateError' });
  expect(native.outcomes['WebSocket("ftp://127.0.0.1/")']).toMatchObject({ threw: true, name: 'SyntaxError' });
  expect(native.outcomes['send(object) conversions']).toBe(1);
  expect(native.outcomes['protocols iterable read once']).toBe(1);

  expect(recorded.connections).toHaveLength(tapped.constructed);
  expect(recorded.events.filter((event) => event.type === 'frame'), 'frames of sends that threw').toEqual([]);
  const requested = recorded.connections.map((connection) => connection.requestedProtocols);
  expect(requested).toContainEqual(['v1', 'v2']);
  expect(requested).toContainEqual(['123']);
  expect(requested).toContainEqual(['null']);
});

test('an echo session behaves natively and is recorded both ways', async ({ page }) => {
  const { native, tapped, recorded } = await nativeThenTapped(page, () => page.evaluate(webSocketSessionScenario, urls));
  expect(tapped).toEqual(native);
  expect(native.reportedErrors).toEqual(['Uncaught Error: page handler failed']);

  const connection = connectionTo(recorded, `${server.wsUrl}/echo`);
  expect(connection).toMatchObject({
    transport: 'websocket', state: 'closed', closeCode: 4000, closeReason: 'done', wasClean: true, protocol: '',
    requestedProtocols: [], adoptedLate: false, framesOut: 15, framesIn: 13, errors: 0,
  });
  expect(connection.extensions).toContain('permessage-deflate');
  const text = (direction: 'in' | 'out', data: string, size = Buffer.byteLength(data)) => [direction, 'text', size, 'text', data, false];
  const binary = (direction: 'in' | 'out', bytes: number[]) => [direction, 'binary', bytes.length, 'base64', base64(bytes), false];
  const both = (frame: (direction: 'in' | 'out') => unknown[]) => [frame('out'), frame('in')];
  const blobText = [...Buffer.from('blob-text')];
  expect(framesOf(recorded, connection).map((frame) => [
    frame.direction, frame.kind, frame.size, frame.encoding, frame.truncated ? `${frame.data.length} chars kept` : frame.data, frame.discarded ?? false,
  ])).toEqual([
    ...both((d) => text(d, 'hello')),
    ...both((d) => text(d, '🙂 é')),
    ...both((d) => text(d, '')),
    ...both((d) => text(d, 'from toString')),
    ...both((d) => text(d, '42')),
    ...both((d) => binary(d, [1, 2, 3])),
    ...both((d) => binary(d, [8, 7])),
    ...both((d) => binary(d, [6, 7])),
    ...both((d) => binary(d, blobText)),
    ...both((d) => [d, 'text', 300_000, 'text', `${256 * 1024} chars kept`, false]),
    ...both((d) => binary(d, [10, 20])),
    ...both((d) => text(d, 'hidden')),
    ...both((d) => text(d, 'boom')),
    ['out', 'text', 4, 'text', 'late', true],
    ['out', 'binary', 2, 'base64', base64([1, 2]), true],
  ]);
  expect(lifecycleOf(recorded, connection)).toEqual([
    { phase: 'connecting' },
    { phase: 'open' },
    { phase: 'closing', initiator: 'page', closeCode: 4000, closeReason: 'done' },
    { phase: 'closed', initiator: 'page', closeCode: 4000, closeReason: 'done', wasClean: true },
  ]);
});

test('server closes, refusals, early closes, subprotocols and bursts end natively and are recorded', async ({ page }) => {
  const { native, tapped, recorded } = await nativeThenTapped(page, () => page.evaluate(webSocketEndingsScenario, urls));
  expect(tapped).toEqual(native);
  expect(native.burst).toEqual({ count: 500, inOrder: true, close: [1000, 'burst done', true] });

  const serverClose = connectionTo(recorded, `${server.wsUrl}/close?code=4001&reason=bye`);
  expect(serverClose).toMatchObject({ state: 'closed', closeCode: 4001, closeReason: 'bye', wasClean: true });
  expect(lifecycleOf(recorded, serverClose).at(-1)).toMatchObject({ phase: 'closed', initiator: 'remote' });

  const refused = connectionTo(recorded, `${server.wsUrl}/reject`);
  expect(refused).toMatchObject({ state: 'closed', errors: 1, closeCode: 1006, wasClean: false, openedAt: null });

  const early = connectionTo(recorded, `${server.wsUrl}/echo`);
  expect(lifecycleOf(recorded, early)).toEqual([
    { phase: 'connecting' },
    { phase: 'closing', initiator: 'page', closeCode: 4002, closeReason: 'never mind' },
    { phase: 'error' },
    { phase: 'closed', initiator: 'page', closeCode: 1006, closeReason: '', wasClean: false },
  ]);

  const chatConnections = recorded.connections.filter((connection) => connection.url === `${server.wsUrl}/protocol?accept=chat`);
  expect(chatConnections.map(({ requestedProtocols, protocol, closeCode }) => ({ requestedProtocols, protocol, closeCode }))).toEqual([
    { requestedProtocols: ['superchat', 'chat'], protocol: 'chat', closeCode: 1000 },
    { requestedProtocols: ['nope'], protocol: '', closeCode: 1006 },
  ]);

  const burst = connectionTo(recorded, `${server.wsUrl}/burst?count=500&size=32`);
  expect(burst).toMatchObject({ framesIn: 500, bytesIn: 500 * 32, closeCode: 1000, closeReason: 'burst done' });
  expect(framesOf(recorded, burst).map((frame) => frame.data.split(':')[0])).toEqual(Array.from({ length: 500 }, (_, i) => String(i)));
});

test('subclasses of WebSocket and other new.targets get native sockets that are recorded', async ({ page }) => {
  const { native, tapped, recorded } = await nativeThenTapped(page, () => page.evaluate(subclassScenario, urls));
  expect(tapped).toEqual(native);
  expect(native).toMatchObject({ isTracingSocket: true, isWebSocket: true, echo: 'sub-hello', constructorName: 'TracingSocket' });

  const echoes = recorded.connections.filter((connection) => connection.url === `${server.wsUrl}/echo`);
  expect(echoes).toHaveLength(2);
  const [subclassed] = echoes as [ConnectionInfo];
  expect(framesOf(recorded, subclassed).map((frame) => [frame.direction, frame.data])).toEqual([['out', 'sub-hello'], ['in', 'sub-hello']]);
  expect(subclassed).toMatchObject({ state: 'closed', closeCode: 1000, closeReason: 'sub done' });
});

test('EventSource named and unnamed events, ids and page close behave natively and are recorded', async ({ page }) => {
  const { native, tapped, recorded } = await nativeThenTapped(page, () => page.evaluate(eventSourceStreamScenario, urls));
  expect(tapped).toEqual(native);

  const connection = connectionTo(recorded, `${server.httpUrl}/sse/stream`);
  expect(connection).toMatchObject({ transport: 'eventsource', state: 'closed', framesIn: SSE_STREAM_EVENTS.length });
  let lastEventId = '';
  const expected = SSE_STREAM_EVENTS.map((event) => {
    if (event.id !== undefined) lastEventId = event.id;
    return ['in', 'event', event.event ?? 'message', lastEventId, event.data, Buffer.byteLength(event.data)];
  });
  expect(framesOf(recorded, connection).map((frame) => [frame.direction, frame.kind, frame.event, frame.lastEventId, frame.data, frame.size])).toEqual(expected);
  expect(lifecycleOf(recorded, connection)).toEqual([{ phase: 'connecting' }, { phase: 'open' }, { phase: 'closed', initiator: 'page' }]);
});

test('EventSource reconnects with Last-Event-ID natively; each attempt is a connection of one lineage', async ({ page }) => {
  const { native, tapped, recorded } = await nativeThenTapped(page, (instrumented) =>
    page.evaluate(eventSourceReconnectScenario, { urls, key: instrumented ? 'tapped' : 'native' }));
  expect(tapped).toEqual(native);
  expect(server.lastEventIds('native')).toEqual([null, '2', '4', '5']);
  expect(server.lastEventIds('tapped')).toEqual(server.lastEventIds('native'));

  const attempts = recorded.connections.filter((connection) => connection.url === `${server.httpUrl}/sse/resume?key=tapped&drop=2&total=5`);
  expect(attempts.map(({ attempt, state, wasClean }) => ({ attempt, state, wasClean }))).toEqual([0, 1, 2, 3].map((attempt) => ({ attempt, state: 'closed', wasClean: false })));
  expect(new Set(attempts.map((connection) => connection.lineage)).size).toBe(1);
  expect(attempts.map((connection) => framesOf(recorded, connection).map((frame) => frame.lastEventId))).toEqual([['1', '2'], ['3', '4'], ['5'], []]);
  expect(attempts.map((connection) => lifecycleOf(recorded, connection).map((event) => event.phase))).toEqual([
    ['connecting', 'open', 'error', 'closed'],
    ['connecting', 'open', 'error', 'closed'],
    ['connecting', 'open', 'error', 'closed'],
    ['connecting', 'error', 'closed'],
  ]);
});

test('EventSource fatal answers fail natively and are recorded as one closed connection each', async ({ page }) => {
  const { native, tapped, recorded } = await nativeThenTapped(page, () => page.evaluate(eventSourceFatalScenario, urls));
  expect(tapped).toEqual(native);
  expect(native['500']).toEqual([['error', 2, 'Event']]);

  for (const path of ['/sse/status?code=500', '/sse/status?code=204', '/']) {
    const connection = connectionTo(recorded, `${server.httpUrl}${path}`);
    expect(connection).toMatchObject({ state: 'closed', errors: 1, openedAt: null, wasClean: false });
    expect(lifecycleOf(recorded, connection).map((event) => event.phase)).toEqual(['connecting', 'error', 'closed']);
  }
});

test('sockets and sources made before a late install are adopted on their next call and recorded from then on', async ({ page }) => {
  // The page's own script grabs the native constructor and opens both connections before the instrumentation exists.
  const pageUrl = server.addPage('/late-install.html', `<!doctype html><script>
    window.NativeWebSocket = WebSocket;
    window.received = [];
    window.ids = [];
    window.early = new NativeWebSocket(${JSON.stringify(`${server.wsUrl}/echo`)});
    early.onmessage = (event) => received.push(event.data);
    early.onopen = () => early.send('before install');
    window.source = new EventSource('/sse/resume?key=late&drop=1&total=30');
    source.onmessage = (event) => ids.push(event.lastEventId);
  </script>`);
  await page.goto(pageUrl);
  await page.evaluate(installComplianceHarness);
  await page.waitForFunction(() => {
    const { received, ids } = window as unknown as { received: string[]; ids: string[] };
    return received.length === 1 && ids.length >= 1;
  });
  expect(await page.evaluate((name) => name in window, GLOBAL_NAME)).toBe(false);

  await page.addScriptTag({ path: INSTRUMENTATION });
  const afterInstall = await page.evaluate(async () => {
    const h = window.__complianceHarness;
    const { early, received, source, ids, NativeWebSocket } = window as unknown as {
      early: WebSocket; received: string[]; source: EventSource; ids: string[]; NativeWebSocket: typeof WebSocket;
    };
    early.send('after install');
    await h.until(() => received.length === 2, 'the echo after install');
    source.addEventListener('error', () => {});
    await h.until(() => source.readyState === EventSource.CLOSED, 'the source to end', 15_000);
    const closed = h.nextEvent(early, 'close');
    early.close(1000, 'bye');
    await closed;
    return {
      received,
      lastId: ids[ids.length - 1],
      identity: [early instanceof WebSocket, early.constructor === WebSocket, WebSocket === NativeWebSocket],
    };
  });
  expect(afterInstall).toEqual({ received: ['before install', 'after install'], lastId: '30', identity: [true, true, false] });

  const recorded = await readRecorded(page);
  expect(recorded.events.filter((event) => event.type === 'internal-error')).toEqual([]);
  const socket = connectionTo(recorded, `${server.wsUrl}/echo`);
  expect(socket).toMatchObject({ adoptedLate: true, state: 'closed', closeCode: 1000, closeReason: 'bye' });
  expect(framesOf(recorded, socket).map((frame) => [frame.direction, frame.data])).toEqual([['out', 'after install'], ['in', 'after install']]);
  expect(lifecycleOf(recorded, socket).at(-1)).toMatchObject({ phase: 'closed', initiator: 'page', wasClean: true });

  const attempts = recorded.connections.filter((connection) => connection.url === `${server.httpUrl}/sse/resume?key=late&drop=1&total=30`);
  expect(attempts[0]).toMatchObject({ adoptedLate: true, attempt: 0 });
  expect(attempts.length).toBeGreaterThan(2);
  expect(new Set(attempts.map((connection) => connection.lineage)).size).toBe(1);
  const recordedIds = attempts.flatMap((connection) => framesOf(recorded, connection).map((frame) => Number(frame.lastEventId)));
  expect(recordedIds.length).toBeGreaterThan(0);
  expect(recordedIds).toEqual(Array.from({ length: recordedIds.length }, (_, i) => 31 - recordedIds.length + i));
});
