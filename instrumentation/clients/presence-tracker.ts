import type { PresenceMember } from '../protocol';

export interface MemberSighting {
  id: string;
  /** Preview text of the member's info/data. */
  data: string;
}

export interface PresenceChange {
  joined: PresenceMember[];
  left: string[];
}

/**
 * The members of each presence set of one client, from whole lists the library holds (Pusher `channel.members`,
 * Ably's presence map, a Socket.IO sync event): each new list is compared with the last one, which gives the joins
 * and leaves and keeps when each member was first seen.
 */
export class PresenceTracker {
  private sets = new Map<string, Map<string, PresenceMember>>();

  /** Replaces the members of `source`; returns who joined and who left since the last list. */
  replace(source: string, sightings: readonly MemberSighting[], now: number): PresenceChange {
    const previous = this.sets.get(source) ?? new Map<string, PresenceMember>();
    const next = new Map<string, PresenceMember>();
    const joined: PresenceMember[] = [];
    for (const sighting of sightings) {
      if (next.has(sighting.id)) continue;
      const known = previous.get(sighting.id);
      const member = { id: sighting.id, data: sighting.data, since: known?.since ?? now };
      next.set(sighting.id, member);
      if (!known) joined.push(member);
    }
    const left = [...previous.keys()].filter((id) => !next.has(id));
    this.sets.set(source, next);
    return { joined, left };
  }

  /** The set is gone (channel unsubscribed): no longer listed. */
  forget(source: string): void {
    this.sets.delete(source);
  }

  /** The current members of `source` (empty when unknown). */
  members(source: string): MemberSighting[] {
    return [...(this.sets.get(source)?.values() ?? [])].map(({ id, data }) => ({ id, data }));
  }

  sources(): string[] {
    return [...this.sets.keys()];
  }

  snapshot(source: string): PresenceMember[] {
    return [...(this.sets.get(source)?.values() ?? [])].map((member) => ({ ...member }));
  }
}
