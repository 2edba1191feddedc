/**
 * Plain WebSockets (no client library detected) as queues: what `bufferedAmount` holds, listed while it is above
 * zero. The sockets and the activity that may change it (a `send`, an event reaching the socket, a new socket) are
 * learnt from the WebSocket tap through the chaos hooks it already calls for every socket, so no second patch of
 * `WebSocket` is needed.
 */
import type { WebSocketChaos } from '../chaos/websocket-chaos';
import type { ClientQueue, ConnectionInfo } from '../protocol';
import { socketBufferedAmount } from '../clients/read';
import type { QueueRegistry } from './queue-registry';

export class SocketQueues {
  private readonly live = new Map<ConnectionInfo, WebSocket>();

  constructor(private readonly registry: QueueRegistry) {
    registry.registerGroup(() => this.read());
  }

  /**
   * The hooks the WebSocket tap calls, unchanged, with the tap's sockets and activity reported to the registry.
   * Reporting costs a flag check: the registry reads the sockets later, off the page's call.
   */
  observe(chaos: WebSocketChaos): WebSocketChaos {
    const { registry, live } = this;
    return {
      ...chaos,
      track(socket, info, protocols, constructed) {
        live.set(info, socket);
        registry.changed();
        chaos.track(socket, info, protocols, constructed);
      },
      // Events chaos makes up (a cut connection's close) reach the tap without `intercept`.
      isSynthetic(event) {
        const synthetic = chaos.isSynthetic(event);
        if (synthetic) registry.changed();
        return synthetic;
      },
      intercept(socket, event, type) {
        registry.changed();
        return chaos.intercept(socket, event, type);
      },
      send(socket, data) {
        const taken = chaos.send(socket, data);
        registry.changed();
        return taken;
      },
    };
  }

  private read(): ClientQueue[] {
    const queues: ClientQueue[] = [];
    for (const [info, socket] of this.live) {
      if (info.library !== undefined || info.state === 'closed') {
        this.live.delete(info);
        continue;
      }
      // Read as the page reads it: under chaos, frames held back count as they would on a slow link.
      const bufferedAmount = socketBufferedAmount(socket);
      if (bufferedAmount !== null && bufferedAmount > 0) {
        queues.push({ clientId: info.id, library: 'websocket', source: info.url, items: [], bufferedAmount });
      }
    }
    return queues;
  }
}
