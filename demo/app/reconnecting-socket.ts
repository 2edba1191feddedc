/**
 * A WebSocket that reconnects by hand with exponential backoff and jitter, the way our users write it (there is no
 * built-in reconnect for WebSocket, unlike EventSource), so that every attempt and its delay shows on the DevTools
 * timeline.
 */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
  /** Up to this much random delay is added, so that many clients do not come back in the same instant. */
  jitterMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1000, maxMs: 30_000, jitterMs: 1000 };

/** 1 s, 2 s, 4 s … capped, plus jitter; `attempt` counts from 1. */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  return Math.min(policy.baseMs * 2 ** (attempt - 1), policy.maxMs) + random() * policy.jitterMs;
}

export type SocketPhase = 'connecting' | 'open' | 'waiting';

export interface SocketStatus {
  phase: SocketPhase;
  /** Reconnection attempts since the socket was last open; 0 while open or on the first connect. */
  attempt: number;
  /** When the next attempt starts (epoch ms), while waiting. */
  retryAt: number | null;
  lastClose: { code: number; reason: string } | null;
}

export interface SocketHandlers {
  onOpen(): void;
  onMessage(data: string | ArrayBuffer): void;
  onStatus(status: SocketStatus): void;
}

export class ReconnectingSocket {
  private socket: WebSocket | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private status: SocketStatus = { phase: 'connecting', attempt: 0, retryAt: null, lastClose: null };

  constructor(
    private url: string,
    private readonly handlers: SocketHandlers,
    private readonly policy: BackoffPolicy = DEFAULT_BACKOFF,
  ) {}

  start(): void {
    this.connect();
  }

  /** Moves to another endpoint (another room) at once: a deliberate close, not a failure, so no backoff. */
  switchTo(url: string): void {
    this.url = url;
    this.detach()?.close(1000, 'switching room');
    clearTimeout(this.retryTimer);
    this.status = { ...this.status, attempt: 0 };
    this.connect();
  }

  /** Gives up on a socket that looks dead (missed heartbeat) and reconnects with backoff. */
  drop(code: number, reason: string): void {
    const socket = this.detach();
    if (!socket) return;
    socket.close(code, reason);
    this.scheduleRetry({ code, reason });
  }

  send(data: string | ArrayBufferView | ArrayBuffer): boolean {
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN) return false;
    this.socket.send(data);
    return true;
  }

  private update(change: Partial<SocketStatus>): void {
    this.status = { ...this.status, ...change };
    this.handlers.onStatus(this.status);
  }

  /** Forgets the current socket so that its late events cannot touch the next one. */
  private detach(): WebSocket | null {
    const socket = this.socket;
    if (socket) socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
    this.socket = null;
    return socket;
  }

  private connect(): void {
    this.update({ phase: 'connecting', retryAt: null });
    const socket = new WebSocket(this.url);
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    socket.onopen = () => {
      this.update({ phase: 'open', attempt: 0, lastClose: null });
      this.handlers.onOpen();
    };
    socket.onmessage = (event: MessageEvent<string | ArrayBuffer>) => this.handlers.onMessage(event.data);
    socket.onclose = (event) => {
      this.detach();
      this.scheduleRetry({ code: event.code, reason: event.reason });
    };
  }

  private scheduleRetry(lastClose: { code: number; reason: string }): void {
    const attempt = this.status.attempt + 1;
    const delay = backoffDelay(attempt, this.policy);
    this.update({ phase: 'waiting', attempt, retryAt: Date.now() + delay, lastClose });
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }
}
