/**
 * Did a refetch bring anything new? query-core's structural sharing (on by default) hands back the very same data
 * reference when the result deep-equals the cached data (`replaceEqualDeep`), so the same reference means nothing
 * changed. A different reference may still hold equal data (`structuralSharing: false`, or class instances sharing
 * does not look into), so the JSON texts are compared when both are small enough to write cheaply.
 */
import { jsonText } from './json-text';

/** Above this, comparing texts costs more than a devtool should spend per fetch. */
export const COMPARE_MAX_CHARS = 64 * 1024;

/** False when the new data equals the old; undefined when that cannot be told cheaply and sharing was off. */
export function dataChanged(before: unknown, after: unknown, structuralSharing: unknown): boolean | undefined {
  if (Object.is(before, after)) return false;
  if (before === undefined || after === undefined) return true;
  const beforeText = jsonText(before, COMPARE_MAX_CHARS);
  const afterText = jsonText(after, COMPARE_MAX_CHARS);
  const comparable = !beforeText.truncated && !afterText.truncated && !beforeText.unserializable && !afterText.unserializable;
  if (comparable) return beforeText.text !== afterText.text;
  // Too big to compare: with sharing on, a new reference is a change; with it off, nothing can be said.
  return structuralSharing === false ? undefined : true;
}
