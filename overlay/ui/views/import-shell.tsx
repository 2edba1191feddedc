import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { PROTOCOL_VERSION } from '../../../instrumentation/protocol';
import type { TraceProblem } from '../../../instrumentation/trace/parse-trace';
import type { TraceFile } from '../../../instrumentation/trace/trace-format';
import { createDevtoolsStore, type DevtoolsStore } from '../store/store';
import { traceHeadline, traceNotes } from '../store/trace-describe';
import { readTraceFile } from '../store/trace-import';
import { TraceModeContext, type TraceMode } from '../store/trace-mode';
import { createTraceWall } from '../store/trace-wall';
import { StoreContext } from '../store/use-store';
import { TRACE_CSS } from './trace-styles';

interface ImportedTrace {
  id: number;
  store: DevtoolsStore;
  trace: TraceFile;
  source: 'trace' | 'har';
  warnings: string[];
  fileName: string;
  stop: () => void;
}

let nextImportId = 1;

/** A second store, fed by the file as if it were a page; the live store keeps receiving meanwhile. */
function openImported(trace: TraceFile, source: 'trace' | 'har', warnings: string[], fileName: string): ImportedTrace {
  const wall = createTraceWall(trace);
  const store = createDevtoolsStore({ send: (message) => wall.send(message) });
  const stop = wall.listen((message) => store.getState().apply(message));
  store.getState().send({ kind: 'init', protocolVersion: PROTOCOL_VERSION });
  return { id: nextImportId++, store, trace, source, warnings, fileName, stop };
}

function ImportBanner({ imported, onBack }: { imported: ImportedTrace; onBack: () => void }) {
  const notes = [...traceNotes(imported.trace), ...imported.warnings].join(' · ');
  return (
    <div class="rtd-import-banner" data-testid="rtd-import-banner" role="status">
      <span class="rtd-import-badge">Read-only</span>
      <span class="rtd-import-headline" data-testid="rtd-import-headline" title={imported.fileName}>
        {traceHeadline(imported.trace, imported.source)}
      </span>
      <span class="rtd-dim" data-testid="rtd-import-notes">
        {notes}
      </span>
      <span class="rtd-spacer" />
      <button type="button" class="rtd-button" data-testid="rtd-back-to-live" onClick={onBack}>
        Back to live
      </button>
    </div>
  );
}

function ImportError({ fileName, problems, onDismiss }: { fileName: string; problems: TraceProblem[]; onDismiss: () => void }) {
  return (
    <div class="rtd-import-error" data-testid="rtd-import-error" role="alert">
      <div class="rtd-export-line">
        <strong>Could not open {fileName}</strong>
        <span class="rtd-dim">— nothing of the live session was changed.</span>
        <span class="rtd-spacer" />
        <button type="button" class="rtd-link-button" data-testid="rtd-import-error-dismiss" onClick={onDismiss}>
          Dismiss
        </button>
      </div>
      <ul>
        {problems.map((problem, index) => (
          <li key={index} class="rtd-mono">
            {problem.path ? `${problem.path}: ${problem.message}` : problem.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

export interface TraceImportShellProps {
  /** The standalone viewer opens files itself and is always read-only. */
  viewer: boolean;
  /** The UI to show, called again for each store (live or imported) so that every view reads the right one. */
  render: () => ComponentChildren;
}

/**
 * Holds the live UI and, when the user opens a trace file, shows that trace read-only in its place, from its own
 * store, clearly marked, with a way back. The live store is not touched by an import: its page keeps streaming into
 * it, and a file that cannot be read only shows what is wrong with it.
 */
export function TraceImportShell({ viewer, render }: TraceImportShellProps) {
  const [imported, setImported] = useState<ImportedTrace | null>(null);
  const [failure, setFailure] = useState<{ fileName: string; problems: TraceProblem[] } | null>(null);
  const [opening, setOpening] = useState(false);

  useEffect(() => () => imported?.stop(), [imported]);

  const liveMode = useMemo<TraceMode>(() => ({
    readOnly: viewer,
    ...(viewer
      ? {}
      : {
        openFile: (file: File) => {
          setOpening(true);
          void readTraceFile(file).then((result) => {
            setOpening(false);
            if (!result.ok) {
              setFailure({ fileName: file.name, problems: result.errors });
              return;
            }
            setFailure(null);
            setImported(openImported(result.trace, result.source, result.warnings, file.name));
          });
        },
      }),
  }), [viewer]);
  const importedMode = useMemo<TraceMode>(() => ({ readOnly: true, openFile: liveMode.openFile }), [liveMode]);

  if (imported) {
    return (
      <StoreContext.Provider value={imported.store}>
        <TraceModeContext.Provider value={importedMode}>
          <style>{TRACE_CSS}</style>
          <ImportBanner imported={imported} onBack={() => setImported(null)} />
          {failure && <ImportError fileName={failure.fileName} problems={failure.problems} onDismiss={() => setFailure(null)} />}
          <div class="rtd-import-body" key={`imported:${imported.id}`}>
            {render()}
          </div>
        </TraceModeContext.Provider>
      </StoreContext.Provider>
    );
  }
  return (
    <TraceModeContext.Provider value={liveMode}>
      <style>{TRACE_CSS}</style>
      {opening && <div class="rtd-import-opening rtd-dim">Opening the trace…</div>}
      {failure && <ImportError fileName={failure.fileName} problems={failure.problems} onDismiss={() => setFailure(null)} />}
      <div class="rtd-import-body" key="live">
        {render()}
      </div>
    </TraceModeContext.Provider>
  );
}
