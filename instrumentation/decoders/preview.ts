import { SUMMARY_MAX_CHARS } from './types';

/**
 * A short JSON-like rendering for one-line summaries. Its work is bounded by `maxChars` and a depth limit whatever
 * the value's size or nesting, unlike `JSON.stringify` (which walks everything and overflows the stack on deep
 * nesting). Bytes show as `<N bytes>`.
 */
export function previewValue(value: unknown, maxChars = SUMMARY_MAX_CHARS): string {
  const out: string[] = [];
  const budget = { left: maxChars + 1 };
  write(value, 0, out, budget);
  return clip(out.join(''), maxChars);
}

const MAX_DEPTH = 6;

function write(value: unknown, depth: number, out: string[], budget: { left: number }): void {
  if (budget.left <= 0) return;
  const push = (text: string): void => {
    const piece = text.length > budget.left ? text.slice(0, budget.left) : text;
    out.push(piece);
    budget.left -= piece.length;
  };
  if (typeof value === 'string') {
    push(quote(value.length > budget.left ? value.slice(0, budget.left) : value));
    return;
  }
  if (value === null || typeof value === 'number' || typeof value === 'boolean') {
    push(String(value));
    return;
  }
  if (value === undefined) {
    push('undefined');
    return;
  }
  if (value instanceof Uint8Array) {
    push(`<${value.length} bytes>`);
    return;
  }
  if (typeof value !== 'object') {
    push(typeof value);
    return;
  }
  if (depth >= MAX_DEPTH) {
    push(Array.isArray(value) ? '[…]' : '{…}');
    return;
  }
  if (Array.isArray(value)) {
    push('[');
    for (let i = 0; i < value.length && budget.left > 0; i++) {
      if (i > 0) push(',');
      write(value[i], depth + 1, out, budget);
    }
    push(']');
    return;
  }
  push('{');
  let first = true;
  for (const key in value) {
    if (budget.left <= 0) break;
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    if (!first) push(',');
    first = false;
    push(quote(key.length > budget.left ? key.slice(0, budget.left) : key) + ':');
    write((value as Record<string, unknown>)[key], depth + 1, out, budget);
  }
  push('}');
}

function quote(text: string): string {
  return JSON.stringify(text);
}

/** One line, at most `maxChars` characters, ending in `…` when cut. */
export function clip(text: string, maxChars = SUMMARY_MAX_CHARS): string {
  const head = text.length > maxChars * 2 ? text.slice(0, maxChars * 2) : text;
  const line = head.replace(/[\r\n\u2028\u2029]+/g, ' ');
  if (line.length <= maxChars && head.length === text.length) return line;
  return line.slice(0, maxChars - 1) + '…';
}
