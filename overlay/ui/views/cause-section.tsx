import { useStoreValue, useDevtoolsStore } from '../store/use-store';
import { queryLinks } from '../store/query-links';
import { chainDetailText, inferenceText } from '../store/query-display';
import { showQuery } from '../store/query-selection';

/**
 * In a frame's detail: every cache action the frame caused, each with the refetch it led to and how the page linked
 * it to the frame. Nothing is shown for a frame that caused nothing.
 */
export function CausedSection({ session, frameSeq }: { session: number; frameSeq: number }) {
  const store = useDevtoolsStore();
  const actions = useStoreValue((state) => queryLinks(state.queryEvents).causedBy(session, frameSeq));
  if (actions.length === 0) return null;
  return (
    <div class="rtd-caused" data-testid="rtd-caused">
      <div class="rtd-caused-title">Caused in the query cache</div>
      <ul>
        {actions.map((action) => (
          <li key={action.event.seq} data-testid="rtd-caused-action" data-query-hash={action.event.queryHash}>
            <button type="button" class="rtd-query-link" title="Open in the Cache tab" onClick={() => showQuery(store, action.event.queryHash)}>
              {chainDetailText(action)}
            </button>
            <span class="rtd-cache-why" data-testid="rtd-caused-inference">
              {inferenceText(action.cause)}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
