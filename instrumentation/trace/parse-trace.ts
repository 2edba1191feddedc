import { harToTrace } from './import-har';
import { isRecord, pathOf } from '../validation/checks';
import { Problems, type Problem } from './json-checks';
import type { TraceFile } from './trace-format';
import { validateTrace } from './validate-trace';

/** Files larger than this are refused before parsing: they would freeze the tab long before they rendered. */
export const MAX_TRACE_BYTES = 256 * 1024 * 1024;
/** Deeper nesting is no trace this tool writes, and walking it is how hostile files exhaust the stack. */
const MAX_DEPTH = 64;
/** Keys that would reach `Object.prototype` through a careless merge of the parsed data. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export type { Problem as TraceProblem } from './json-checks';

export type ParseTraceResult =
  | {
    ok: true;
    trace: TraceFile;
    /** What the file was: a native trace or a HAR log. */
    source: 'trace' | 'har';
    /** Things kept or left out that a reader should know (events of newer types, non-realtime HAR entries). */
    warnings: string[];
  }
  | { ok: false; errors: Problem[] };

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Forbidden keys and runaway nesting, found without recursion (a hostile file can nest deeper than the stack). */
function checkStructure(root: unknown, problems: Problems): void {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: root, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop() as { value: unknown; path: string; depth: number };
    if (typeof value !== 'object' || value === null) continue;
    if (depth > MAX_DEPTH) {
      problems.add(path, `nested more than ${MAX_DEPTH} levels deep`);
      return;
    }
    if (Array.isArray(value)) {
      for (let index = value.length - 1; index >= 0; index--) {
        const item: unknown = value[index];
        if (typeof item === 'object' && item !== null) stack.push({ value: item, path: pathOf(path, index), depth: depth + 1 });
      }
      continue;
    }
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) {
        problems.add(pathOf(path, key), 'forbidden key (it could change the behaviour of every object in the viewer)');
        continue;
      }
      const item = (value as Record<string, unknown>)[key];
      if (typeof item === 'object' && item !== null) stack.push({ value: item, path: pathOf(path, key), depth: depth + 1 });
    }
  }
}

/**
 * Reads a `.rtdtrace.json` file or a HAR file with `_webSocketMessages`/`_eventSourceMessages` into a trace, or says
 * what is wrong with it: each problem names where (a JSON path) and why. Never throws, whatever the input.
 */
export function parseTrace(text: unknown): ParseTraceResult {
  try {
    return parseOrExplain(text);
  } catch (error) {
    return { ok: false, errors: [{ path: '', message: `could not read the file: ${error instanceof Error ? error.message : String(error)}` }] };
  }
}

function fail(path: string, message: string): ParseTraceResult {
  return { ok: false, errors: [{ path, message }] };
}

function parseOrExplain(text: unknown): ParseTraceResult {
  if (typeof text !== 'string') return fail('', 'expected the text of a file');
  // Characters, not bytes: cheap to know, and UTF-8 is never smaller than its UTF-16 length in characters.
  if (text.length > MAX_TRACE_BYTES) return fail('', `the file is ${megabytes(text.length)}, over the ${megabytes(MAX_TRACE_BYTES)} limit`);
  if (text.trim().length === 0) return fail('', 'the file is empty');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return fail('', `not valid JSON (is the file complete?): ${reason}`);
  }
  if (!isRecord(value)) return fail('', 'expected a JSON object (a Realtime DevTools trace or a HAR log)');

  const problems = new Problems();
  checkStructure(value, problems);
  if (!problems.empty) return { ok: false, errors: problems.result() };

  if (value.format !== undefined) {
    const checked = validateTrace(value, problems);
    if (!checked) return { ok: false, errors: problems.result() };
    const warnings = checked.unknownEvents > 0
      ? [`${checked.unknownEvents} events of types this version does not know were kept as they are and are not shown`]
      : [];
    return { ok: true, trace: checked.trace, source: 'trace', warnings };
  }
  if (isRecord(value.log)) {
    const imported = harToTrace(value, problems);
    if (!imported) return { ok: false, errors: problems.result() };
    const warnings = imported.skippedEntries > 0 ? [`${imported.skippedEntries} HAR entries that are not WebSocket or EventSource were left out`] : [];
    return { ok: true, trace: imported.trace, source: 'har', warnings };
  }
  return fail('format', 'missing: this is neither a Realtime DevTools trace nor a HAR file');
}
