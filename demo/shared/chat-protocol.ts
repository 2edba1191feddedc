/**
 * The demo chat's wire format, shared by server and page. Text frames carry JSON shaped like the apps our users
 * write (`{type:'message', …}`); the heartbeat and avatars travel as binary msgpack frames, so that both kinds of
 * frame show in the DevTools.
 */
export const CHAT_ROOMS = ['general', 'random'] as const;
export type ChatRoom = (typeof CHAT_ROOMS)[number];

export const MAX_MESSAGE_LENGTH = 2000;

export interface ChatMessage {
  id: string;
  room: ChatRoom;
  user: string;
  text: string;
  sentAt: number;
  /** The sender's own id for the message, so that its offline queue can match the server's ack. */
  clientId?: string;
}

export type ChatServerFrame =
  | { type: 'welcome'; you: string; room: ChatRoom; members: string[]; history: ChatMessage[] }
  | { type: 'presence'; event: 'join' | 'leave'; user: string; members: string[] }
  | ({ type: 'message' } & ChatMessage)
  | { type: 'ack'; clientId: string; id: string }
  | { type: 'typing'; user: string; typing: boolean }
  | { type: 'error'; reason: string };

export type ChatClientFrame = { type: 'message'; clientId: string; text: string } | { type: 'typing'; typing: boolean };

/** Binary frames (msgpack maps). */
export type ChatBinaryFrame =
  | { type: 'ping'; ts: number }
  | { type: 'pong'; ts: number }
  | { type: 'avatar'; user: string; png: Uint8Array };

export function isChatRoom(value: unknown): value is ChatRoom {
  return typeof value === 'string' && (CHAT_ROOMS as readonly string[]).includes(value);
}

export function chatSocketPath(room: ChatRoom, user: string): string {
  return `/chat?room=${encodeURIComponent(room)}&user=${encodeURIComponent(user)}`;
}
