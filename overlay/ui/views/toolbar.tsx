import { isChaosActive } from '../store/chaos-summary';
import type { DirectionFilter } from '../store/frame-filter';
import type { MainTab } from '../store/store';
import { useTraceMode } from '../store/trace-mode';
import { useDevtoolsStore, useStoreValue } from '../store/use-store';
import { TraceButtons } from './trace-buttons';
import { useCompiledFilter } from './use-filtered-rows';

const TABS: { tab: MainTab; label: string }[] = [
  { tab: 'frames', label: 'Frames' },
  { tab: 'timeline', label: 'Timeline' },
  { tab: 'network', label: 'Network' },
  { tab: 'queue', label: 'Queue' },
  { tab: 'presence', label: 'Presence' },
  { tab: 'cache', label: 'Cache' },
];

function ErrorsIndicator() {
  const store = useDevtoolsStore();
  const internal = useStoreValue((state) => state.internalErrors.length);
  const problems = useStoreValue((state) => state.problems.length);
  const open = useStoreValue((state) => state.errorsOpen);
  const total = internal + problems;
  if (total === 0) return null;
  return (
    <button
      type="button"
      class={`rtd-errors-indicator${open ? ' rtd-pressed' : ''}`}
      data-testid="rtd-internal-errors"
      aria-pressed={open}
      title={`${internal} internal error${internal === 1 ? '' : 's'} of the capture, ${problems} UI problem${problems === 1 ? '' : 's'}`}
      onClick={() => store.getState().setErrorsOpen(!open)}
    >
      <span class="rtd-errors-icon">⚠</span>
      {total}
    </button>
  );
}

/** The tab strip, with the panel-level controls at its right end. */
export function TabBar({ onClose }: { onClose: (() => void) | undefined }) {
  const store = useDevtoolsStore();
  const tab = useStoreValue((state) => state.tab);
  const chaosActive = useStoreValue((state) => isChaosActive(state.chaos));
  return (
    <div class="rtd-tabbar" role="tablist">
      <span class="rtd-brand">Realtime</span>
      {TABS.map((entry) => (
        <button
          key={entry.tab}
          type="button"
          role="tab"
          aria-selected={tab === entry.tab}
          class={`rtd-tab${tab === entry.tab ? ' rtd-tab-active' : ''}`}
          data-testid={`rtd-tab-${entry.tab}`}
          onClick={() => store.getState().setTab(entry.tab)}
        >
          {entry.label}
          {entry.tab === 'network' && chaosActive && <span class="rtd-chaos-dot" data-testid="rtd-chaos-tab-dot" title="Conditions simulated" />}
        </button>
      ))}
      <span class="rtd-spacer" />
      <ErrorsIndicator />
      {onClose && (
        <button type="button" class="rtd-icon-button rtd-close" data-testid="rtd-close" title="Close (Alt+Shift+R)" aria-label="Close Realtime DevTools" onClick={onClose}>
          ×
        </button>
      )}
    </div>
  );
}

/** Clear, preserve log, search and direction: the controls of what the lists show (an imported trace is not cleared). */
export function Toolbar() {
  const store = useDevtoolsStore();
  const { readOnly } = useTraceMode();
  const preserveLog = useStoreValue((state) => state.preserveLog);
  const search = useStoreValue((state) => state.search);
  const regex = useStoreValue((state) => state.regex);
  const direction = useStoreValue((state) => state.direction);
  const showHeartbeats = useStoreValue((state) => state.showHeartbeats);
  const filter = useCompiledFilter();
  const actions = store.getState();
  return (
    <div class="rtd-toolbar" data-testid="rtd-toolbar" role="toolbar">
      {!readOnly && (
        <>
          <button type="button" class="rtd-icon-button rtd-clear" data-testid="rtd-clear" title="Clear" aria-label="Clear" onClick={() => actions.clear()}>
            <span class="rtd-clear-glyph" />
          </button>
          <label class="rtd-check" title="Keep the log when the page navigates or reloads">
            <input type="checkbox" data-testid="rtd-preserve-log" checked={preserveLog} onChange={(event) => actions.setPreserveLog(event.currentTarget.checked)} />
            Preserve log
          </label>
          <span class="rtd-separator" />
        </>
      )}
      <div class={`rtd-search${filter.error ? ' rtd-search-invalid' : ''}`}>
        <input
          type="text"
          spellcheck={false}
          autocomplete="off"
          placeholder={regex ? 'Filter by regular expression' : 'Filter'}
          aria-label="Filter frames"
          data-testid="rtd-search"
          value={search}
          onInput={(event) => actions.setSearch(event.currentTarget.value)}
        />
        <button
          type="button"
          class={`rtd-regex-toggle${regex ? ' rtd-pressed' : ''}`}
          data-testid="rtd-search-regex"
          aria-pressed={regex}
          title="Use regular expression"
          onClick={() => actions.setRegex(!regex)}
        >
          .*
        </button>
      </div>
      {filter.error && (
        <span class="rtd-search-error" data-testid="rtd-search-error" role="alert" title={filter.error}>
          {filter.error}
        </span>
      )}
      <select
        class="rtd-select"
        data-testid="rtd-direction-filter"
        aria-label="Direction"
        value={direction}
        onChange={(event) => actions.setDirection(event.currentTarget.value as DirectionFilter)}
      >
        <option value="all">All frames</option>
        <option value="out">↑ Sent</option>
        <option value="in">↓ Received</option>
      </select>
      <label class="rtd-check" title="Show the keep-alive frames (pings, pongs) of Socket.IO, Pusher and Ably connections">
        <input
          type="checkbox"
          data-testid="rtd-show-heartbeats"
          checked={showHeartbeats}
          onChange={(event) => actions.setShowHeartbeats(event.currentTarget.checked)}
        />
        Show heartbeats
      </label>
      <TraceButtons />
    </div>
  );
}
