import type { CausedAction } from '../store/query-links';
import { causedBadgeText, chainDetailText } from '../store/query-display';
import { showQuery } from '../store/query-selection';
import { useDevtoolsStore } from '../store/use-store';

/**
 * On a frame row: what the frame did to the query cache (`→ invalidate ["todos"] → refetch 38 ms`). A click opens
 * the first query it touched in the Cache tab rather than selecting the row.
 */
export function CauseBadge({ actions }: { actions: readonly CausedAction[] }) {
  const store = useDevtoolsStore();
  const first = actions[0];
  if (!first) return null;
  const details = actions.map(chainDetailText).join('\n');
  return (
    <button
      type="button"
      class="rtd-cause-badge"
      data-testid="rtd-cause-badge"
      data-query-hash={first.event.queryHash}
      title={`Caused in the query cache:\n${details}\nClick to open ${first.event.queryKey || first.event.queryHash} in the Cache tab`}
      onClick={(event) => {
        event.stopPropagation();
        showQuery(store, first.event.queryHash);
      }}
    >
      {causedBadgeText(actions)}
    </button>
  );
}
