import * as Ably from 'ably';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { Action, Flag, PresenceAction, type ProtocolMessage } from '../fixtures/servers/ably-protocol';
import { startAblyServer, type AblyFixture, type AblyServerOptions } from '../fixtures/servers/ably-server';
import { portRefusesConnections } from '../fixtures/servers/port-probe';
import { eventually, nextEvent, pause } from '../fixtures/servers/wait';

let server: AblyFixture | undefined;
const clients: Ably.Realtime[] = [];
const rawSockets: WebSocket[] = [];

afterEach(async () => {
  for (const ws of rawSockets.splice(0)) ws.terminate();
  await Promise.all(clients.splice(0).map(closeClient));
  await server?.close();
  server = undefined;
});

async function closeClient(client: Ably.Realtime): Promise<void> {
  if (client.connection.state === 'closed' || client.connection.state === 'failed') return;
  const closed = nextEvent(client.connection, 'closed', 2_000).catch(() => undefined);
  client.close();
  await closed;
}

async function start(options: AblyServerOptions = {}): Promise<AblyFixture> {
  server = await startAblyServer(options);
  return server;
}

async function connect(fixture: AblyFixture, clientId: string, useBinaryProtocol: boolean): Promise<Ably.Realtime> {
  const client = new Ably.Realtime({
    ...fixture.clientOptions({ clientId, useBinaryProtocol }),
    disconnectedRetryTimeout: 300,
    logLevel: 0, // the failures these tests provoke on purpose would otherwise be logged as errors
  });
  clients.push(client);
  await client.connection.once('connected');
  return client;
}

function collect<T>(subscribe: (listener: (item: T) => void) => unknown): T[] {
  const items: T[] = [];
  subscribe((item) => items.push(item));
  return items;
}

/** A bare protocol client, to check frames the way a decoder will see them. */
async function rawClient(fixture: AblyFixture, query: Record<string, string>): Promise<{ ws: WebSocket; frames: ProtocolMessage[]; pings: number[] }> {
  const params = new URLSearchParams({ key: fixture.key, format: 'json', v: '6', ...query });
  const ws = new WebSocket(`ws://127.0.0.1:${fixture.port}/?${params}`);
  const frames: ProtocolMessage[] = [];
  const pings: number[] = [];
  ws.on('message', (data) => frames.push(JSON.parse(String(data)) as ProtocolMessage));
  ws.on('ping', () => pings.push(Date.now()));
  rawSockets.push(ws);
  await eventually(() => frames.some((frame) => frame.action === Action.CONNECTED));
  return { ws, frames, pings };
}

const FORMATS = [
  { format: 'json', binary: false, otherBinary: true },
  { format: 'msgpack', binary: true, otherBinary: false },
] as const;

describe.each(FORMATS)('Ably fixture server over $format', ({ format, binary, otherBinary }) => {
  it('connects with the connectionId and connectionDetails the client needs, and echoes heartbeats', async () => {
    const fixture = await start();
    const alice = await connect(fixture, 'alice', binary);
    expect(fixture.handshakes).toEqual([expect.objectContaining({ connectionId: alice.connection.id, format, clientId: 'alice', resumed: false })]);
    expect(alice.connection.key).toMatch(/!/);
    expect(alice.auth.clientId).toBe('alice');

    await alice.connection.ping();
    expect(fixture.received.some((entry) => entry.message.action === 0 && entry.message.id !== undefined)).toBe(true);
  });

  it('acknowledges a publish and fans it out, text and bytes, to a client using the other format', async () => {
    const fixture = await start();
    const alice = await connect(fixture, 'alice', binary);
    const bob = await connect(fixture, 'bob', otherBinary);
    const bobRoom = bob.channels.get('room');
    const delivered = collect<Ably.InboundMessage>((listener) => bobRoom.subscribe(listener));
    await bobRoom.attach();

    const aliceRoom = alice.channels.get('room');
    await aliceRoom.publish('greeting', { text: 'hi' });
    await aliceRoom.publish('bytes', Buffer.from([0, 1, 254, 255]));
    await eventually(() => delivered.length === 2);

    const [greeting, bytes] = delivered;
    expect(greeting).toMatchObject({ name: 'greeting', data: { text: 'hi' }, clientId: 'alice', connectionId: alice.connection.id });
    expect(greeting?.id).toBe(`${alice.connection.id}:0:0`);
    expect(typeof greeting?.timestamp).toBe('number');
    expect([...(bytes?.data as Uint8Array)]).toEqual([0, 1, 254, 255]);
    expect(fixture.received.filter((entry) => entry.message.action === 15).map((entry) => entry.message.msgSerial)).toEqual([0, 1]);
  });

  it('fans presence out to every member, the sender included, and syncs existing members on attach', async () => {
    const fixture = await start();
    const alice = await connect(fixture, 'alice', binary);
    const aliceRoom = alice.channels.get('room');
    const seenByAlice = collect<Ably.PresenceMessage>((listener) => aliceRoom.presence.subscribe(listener));
    await aliceRoom.presence.enter({ status: 'online' });
    await eventually(() => seenByAlice.some((member) => member.action === 'enter'));

    const bob = await connect(fixture, 'bob', otherBinary);
    const bobRoom = bob.channels.get('room');
    const members = await bobRoom.presence.get();
    expect(members.map((member) => [member.clientId, member.connectionId, member.data])).toEqual([
      ['alice', alice.connection.id, { status: 'online' }],
    ]);

    const seenByBob = collect<Ably.PresenceMessage>((listener) => bobRoom.presence.subscribe(listener));
    await aliceRoom.presence.update({ status: 'away' });
    await eventually(() => seenByBob.length === 1);
    expect(seenByBob[0]).toMatchObject({ action: 'update', clientId: 'alice', data: { status: 'away' } });

    await aliceRoom.presence.leave();
    await eventually(() => seenByBob.length === 2);
    expect(seenByBob[1]).toMatchObject({ action: 'leave', clientId: 'alice' });
    expect(await bobRoom.presence.get()).toEqual([]);
    expect(seenByAlice.map((member) => member.action)).toEqual(['enter', 'update', 'leave']);
  });

  it('pages a large presence set over several SYNC messages, and get() waits for the last page', async () => {
    const fixture = await start({ syncPageSize: 1 });
    for (const clientId of ['ann', 'ben', 'cat']) {
      const member = await connect(fixture, clientId, binary);
      await member.channels.get('lobby').presence.enter();
    }
    const late = await connect(fixture, 'late', binary);
    const members = await late.channels.get('lobby').presence.get();
    expect(members.map((member) => member.clientId).sort()).toEqual(['ann', 'ben', 'cat']);
  });

  it('NACKs the publish it was told to fail, delivering nothing, and accepts the next one', async () => {
    const fixture = await start();
    const alice = await connect(fixture, 'alice', binary);
    const room = alice.channels.get('room');
    const delivered = collect<Ably.InboundMessage>((listener) => room.subscribe(listener));
    await room.attach();

    fixture.failNextPublish({ code: 40160, statusCode: 401, message: 'Channel denied' });
    await expect(room.publish('refused', 'one')).rejects.toMatchObject({ code: 40160 });
    await room.publish('accepted', 'two');
    await eventually(() => delivered.length === 1);
    expect(delivered.map((message) => message.name)).toEqual(['accepted']);
  });

  it('resumes a dropped connection with the same connectionId, channels RESUMED and presence kept', async () => {
    const fixture = await start();
    const alice = await connect(fixture, 'alice', binary);
    const aliceRoom = alice.channels.get('room');
    await aliceRoom.presence.enter();
    const bob = await connect(fixture, 'bob', otherBinary);
    const bobRoom = bob.channels.get('room');
    await bobRoom.presence.get();
    const seenByBob = collect<Ably.PresenceMessage>((listener) => bobRoom.presence.subscribe(listener));
    const connectionId = alice.connection.id;

    const reattached = nextEvent<[Ably.ChannelStateChange]>(aliceRoom, 'attached');
    fixture.dropAll();
    await reattached;
    expect(alice.connection.id).toBe(connectionId);
    expect(alice.connection.errorReason).toBeNull();
    expect(fixture.handshakes.filter((handshake) => handshake.resumed).map((handshake) => handshake.connectionId)).toContain(connectionId);
    expect((await reattached)[0].resumed).toBe(true);

    await pause(200);
    expect(seenByBob).toEqual([]);
    expect(fixture.presenceMembers('room').map((member) => member.connectionId)).toEqual([connectionId]);
  });

  it('fails a resume when told to: new connectionId, error 80008, presence re-entered', async () => {
    const fixture = await start();
    const alice = await connect(fixture, 'alice', binary);
    const aliceRoom = alice.channels.get('room');
    await aliceRoom.presence.enter({ tab: 1 });
    const oldConnectionId = alice.connection.id;

    fixture.failResumes(true);
    const reconnected = new Promise<Ably.ConnectionStateChange>((resolve) =>
      alice.connection.on('connected', (change) => resolve(change)),
    );
    fixture.dropAll();
    const change = await reconnected;
    expect(change.reason?.code).toBe(80008);
    expect(alice.connection.id).not.toBe(oldConnectionId);
    expect(fixture.handshakes.at(-1)).toMatchObject({ resumed: false, resumeKey: expect.any(String) });

    await eventually(() => fixture.presenceMembers('room').some((member) => member.connectionId === alice.connection.id));
    expect(fixture.presenceMembers('room')).toEqual([
      expect.objectContaining({ clientId: 'alice', connectionId: alice.connection.id, data: '{"tab":1}', encoding: 'json' }),
    ]);
  });

  it('delivers what a client published while the server was down once it is back, exactly once', async () => {
    const fixture = await start();
    const alice = await connect(fixture, 'alice', binary);
    const bob = await connect(fixture, 'bob', otherBinary);
    const bobRoom = bob.channels.get('room');
    const delivered = collect<Ably.InboundMessage>((listener) => bobRoom.subscribe(listener));
    await bobRoom.attach();
    const aliceRoom = alice.channels.get('room');
    await aliceRoom.attach();

    const aliceOffline = nextEvent(alice.connection, 'disconnected');
    await fixture.stop();
    await aliceOffline;
    expect(await portRefusesConnections(fixture.port)).toBe(true);
    const queued = aliceRoom.publish('queued', 'sent while offline');
    fixture.publish('room', 'missed', 'published by the server during the outage');

    await fixture.restart();
    await queued;
    await eventually(() => delivered.length === 2);
    await pause(200);
    expect(delivered.map((message) => message.name).sort()).toEqual(['missed', 'queued']);
  });

  it('refuses a wrong API key, which fails the client', async () => {
    const fixture = await start();
    const client = new Ably.Realtime({
      ...fixture.clientOptions({ clientId: 'mallory', useBinaryProtocol: binary }),
      key: 'app.key:wrong',
      logLevel: 0,
    });
    clients.push(client);
    const failed = await new Promise<Ably.ConnectionStateChange>((resolve) => client.connection.once('failed', resolve));
    expect(failed.reason?.code).toBe(40101);
  });

  it('answers the REST time request', async () => {
    const fixture = await start();
    const client = await connect(fixture, 'alice', binary);
    const before = Date.now();
    expect(await client.time()).toBeGreaterThanOrEqual(before - 5);
  });
});

describe('Ably fixture server on the wire', () => {
  it('heartbeats with {action:0} when asked for heartbeats=true, and with WebSocket pings otherwise', async () => {
    const fixture = await start({ maxIdleInterval: 100 });
    const browserLike = await rawClient(fixture, { heartbeats: 'true' });
    const nodeLike = await rawClient(fixture, { heartbeats: 'false' });
    await eventually(() => browserLike.frames.filter((frame) => frame.action === Action.HEARTBEAT).length >= 2, 2_000);
    await eventually(() => nodeLike.pings.length >= 2, 2_000);
    expect(nodeLike.frames.some((frame) => frame.action === Action.HEARTBEAT)).toBe(false);
    expect(browserLike.frames[0]?.connectionDetails).toMatchObject({ maxIdleInterval: 100, connectionStateTtl: 120_000 });
  });

  it('flags HAS_PRESENCE on ATTACHED and follows it with SYNC pages whose last cursor is empty', async () => {
    const fixture = await start({ syncPageSize: 1 });
    for (const clientId of ['ann', 'ben']) {
      const member = await rawClient(fixture, { clientId });
      member.ws.send(JSON.stringify({ action: Action.ATTACH, channel: 'lobby' }));
      member.ws.send(JSON.stringify({ action: Action.PRESENCE, channel: 'lobby', msgSerial: 0, presence: [{ action: PresenceAction.ENTER }] }));
      await eventually(() => member.frames.some((frame) => frame.action === Action.ACK));
    }
    const watcher = await rawClient(fixture, { clientId: 'cat' });
    watcher.ws.send(JSON.stringify({ action: Action.ATTACH, channel: 'lobby' }));
    await eventually(() => watcher.frames.filter((frame) => frame.action === Action.SYNC).length === 2);

    const attached = watcher.frames.find((frame) => frame.action === Action.ATTACHED);
    expect((attached?.flags ?? 0) & Flag.HAS_PRESENCE).toBe(Flag.HAS_PRESENCE);
    const syncSerials = watcher.frames.filter((frame) => frame.action === Action.SYNC).map((frame) => frame.channelSerial);
    expect(syncSerials[0]).toMatch(/^sync\d+:.+$/);
    expect(syncSerials[1]).toMatch(/^sync\d+:$/);
    expect(syncSerials[0]?.split(':')[0]).toBe(syncSerials[1]?.split(':')[0]);
  });

  it('makes the members of a connection that vanished leave after presenceLeaveDelay, not before', async () => {
    const fixture = await start({ presenceLeaveDelay: 400 });
    const ghost = await rawClient(fixture, { clientId: 'ghost' });
    ghost.ws.send(JSON.stringify({ action: Action.ATTACH, channel: 'room' }));
    ghost.ws.send(JSON.stringify({ action: Action.PRESENCE, channel: 'room', msgSerial: 0, presence: [{ action: PresenceAction.ENTER }] }));
    await eventually(() => ghost.frames.some((frame) => frame.action === Action.ACK));

    const watcher = await connect(fixture, 'watcher', false);
    const room = watcher.channels.get('room');
    expect((await room.presence.get()).map((member) => member.clientId)).toEqual(['ghost']);
    const seen = collect<Ably.PresenceMessage>((listener) => room.presence.subscribe(listener));

    ghost.ws.terminate();
    await pause(200);
    expect(seen).toEqual([]);
    await eventually(() => seen.length === 1, 2_000);
    expect(seen[0]).toMatchObject({ action: 'leave', clientId: 'ghost' });
  });

  it('ACKs a resent msgSerial (a publish whose ACK was lost) without delivering it a second time', async () => {
    const fixture = await start();
    const watcher = await connect(fixture, 'watcher', true);
    const room = watcher.channels.get('room');
    const delivered = collect<Ably.InboundMessage>((listener) => room.subscribe(listener));
    await room.attach();

    const publisher = await rawClient(fixture, { clientId: 'publisher' });
    const publish = JSON.stringify({ action: Action.MESSAGE, channel: 'room', msgSerial: 0, messages: [{ name: 'once', data: 'x' }] });
    publisher.ws.send(publish);
    publisher.ws.send(publish);
    await eventually(() => publisher.frames.filter((frame) => frame.action === Action.ACK).length === 2);
    await pause(100);
    expect(delivered.map((message) => message.name)).toEqual(['once']);
  });

  it('answers DETACH with DETACHED, and the detaching connection leaves presence', async () => {
    const fixture = await start();
    const alice = await connect(fixture, 'alice', false);
    const aliceRoom = alice.channels.get('room');
    await aliceRoom.presence.enter();
    const bob = await connect(fixture, 'bob', true);
    const bobRoom = bob.channels.get('room');
    await bobRoom.presence.get();
    const seen = collect<Ably.PresenceMessage>((listener) => bobRoom.presence.subscribe(listener));

    await aliceRoom.detach();
    expect(aliceRoom.state).toBe('detached');
    await eventually(() => seen.length === 1);
    expect(seen[0]).toMatchObject({ action: 'leave', clientId: 'alice' });
  });
});
