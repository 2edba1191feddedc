/** Traces for bug reports: export (native trace and HAR), redaction, and import. See docs/trace-format.md. */
export { buildTrace, type TraceSource } from './build-trace';
export { buildHar } from './build-har';
export type { HarLog } from './har-format';
export { parseTrace, MAX_TRACE_BYTES, type ParseTraceResult, type TraceProblem } from './parse-trace';
export { DEFAULT_REDACTION_RULES, mergeRules, readRules, type RedactionPattern, type RedactionRules } from './redaction-rules';
export { previewRedaction, redactTrace, type RedactionPreview } from './redact-trace';
export type { RedactionSample } from './redactor';
export { forgetRules, loadSavedRules, pageStorage, rulesStorageKey, saveRules } from './rules-storage';
export { TRACE_FORMAT, TRACE_VERSION, type TraceExportOptions, type TraceFile } from './trace-format';
