import { useMemo } from 'preact/hooks';
import { formatClock } from '../format/units';
import { lostEmits, queueSeries, sparklinePoints, type QueueSeries } from '../store/queue-series';
import { useStoreValue } from '../store/use-store';

const SPARK_WIDTH = 180;
const SPARK_HEIGHT = 28;

function QueueRow({ series }: { series: QueueSeries }) {
  const first = series.points[0]?.at ?? 0;
  const last = series.points[series.points.length - 1]?.at ?? first;
  const history = series.points.map((point) => `${formatClock(point.at)}  ${point.queued}`).join('\n');
  return (
    <div class="rtd-client-card" data-testid="rtd-queue-source" data-client-id={series.clientId} data-source={series.source} data-queued={String(series.current)}>
      <div class="rtd-client-card-head">
        <span class={`rtd-library-badge rtd-library-${series.library.replace('.', '')}`}>{series.library}</span>
        <span class="rtd-mono">{series.clientId}</span>
        <span class="rtd-client-source" title={series.source}>
          {series.source || '(queue)'}
        </span>
        <span class="rtd-spacer" />
        <span class={`rtd-queue-count${series.current > 0 ? ' rtd-queue-waiting' : ''}`} data-testid="rtd-queue-count">
          {series.current} queued
        </span>
        <span class="rtd-dim">peak {series.peak}</span>
      </div>
      <svg class="rtd-sparkline" width={SPARK_WIDTH} height={SPARK_HEIGHT} role="img" aria-label={`Queued messages of ${series.clientId} over time`}>
        <title>{history}</title>
        <polyline points={sparklinePoints(series.points, first, last, SPARK_WIDTH, SPARK_HEIGHT)} />
      </svg>
      <span class="rtd-dim rtd-mono">
        {formatClock(first)} – {formatClock(last)} · {series.points.length} report{series.points.length === 1 ? '' : 's'}
      </span>
    </div>
  );
}

/**
 * What client libraries hold to send later: the count of each queue over time, and the emits lost on a connection
 * that died. Only counts travel in events; the queued items themselves stay in the page (`queue()` of the page API).
 */
export function QueueView() {
  const records = useStoreValue((state) => state.clientEvents);
  const series = useMemo(() => queueSeries(records), [records]);
  const lost = useMemo(() => lostEmits(records), [records]);
  return (
    <div class="rtd-client-view" data-testid="rtd-queue-view">
      <div class="rtd-pane-header">
        <span>Queued messages</span>
        <span class="rtd-pane-count">{series.length}</span>
      </div>
      {series.length === 0 ? (
        <div class="rtd-empty">No client library has reported a send queue. Attach a Socket.IO, Pusher or Ably client to see its queue.</div>
      ) : (
        series.map((entry) => <QueueRow key={entry.key} series={entry} />)
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
