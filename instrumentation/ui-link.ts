import type { UiLink } from './api';
import {
  PROTOCOL_VERSION,
  type CaptureEvent,
  type PageInfo,
  type PageToUiMessage,
  type UiToPageMessage,
} from './protocol';
import type { QueryInspector } from './query/inspector';
import { feedQueueState } from './queues/queue-state-feed';
import type { QueueRegistry } from './queues/queue-registry';
import type { Recorder } from './recorder';
import { answerExportRequest, refuseExportRequest } from './trace/answer-export';
import type { PageTraceContext } from './trace/page-export';

export interface UiLinkContext {
  recorder: Recorder;
  toolVersion: string;
  sessionId: string;
  pageInfo(): PageInfo;
  /** Every live link, so that one UI's `clear` is seen by all. */
  links: Set<LinkedUi>;
  /** The TanStack Query cache, when the page side watches for one. */
  query?: QueryInspector;
  /** The unified offline queue, told to the UI as `queue-state`. */
  queues?: QueueRegistry;
  /** The page's window, for `export-trace` (the site's saved redaction rules live in its localStorage). */
  win?: PageTraceContext['win'];
}

export interface LinkedUi {
  send(message: PageToUiMessage): void;
}

/**
 * Large payloads stay in the page; a UI gets the first `previewBytes` and asks for the rest with `get-payload`.
 * Base64 is cut on a 4-character boundary so that the preview still decodes.
 */
export function toPreview(event: CaptureEvent, previewBytes: number): CaptureEvent {
  if (event.type !== 'frame' || event.data.length <= previewBytes) return event;
  const cut = event.encoding === 'base64' ? previewBytes - (previewBytes % 4) : previewBytes;
  return { ...event, data: event.data.slice(0, cut), truncated: true };
}

function previews(events: CaptureEvent[], previewBytes: number): CaptureEvent[] {
  let copied: CaptureEvent[] | undefined;
  for (let i = 0; i < events.length; i++) {
    const event = events[i] as CaptureEvent;
    const preview = toPreview(event, previewBytes);
    if (preview !== event) {
      copied ??= events.slice();
      copied[i] = preview;
    }
  }
  return copied ?? events;
}

/**
 * One attached UI. Nothing streams until the UI sends `init`; then it gets `hello`, a `snapshot` of what the ring
 * holds, and batches. A reconnecting UI (service-worker restart, panel reopened) sends `init` again and gets the
 * whole picture again, so nothing the ring still holds is lost; the UI deduplicates by `seq`.
 */
export function createUiLink(context: UiLinkContext, send: (message: PageToUiMessage) => void): UiLink {
  const { recorder, query } = context;
  let unsubscribe: (() => void) | undefined;
  let stopCacheUpdates: (() => void) | undefined;
  let stopQueueUpdates: (() => void) | undefined;
  const linked: LinkedUi = {
    send(message) {
      try {
        send(message);
      } catch (error) {
        recorder.internalError('sending to a UI', error);
      }
    },
  };

  const start = (): void => {
    unsubscribe?.();
    // Deliver what is pending to the other UIs first, so the snapshot and the next batch neither overlap nor miss.
    recorder.flush();
    const limits = recorder.limits;
    linked.send({
      kind: 'hello',
      protocolVersion: PROTOCOL_VERSION,
      toolVersion: context.toolVersion,
      sessionId: context.sessionId,
      page: context.pageInfo(),
      limits,
    });
    linked.send({
      kind: 'snapshot',
      connections: recorder.connections().map((info) => ({ ...info, requestedProtocols: [...info.requestedProtocols] })),
      events: previews(recorder.events(), limits.previewBytes),
      dropped: recorder.dropped,
    });
    context.links.add(linked);
    unsubscribe = recorder.subscribe((update) => {
      linked.send({
        kind: 'batch',
        events: previews(update.events, recorder.limits.previewBytes),
        connections: update.connections,
        dropped: update.dropped,
      });
    });
    if (query) {
      stopCacheUpdates?.();
      stopCacheUpdates = query.onCacheChange((message) => linked.send(message));
      linked.send(query.cacheMessage());
    }
    const { queues } = context;
    if (queues) {
      stopQueueUpdates?.();
      stopQueueUpdates = feedQueueState(queues, (message) => linked.send(message));
    }
  };

  const stop = (): void => {
    unsubscribe?.();
    unsubscribe = undefined;
    stopCacheUpdates?.();
    stopCacheUpdates = undefined;
    stopQueueUpdates?.();
    stopQueueUpdates = undefined;
    context.links.delete(linked);
  };

  return {
    receive(message: UiToPageMessage) {
      recorder.guard('handling a UI command', () => {
        if (typeof message !== 'object' || message === null) return;
        switch (message.kind) {
          case 'init':
            start();
            break;
          case 'detach':
            stop();
            break;
          case 'clear':
            recorder.clear();
            for (const link of context.links) link.send({ kind: 'cleared' });
            break;
          case 'get-payload': {
            const event = recorder.findEvent(message.seq);
            const found = event?.type === 'frame';
            linked.send({
              kind: 'payload',
              requestId: message.requestId,
              seq: message.seq,
              found,
              data: found ? event.data : '',
              encoding: found ? event.encoding : 'text',
              truncated: found ? event.truncated : false,
            });
            break;
          }
          case 'set-limits':
            recorder.setLimits(message.limits);
            break;
          case 'export-trace': {
            const { win } = context;
            linked.send(win ? answerExportRequest({ ...context, win }, message) : refuseExportRequest(message, 'This page link cannot export traces'));
            break;
          }
          case 'query-action':
            if (!query) throw new Error('query-action: the query cache is not watched');
            query.act(message.action, message.queryHash);
            break;
          default:
            recorder.internalError('handling a UI command', new Error(`unknown command ${JSON.stringify((message as { kind?: unknown }).kind)}`));
        }
      }, undefined);
    },
    disconnect: stop,
  };
}
