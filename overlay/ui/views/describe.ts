import type { ConnectionInfo, LifecycleEvent } from '../../../instrumentation/protocol';
import { closeCodeName } from '../format/close-codes';

/** `1006 Abnormal Closure · "bye"` */
export function describeClose(code: number | null | undefined, reason: string | null | undefined): string {
  const parts: string[] = [];
  if (code !== null && code !== undefined) parts.push(`${code} ${closeCodeName(code)}`);
  if (reason) parts.push(`“${reason}”`);
  return parts.join(' · ');
}

/** The sentence a lifecycle row shows. */
export function describeLifecycle(event: LifecycleEvent, connection: ConnectionInfo | undefined): string {
  const by = event.initiator === 'page' ? 'by the page' : event.initiator === 'remote' ? 'by the server' : '';
  switch (event.phase) {
    case 'connecting':
      return connection ? `Connecting to ${connection.url}` : 'Connecting';
    case 'open': {
      const protocol = connection?.protocol ? ` · subprotocol ${connection.protocol}` : '';
      return `Connection open${protocol}`;
    }
    case 'closing':
      return ['Closing', by, describeClose(event.closeCode, event.closeReason)].filter(Boolean).join(' ');
    case 'closed': {
      const clean = event.wasClean === false ? '(not clean)' : '';
      return ['Closed', by, describeClose(event.closeCode, event.closeReason), clean].filter(Boolean).join(' ');
    }
    case 'error':
      return 'Error';
    case 'reconnecting':
      return 'Reconnecting';
  }
}

export const TRANSPORT_LABEL: Record<ConnectionInfo['transport'], string> = {
  websocket: 'WS',
  eventsource: 'SSE',
  'fetch-sse': 'SSE fetch',
  polling: 'Polling',
};
