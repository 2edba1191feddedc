import { describe, expect, it } from 'vitest';
import { DEFAULT_PRESENCE_MAPPING, applyPresenceEvent, memberId, normalizePresenceMapping } from '../../instrumentation/clients/presence-mapping';
import { PresenceTracker } from '../../instrumentation/clients/presence-tracker';

const mapping = normalizePresenceMapping(DEFAULT_PRESENCE_MAPPING);

describe('Socket.IO presence mapping', () => {
  it('takes the whole member list from presence:update, as the seed app sends it', () => {
    const members = applyPresenceEvent(mapping, [], 'presence:update', [[{ id: 'u1', name: 'Ann' }, { id: 'u2', name: 'Bob' }]]);
    expect(members?.map((member) => member.id)).toEqual(['u1', 'u2']);
    expect(members?.[0]?.data).toBe('{"id":"u1","name":"Ann"}');
  });

  it('adds a member from presence:user-joined and removes one by id from presence:user-left', () => {
    const joined = applyPresenceEvent(mapping, [{ id: 'u1', data: '' }], 'presence:user-joined', [{ id: 'u2', name: 'Bob' }]);
    expect(joined?.map((member) => member.id)).toEqual(['u1', 'u2']);
    const left = applyPresenceEvent(mapping, joined ?? [], 'presence:user-left', ['u1']);
    expect(left?.map((member) => member.id)).toEqual(['u2']);
  });

  it('understands the socket ids of user:joined / user:left', () => {
    const joined = applyPresenceEvent(mapping, [], 'user:joined', ['AbCd123']);
    expect(joined).toEqual([{ id: 'AbCd123', data: '' }]);
    expect(applyPresenceEvent(mapping, joined ?? [], 'user:left', ['AbCd123'])).toEqual([]);
  });

  it('ignores events it does not map, and payloads without an id', () => {
    expect(applyPresenceEvent(mapping, [], 'chat:message', ['hi'])).toBeUndefined();
    expect(applyPresenceEvent(mapping, [], 'presence:user-joined', [{ name: 'no id' }])).toBeUndefined();
    expect(applyPresenceEvent(mapping, [], 'presence:update', ['not a list'])).toBeUndefined();
  });

  it('follows a custom mapping with a nested id path and a members field', () => {
    const custom = normalizePresenceMapping({ syncEvents: ['room:members'], memberIdPath: 'user.uid' });
    const members = applyPresenceEvent(custom, [], 'room:members', [{ members: [{ user: { uid: 7 } }] }]);
    expect(members?.map((member) => member.id)).toEqual(['7']);
    expect(custom.joinEvents).toEqual(DEFAULT_PRESENCE_MAPPING.joinEvents);
    expect(applyPresenceEvent(custom, [], 'presence:update', [[{ id: 'x' }]])).toBeUndefined();
  });

  it('repairs invalid mappings field by field', () => {
    const repaired = normalizePresenceMapping({ syncEvents: 'presence:update', joinEvents: ['a', 3, ''], memberIdPath: '' });
    expect(repaired).toEqual({ ...DEFAULT_PRESENCE_MAPPING, joinEvents: ['a'] });
    expect(normalizePresenceMapping(null)).toEqual(DEFAULT_PRESENCE_MAPPING);
  });

  it('reads ids from numbers, strings and paths only', () => {
    expect(memberId(42, 'id')).toBe('42');
    expect(memberId({ id: { nested: true } }, 'id')).toBeUndefined();
    expect(memberId(null, 'id')).toBeUndefined();
  });
});

describe('PresenceTracker', () => {
  it('reports joins and leaves between lists and keeps when each member was first seen', () => {
    const tracker = new PresenceTracker();
    expect(tracker.replace('presence-room', [{ id: 'a', data: '1' }], 100)).toEqual({ joined: [{ id: 'a', data: '1', since: 100 }], left: [] });
    const change = tracker.replace('presence-room', [{ id: 'a', data: '2' }, { id: 'b', data: '' }], 200);
    expect(change).toEqual({ joined: [{ id: 'b', data: '', since: 200 }], left: [] });
    expect(tracker.snapshot('presence-room')).toEqual([{ id: 'a', data: '2', since: 100 }, { id: 'b', data: '', since: 200 }]);
    expect(tracker.replace('presence-room', [{ id: 'b', data: '' }], 300)).toEqual({ joined: [], left: ['a'] });
  });

  it('keeps sets apart and counts a duplicate sighting once', () => {
    const tracker = new PresenceTracker();
    tracker.replace('one', [{ id: 'a', data: '' }, { id: 'a', data: '' }], 1);
    tracker.replace('two', [{ id: 'b', data: '' }], 1);
    expect(tracker.sources()).toEqual(['one', 'two']);
    expect(tracker.members('one')).toEqual([{ id: 'a', data: '' }]);
  });
});

describe('PresenceTracker.forget', () => {
  it('stops listing a set the client no longer has', () => {
    const tracker = new PresenceTracker();
    tracker.replace('presence-room', [{ id: 'a', data: '' }], 1);
    tracker.forget('presence-room');
    expect(tracker.sources()).toEqual([]);
    expect(tracker.replace('presence-room', [{ id: 'a', data: '' }], 2).joined).toEqual([{ id: 'a', data: '', since: 2 }]);
  });
});
