import { MAX_TRACE_BYTES, parseTrace, type ParseTraceResult } from '../../../instrumentation/trace/parse-trace';

/**
 * Reads a trace or HAR file the user picked (file input or drop) and parses it. Never throws: a file too large,
 * unreadable, or not a trace comes back as `ok: false` with what is wrong. Files are read locally, never uploaded.
 */
export async function readTraceFile(file: Pick<File, 'size' | 'text'>): Promise<ParseTraceResult> {
  if (file.size > MAX_TRACE_BYTES) {
    return { ok: false, errors: [{ path: '', message: `the file is ${(file.size / 1048576).toFixed(1)} MB, over the ${MAX_TRACE_BYTES / 1048576} MB limit` }] };
  }
  let text: string;
  try {
    text = await file.text();
  } catch (error) {
    return { ok: false, errors: [{ path: '', message: `the file could not be read: ${error instanceof Error ? error.message : String(error)}` }] };
  }
  return parseTrace(text);
}
