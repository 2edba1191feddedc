import type { TraceFile } from '../../../instrumentation/trace/trace-format';

function originOf(url: string): string {
  try {
    const { origin } = new URL(url);
    return origin === 'null' ? url : origin;
  } catch {
    return url || 'unknown page';
  }
}

function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isFinite(date.getTime()) ? date.toLocaleString() : iso;
}

/** The header line of an imported trace: `Imported trace — <origin> — exported <time>`. */
export function traceHeadline(trace: TraceFile, source: 'trace' | 'har'): string {
  const what = source === 'har' ? 'Imported HAR' : 'Imported trace';
  return `${what} — ${originOf(trace.page.url)} — exported ${formatTime(trace.exportedAt)}`;
}

/** What a reader should know about the data: whether secrets were removed, and what is missing. */
export function traceNotes(trace: TraceFile): string[] {
  const notes: string[] = [];
  const redactions = Object.values(trace.redaction.counts).reduce((sum, count) => sum + count, 0);
  notes.push(trace.redaction.enabled ? `Redacted (${redactions} secret${redactions === 1 ? '' : 's'} removed)` : 'Not redacted');
  notes.push(`${trace.connections.length} connection${trace.connections.length === 1 ? '' : 's'}, ${trace.events.length} events`);
  if (trace.dropped > 0) notes.push(`${trace.dropped} older events had been dropped before the export`);
  if (trace.tool.version) notes.push(`${trace.tool.name} ${trace.tool.version}`);
  return notes;
}
