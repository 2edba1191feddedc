import { useMemo } from 'preact/hooks';
import type { QueuedItem } from '../../../instrumentation/protocol';
import { formatBytes, formatClock } from '../format/units';
import { lostEmits, sparklinePoints } from '../store/queue-series';
import { queueSources, replayLine, replaySummary, waitingItems, type QueueReplayView, type QueueSourceView } from '../store/queue-sources';
import { useStoreValue } from '../store/use-store';
import { QUEUE_CSS } from './queue-styles';

const SPARK_WIDTH = 180;
const SPARK_HEIGHT = 28;

function amount(entry: QueueSourceView, value: number): string {
  return entry.unit === 'bytes' ? formatBytes(value) : `${value} queued`;
}

function ItemRow({ item }: { item: QueuedItem }) {
  return (
    <li class={`rtd-queue-item${item.status === 'lost' ? ' rtd-lost' : ''}`} data-testid="rtd-queue-item" data-status={item.status} data-name={item.name}>
      <span class="rtd-mono rtd-dim" title={`first seen ${new Date(item.since).toISOString()}`}>since {formatClock(item.since)}</span>
      <span class="rtd-queue-item-name">{item.name}</span>
      {item.status === 'lost' && <span class="rtd-queue-lost-tag">lost</span>}
      <span class="rtd-mono rtd-queue-preview" title={item.preview}>{item.preview}</span>
    </li>
  );
}

function Replay({ replay }: { replay: QueueReplayView }) {
  return (
    <div class="rtd-queue-replay" data-testid="rtd-queue-replay" data-sent={String(replay.sent.length)} data-lost={String(replay.lost.length)} title={replaySummary(replay)}>
      <div class="rtd-dim">
        Drained at <span class="rtd-mono">{formatClock(replay.at)}</span>
        {replay.sent.length === 0 ? ' · nothing sent' : ` · sent in order (${replay.sent.length}):`}
      </div>
      {replay.sent.length > 0 && (
        <ol class="rtd-queue-replay-list">
          {replay.sent.map((item, index) => (
            <li key={index} class="rtd-mono" data-testid="rtd-queue-replay-sent">{replayLine(item, index)}</li>
          ))}
        </ol>
      )}
      <div class={replay.lost.length > 0 ? 'rtd-lost' : 'rtd-dim'}>{replay.lost.length === 0 ? 'nothing lost' : `lost (${replay.lost.length}):`}</div>
      {replay.lost.length > 0 && (
        <ul class="rtd-queue-replay-list">
          {replay.lost.map((item, index) => (
            <li key={index} class="rtd-mono rtd-lost" data-testid="rtd-queue-replay-lost">{`${item.name} ${item.preview}`}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

function QueueSourceCard({ entry }: { entry: QueueSourceView }) {
  const first = entry.points[0]?.at ?? 0;
  const last = entry.points[entry.points.length - 1]?.at ?? first;
  const history = entry.points.map((point) => `${formatClock(point.at)}  ${amount(entry, point.queued)}`).join('\n');
  const waiting = waitingItems(entry);
  const lost = entry.items.filter((item) => item.status === 'lost');
  return (
    <div
      class="rtd-client-card"
      data-testid="rtd-queue-source"
      data-library={entry.library}
      data-client-id={entry.clientId}
      data-source={entry.source}
      data-queued={String(entry.current)}
    >
      <div class="rtd-client-card-head">
        <span class={`rtd-library-badge rtd-library-${entry.library.replace('.', '')}`}>{entry.library}</span>
        {entry.clientId && <span class="rtd-mono">{entry.clientId}</span>}
        <span class="rtd-client-source" title={entry.source}>
          {entry.source || '(queue)'}
        </span>
        <span class="rtd-spacer" />
        <span class={`rtd-queue-count${entry.current > 0 ? ' rtd-queue-waiting' : ''}`} data-testid="rtd-queue-count">
          {amount(entry, entry.current)}
        </span>
        <span class="rtd-dim">peak {entry.unit === 'bytes' ? formatBytes(entry.peak) : entry.peak}</span>
      </div>
      {entry.points.length > 0 && (
        <>
          <svg class="rtd-sparkline" width={SPARK_WIDTH} height={SPARK_HEIGHT} role="img" aria-label={`Queued ${entry.unit} of ${entry.source || entry.library} over time`}>
            <title>{history}</title>
            <polyline points={sparklinePoints(entry.points, first, last, SPARK_WIDTH, SPARK_HEIGHT)} />
          </svg>
          <span class="rtd-dim rtd-mono">
            {formatClock(first)} – {formatClock(last)} · {entry.points.length} report{entry.points.length === 1 ? '' : 's'}
          </span>
        </>
      )}
      {entry.bufferedAmount !== null && (
        <span class="rtd-dim" data-testid="rtd-queue-buffered-amount">
          socket bufferedAmount <span class="rtd-mono">{formatBytes(entry.bufferedAmount)}</span>
        </span>
      )}
      {(waiting.length > 0 || lost.length > 0) && (
        <ul class="rtd-queue-items">
          {waiting.map((item, index) => <ItemRow key={`w${index}`} item={item} />)}
          {lost.map((item, index) => <ItemRow key={`l${index}`} item={item} />)}
        </ul>
      )}
      {entry.replay && <Replay replay={entry.replay} />}
    </div>
  );
}

/**
 * The one offline queue: per source (client library queues, TanStack paused mutations, app queues registered with
 * `trackQueue`, plain sockets' `bufferedAmount`) the count now and over time, the items waiting, and the replay
 * after the connection came back: what was sent, in which order, and what was lost.
 */
export function QueueView() {
  const clientEvents = useStoreValue((state) => state.clientEvents);
  const queueEvents = useStoreValue((state) => state.queueEvents);
  const queues = useStoreValue((state) => state.queues);
  const session = useStoreValue((state) => state.session?.ordinal ?? null);
  const sources = useMemo(() => queueSources({ clientEvents, queueEvents, queues, session }), [clientEvents, queueEvents, queues, session]);
  const lost = useMemo(() => lostEmits(clientEvents), [clientEvents]);
  return (
    <div class="rtd-client-view" data-testid="rtd-queue-view">
      <style>{QUEUE_CSS}</style>
      <div class="rtd-pane-header">
        <span>Offline queue</span>
        <span class="rtd-pane-count">{sources.length}</span>
      </div>
      {sources.length === 0 ? (
        <div class="rtd-empty">
          Nothing has been queued. Client library queues (Socket.IO, Pusher, Ably), TanStack paused mutations and sockets
          holding unsent bytes appear here; show your app's own queue with{' '}
          <code>__REALTIME_DEVTOOLS__.trackQueue(name, getItems)</code>.
        </div>
      ) : (
        sources.map((entry) => <QueueSourceCard key={entry.key} entry={entry} />)
      )}
      <div class="rtd-pane-header">
        <span>Lost emits</span>
        <span class="rtd-pane-count">{lost.length}</span>
      </div>
      {lost.length === 0 ? (
        <div class="rtd-empty">No emit was lost on a dying connection.</div>
      ) : (
        <ul class="rtd-client-list">
          {lost.map((entry) => (
            <li key={entry.key} class="rtd-lost" data-testid="rtd-lost-emit">
              <span class="rtd-mono">{formatClock(entry.at)}</span>
              <span class="rtd-mono">{entry.clientId}</span>
              <span>{entry.text}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
