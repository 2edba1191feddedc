import type { ClientQueue } from '../protocol';
import type { ObservedClient } from './observed-client';

/** What the registry asks of each library adapter. */
export interface ClientAdapter {
  readonly client: ObservedClient;
  /** Re-reads what the library holds (queues, presence, new namespaces or channels) and records changes. */
  sample(): void;
  queues(): ClientQueue[];
  /** Something may change without an event to hear it by (the client is offline, or holds a queue): sample often. */
  busy(): boolean;
}

/** Listener signature of the libraries' emitters: they type listeners per event name, which no one signature fits. */
export type Listener = (...args: unknown[]) => void;

export interface Emitter {
  on(event: string, listener: Listener): unknown;
}
