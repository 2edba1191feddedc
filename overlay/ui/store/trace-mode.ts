import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

/** Whether the UI shows a live page or an imported trace, and how to open one. */
export interface TraceMode {
  /** An imported trace (or the standalone viewer): there is no page to command, so no kill, chaos or export. */
  readOnly: boolean;
  /** Opens a trace or HAR file in place of the live view; absent where the shell opens files itself (the viewer). */
  openFile?: (file: File) => void;
}

export const TraceModeContext = createContext<TraceMode>({ readOnly: false });

export function useTraceMode(): TraceMode {
  return useContext(TraceModeContext);
}
