import { natives } from '../natives';
import type { CaptureEvent, ConnectionInfo, PageInfo } from '../protocol';
import { buildHar } from './build-har';
import { buildTrace, type TraceSource } from './build-trace';
import type { HarLog } from './har-format';
import { loadSavedRules, pageStorage } from './rules-storage';
import type { TraceExportOptions, TraceFile } from './trace-format';

/** What the installed hook knows that an export needs. */
export interface PageTraceContext {
  toolVersion: string;
  sessionId: string;
  pageInfo(): PageInfo;
  recorder: { connections(): ConnectionInfo[]; events(): CaptureEvent[]; readonly dropped: number };
  win: { localStorage: Storage; location: { origin: string } };
}

/** What the page holds now, with the rules saved for its origin, ready for `buildTrace`. */
export function pageTraceSource(context: PageTraceContext): TraceSource {
  return {
    toolVersion: context.toolVersion,
    sessionId: context.sessionId,
    page: context.pageInfo(),
    connections: context.recorder.connections(),
    events: context.recorder.events(),
    dropped: context.recorder.dropped,
    // The page clock, which a page's fake timers cannot move.
    now: natives.now(),
    savedRules: loadSavedRules(pageStorage(context.win), context.win.location.origin),
  };
}

/** `__REALTIME_DEVTOOLS__.exportTrace()`: the ring as a trace, with the rules saved for this origin applied too. */
export function exportPageTrace(context: PageTraceContext, options: TraceExportOptions = {}): TraceFile {
  return buildTrace(pageTraceSource(context), options);
}

export function exportPageHar(context: PageTraceContext, options: TraceExportOptions = {}): HarLog {
  return buildHar(exportPageTrace(context, options));
}
