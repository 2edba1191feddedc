/**
 * The unified offline queue of the page: sources read in one place, counts over time for the queues no client
 * library reports, and the replay once a queue drains — which items left, in which order, and which were lost.
 */
import { describe, expect, it } from 'vitest';
import type { WebSocketChaos } from '../../instrumentation/chaos/websocket-chaos';
import { installRealtimeDevtools } from '../../instrumentation/hook';
import type { ClientQueue, ConnectionInfo, QueueEvent, QueuedItem, QueueStateMessage } from '../../instrumentation/protocol';
import { trackAppQueue } from '../../instrumentation/queues/app-queue';
import type { QueueReading } from '../../instrumentation/queues/queue-changes';
import { QueueRegistry } from '../../instrumentation/queues/queue-registry';
import { feedQueueState } from '../../instrumentation/queues/queue-state-feed';
import { SocketQueues } from '../../instrumentation/queues/socket-queues';
import { Recorder } from '../../instrumentation/recorder';

type PageWindow = Window & typeof globalThis;

function pageWindow(): { win: PageWindow; setOnline(online: boolean): void } {
  const win = new EventTarget() as unknown as PageWindow;
  const navigator = { userAgent: 'test', onLine: true };
  Object.assign(win, { navigator });
  return {
    win,
    setOnline(online) {
      navigator.onLine = online;
      win.dispatchEvent(new Event(online ? 'online' : 'offline'));
    },
  };
}

function setup() {
  const page = pageWindow();
  const recorder = new Recorder();
  const registry = new QueueRegistry(page.win, recorder);
  const queueEvents = (): QueueEvent[] => recorder.events().filter((event): event is QueueEvent => event.type === 'queue');
  const internalErrors = () => recorder.events().filter((event) => event.type === 'internal-error');
  return { ...page, recorder, registry, queueEvents, internalErrors };
}

const names = (items: readonly QueuedItem[] | undefined): string[] => (items ?? []).map((item) => `${item.name} ${item.preview}`);

describe('app queues (trackQueue)', () => {
  it('lists what getItems returns, named by type/event/name, previewed as JSON, with the time first seen', () => {
    const { recorder, registry } = setup();
    let stored: unknown[] = [{ id: 'a', type: 'create', payload: { title: 'milk' } }, { event: 'chat:message', text: 'hi' }, { name: 'n' }, 42];
    trackAppQueue(registry, recorder, 'offline-queue', () => stored);
    const [queue] = registry.snapshot();
    expect(queue).toMatchObject({ library: 'app', clientId: '', source: 'offline-queue', bufferedAmount: null });
    expect(queue?.items.map((item) => item.name)).toEqual(['create', 'chat:message', 'n', '(item)']);
    expect(queue?.items[0]?.preview).toBe('{"id":"a","type":"create","payload":{"title":"milk"}}');
    expect(queue?.items.every((item) => item.status === 'buffered')).toBe(true);

    // The app parses its storage again on every read: the same items keep the time they were first seen.
    const since = queue?.items.map((item) => item.since);
    stored = JSON.parse(JSON.stringify(stored)) as unknown[];
    expect(registry.snapshot()[0]?.items.map((item) => item.since)).toEqual(since);
  });

  it('records counts over time and, when the queue drains online, the replay in the order items left', () => {
    const { recorder, registry, queueEvents, setOnline } = setup();
    let stored: unknown[] = [];
    trackAppQueue(registry, recorder, 'offline-queue', () => stored);
    registry.snapshot();
    setOnline(false);
    stored = [{ type: 'create', id: 1 }];
    registry.snapshot();
    stored = [...stored, { type: 'update', id: 1 }, { type: 'delete', id: 2 }];
    registry.snapshot();
    setOnline(true);
    stored = stored.slice(1);
    registry.snapshot();
    stored = [];
    registry.snapshot();
    registry.snapshot();

    const events = queueEvents();
    expect(events.filter((event) => event.kind === 'count').map((event) => event.queued)).toEqual([1, 3, 2, 0]);
    const replays = events.filter((event) => event.kind === 'replay');
    expect(replays).toHaveLength(1);
    expect(replays[0]).toMatchObject({ library: 'app', source: 'offline-queue', queued: 0, lost: [] });
    expect(names(replays[0]?.sent)).toEqual(['create {"type":"create","id":1}', 'update {"type":"update","id":1}', 'delete {"type":"delete","id":2}']);
  });

  it('counts items that vanish while the page is offline as lost, not sent', () => {
    const { recorder, registry, queueEvents, setOnline } = setup();
    let stored: unknown[] = [{ type: 'a' }, { type: 'b' }];
    trackAppQueue(registry, recorder, 'q', () => stored);
    setOnline(false);
    registry.snapshot();
    stored = [{ type: 'b' }];
    registry.snapshot();
    setOnline(true);
    stored = [];
    registry.snapshot();
    const [replay] = queueEvents().filter((event) => event.kind === 'replay');
    expect(names(replay?.sent)).toEqual(['b {"type":"b"}']);
    expect(names(replay?.lost)).toEqual(['a {"type":"a"}']);
    expect(replay?.lost?.[0]?.status).toBe('lost');
  });

  it('records a throwing getItems once as an internal error, never throws, and reads the other queues', () => {
    const { recorder, registry, internalErrors } = setup();
    let failing = true;
    trackAppQueue(registry, recorder, 'broken', () => {
      if (failing) throw new Error('storage is gone');
      return [{ type: 'ok' }];
    });
    trackAppQueue(registry, recorder, 'fine', () => [{ type: 'x' }]);
    expect(() => registry.snapshot()).not.toThrow();
    expect(registry.snapshot().map((queue) => queue.source)).toEqual(['fine']);
    expect(internalErrors()).toHaveLength(1);
    expect(internalErrors()[0]).toMatchObject({ where: 'reading the app queue "broken"', message: 'Error: storage is gone' });
    failing = false;
    expect(registry.snapshot().map((queue) => queue.source)).toEqual(['broken', 'fine']);
  });

  it('takes null as an empty queue, reports anything else that is no array, and refuses bad arguments', () => {
    const { recorder, registry, internalErrors } = setup();
    trackAppQueue(registry, recorder, 'removed-key', () => null);
    trackAppQueue(registry, recorder, 'not-a-list', () => '[1,2]');
    expect(registry.snapshot()).toEqual([{ clientId: '', library: 'app', source: 'removed-key', items: [], bufferedAmount: null }]);
    expect(internalErrors().map((event) => event.type === 'internal-error' && event.message)).toEqual([
      'TypeError: trackQueue("not-a-list"): getItems() returned string, not an array',
    ]);
    const untrack = trackAppQueue(registry, recorder, '', 'not a function');
    expect(internalErrors()).toHaveLength(2);
    expect(() => untrack()).not.toThrow();
  });

  it('stops reading a queue once untracked, its count falling to zero', () => {
    const { recorder, registry, queueEvents } = setup();
    let reads = 0;
    const untrack = trackAppQueue(registry, recorder, 'q', () => {
      reads++;
      return [{ type: 'waiting' }];
    });
    registry.snapshot();
    untrack();
    registry.snapshot();
    expect(reads).toBe(1);
    expect(registry.snapshot()).toEqual([]);
    expect(queueEvents().map((event) => [event.kind, event.queued])).toEqual([['count', 1], ['count', 0]]);
  });
});

describe('client library and TanStack queues', () => {
  const item = (name: string, since: number, status: QueuedItem['status'] = 'buffered'): QueuedItem => ({ name, preview: '[]', status, since });

  it('records no count events for client libraries (their client events carry them) but does record their replay, with lost emits', () => {
    const { registry, queueEvents } = setup();
    let queue: ClientQueue = { clientId: 'k1', library: 'socket.io', source: '/', items: [], bufferedAmount: null };
    registry.registerGroup(() => [queue]);
    registry.snapshot();
    // The connection dies: an emit that went out just before is lost, then emits are buffered.
    queue = { ...queue, items: [item('typing', 5, 'lost')] };
    registry.snapshot();
    queue = { ...queue, items: [item('typing', 5, 'lost'), item('chat:message', 10), item('chat:message', 11)] };
    registry.snapshot();
    queue = { ...queue, items: [item('typing', 5, 'lost')], bufferedAmount: 0 };
    registry.snapshot();
    registry.snapshot();

    const events = queueEvents();
    expect(events.map((event) => event.kind)).toEqual(['replay']);
    expect(events[0]).toMatchObject({ library: 'socket.io', source: '/', queued: 0 });
    expect(events[0]?.sent?.map((sent) => `${sent.name}@${sent.since}`)).toEqual(['chat:message@10', 'chat:message@11']);
    expect(events[0]?.lost?.map((lost) => lost.name)).toEqual(['typing']);
  });

  it('waits for settling items before the replay, and lists a buffered item that comes back lost as lost', () => {
    const { registry, queueEvents } = setup();
    let reading: QueueReading = { items: [item('addTodo', 1), item('addTodo', 2)], bufferedAmount: null };
    registry.register({ library: 'tanstack-query', clientId: '', source: 'paused mutations', read: () => reading });
    registry.snapshot();
    reading = { items: [], bufferedAmount: null, settling: 2 };
    registry.snapshot();
    expect(queueEvents().filter((event) => event.kind === 'replay'), 'no replay while the resumed mutations are in flight').toEqual([]);
    reading = { items: [item('addTodo', 2, 'lost')], bufferedAmount: null, settling: 0 };
    registry.snapshot();
    const counts = queueEvents().filter((event) => event.kind === 'count').map((event) => event.queued);
    expect(counts).toEqual([2, 0]);
    const [replay] = queueEvents().filter((event) => event.kind === 'replay');
    expect(replay?.sent?.map((sent) => sent.since)).toEqual([1]);
    expect(replay?.lost?.map((lost) => lost.since)).toEqual([2]);
  });

  it('tells listeners of the queues that hold something, only when that changes', () => {
    const { registry } = setup();
    let items: QueuedItem[] = [];
    registry.register({ library: 'app', clientId: '', source: 'q', read: () => ({ items, bufferedAmount: null }) });
    const heard: ClientQueue[][] = [];
    registry.onChange((queues) => heard.push(queues));
    registry.snapshot();
    items = [item('a', 1)];
    registry.snapshot();
    registry.snapshot();
    items = [];
    registry.snapshot();
    expect(heard.map((queues) => queues.map((queue) => queue.items.length))).toEqual([[1], []]);
  });
});

describe('plain WebSockets', () => {
  function fakeChaos(calls: string[]): WebSocketChaos {
    return {
      track: () => calls.push('track'),
      isSynthetic: () => false,
      intercept: () => false,
      send: () => {
        calls.push('send');
        return false;
      },
      beforeClose: () => {},
      afterClose: () => {},
      readyState: (_socket, native) => native,
      bufferedAmount: (_socket, native) => native,
    };
  }

  function info(id: string, library?: ConnectionInfo['library']): ConnectionInfo {
    return {
      id, transport: 'websocket', url: `ws://127.0.0.1/${id}`, requestedProtocols: [], protocol: '', extensions: '', state: 'open',
      createdAt: 0, openedAt: 0, closedAt: null, closeCode: null, closeReason: null, wasClean: null, framesIn: 0, framesOut: 0,
      bytesIn: 0, bytesOut: 0, errors: 0, lineage: 'l1', attempt: 0, adoptedLate: false, ...(library ? { library } : {}),
    };
  }

  it('lists a socket of no library while bufferedAmount is above zero, records it in bytes, and keeps the chaos hooks working', () => {
    const { registry, queueEvents } = setup();
    const sockets = new SocketQueues(registry);
    const calls: string[] = [];
    const hooks = sockets.observe(fakeChaos(calls));
    const plain = { bufferedAmount: 0 } as unknown as WebSocket;
    const ofLibrary = { bufferedAmount: 999 } as unknown as WebSocket;
    const plainInfo = info('c1');
    hooks.track(plain, plainInfo, [], true);
    hooks.track(ofLibrary, info('c2', 'socket.io'), [], true);
    expect(hooks.send(plain, 'x')).toBe(false);
    expect(calls).toEqual(['track', 'track', 'send']);

    expect(registry.snapshot()).toEqual([]);
    (plain as unknown as { bufferedAmount: number }).bufferedAmount = 4096;
    expect(registry.snapshot()).toEqual([{ clientId: 'c1', library: 'websocket', source: 'ws://127.0.0.1/c1', items: [], bufferedAmount: 4096 }]);
    (plain as unknown as { bufferedAmount: number }).bufferedAmount = 0;
    registry.snapshot();
    expect(registry.snapshot()).toEqual([]);
    expect(queueEvents().map((event) => [event.kind, event.library, event.queued])).toEqual([['count', 'websocket', 4096], ['count', 'websocket', 0]]);
  });
});

describe('sampling', () => {
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  async function until(condition: () => boolean): Promise<void> {
    for (let waited = 0; !condition(); waited += 10) {
      if (waited > 5_000) throw new Error('timed out');
      await sleep(10);
    }
  }

  it('reads once after a burst of changes, on going offline and online, not at all while idle, and keeps reading only while something is queued', async () => {
    const { registry, setOnline } = setup();
    let reads = 0;
    let items: QueuedItem[] = [];
    registry.register({ library: 'app', clientId: '', source: 'q', read: () => (reads++, { items, bufferedAmount: null }) });
    await until(() => reads === 1);
    await sleep(400);
    expect(reads, 'nothing queued and nothing happening: no reads').toBe(1);

    for (let i = 0; i < 50; i++) registry.changed();
    await until(() => reads === 2);
    await sleep(300);
    expect(reads, 'a burst of 50 changes is one read').toBe(2);

    setOnline(false);
    await until(() => reads === 3);
    setOnline(true);
    await until(() => reads === 4);

    items = [{ name: 'a', preview: '{}', status: 'buffered', since: 1 }];
    registry.changed();
    await until(() => reads >= 6);
    items = [];
    const drainedAt = reads;
    await until(() => reads > drainedAt);
    const afterDrain = reads;
    await sleep(400);
    expect(reads, 'drained: reads stop').toBe(afterDrain);
  });
});

describe('queue-state for a UI', () => {
  it('is sent at once, then at most once per throttle interval with the latest picture', async () => {
    const { registry } = setup();
    let items: unknown[] = [];
    registry.register({ library: 'app', clientId: '', source: 'q', read: () => ({ items: items.map((_, i) => ({ name: `m${i}`, preview: '{}', status: 'buffered' as const, since: i })), bufferedAmount: null }) });
    const sent: QueueStateMessage[] = [];
    const stop = feedQueueState(registry, (message) => sent.push(message));
    expect(sent.map((message) => message.queues.length)).toEqual([0]);
    for (let i = 1; i <= 5; i++) {
      items = new Array(i).fill(0);
      registry.snapshot();
    }
    await new Promise((resolve) => setTimeout(resolve, 400));
    const lengths = sent.map((message) => message.queues[0]?.items.length ?? 0);
    expect(lengths.length, 'five changes in a burst are not five messages').toBeLessThanOrEqual(3);
    expect(lengths.at(-1), 'the last message holds the latest picture').toBe(5);
    stop();
    items = [];
    registry.snapshot();
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(sent.map((message) => message.queues[0]?.items.length ?? 0)).toEqual(lengths);
  });

  it('reaches a UI through the page API, with trackQueue queues in queue()', async () => {
    const { win } = pageWindow();
    Object.assign(win, { location: { host: '127.0.0.1', href: 'http://127.0.0.1/' }, Event, MessageEvent, EventTarget, Function });
    const api = installRealtimeDevtools(win);
    const stored = [{ type: 'create', id: 1 }];
    const untrack = api.trackQueue('offline-queue', () => stored);
    expect(api.queue().map((queue) => [queue.library, queue.source, queue.items.length])).toEqual([['app', 'offline-queue', 1]]);
    const received: string[] = [];
    const link = api.connectUi((message) => received.push(message.kind === 'queue-state' ? `queue-state ${message.queues.map((queue) => queue.source).join()}` : message.kind));
    link.receive({ kind: 'init', protocolVersion: 1 });
    expect(received).toContain('queue-state offline-queue');
    expect(received.indexOf('queue-state offline-queue')).toBeGreaterThan(received.indexOf('snapshot'));
    untrack();
    expect(api.queue()).toEqual([]);
    link.disconnect();
  });
});
