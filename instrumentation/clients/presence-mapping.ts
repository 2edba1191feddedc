/**
 * Socket.IO has no presence of its own: apps announce members with events of their choosing. The defaults follow
 * the conventions our users write (`presence:update` with the member list, `presence:user-joined`/`-left`, and the
 * Socket.IO docs' `user:joined`/`user:left` carrying a socket id); `setPresenceMapping` adapts them to any app.
 */
import type { PresenceMapping } from '../protocol';
import type { MemberSighting } from './presence-tracker';
import { isRecord, previewJson } from './read';

export const DEFAULT_PRESENCE_MAPPING: PresenceMapping = Object.freeze({
  syncEvents: ['presence:update'],
  joinEvents: ['presence:user-joined', 'user:joined'],
  leaveEvents: ['presence:user-left', 'user:left'],
  memberIdPath: 'id',
});

function eventNames(value: unknown, fallback: string[]): string[] {
  if (!Array.isArray(value)) return fallback;
  return value.filter((name): name is string => typeof name === 'string' && name !== '');
}

/** A complete mapping from any input: fields that are missing or of the wrong type keep their default. */
export function normalizePresenceMapping(input: unknown): PresenceMapping {
  const source = isRecord(input) ? input : {};
  const defaults = DEFAULT_PRESENCE_MAPPING;
  return {
    syncEvents: eventNames(source.syncEvents, [...defaults.syncEvents]),
    joinEvents: eventNames(source.joinEvents, [...defaults.joinEvents]),
    leaveEvents: eventNames(source.leaveEvents, [...defaults.leaveEvents]),
    memberIdPath: typeof source.memberIdPath === 'string' && source.memberIdPath !== '' ? source.memberIdPath : defaults.memberIdPath,
  };
}

/** A member's id: the value itself when it is a plain id, else the value at the mapping's path. */
export function memberId(value: unknown, idPath: string): string | undefined {
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  let current: unknown = value;
  for (const key of idPath.split('.')) {
    if (!isRecord(current)) return undefined;
    current = current[key];
  }
  return typeof current === 'string' || typeof current === 'number' ? String(current) : undefined;
}

function sighting(value: unknown, idPath: string): MemberSighting | undefined {
  const id = memberId(value, idPath);
  return id === undefined ? undefined : { id, data: typeof value === 'object' && value !== null ? previewJson(value) : '' };
}

function memberList(payload: unknown): unknown[] | undefined {
  if (Array.isArray(payload)) return payload;
  if (isRecord(payload)) {
    if (Array.isArray(payload.members)) return payload.members;
    if (Array.isArray(payload.users)) return payload.users;
  }
  return undefined;
}

/**
 * The member list after a Socket.IO event, or undefined when the event says nothing about presence (not a mapped
 * event, or a payload without an id where the mapping expects one).
 */
export function applyPresenceEvent(mapping: PresenceMapping, members: readonly MemberSighting[], event: string, args: readonly unknown[]): MemberSighting[] | undefined {
  const payload = args[0];
  if (mapping.syncEvents.includes(event)) {
    const list = memberList(payload);
    if (!list) return undefined;
    return list.map((value) => sighting(value, mapping.memberIdPath)).filter((member): member is MemberSighting => member !== undefined);
  }
  if (mapping.joinEvents.includes(event)) {
    const joined = sighting(payload, mapping.memberIdPath);
    if (!joined) return undefined;
    return [...members.filter((member) => member.id !== joined.id), joined];
  }
  if (mapping.leaveEvents.includes(event)) {
    const id = memberId(payload, mapping.memberIdPath);
    if (id === undefined) return undefined;
    return members.filter((member) => member.id !== id);
  }
  return undefined;
}
