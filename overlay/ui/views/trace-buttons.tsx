import { useState } from 'preact/hooks';
import { useTraceMode } from '../store/trace-mode';
import { useStoreValue } from '../store/use-store';
import { ExportDialog } from './export-dialog';

/** "Open trace…" (a file, shown read-only in place of the live view) and "Export…" (the live page's capture). */
export function TraceButtons() {
  const { readOnly, openFile } = useTraceMode();
  const pageLive = useStoreValue((state) => state.session !== null && state.disconnected === null && state.versionMismatch === null);
  const [exporting, setExporting] = useState(false);
  const canExport = !readOnly && pageLive;
  return (
    <>
      <span class="rtd-spacer" />
      {openFile && (
        <label class="rtd-button rtd-file-button" data-testid="rtd-open-trace" title="Open a .rtdtrace.json or HAR file (read locally, never uploaded)">
          Open trace…
          <input
            type="file"
            accept=".json,.har,application/json"
            data-testid="rtd-open-trace-file"
            onChange={(event) => {
              const input = event.currentTarget;
              const file = input.files?.[0];
              // Opening the same file again (after fixing it) must fire `change` again.
              input.value = '';
              if (file) openFile(file);
            }}
          />
        </label>
      )}
      {canExport && (
        <button
          type="button"
          class={`rtd-button${exporting ? ' rtd-pressed' : ''}`}
          data-testid="rtd-export"
          aria-pressed={exporting}
          title="Save what the page captured as a trace or HAR file, secrets redacted"
          onClick={() => setExporting(!exporting)}
        >
          Export…
        </button>
      )}
      {canExport && exporting && <ExportDialog onClose={() => setExporting(false)} />}
    </>
  );
}
