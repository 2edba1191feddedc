import type { CaptureEvent, ConnectionInfo } from '../protocol';
import type { RedactionRules } from './redaction-rules';

/**
 * The native trace file (`*.rtdtrace.json`): everything needed to replay a capture in the viewer or attach it to a
 * bug report. Documented in docs/trace-format.md; its JSON Schema is `rtdtrace.schema.json` beside this file.
 */
export const TRACE_FORMAT = 'realtime-devtools-trace';
/** Bump when a reader of the previous version would misread a file; say what changed. 1: first version. */
export const TRACE_VERSION = 1;

export interface TracePage {
  url: string;
  title: string;
  userAgent: string;
  /** `performance.timeOrigin` of the captured page; every `at` in the file is on that page's clock (epoch ms). */
  timeOrigin: number;
}

/** What redaction did before the file left the page. `counts` is by rule id (see redaction-rules.ts). */
export interface TraceRedaction {
  enabled: boolean;
  rules: RedactionRuleSummary;
  counts: Record<string, number>;
}

/** The rules in force, as names and patterns only: never the values they removed. */
export interface RedactionRuleSummary {
  queryParams: string[];
  fieldNames: string[];
  jsonPaths: string[];
  headers: string[];
  patterns: { name: string; source: string; flags: string }[];
}

/** The page-clock window the export was limited to (epoch ms, inclusive). */
export interface TraceRange {
  from: number | null;
  to: number | null;
}

export interface TraceFile {
  format: typeof TRACE_FORMAT;
  version: number;
  tool: { name: string; version: string };
  /** ISO 8601. */
  exportedAt: string;
  /** The page session the events come from (one page load). */
  sessionId: string;
  page: TracePage;
  redaction: TraceRedaction;
  range?: TraceRange;
  connections: ConnectionInfo[];
  /**
   * Every event kept, oldest first, in the protocol's own shape (frames with their whole stored payload, cut only
   * at `maxPayloadBytes` with `truncated: true`). Event types newer than this reader are carried verbatim.
   */
  events: CaptureEvent[];
  /** Events the page's ring had dropped before the export: the trace is missing that many. */
  dropped: number;
}

export interface TraceExportOptions {
  /** Remove secrets before the trace leaves the page (default true). */
  redact?: boolean;
  /** Rules added to the defaults (and to the rules saved for the page's origin). */
  rules?: Partial<RedactionRules>;
  /** Only these connections (by `ConnectionInfo.id`) and their events. */
  connections?: string[];
  /** Page-clock epoch ms: only events at or after `from` and at or before `to`. */
  from?: number;
  to?: number;
  /** Cut each payload to this many bytes (default: keep what the ring holds). */
  maxPayloadBytes?: number;
}
