import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import {
  CHAT_ROOMS,
  MAX_MESSAGE_LENGTH,
  isChatRoom,
  type ChatBinaryFrame,
  type ChatMessage,
  type ChatRoom,
  type ChatServerFrame,
} from '../shared/chat-protocol';
import { decodeMsgpack, encodeMsgpack } from '../shared/msgpack';
import { identiconPng } from './avatar';

const HISTORY_LENGTH = 50;
/** Client ids remembered per room, so that a message resent from an offline queue after a lost ack is acked, not doubled. */
const REMEMBERED_CLIENT_IDS = 500;
const MAX_NAME_LENGTH = 24;

/** A simulated teammate per room, so that a single tab still sees typing indicators and incoming messages. */
const TEAMMATES: Record<ChatRoom, { name: string; lines: string[] }> = {
  general: {
    name: 'Grace',
    lines: [
      'Deploy to staging finished ✅',
      'Anyone else seeing the latency spike on eu-west?',
      'Standup in 5 minutes',
      'Merged the reconnect fix, please pull',
      'The dashboard numbers look right now',
      'Who owns the flaky websocket test?',
    ],
  },
  random: {
    name: 'Linus',
    lines: [
      'Coffee machine on floor 3 is fixed ☕',
      'Lunch at the ramen place?',
      'TIL EventSource reconnects by itself',
      'Friday demo is moved to 4pm',
      '🎉 happy release day',
    ],
  },
};

interface Member {
  user: string;
  room: ChatRoom;
}

interface RoomState {
  sockets: Map<WebSocket, Member>;
  history: ChatMessage[];
  /** `user\nclientId` → message id, oldest first. */
  delivered: Map<string, string>;
  teammateTimer: ReturnType<typeof setTimeout> | undefined;
}

function randomBetween(min: number, max: number): number {
  return min + Math.random() * (max - min);
}

function cleanName(raw: string | null): string {
  const name = (raw ?? '').trim().slice(0, MAX_NAME_LENGTH);
  return name || `guest-${Math.floor(Math.random() * 10_000)}`;
}

function parseClientFrame(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The chat over a plain WebSocket: rooms, presence (join/leave notices), messages broadcast to the whole room with
 * an ack to the sender, typing indicators, a binary msgpack heartbeat and binary avatars.
 * `kill()` behaves like a crashed server: every socket is dropped without a close frame (the page sees 1006) and
 * upgrades are refused until `restart()`.
 */
export class ChatServer {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  private readonly rooms = new Map<ChatRoom, RoomState>();
  private readonly avatars = new Map<string, Uint8Array>();
  private accepting = true;
  private nextMessageId = 1;

  constructor() {
    for (const room of CHAT_ROOMS) {
      this.rooms.set(room, { sockets: new Map(), history: [], delivered: new Map(), teammateTimer: undefined });
      this.scheduleTeammate(room);
    }
    this.wss.on('connection', (socket: WebSocket, request: IncomingMessage) => this.onConnection(socket, request));
  }

  get status(): { up: boolean; clients: number } {
    return { up: this.accepting, clients: this.wss.clients.size };
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (!this.accepting) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => this.wss.emit('connection', ws, request));
  }

  kill(): void {
    this.accepting = false;
    for (const socket of this.wss.clients) socket.terminate();
  }

  restart(): void {
    this.accepting = true;
  }

  close(): void {
    this.kill();
    for (const state of this.rooms.values()) clearTimeout(state.teammateTimer);
    this.wss.close();
  }

  private room(room: ChatRoom): RoomState {
    const state = this.rooms.get(room);
    if (!state) throw new Error(`unknown room ${room}`);
    return state;
  }

  private members(room: ChatRoom): string[] {
    const names = new Set([TEAMMATES[room].name]);
    for (const member of this.room(room).sockets.values()) names.add(member.user);
    return [...names].sort((a, b) => a.localeCompare(b));
  }

  private isPresent(room: ChatRoom, user: string): boolean {
    for (const member of this.room(room).sockets.values()) if (member.user === user) return true;
    return false;
  }

  private avatar(user: string): Uint8Array {
    let png = this.avatars.get(user);
    if (!png) {
      png = identiconPng(user);
      this.avatars.set(user, png);
    }
    return png;
  }

  private sendJson(socket: WebSocket, frame: ChatServerFrame): void {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
  }

  private sendBinary(socket: WebSocket, frame: ChatBinaryFrame): void {
    if (socket.readyState === socket.OPEN) socket.send(encodeMsgpack(frame), { binary: true });
  }

  private broadcast(room: ChatRoom, frame: ChatServerFrame, except?: WebSocket): void {
    const text = JSON.stringify(frame);
    for (const socket of this.room(room).sockets.keys()) {
      if (socket !== except && socket.readyState === socket.OPEN) socket.send(text);
    }
  }

  private onConnection(socket: WebSocket, request: IncomingMessage): void {
    const query = new URL(request.url ?? '/', 'http://localhost').searchParams;
    const requestedRoom = query.get('room');
    const room: ChatRoom = isChatRoom(requestedRoom) ? requestedRoom : 'general';
    const user = cleanName(query.get('user'));
    const state = this.room(room);
    const arriving = !this.isPresent(room, user);
    state.sockets.set(socket, { user, room });

    const members = this.members(room);
    this.sendJson(socket, { type: 'welcome', you: user, room, members, history: state.history });
    for (const name of members) this.sendBinary(socket, { type: 'avatar', user: name, png: this.avatar(name) });
    if (arriving) {
      this.broadcast(room, { type: 'presence', event: 'join', user, members }, socket);
      for (const other of state.sockets.keys()) {
        if (other !== socket) this.sendBinary(other, { type: 'avatar', user, png: this.avatar(user) });
      }
    }

    socket.on('message', (data: RawData, isBinary: boolean) => {
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      if (isBinary) this.onBinary(socket, bytes);
      else this.onText(socket, { user, room }, bytes.toString('utf8'));
    });
    socket.on('close', () => {
      state.sockets.delete(socket);
      if (!this.isPresent(room, user)) {
        this.broadcast(room, { type: 'typing', user, typing: false });
        this.broadcast(room, { type: 'presence', event: 'leave', user, members: this.members(room) });
      }
    });
  }

  private onBinary(socket: WebSocket, bytes: Uint8Array): void {
    let frame: unknown;
    try {
      frame = decodeMsgpack(bytes);
    } catch {
      this.sendJson(socket, { type: 'error', reason: 'undecodable binary frame' });
      return;
    }
    const ping = frame as Partial<{ type: unknown; ts: unknown }> | null;
    if (ping && ping.type === 'ping' && typeof ping.ts === 'number') this.sendBinary(socket, { type: 'pong', ts: ping.ts });
    else this.sendJson(socket, { type: 'error', reason: 'unknown binary frame' });
  }

  private onText(socket: WebSocket, member: Member, text: string): void {
    const frame = parseClientFrame(text) as Record<string, unknown> | undefined;
    if (frame?.type === 'typing' && typeof frame.typing === 'boolean') {
      this.broadcast(member.room, { type: 'typing', user: member.user, typing: frame.typing }, socket);
      return;
    }
    if (
      frame?.type === 'message' &&
      typeof frame.clientId === 'string' &&
      typeof frame.text === 'string' &&
      frame.text.trim() !== '' &&
      frame.text.length <= MAX_MESSAGE_LENGTH
    ) {
      this.acceptMessage(socket, member, frame.clientId, frame.text);
      return;
    }
    this.sendJson(socket, { type: 'error', reason: 'malformed frame' });
  }

  private acceptMessage(socket: WebSocket, member: Member, clientId: string, text: string): void {
    const state = this.room(member.room);
    const key = `${member.user}\n${clientId}`;
    const delivered = state.delivered.get(key);
    if (delivered !== undefined) {
      this.sendJson(socket, { type: 'ack', clientId, id: delivered });
      return;
    }
    const message = this.record(member.room, member.user, text, clientId);
    state.delivered.set(key, message.id);
    if (state.delivered.size > REMEMBERED_CLIENT_IDS) {
      const oldest = state.delivered.keys().next();
      if (!oldest.done) state.delivered.delete(oldest.value);
    }
    this.sendJson(socket, { type: 'ack', clientId, id: message.id });
    this.broadcast(member.room, { type: 'message', ...message });
  }

  private record(room: ChatRoom, user: string, text: string, clientId?: string): ChatMessage {
    const message: ChatMessage = { id: `m${this.nextMessageId++}`, room, user, text, sentAt: Date.now() };
    if (clientId !== undefined) message.clientId = clientId;
    const { history } = this.room(room);
    history.push(message);
    if (history.length > HISTORY_LENGTH) history.shift();
    return message;
  }

  private scheduleTeammate(room: ChatRoom): void {
    const state = this.room(room);
    state.teammateTimer = setTimeout(() => {
      if (state.sockets.size === 0) {
        this.scheduleTeammate(room);
        return;
      }
      const { name, lines } = TEAMMATES[room];
      this.broadcast(room, { type: 'typing', user: name, typing: true });
      state.teammateTimer = setTimeout(() => {
        const line = lines[Math.floor(Math.random() * lines.length)] ?? lines[0] ?? '👋';
        this.broadcast(room, { type: 'typing', user: name, typing: false });
        this.broadcast(room, { type: 'message', ...this.record(room, name, line) });
        this.scheduleTeammate(room);
      }, randomBetween(1200, 2500));
    }, randomBetween(12_000, 25_000));
  }
}
