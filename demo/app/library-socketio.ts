import type { io as createSocket, Socket } from 'socket.io-client';
import { showStatus } from './dom.js';
import type { LibraryLogSink } from './library-log.js';

/** The script-tag build's global (a local type: a global declaration would leak into every file of the project). */
const { io } = window as unknown as { io: typeof createSocket };

interface RoomUser {
  id: string;
}

const ROOM = 'lobby';

/**
 * A Socket.IO client the way the seeds write one: reconnection with backoff, emits buffered while disconnected
 * (`sendBuffer`), and presence through app events (`presence:join` / `presence:update`). The overlay finds the
 * script-tag build's sockets by itself.
 */
export function connectSocketIo(url: string, user: string, log: LibraryLogSink, status: HTMLElement | null): Socket {
  const socket = io(url, { reconnectionDelay: 500, reconnectionDelayMax: 5000 });
  socket.on('connect', () => {
    if (status) showStatus(status, 'ok', `Socket.IO: connected${socket.recovered ? ' (recovered)' : ''}`);
    if (!socket.recovered) socket.emit('presence:join', { roomId: ROOM, user: { id: user } });
  });
  socket.on('disconnect', (reason) => {
    if (status) showStatus(status, 'down', `Socket.IO: ${reason}`);
  });
  socket.io.on('reconnect_attempt', (attempt) => {
    if (status) showStatus(status, 'busy', `Socket.IO: reconnecting (attempt ${attempt})`);
  });
  socket.on('presence:update', (members: RoomUser[]) => {
    if (Array.isArray(members)) log.showMembers(members.map((member) => String(member?.id)), user);
  });
  socket.on('chat:message', (message: { from?: unknown; text?: unknown }) => log.line(`${String(message?.from)}: ${String(message?.text)}`));
  return socket;
}

export function emitChat(socket: Socket, user: string, text: string): void {
  socket.emit('chat:message', { from: user, text });
}
