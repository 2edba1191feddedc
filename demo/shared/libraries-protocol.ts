import type { AblyClientOptions } from '../../test/fixtures/servers/ably-server';
import type { PusherClientOptions } from '../../test/fixtures/servers/pusher-server';

/** What the demo's Libraries page asks its server (demo/server/libraries.ts) and gets back. */
export type LibraryName = 'socketio' | 'pusher' | 'ably';

export interface LibraryStatus {
  up: boolean;
  clients: number;
}

export interface LibrariesConfig {
  socketIoUrl: string;
  pusher: { appKey: string; options: PusherClientOptions };
  ably: AblyClientOptions;
}

export interface Todo {
  id: number;
  title: string;
  done: boolean;
}
