import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { io, type Socket, type SocketOptions, type ManagerOptions } from 'socket.io-client';
import { startSocketIoServer, type SocketIoFixture } from '../fixtures/servers/socketio-server';
import { eventually, nextEvent } from '../fixtures/servers/wait';

let server: SocketIoFixture;
const clients: Socket[] = [];

beforeEach(async () => {
  server = await startSocketIoServer();
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.disconnect();
  await server.close();
});

function connect(path = '', options: Partial<ManagerOptions & SocketOptions> = {}): Socket {
  const client = io(server.url + path, {
    forceNew: true,
    reconnectionDelay: 100,
    reconnectionDelayMax: 200,
    randomizationFactor: 0,
    ...options,
  });
  clients.push(client);
  return client;
}

async function connected(client: Socket): Promise<Socket> {
  if (!client.connected) await nextEvent(client, 'connect');
  return client;
}

describe('Socket.IO fixture server', () => {
  it('upgrades from long-polling to WebSocket, acks "echo", and logs what it received', async () => {
    const client = connect();
    const opened = nextEvent(client.io, 'open');
    await opened;
    expect(client.io.engine.transport.name).toBe('polling');
    await nextEvent(client.io.engine, 'upgrade');
    expect(client.io.engine.transport.name).toBe('websocket');
    await connected(client);

    await expect(client.emitWithAck('echo', { question: 21 })).resolves.toEqual({ question: 21 });
    expect(server.received).toContainEqual(
      expect.objectContaining({ namespace: '/', socketId: client.id, event: 'echo', args: [{ question: 21 }] }),
    );
  });

  it('sends binary back as binary, with an ack of the byte count', async () => {
    const client = await connected(connect('', { transports: ['websocket'] }));
    const echoed = nextEvent<[Buffer]>(client, 'binary');
    const ack = client.emitWithAck('binary', Buffer.from([1, 2, 3, 250]));
    expect([...(await echoed)[0]]).toEqual([1, 2, 3, 250]);
    await expect(ack).resolves.toEqual({ bytes: 4 });
  });

  it('serves the /admin namespace, whose "announce" reaches clients of "/"', async () => {
    const user = await connected(connect());
    const admin = await connected(connect('/admin'));
    const announcement = nextEvent<[unknown]>(user, 'announcement');
    admin.emit('announce', { text: 'maintenance at noon' });
    expect((await announcement)[0]).toEqual({ text: 'maintenance at noon' });
    expect(server.received.at(-1)).toMatchObject({ namespace: '/admin', event: 'announce' });
  });

  it('broadcasts chat:message to everyone, sender included', async () => {
    const alice = await connected(connect());
    const bob = await connected(connect());
    const toAlice = nextEvent<[unknown]>(alice, 'chat:message');
    const toBob = nextEvent<[unknown]>(bob, 'chat:message');
    alice.emit('chat:message', { text: 'hi' });
    expect((await toAlice)[0]).toEqual({ text: 'hi' });
    expect((await toBob)[0]).toEqual({ text: 'hi' });
  });

  it('tells a room who joins and leaves, and keeps the member list in presence:update', async () => {
    const alice = await connected(connect());
    const bob = await connected(connect());
    alice.emit('presence:join', { roomId: 'doc-1', user: { id: 'alice', name: 'Alice' } });
    await eventually(() => server.received.some((event) => event.event === 'presence:join'));

    const joined = nextEvent<[unknown]>(alice, 'presence:user-joined');
    const members = nextEvent<[unknown]>(alice, 'presence:update');
    bob.emit('presence:join', { roomId: 'doc-1', user: { id: 'bob', name: 'Bob' } });
    expect((await joined)[0]).toEqual({ id: 'bob', name: 'Bob' });
    expect((await members)[0]).toEqual([
      { id: 'alice', name: 'Alice' },
      { id: 'bob', name: 'Bob' },
    ]);

    const roomJoin = nextEvent<[string]>(alice, 'user:joined');
    alice.emit('join:room', 'lobby');
    await eventually(() => server.received.some((event) => event.event === 'join:room'));
    bob.emit('join:room', 'lobby');
    expect((await roomJoin)[0]).toBe(bob.id);

    const left = nextEvent<[string]>(alice, 'presence:user-left');
    bob.disconnect();
    expect((await left)[0]).toBe('bob');
  });

  it('recovers the connection state after the server vanished, with the broadcasts missed meanwhile', async () => {
    const client = await connected(connect('', { transports: ['websocket'] }));
    const firstId = client.id;
    const ownBroadcast = nextEvent(client, 'chat:message');
    client.emit('chat:message', 'before the crash');
    await ownBroadcast; // a recoverable client needs the offset of one broadcast

    const disconnected = nextEvent<[string]>(client, 'disconnect');
    server.dropAll();
    expect((await disconnected)[0]).toBe('transport close');
    const missed = nextEvent<[unknown]>(client, 'chat:message');
    server.io.emit('chat:message', 'while you were away');

    await nextEvent(client, 'connect');
    expect(client.recovered).toBe(true);
    expect(client.id).toBe(firstId);
    expect((await missed)[0]).toBe('while you were away');
  });

  it('keeps emits made during an outage in sendBuffer and delivers them after a restart', async () => {
    const client = await connected(connect('', { transports: ['websocket'] }));
    const disconnected = nextEvent(client, 'disconnect');
    await server.stop();
    await disconnected;

    await nextEvent(client.io, 'reconnect_error'); // the port really refuses connections
    client.emit('chat:message', 'queued while offline');
    expect(client.sendBuffer).toHaveLength(1);
    expect(server.received.some((event) => event.args[0] === 'queued while offline')).toBe(false);

    await server.restart();
    await nextEvent(client, 'connect');
    await eventually(() => server.received.some((event) => event.args[0] === 'queued while offline'));
    expect(client.sendBuffer).toHaveLength(0);
  });

  it('disconnectAll() kicks clients with "io server disconnect", after which they stay away', async () => {
    const client = await connected(connect());
    const disconnected = nextEvent<[string]>(client, 'disconnect');
    server.disconnectAll();
    expect((await disconnected)[0]).toBe('io server disconnect');
    expect(client.active).toBe(false);
  });
});
