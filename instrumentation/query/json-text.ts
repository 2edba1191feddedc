/**
 * JSON text of page data (query data, mutation variables) for display, with bounded work: writing stops once
 * `maxChars` are written, so a 50 MB cache entry costs about as little as its preview (`JSON.stringify` would write
 * all of it first). Within that, the text is what `JSON.stringify` would write (`toJSON`, omitted `undefined` and
 * functions, `null` for them in arrays), so it reads as the app's data. A value `JSON.stringify` refuses (a cycle,
 * a BigInt) gives `[unserializable: why]` instead of a throw, as does nesting too deep to walk.
 */

export interface JsonText {
  text: string;
  /** Writing stopped at `maxChars`: `text` is the start of the JSON only. */
  truncated: boolean;
  /** `text` is the `[unserializable: why]` marker, not JSON. */
  unserializable: boolean;
}

const MAX_DEPTH = 200;

class Unserializable extends Error {}

class Writer {
  private readonly parts: string[] = [];
  private left: number;
  private readonly ancestors: object[] = [];
  /** Something was cut or left out for want of room. */
  cut = false;

  constructor(maxChars: number) {
    this.left = maxChars;
  }

  get full(): boolean {
    return this.left <= 0;
  }

  text(): string {
    return this.parts.join('');
  }

  push(piece: string): void {
    if (piece.length > this.left) this.cut = true;
    if (this.left <= 0) return;
    const kept = piece.length > this.left ? piece.slice(0, this.left) : piece;
    this.parts.push(kept);
    this.left -= kept.length;
  }

  /** Writes a value `toJSON` was applied to; false when JSON has no place for it (undefined, a function, a symbol). */
  value(value: unknown): boolean {
    switch (typeof value) {
      case 'string':
        this.push(JSON.stringify(value.length > this.left ? value.slice(0, this.left) : value));
        return true;
      case 'number':
        this.push(Number.isFinite(value) ? String(value) : 'null');
        return true;
      case 'boolean':
        this.push(String(value));
        return true;
      case 'bigint':
        throw new Unserializable('BigInt value');
      case 'undefined':
      case 'function':
      case 'symbol':
        return false;
      default:
        break;
    }
    if (value === null) {
      this.push('null');
      return true;
    }
    this.container(value as object);
    return true;
  }

  private container(value: object): void {
    if (this.ancestors.includes(value)) throw new Unserializable('circular structure');
    if (this.ancestors.length >= MAX_DEPTH) throw new Unserializable(`nested deeper than ${MAX_DEPTH}`);
    this.ancestors.push(value);
    if (Array.isArray(value)) {
      this.push('[');
      for (let i = 0; i < value.length && !this.full; i++) {
        if (i > 0) this.push(',');
        if (!this.value(withToJson(value[i], String(i)))) this.push('null');
      }
      this.push(']');
    } else {
      this.push('{');
      let first = true;
      for (const key of Object.keys(value)) {
        if (this.full) break;
        const item = withToJson((value as Record<string, unknown>)[key], key);
        if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
        if (!first) this.push(',');
        first = false;
        this.push(`${JSON.stringify(key)}:`);
        this.value(item);
      }
      this.push('}');
    }
    this.ancestors.pop();
  }
}

/** `toJSON` as `JSON.stringify` applies it. @see https://tc39.es/ecma262/#sec-serializejsonproperty */
function withToJson(value: unknown, key: string): unknown {
  if ((typeof value === 'object' && value !== null) || typeof value === 'bigint') {
    const toJson = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJson === 'function') return (toJson as (key: string) => unknown).call(value, key);
  }
  return value;
}

/** `undefined` (or a function) gives the empty string, as `QueryInfo.data` documents. */
export function jsonText(value: unknown, maxChars: number): JsonText {
  const writer = new Writer(maxChars);
  try {
    writer.value(withToJson(value, ''));
  } catch (error) {
    const why = error instanceof Unserializable ? error.message : error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { text: `[unserializable: ${why}]`, truncated: false, unserializable: true };
  }
  return { text: writer.text(), truncated: writer.cut, unserializable: false };
}
