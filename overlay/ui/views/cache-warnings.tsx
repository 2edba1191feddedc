import type { ComponentChildren } from 'preact';
import type { Transport } from '../../../instrumentation/protocol';
import { formatClock, formatDuration } from '../format/units';
import type { QueryMistakes } from '../store/query-mistakes';
import { causeLabel, connectionName } from '../store/query-display';
import { selectQuery, showFrame } from '../store/query-selection';
import { useDevtoolsStore } from '../store/use-store';

function QueryLink({ queryHash, queryKey }: { queryHash: string; queryKey: string }) {
  const store = useDevtoolsStore();
  return (
    <button type="button" class="rtd-query-link" data-testid="rtd-warning-query" onClick={() => selectQuery(store, queryHash)}>
      {queryKey || queryHash}
    </button>
  );
}

function Group({ title, count, testId, children }: { title: string; count: number; testId: string; children: ComponentChildren }) {
  if (count === 0) return null;
  return (
    <div class="rtd-cache-warning-group" data-testid={testId} data-count={String(count)}>
      <div class="rtd-cache-warning-group-title">
        {title} ({count})
      </div>
      <ul>{children}</ul>
    </div>
  );
}

const times = (count: number): string => (count === 1 ? 'once' : `${count} times`);

/**
 * The classic mistakes of cache handling: invalidating what nobody observes, refetch storms with the frames that
 * caused them, and refetches that brought back the data the cache already held.
 */
export function CacheWarnings({ mistakes, session, transportOf }: { mistakes: QueryMistakes; session: number; transportOf: (connectionId: string) => Transport | undefined }) {
  const store = useDevtoolsStore();
  if (mistakes.total === 0) return null;
  const unobserved = mistakes.unobserved.reduce((sum, entry) => sum + entry.count, 0);
  const wasted = mistakes.wasted.reduce((sum, entry) => sum + entry.count, 0);
  return (
    <details class="rtd-cache-warnings" data-testid="rtd-cache-warnings" open>
      <summary data-testid="rtd-cache-warnings-summary">
        ⚠ {[
          unobserved > 0 && `${unobserved} invalidation${unobserved === 1 ? '' : 's'} nobody observes`,
          mistakes.storms.length > 0 && `${mistakes.storms.length} refetch storm${mistakes.storms.length === 1 ? '' : 's'}`,
          wasted > 0 && `${wasted} wasted refetch${wasted === 1 ? '' : 'es'}`,
        ].filter(Boolean).join(' · ')}
      </summary>
      <Group title="Invalidated while nobody observes it" count={unobserved} testId="rtd-warning-unobserved">
        {mistakes.unobserved.map((entry) => {
          const cause = entry.last.cause;
          return (
            <li key={entry.queryHash} data-testid="rtd-warning">
              nobody observes <QueryLink queryHash={entry.queryHash} queryKey={entry.queryKey} />: invalidated {times(entry.count)}
              {entry.caused > 0 && `, ${entry.caused} by a frame`}
              {cause ? `; last by ${causeLabel(cause)} on ${connectionName(cause.connectionId, transportOf(cause.connectionId))}` : '; last with no identifiable cause'}{' '}
              at {formatClock(entry.last.at)}. <span class="rtd-cache-why">Nothing refetches it until a component observes it again.</span>
            </li>
          );
        })}
      </Group>
      <Group title="Refetch storms" count={mistakes.storms.length} testId="rtd-warning-storms">
        {mistakes.storms.map((storm) => (
          <li key={`${storm.queryHash}:${storm.from}`} data-testid="rtd-warning">
            <QueryLink queryHash={storm.queryHash} queryKey={storm.queryKey} /> fetched {storm.peak} times within a second ({formatClock(storm.from)}
            {storm.to > storm.from ? `, over ${formatDuration(storm.to - storm.from)}` : ''}),{' '}
            {storm.causes.length === 0 ? 'with no frame identified as cause' : 'caused by '}
            {storm.causes.map((cause, index) => (
              <span key={`${cause.connectionId}:${cause.label}`}>
                {index > 0 && ', '}
                <button
                  type="button"
                  class="rtd-frame-link"
                  data-testid="rtd-storm-cause"
                  title="Show the first of these frames"
                  onClick={() => showFrame(store, session, cause.frameSeqs[0] ?? -1, cause.connectionId)}
                >
                  {cause.label}
                </button>
                {cause.count > 1 && ` ×${cause.count}`} on {connectionName(cause.connectionId, transportOf(cause.connectionId))}
              </span>
            ))}
.{' '}
            <span class="rtd-cache-why">Debounce the invalidation, or write the event’s data with setQueryData.</span>
          </li>
        ))}
      </Group>
      <Group title="Wasted refetches: the result equalled the cached data" count={wasted} testId="rtd-warning-wasted">
        {mistakes.wasted.map((entry) => (
          <li key={entry.queryHash} data-testid="rtd-warning">
            <QueryLink queryHash={entry.queryHash} queryKey={entry.queryKey} />: {times(entry.count)}, {formatDuration(entry.totalMs)} of round trips
            {entry.caused > 0 && `, ${entry.caused} caused by a frame`}
          </li>
        ))}
      </Group>
    </details>
  );
}
