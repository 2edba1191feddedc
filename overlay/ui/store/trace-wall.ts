import {
  DEFAULT_LIMITS,
  PROTOCOL_VERSION,
  type CaptureEvent,
  type PageToUiMessage,
  type StoreLimits,
  type ToUiMessage,
  type UiToPageMessage,
  type Wall,
} from '../../../instrumentation/protocol';
import type { TraceFile } from '../../../instrumentation/trace/trace-format';
import { toPreview } from '../../../instrumentation/ui-link';
import { isEventType } from '../../../instrumentation/validation/protocol-fields';

/**
 * A wall that plays a trace to the shared UI as if it were the page: `hello` (the trace's page and tool) and a
 * `snapshot` of its connections and events on every `init`, and the stored payload of a frame on `get-payload`,
 * exactly as a live page answers. Every other command (clear, chaos, limits, export) has no page to act on and is
 * ignored: an imported trace is read-only. Events of types this UI does not know are not sent. Shared by the
 * standalone viewer and the import in the panel and the overlay.
 */
export function createTraceWall(trace: TraceFile): Wall {
  const listeners = new Set<(message: ToUiMessage) => void>();
  const limits: StoreLimits = { ...DEFAULT_LIMITS, maxEvents: Math.max(DEFAULT_LIMITS.maxEvents, trace.events.length) };
  const events = trace.events.filter((event) => isEventType(event.type));
  const framesBySeq = new Map<number, CaptureEvent>();
  for (const event of events) if (event.type === 'frame') framesBySeq.set(event.seq, event);

  const emit = (message: PageToUiMessage): void => {
    for (const listener of [...listeners]) listener(message);
  };

  return {
    send(message: UiToPageMessage) {
      if (message.kind === 'init') {
        emit({
          kind: 'hello',
          protocolVersion: PROTOCOL_VERSION,
          toolVersion: trace.tool.version,
          sessionId: trace.sessionId,
          page: trace.page,
          limits,
        });
        emit({
          kind: 'snapshot',
          connections: trace.connections,
          events: events.map((event) => toPreview(event, limits.previewBytes)),
          dropped: trace.dropped,
        });
      } else if (message.kind === 'get-payload') {
        const frame = framesBySeq.get(message.seq);
        emit(
          frame?.type === 'frame'
            ? { kind: 'payload', requestId: message.requestId, seq: message.seq, found: true, data: frame.data, encoding: frame.encoding, truncated: frame.truncated }
            : { kind: 'payload', requestId: message.requestId, seq: message.seq, found: false, data: '', encoding: 'text', truncated: false },
        );
      }
    },
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
