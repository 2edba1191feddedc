import { formatClock } from '../format/units';
import { useDevtoolsStore, useStoreValue } from '../store/use-store';

/** The capture's own internal errors (recorded in the page, never thrown into it) and the UI's problems. */
export function ErrorsList() {
  const store = useDevtoolsStore();
  const open = useStoreValue((state) => state.errorsOpen);
  const internalErrors = useStoreValue((state) => state.internalErrors);
  const problems = useStoreValue((state) => state.problems);
  if (!open) return null;
  return (
    <div class="rtd-popover" data-testid="rtd-internal-errors-list" role="dialog" aria-label="Internal errors">
      <div class="rtd-pane-header">
        <span>Internal errors</span>
        <span class="rtd-spacer" />
        <button type="button" class="rtd-icon-button" aria-label="Close" onClick={() => store.getState().setErrorsOpen(false)}>
          ×
        </button>
      </div>
      <div class="rtd-popover-body">
        {internalErrors.length === 0 && problems.length === 0 && <div class="rtd-empty">No errors.</div>}
        {internalErrors.map(({ session, event }) => (
          <div key={`${session}:${event.seq}`} class="rtd-error-entry">
            <div class="rtd-error-title">
              <span class="rtd-mono">{formatClock(event.at)}</span>
              <span class="rtd-badge">page</span>
              <span>
                {event.where}: {event.message}
              </span>
            </div>
            {event.stack && <pre class="rtd-pre rtd-error-stack">{event.stack}</pre>}
          </div>
        ))}
        {problems.map((problem, index) => (
          <div key={`ui:${index}`} class="rtd-error-entry">
            <div class="rtd-error-title">
              <span class="rtd-mono">{formatClock(problem.at)}</span>
              <span class="rtd-badge">UI</span>
              <span>{problem.text}</span>
            </div>
          </div>
        ))}
      </div>
    </div>
  );
}
