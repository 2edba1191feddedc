import type { ChatRoom } from '../shared/chat-protocol.js';

export interface OutgoingMessage {
  clientId: string;
  room: ChatRoom;
  text: string;
  createdAt: number;
}

function isOutgoingMessage(value: unknown): value is OutgoingMessage {
  const item = value as Partial<OutgoingMessage> | null;
  return (
    typeof item === 'object' &&
    item !== null &&
    typeof item.clientId === 'string' &&
    typeof item.room === 'string' &&
    typeof item.text === 'string' &&
    typeof item.createdAt === 'number'
  );
}

/**
 * The offline queue: messages stay here, persisted in localStorage, until the server acks them. They are sent at
 * once when the socket is open and re-sent after every reconnect; the server recognises a repeated `clientId`, so a
 * message whose ack was lost with the connection is not posted twice.
 */
export class Outbox {
  private items: OutgoingMessage[];

  constructor(private readonly storageKey: string) {
    this.items = this.load();
  }

  get size(): number {
    return this.items.length;
  }

  pending(room: ChatRoom): OutgoingMessage[] {
    return this.items.filter((item) => item.room === room);
  }

  add(item: OutgoingMessage): void {
    this.items.push(item);
    this.save();
  }

  /** True when the id was still waiting (the first ack for it). */
  acknowledge(clientId: string): boolean {
    const before = this.items.length;
    this.items = this.items.filter((item) => item.clientId !== clientId);
    if (this.items.length === before) return false;
    this.save();
    return true;
  }

  private load(): OutgoingMessage[] {
    try {
      const parsed: unknown = JSON.parse(localStorage.getItem(this.storageKey) ?? '[]');
      return Array.isArray(parsed) ? parsed.filter(isOutgoingMessage) : [];
    } catch {
      return [];
    }
  }

  private save(): void {
    try {
      localStorage.setItem(this.storageKey, JSON.stringify(this.items));
    } catch {
      // Storage full or disabled: the queue still works for this page's lifetime.
    }
  }
}
