import type Pusher from 'pusher-js';
import type { Members, PresenceChannel } from 'pusher-js';
import type { LibrariesConfig } from '../shared/libraries-protocol.js';
import { showStatus } from './dom.js';
import type { LibraryLogSink } from './library-log.js';

/** The script-tag build's global (a local type: a global declaration would leak into every file of the project). */
const { Pusher: PusherGlobal } = window as unknown as { Pusher: typeof Pusher };

const CHANNEL = 'presence-lobby';

function memberIds(members: Members): string[] {
  const ids: string[] = [];
  members.each((member: { id: string }) => ids.push(member.id));
  return ids;
}

/** pusher-js on a presence channel (HMAC-signed by the local server), with client events between members. */
export function connectPusher(config: LibrariesConfig['pusher'], user: string, log: LibraryLogSink, status: HTMLElement | null): PresenceChannel {
  const pusher = new PusherGlobal(config.appKey, config.options);
  pusher.connection.bind('state_change', ({ current }: { current: string }) => {
    if (status) showStatus(status, current === 'connected' ? 'ok' : current === 'connecting' ? 'busy' : 'down', `Pusher: ${current}`);
  });
  const channel = pusher.subscribe(CHANNEL) as PresenceChannel;
  const render = (): void => log.showMembers(memberIds(channel.members), user);
  channel.bind('pusher:subscription_succeeded', render);
  channel.bind('pusher:member_added', (member: { id: string }) => {
    log.line(`${member.id} joined`);
    render();
  });
  channel.bind('pusher:member_removed', (member: { id: string }) => {
    log.line(`${member.id} left`);
    render();
  });
  channel.bind('client-wave', (data: { text?: unknown }, metadata?: { user_id?: string }) => log.line(`${metadata?.user_id ?? '?'} waves: ${String(data?.text)}`));
  return channel;
}

export function triggerWave(channel: PresenceChannel, text: string): boolean {
  return channel.trigger('client-wave', { text });
}
