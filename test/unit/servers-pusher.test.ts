import Pusher, { type Channel, type Options, type PresenceChannel } from 'pusher-js';
import { afterEach, describe, expect, it } from 'vitest';
import { startPusherServer, type PusherFixture, type PusherServerOptions } from '../fixtures/servers/pusher-server';
import { portRefusesConnections } from '../fixtures/servers/port-probe';
import { eventually, nextEvent, pause } from '../fixtures/servers/wait';

let server: PusherFixture | undefined;
const clients: Pusher[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.disconnect();
  await server?.close();
  server = undefined;
});

async function start(options: PusherServerOptions = {}): Promise<PusherFixture> {
  server = await startPusherServer(options);
  return server;
}

async function connect(fixture: PusherFixture, userId?: string, extra: Partial<Options> = {}): Promise<Pusher> {
  const client = new Pusher(fixture.appKey, {
    ...fixture.clientOptions(userId === undefined ? undefined : { userId, userInfo: { name: userId.toUpperCase() } }),
    ...extra,
  });
  clients.push(client);
  if (client.connection.state !== 'connected') await nextEvent(client.connection, 'connected');
  return client;
}

async function subscribed<Subscribed extends Channel = Channel>(client: Pusher, channelName: string): Promise<Subscribed> {
  const channel = client.subscribe(channelName);
  await nextEvent(channel, 'pusher:subscription_succeeded');
  return channel as Subscribed;
}


describe('Pusher fixture server', () => {
  it('establishes a connection with a Pusher socket id and delivers triggered events on a public channel', async () => {
    const fixture = await start();
    const client = await connect(fixture);
    expect(client.connection.socket_id).toMatch(/^\d+\.\d+$/);

    const channel = await subscribed(client, 'news');
    const delivered = nextEvent<[unknown]>(channel, 'headline');
    fixture.trigger('news', 'headline', { title: 'Local server works' });
    expect((await delivered)[0]).toEqual({ title: 'Local server works' });
    expect(fixture.received.map((event) => event.event)).toContain('pusher:subscribe');
  });

  it('authorizes private channels through its auth endpoint, and rejects a wrong signature', async () => {
    const fixture = await start();
    const client = await connect(fixture);
    await subscribed(client, 'private-orders');

    const forger = await connect(fixture, undefined, {
      channelAuthorization: {
        customHandler: (_params, callback) => callback(null, { auth: `${fixture.appKey}:${'0'.repeat(64)}` }),
      } as Options['channelAuthorization'],
    });
    const refused = nextEvent<[{ type: string; status: number }]>(forger.subscribe('private-orders'), 'pusher:subscription_error');
    expect((await refused)[0]).toMatchObject({ type: 'AuthError', status: 401 });
  });

  it('answers 403 from the auth endpoint for a denied channel, which pusher-js reports as an AuthError', async () => {
    const fixture = await start();
    fixture.denyAuthorization('private-admin');
    const client = await connect(fixture);
    const refused = nextEvent<[{ type: string; status: number }]>(client.subscribe('private-admin'), 'pusher:subscription_error');
    expect((await refused)[0]).toMatchObject({ type: 'AuthError', status: 403 });
  });

  it('shows presence members to each other, relays client events without echo, and removes members who leave', async () => {
    const fixture = await start();
    const alice = await connect(fixture, 'alice');
    const aliceRoom = await subscribed<PresenceChannel>(alice, 'presence-room');
    expect(aliceRoom.members.count).toBe(1);
    expect(aliceRoom.members.me).toMatchObject({ id: 'alice', info: { name: 'ALICE' } });

    const added = nextEvent<[{ id: string; info: unknown }]>(aliceRoom, 'pusher:member_added');
    const bob = await connect(fixture, 'bob');
    const bobRoom = await subscribed<PresenceChannel>(bob, 'presence-room');
    expect((await added)[0]).toMatchObject({ id: 'bob', info: { name: 'BOB' } });
    expect(bobRoom.members.count).toBe(2);
    expect(fixture.presenceMembers('presence-room').map((member) => member.user_id)).toEqual(['alice', 'bob']);

    const aliceHeard: unknown[] = [];
    aliceRoom.bind('client-typing', (data: unknown) => aliceHeard.push(data));
    const heardByBob = nextEvent<[unknown, { user_id: string }]>(bobRoom, 'client-typing');
    aliceRoom.trigger('client-typing', { typing: true });
    const [data, metadata] = await heardByBob;
    expect(data).toEqual({ typing: true });
    expect(metadata.user_id).toBe('alice');

    const removed = nextEvent<[{ id: string }]>(aliceRoom, 'pusher:member_removed');
    bob.disconnect();
    expect((await removed)[0].id).toBe('bob');
    expect(aliceHeard).toEqual([]);
  });

  it('announces a user with two connections once, and removes them only when the last connection leaves', async () => {
    const fixture = await start();
    const alice = await connect(fixture, 'alice');
    const room = await subscribed(alice, 'presence-room');
    const added: string[] = [];
    const removed: string[] = [];
    room.bind('pusher:member_added', (member: { id: string }) => added.push(member.id));
    room.bind('pusher:member_removed', (member: { id: string }) => removed.push(member.id));

    const bobTab1 = await connect(fixture, 'bob');
    await subscribed(bobTab1, 'presence-room');
    const bobTab2 = await connect(fixture, 'bob');
    await subscribed(bobTab2, 'presence-room');
    await eventually(() => added.length === 1);

    bobTab1.disconnect();
    await eventually(() => fixture.connectionCount === 2);
    await pause(100);
    expect(removed).toEqual([]);

    bobTab2.disconnect();
    await eventually(() => removed.length === 1);
    expect(added).toEqual(['bob']);
    expect(removed).toEqual(['bob']);
  });

  it('rejects client events on public channels with pusher:error', async () => {
    const fixture = await start();
    const client = await connect(fixture);
    const channel = await subscribed(client, 'news');
    const error = nextEvent<[{ type: string; data: { message: string } }]>(client.connection, 'error');
    channel.trigger('client-shout', { loud: true });
    expect((await error)[0]).toMatchObject({ type: 'PusherError' });
    expect((await error)[0].data.message).toMatch(/only supported on private and presence channels/);
  });

  it('answers pusher:ping with pusher:pong once the activity timeout passes', async () => {
    const fixture = await start({ activityTimeout: 1 });
    const client = await connect(fixture);
    const socketId = client.connection.socket_id;
    const events: string[] = [];
    client.connection.bind('message', (message: { event: string }) => events.push(message.event));
    await eventually(() => events.includes('pusher:pong'), 4_000, 'a pusher:pong');
    expect(fixture.received.map((event) => event.event)).toContain('pusher:ping');
    expect(client.connection.state).toBe('connected');
    expect(client.connection.socket_id).toBe(socketId);
  });

  it('makes pusher-js give up on close code 4001', async () => {
    const fixture = await start();
    const client = await connect(fixture);
    const error = nextEvent<[{ data: { code: number } }]>(client.connection, 'error');
    fixture.closeAll(4001, 'Application disabled');
    expect((await error)[0].data.code).toBe(4001);
    await eventually(() => client.connection.state === 'disconnected');
    await pause(1_500);
    expect(client.connection.state).toBe('disconnected');
    expect(fixture.connectionCount).toBe(0);
  });

  it('gets an immediate reconnect on close code 4200, and one after a 1 s back-off on 4100', async () => {
    const fixture = await start();
    const client = await connect(fixture);

    let closedAt = Date.now();
    fixture.closeAll(4200, 'Please reconnect');
    await nextEvent(client.connection, 'connecting');
    await nextEvent(client.connection, 'connected');
    expect(Date.now() - closedAt).toBeLessThan(1_000);

    closedAt = Date.now();
    fixture.closeAll(4100, 'Over capacity');
    await nextEvent(client.connection, 'connected', 5_000);
    expect(Date.now() - closedAt).toBeGreaterThanOrEqual(1_000);
  });

  it('is reconnected to, with channels re-subscribed, after every connection was dropped', async () => {
    const fixture = await start();
    const client = await connect(fixture, 'alice');
    const channel = await subscribed(client, 'presence-room');
    const firstSocketId = client.connection.socket_id;

    fixture.dropAll();
    await nextEvent(client.connection, 'connected', 5_000);
    expect(client.connection.socket_id).not.toBe(firstSocketId);
    await eventually(() => fixture.presenceMembers('presence-room').length === 1);

    const delivered = nextEvent<[unknown]>(channel, 'refresh');
    fixture.trigger('presence-room', 'refresh', 'after the crash');
    expect((await delivered)[0]).toBe('after the crash');
  });

  it('refuses connections between stop() and restart(), then takes the client back on the same port', async () => {
    const fixture = await start();
    const client = await connect(fixture);
    const port = fixture.port;
    // pusher-js keeps reporting "connected" until its 1 s retry timer fires, then tries again.
    const retry = nextEvent<[number]>(client.connection, 'connecting_in');
    await fixture.stop();
    expect((await retry)[0]).toBe(1);
    expect(await portRefusesConnections(port)).toBe(true);

    await fixture.restart();
    expect(fixture.port).toBe(port);
    await nextEvent(client.connection, 'connecting');
    await nextEvent(client.connection, 'connected');
    expect(fixture.connectionCount).toBe(1);
  });
});
