import type { PageDisconnectedMessage } from '../../../instrumentation/protocol';
import { formatBytes, formatCount } from '../format/units';
import { chaosSummary } from '../store/chaos-summary';
import { UI_MAX_ROWS } from '../store/store';
import { useDevtoolsStore, useStoreValue } from '../store/use-store';

const DISCONNECTED_TEXT: Record<PageDisconnectedMessage['reason'], string> = {
  navigated: 'The page navigated away. Waiting for the new page to connect…',
  'tab-closed': 'The inspected tab was closed.',
  'no-relay': 'The page has not answered. Reload it if it was open before the extension was installed, or it may be a page extensions cannot access.',
};

/** Simulated conditions change what the page sees: while any is on, it is never out of sight. */
function ChaosBanner() {
  const store = useDevtoolsStore();
  const summary = useStoreValue((state) => (state.disconnected === null ? chaosSummary(state.chaos) : null));
  const onNetworkTab = useStoreValue((state) => state.tab === 'network');
  if (!summary) return null;
  const actions = store.getState();
  return (
    <div class="rtd-banner rtd-banner-chaos" data-testid="rtd-chaos-banner" role="status">
      <span class="rtd-problem-text">{summary}</span>
      {!onNetworkTab && (
        <button type="button" class="rtd-link-button" onClick={() => actions.setTab('network')}>
          Edit
        </button>
      )}
      <button type="button" class="rtd-link-button" data-testid="rtd-chaos-banner-reset" onClick={() => actions.send({ kind: 'reset-chaos' })}>
        Reset
      </button>
    </div>
  );
}

/** Everything the user must know before trusting what the lists show. */
export function Banners() {
  const store = useDevtoolsStore();
  const mismatch = useStoreValue((state) => state.versionMismatch);
  const disconnected = useStoreValue((state) => state.disconnected);
  const dropped = useStoreValue((state) => state.dropped);
  const limits = useStoreValue((state) => state.session?.limits);
  const evicted = useStoreValue((state) => state.log.evicted);
  const problemCount = useStoreValue((state) => state.problemCount);
  const problemsSeen = useStoreValue((state) => state.problemsSeen);
  const lastProblem = useStoreValue((state) => state.problems[state.problems.length - 1]);
  const unseenProblems = problemCount - problemsSeen;

  return (
    <>
      <ChaosBanner />
      {mismatch && (
        <div class="rtd-banner rtd-banner-error" data-testid="rtd-version-banner" role="alert">
          This page speaks Realtime DevTools protocol v{mismatch.pageVersion}; this UI reads v{mismatch.uiVersion}. Its data is
          not shown rather than misread: update the extension or the overlay script so that both match.
        </div>
      )}
      {disconnected && (
        <div class="rtd-banner rtd-banner-warn" data-testid="rtd-disconnected-banner" role="status">
          {DISCONNECTED_TEXT[disconnected]}
        </div>
      )}
      {dropped > 0 && (
        <div class="rtd-banner rtd-banner-warn" data-testid="rtd-dropped-banner" role="status">
          {formatCount(dropped)} events dropped by the page's ring buffer
          {limits ? ` (limit ${formatCount(limits.maxEvents)} events / ${formatBytes(limits.maxBytes)})` : ''}: the oldest are gone.
        </div>
      )}
      {evicted > 0 && (
        <div class="rtd-banner rtd-banner-info" data-testid="rtd-evicted-banner" role="status">
          This view discarded its {formatCount(evicted)} oldest rows to stay within {formatCount(UI_MAX_ROWS)}.
        </div>
      )}
      {unseenProblems > 0 && lastProblem && (
        <div class="rtd-banner rtd-banner-error rtd-problem-line" data-testid="rtd-problem-line" role="alert">
          <span class="rtd-problem-text">{lastProblem.text}</span>
          {unseenProblems > 1 && <span class="rtd-problem-more">+{unseenProblems - 1} more</span>}
          <button type="button" class="rtd-link-button" onClick={() => store.getState().setErrorsOpen(true)}>
            Show all
          </button>
          <button type="button" class="rtd-link-button" onClick={() => store.getState().dismissProblems()}>
            Dismiss
          </button>
        </div>
      )}
    </>
  );
}
