import type { ExportTraceMessage, RedactionSample, TraceMessage } from '../protocol';
import { buildHar } from './build-har';
import { buildTraceWithSamples } from './build-trace';
import { pageTraceSource, type PageTraceContext } from './page-export';
import { readRules, type RedactionRules } from './redaction-rules';
import type { RedactionSample as FoundRedaction } from './redactor';
import { loadSavedRules, pageStorage, saveRules } from './rules-storage';
import type { TraceFile } from './trace-format';

/** Characters of saved text shown on each side of a marker in a preview sample. */
const SAMPLE_CONTEXT_CHARS = 40;

function completeRules(rules: Partial<RedactionRules> | null): NonNullable<TraceMessage['savedRules']> {
  return {
    queryParams: rules?.queryParams ?? [],
    fieldNames: rules?.fieldNames ?? [],
    jsonPaths: rules?.jsonPaths ?? [],
    headers: rules?.headers ?? [],
    patterns: (rules?.patterns ?? []).map((pattern) => (pattern.flags === undefined ? { name: pattern.name, source: pattern.source } : { ...pattern })),
  };
}

/** Every string inside `value`, depth first: where a marker of the redacted item can be. */
function stringsOf(value: unknown, into: string[]): string[] {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) for (const item of value) stringsOf(item, into);
  else if (typeof value === 'object' && value !== null) for (const item of Object.values(value)) stringsOf(item, into);
  return into;
}

/** The saved text around the `occurrence`-th `marker` of the item, cut to a readable line. */
function snippetAround(texts: string[], marker: string, occurrence: number): string {
  let seen = 0;
  for (const text of texts) {
    let index = text.indexOf(marker);
    while (index >= 0) {
      if (seen === occurrence) {
        const start = Math.max(0, index - SAMPLE_CONTEXT_CHARS);
        const end = Math.min(text.length, index + marker.length + SAMPLE_CONTEXT_CHARS);
        return `${start > 0 ? '…' : ''}${text.slice(start, end)}${end < text.length ? '…' : ''}`;
      }
      seen++;
      index = text.indexOf(marker, index + marker.length);
    }
  }
  return marker;
}

/**
 * The report's samples, taken from the redacted trace as it will be saved: where each redaction is and the text
 * around its marker. The secret a redaction removed never enters a sample.
 */
function reportSamples(trace: TraceFile, found: FoundRedaction[]): RedactionSample[] {
  const events = new Map(trace.events.map((event) => [`event ${event.seq}`, event]));
  const connections = new Map(trace.connections.map((connection) => [`connection ${connection.id}`, connection]));
  const occurrences = new Map<string, number>();
  return found.map(({ rule, where, after: marker }) => {
    const event = events.get(where);
    const connection = connections.get(where);
    const item: unknown = event ?? connection ?? (where === 'page' ? trace.page : null);
    const key = `${where}\n${marker}`;
    const occurrence = occurrences.get(key) ?? 0;
    occurrences.set(key, occurrence + 1);
    const label = event
      ? `${event.type} #${event.seq}${'connectionId' in event && event.connectionId ? ` (${event.connectionId})` : ''}`
      : connection
        ? `connection ${connection.id} URL`
        : where;
    return { rule, where: label, after: snippetAround(stringsOf(item, []), marker, occurrence) };
  });
}

/** The UI's message is not type-checked on its way in: a field of the wrong type is treated as absent. */
function finiteOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** An `ok: false` answer, so that the UI shows why instead of waiting for its timeout. */
export function refuseExportRequest(message: ExportTraceMessage, error: string, savedRules?: TraceMessage['savedRules']): TraceMessage {
  return {
    kind: 'trace',
    requestId: message.requestId,
    format: message.format,
    ok: false,
    error,
    redaction: { enabled: message.options.redact !== false, counts: {}, samples: [] },
    ...(savedRules ? { savedRules } : {}),
  };
}

/**
 * Answers a UI's `export-trace` inside the page, so that secrets never leave it: saves the site's rules when asked,
 * builds the trace (or HAR) with redaction unless the UI explicitly sent `redact: false`, and reports counts per rule
 * and samples of the saved text around each marker. A preview carries only the report.
 */
export function answerExportRequest(context: PageTraceContext, message: ExportTraceMessage): TraceMessage {
  try {
    return buildAnswer(context, message);
  } catch (error) {
    return refuseExportRequest(message, `The export failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function buildAnswer(context: PageTraceContext, message: ExportTraceMessage): TraceMessage {
  const storage = pageStorage(context.win);
  const origin = context.win.location.origin;
  const { rules, problems } = readRules(message.options.rules ?? {});
  if (problems.length > 0) return refuseExportRequest(message, `Invalid redaction rules: ${problems.join('; ')}`, completeRules(loadSavedRules(storage, origin)));
  if (message.saveRules && !saveRules(storage, origin, rules)) {
    return refuseExportRequest(message, 'This site does not let the page save the rules (storage is disabled or full)', completeRules(loadSavedRules(storage, origin)));
  }
  const source = pageTraceSource(context);
  const { options } = message;
  const { trace, samples } = buildTraceWithSamples(source, {
    // Only an explicit `false` turns redaction off: a missing or malformed value keeps secrets in the page.
    redact: options.redact !== false,
    // Saved just now, they are already in the source's saved rules.
    rules: message.saveRules ? undefined : rules,
    connections: Array.isArray(options.connections) ? options.connections.filter((id) => typeof id === 'string') : undefined,
    from: finiteOrUndefined(options.from),
    to: finiteOrUndefined(options.to),
    maxPayloadBytes: finiteOrUndefined(options.maxPayloadBytes),
  });
  const text = message.preview ? undefined : JSON.stringify(message.format === 'har' ? buildHar(trace) : trace);
  return {
    kind: 'trace',
    requestId: message.requestId,
    format: message.format,
    ok: true,
    ...(text === undefined ? {} : { text }),
    redaction: { enabled: trace.redaction.enabled, counts: { ...trace.redaction.counts }, samples: reportSamples(trace, samples) },
    savedRules: completeRules(source.savedRules ?? null),
  };
}
