import type * as Ably from 'ably';
import type { LibrariesConfig } from '../shared/libraries-protocol.js';
import { showStatus } from './dom.js';
import type { LibraryLogSink } from './library-log.js';

/** The script-tag build's global (a local type: a global declaration would leak into every file of the project). */
const { Ably: AblyGlobal } = window as unknown as { Ably: typeof Ably };

const CHANNEL = 'lobby';

/** ably-js over msgpack (its binary protocol): a channel with messages (ACKed) and presence; resumes after drops. */
export function connectAbly(options: LibrariesConfig['ably'], user: string, log: LibraryLogSink, status: HTMLElement | null): Ably.RealtimeChannel {
  const realtime = new AblyGlobal.Realtime({ ...options, useBinaryProtocol: true });
  let lastConnectionId: string | undefined;
  realtime.connection.on((change) => {
    if (change.current !== 'connected') {
      if (status) showStatus(status, change.current === 'connecting' ? 'busy' : 'down', `Ably: ${change.current}`);
      return;
    }
    // RTN15c: a successful resume keeps the connection id; a failed one gets a new id (and the reason says why).
    const id = realtime.connection.id;
    const outcome = lastConnectionId === undefined ? '' : id === lastConnectionId ? ' (resumed)' : ' (new session: resume failed)';
    lastConnectionId = id;
    if (status) showStatus(status, 'ok', `Ably: connected${outcome}`);
  });
  const channel = realtime.channels.get(CHANNEL);
  const render = async (): Promise<void> => {
    const members = await channel.presence.get();
    log.showMembers(members.map((member) => member.clientId ?? '?'), user);
  };
  void channel.subscribe((message) => log.line(`${message.clientId ?? '?'}: ${String(message.data)}`));
  void channel.presence.subscribe(() => void render().catch(() => undefined));
  void channel.presence.enter({ status: 'online' }).then(render).catch((error: unknown) => log.line(`presence enter failed: ${String(error)}`));
  return channel;
}

export function publishAbly(channel: Ably.RealtimeChannel, text: string): void {
  void channel.publish('chat', text).catch(() => undefined);
}
