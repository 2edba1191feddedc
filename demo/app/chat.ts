import {
  chatSocketPath,
  type ChatBinaryFrame,
  type ChatClientFrame,
  type ChatRoom,
  type ChatServerFrame,
} from '../shared/chat-protocol.js';
import { decodeMsgpack, encodeMsgpack } from '../shared/msgpack.js';
import type { ChatView } from './chat-view.js';
import { Outbox } from './outbox.js';
import { ReconnectingSocket, type SocketStatus } from './reconnecting-socket.js';

const HEARTBEAT_EVERY_MS = 10_000;
/** A pong later than this means the connection is dead even if no close arrived (a half-open TCP link). */
const HEARTBEAT_TIMEOUT_MS = 5_000;
/** We say we stopped typing after this much quiet. */
const TYPING_IDLE_MS = 3_000;
/** Someone else's typing notice expires after this, in case their "stopped" frame was lost. */
const TYPING_SHOWN_MS = 6_000;

function parseServerFrame(text: string): ChatServerFrame | undefined {
  try {
    const frame: unknown = JSON.parse(text);
    return typeof frame === 'object' && frame !== null && 'type' in frame ? (frame as ChatServerFrame) : undefined;
  } catch {
    return undefined;
  }
}

function socketUrl(room: ChatRoom, user: string): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}${chatSocketPath(room, user)}`;
}

/** The chat's behaviour: one reconnecting socket, the offline queue, the heartbeat, typing and presence. */
export class ChatSession {
  private readonly socket: ReconnectingSocket;
  private readonly outbox: Outbox;
  private status: SocketStatus = { phase: 'connecting', attempt: 0, retryAt: null, lastClose: null };
  private latencyMs: number | null = null;
  private heartbeatTimer: ReturnType<typeof setInterval> | undefined;
  private pongTimer: ReturnType<typeof setTimeout> | undefined;
  private countdownTimer: ReturnType<typeof setInterval> | undefined;
  private typingSent = false;
  private typingIdleTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly typingUsers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly user: string,
    private room: ChatRoom,
    private readonly view: ChatView,
  ) {
    this.outbox = new Outbox(`pulse-outbox:${user}`);
    this.socket = new ReconnectingSocket(socketUrl(room, user), {
      onOpen: () => this.startHeartbeat(),
      onMessage: (data) => (typeof data === 'string' ? this.onText(data) : this.onBinary(data)),
      onStatus: (status) => this.onStatus(status),
    });
    view.setMe(user);
    view.setRoom(room);
  }

  start(): void {
    this.socket.start();
  }

  switchRoom(room: ChatRoom): void {
    if (room === this.room) return;
    this.room = room;
    this.view.setRoom(room);
    this.view.reset([]);
    this.clearTyping();
    this.socket.switchTo(socketUrl(room, this.user));
  }

  send(text: string): void {
    const item = { clientId: crypto.randomUUID(), room: this.room, text, createdAt: Date.now() };
    this.outbox.add(item);
    this.view.addPending(item);
    this.sendFrame({ type: 'message', clientId: item.clientId, text });
    this.stopTyping();
    this.showOutbox();
  }

  /** Called on every keystroke in the composer. */
  noteTyping(): void {
    clearTimeout(this.typingIdleTimer);
    if (!this.typingSent) this.typingSent = this.sendFrame({ type: 'typing', typing: true });
    this.typingIdleTimer = setTimeout(() => this.stopTyping(), TYPING_IDLE_MS);
  }

  private stopTyping(): void {
    clearTimeout(this.typingIdleTimer);
    if (this.typingSent) this.sendFrame({ type: 'typing', typing: false });
    this.typingSent = false;
  }

  private sendFrame(frame: ChatClientFrame): boolean {
    return this.socket.send(JSON.stringify(frame));
  }

  private sendBinary(frame: ChatBinaryFrame): boolean {
    return this.socket.send(encodeMsgpack(frame));
  }

  private onText(text: string): void {
    const frame = parseServerFrame(text);
    if (!frame) return;
    switch (frame.type) {
      case 'welcome': {
        this.view.reset(frame.history);
        this.view.setMembers(frame.members);
        this.flushOutbox(new Set(frame.history.map((message) => message.clientId)));
        return;
      }
      case 'presence':
        this.view.setMembers(frame.members);
        if (frame.user !== this.user) this.view.addNotice(`${frame.user} ${frame.event === 'join' ? 'joined' : 'left'}`);
        return;
      case 'message': {
        const { type: _type, ...message } = frame;
        this.view.showMessage(message);
        this.setTyping(message.user, false);
        return;
      }
      case 'ack':
        this.outbox.acknowledge(frame.clientId);
        this.view.markDelivered(frame.clientId);
        this.showOutbox();
        return;
      case 'typing':
        this.setTyping(frame.user, frame.typing);
        return;
      case 'error':
        this.view.addNotice(`Server: ${frame.reason}`);
        return;
      default: {
        const unknown: never = frame;
        return unknown;
      }
    }
  }

  private onBinary(data: ArrayBuffer): void {
    let frame: ChatBinaryFrame;
    try {
      frame = decodeMsgpack(new Uint8Array(data)) as unknown as ChatBinaryFrame;
    } catch {
      return;
    }
    if (frame.type === 'pong') {
      clearTimeout(this.pongTimer);
      this.latencyMs = Date.now() - frame.ts;
      this.renderStatus();
    } else if (frame.type === 'avatar' && frame.png instanceof Uint8Array) {
      this.view.setAvatar(frame.user, frame.png);
    }
  }

  /** Re-sends what the server has not acked; what the history already holds was delivered before the ack got lost. */
  private flushOutbox(delivered: Set<string | undefined>): void {
    for (const item of this.outbox.pending(this.room)) {
      if (delivered.has(item.clientId)) {
        this.outbox.acknowledge(item.clientId);
        continue;
      }
      this.view.addPending(item);
      this.sendFrame({ type: 'message', clientId: item.clientId, text: item.text });
    }
    this.showOutbox();
  }

  private showOutbox(): void {
    this.view.setOutbox(this.outbox.pending(this.room).length, this.status.phase === 'open');
  }

  private setTyping(user: string, typing: boolean): void {
    clearTimeout(this.typingUsers.get(user));
    if (typing) this.typingUsers.set(user, setTimeout(() => this.setTyping(user, false), TYPING_SHOWN_MS));
    else this.typingUsers.delete(user);
    this.view.setTyping([...this.typingUsers.keys()]);
  }

  private clearTyping(): void {
    for (const timer of this.typingUsers.values()) clearTimeout(timer);
    this.typingUsers.clear();
    this.view.setTyping([]);
  }

  private startHeartbeat(): void {
    this.stopHeartbeat();
    const beat = (): void => {
      if (!this.sendBinary({ type: 'ping', ts: Date.now() })) return;
      clearTimeout(this.pongTimer);
      this.pongTimer = setTimeout(() => this.socket.drop(4000, 'heartbeat timeout'), HEARTBEAT_TIMEOUT_MS);
    };
    beat();
    this.heartbeatTimer = setInterval(beat, HEARTBEAT_EVERY_MS);
  }

  private stopHeartbeat(): void {
    clearInterval(this.heartbeatTimer);
    clearTimeout(this.pongTimer);
  }

  private onStatus(status: SocketStatus): void {
    this.status = status;
    if (status.phase !== 'open') {
      this.stopHeartbeat();
      this.latencyMs = null;
      this.typingSent = false;
      this.clearTyping();
    }
    clearInterval(this.countdownTimer);
    if (status.phase === 'waiting') this.countdownTimer = setInterval(() => this.renderStatus(), 250);
    this.renderStatus();
    this.showOutbox();
  }

  private renderStatus(): void {
    const { phase, attempt, retryAt, lastClose } = this.status;
    if (phase === 'open') {
      this.view.setStatus('ok', this.latencyMs === null ? 'Chat: connected' : `Chat: connected · ${this.latencyMs} ms`);
    } else if (phase === 'connecting') {
      this.view.setStatus('busy', attempt === 0 ? 'Chat: connecting…' : `Chat: reconnecting (attempt ${attempt})…`);
    } else {
      const seconds = Math.max(0, ((retryAt ?? Date.now()) - Date.now()) / 1000).toFixed(1);
      const why = lastClose ? ` (closed ${lastClose.code}${lastClose.reason ? ` ${lastClose.reason}` : ''})` : '';
      this.view.setStatus('down', `Chat: offline${why} — attempt ${attempt} in ${seconds} s`);
    }
  }
}
