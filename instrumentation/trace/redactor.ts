import { normalizeName, type RedactionRules } from './redaction-rules';

/** One redaction as the rules preview shows it: the rule, where it hit, and the text before and after. */
export interface RedactionSample {
  rule: string;
  where: string;
  before: string;
  after: string;
}

const SAMPLES_PER_RULE = 3;
const SAMPLE_CHARS = 120;
/** Larger text is not parsed as JSON (the text rules still run): parsing it would stall the export. */
const MAX_JSON_CHARS = 8 * 1024 * 1024;
const MARKER_PREFIX = '[redacted:';
const URL_MARKER_PREFIX = 'redacted:';
const URL_MARKER = /^redacted:\d+(?:-\d+|-more)?$/;

/** Length classes rather than lengths: a reader sees a short PIN from a long token, never the exact size. */
function lengthClass(length: number): string {
  if (length === 0) return '0';
  if (length < 8) return '1-7';
  if (length < 16) return '8-15';
  if (length < 32) return '16-31';
  if (length < 64) return '32-63';
  return '64+';
}

/**
 * `[redacted:8-15 chars]`; in a URL `redacted:8-15` (`redacted:64-more`), which RFC 3986 allows in a query and in
 * userinfo unescaped, so that the URL stays valid for HAR tools.
 */
export function redactionMarker(length: number, inUrl = false): string {
  const lengths = lengthClass(length);
  return inUrl ? `${URL_MARKER_PREFIX}${lengths.replace('+', '-more')}` : `${MARKER_PREFIX}${lengths} chars]`;
}

function isMarker(value: string): boolean {
  return value.startsWith(MARKER_PREFIX) || URL_MARKER.test(value);
}

/** `appId.keyId:keySecret`: an Ably API key; its name may stay, its secret part may not. */
const ABLY_KEY = /^([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+):([^:\s]+)$/;
/** `appKey:hexHmacSha256`: a Pusher channel auth signature (https://pusher.com/docs/channels/library_auth_reference/auth-signatures/). */
const PUSHER_AUTH = /^([A-Za-z0-9]+):([0-9a-fA-F]{64})$/;

/** `name=value` in a URL query or fragment, a form body, or loose text. */
const QUERY_PAIR = /(^|[?&;#\s"'(,])([A-Za-z0-9_.\-[\]]{1,100})=([^&#\s"'<>;,)]*)/g;
/** `"name": "value"` or `"name": 123` in JSON that did not parse (cut at the payload cap, or a summary). */
const PLAIN_JSON_PAIR = /"([^"\\]{1,100})"(\s*:\s*)(?:"((?:[^"\\]|\\.)*)("|$)|(-?\d[\d.eE+-]*))/g;
/** The same pair one level down, inside a JSON string (`\"name\":\"value\"`). */
const ESCAPED_JSON_PAIR = /\\"([^"\\]{1,100})\\"(\s*:\s*)\\"((?:[^\\]|\\[^"])*?)(\\"|$)/g;
/** `Name: value` header lines (RFC 9110 §5). */
const HEADER_LINE = /(^|[\r\n])([ \t]*)([A-Za-z0-9-]{1,100})([ \t]*:[ \t]*)([^\r\n]*)/g;
/** Socket.IO and engine.io put a packet type, a namespace and an ack id before the JSON: `42/chat,7["event",{…}]`. */
const SOCKET_IO_ENVELOPE = /^(\d+(?:\/[^,[{]*,)?\d*)([[{][\s\S]*)$/;
/** engine.io v4 long-polling joins packets with the record separator. */
const RECORD_SEPARATOR = '\x1e';

type JsonPath = string[];

function parseJsonPath(path: string): JsonPath {
  return path
    .replace(/^\$\.?/, '')
    .replace(/\[(\d+|\*)\]/g, '.$1')
    .split('.')
    .filter((segment) => segment.length > 0);
}

function pathMatches(pattern: JsonPath, path: readonly string[]): boolean {
  if (pattern.length !== path.length) return false;
  return pattern.every((segment, index) => segment === '*' || segment === path[index]);
}

function looksLikeJson(text: string): boolean {
  const first = text.trimStart()[0];
  return (first === '{' || first === '[') && text.length <= MAX_JSON_CHARS;
}

function tryParse(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function clip(text: string): string {
  return text.length > SAMPLE_CHARS ? `${text.slice(0, SAMPLE_CHARS)}…` : text;
}

/**
 * Removes secrets from URLs and payloads by the rules, counting each removal by rule id (`query:<name>`,
 * `field:<name>`, `path:<path>`, `header:<name>`, `pattern:<name>`, `ably-key`, `pusher-auth`) and keeping a few
 * samples for the rules preview. JSON payloads are parsed (also inside Socket.IO envelopes and JSON-in-string
 * fields) so that structure and non-secret values stay byte for byte; a payload that does not change is returned as
 * is. Text that does not parse still goes through the text rules, which also catch `"name":"value"` pairs of cut
 * JSON. Binary payloads are not touched: their encodings are the decoders' business, not the redactor's.
 */
export class Redactor {
  readonly counts: Record<string, number> = {};
  readonly samples: RedactionSample[] = [];
  private readonly fields: Map<string, string>;
  private readonly params: Map<string, string>;
  private readonly headers: Map<string, string>;
  private readonly paths: { source: string; path: JsonPath }[];
  private readonly patterns: { name: string; regex: RegExp }[];
  private where = '';
  private redactions = 0;

  constructor(rules: RedactionRules) {
    const byName = (names: string[]): Map<string, string> => new Map(names.map((name) => [normalizeName(name), name]));
    this.fields = byName(rules.fieldNames);
    this.params = byName(rules.queryParams);
    this.headers = byName(rules.headers);
    this.paths = rules.jsonPaths.map((source) => ({ source, path: parseJsonPath(source) }));
    this.patterns = rules.patterns.map((pattern) => {
      const flags = pattern.flags ?? 'g';
      return { name: pattern.name, regex: new RegExp(pattern.source, flags.includes('g') ? flags : `${flags}g`) };
    });
  }

  /** Where the next redactions happen, for samples (`connection c1 url`, `event 12 data`). */
  at(where: string): this {
    this.where = where;
    return this;
  }

  url(url: string): string {
    return this.text(url, true);
  }

  /** A text payload: JSON-aware where it parses, text rules everywhere else. */
  payload(text: string): string {
    if (text.includes(RECORD_SEPARATOR)) return text.split(RECORD_SEPARATOR).map((packet) => this.packet(packet)).join(RECORD_SEPARATOR);
    return this.packet(text);
  }

  /** Any other text field that may carry a secret (close reasons, error messages, member data). */
  text(text: string, inUrl = false): string {
    let out = text.replace(QUERY_PAIR, (match, lead: string, name: string, value: string) => {
      const rule = this.params.get(normalizeName(name));
      if (rule === undefined || value.length === 0 || isMarker(value)) return match;
      return `${lead}${name}=${this.secretString(`query:${rule}`, value, true)}`;
    });
    if (!inUrl) {
      out = out.replace(PLAIN_JSON_PAIR, (match, name: string, colon: string, value?: string, end?: string, number?: string) =>
        this.looseJsonPair(match, name, colon, value ?? number ?? '', value === undefined ? null : end ?? '', '"'));
      out = out.replace(ESCAPED_JSON_PAIR, (match, name: string, colon: string, value: string, end: string) =>
        this.looseJsonPair(match, name, colon, value, end, '\\"'));
      out = out.replace(HEADER_LINE, (match, lead: string, indent: string, name: string, colon: string, value: string) => {
        const rule = this.headers.get(normalizeName(name));
        if (rule === undefined || value.length === 0 || isMarker(value)) return match;
        return `${lead}${indent}${name}${colon}${this.redact(`header:${rule}`, value, value.length)}`;
      });
    }
    for (const { name, regex } of this.patterns) {
      regex.lastIndex = 0;
      out = out.replace(regex, (match: string, ...groups: unknown[]) => {
        const group = typeof groups[0] === 'string' ? groups[0] : null;
        const secret = group ?? match;
        if (secret.length === 0 || isMarker(secret)) return match;
        const replaced = this.redact(`pattern:${name}`, secret, secret.length, inUrl);
        return group === null ? replaced : match.replace(group, replaced);
      });
    }
    return out;
  }

  /** Any JSON value (an event of a type this version does not know): field rules at every depth, text rules on strings. */
  value(value: unknown): unknown {
    return this.json(value, []);
  }

  private packet(text: string): string {
    if (looksLikeJson(text)) {
      const parsed = tryParse(text);
      if (parsed.ok) return this.jsonDocument('', parsed.value, text);
    }
    const envelope = SOCKET_IO_ENVELOPE.exec(text);
    if (envelope && looksLikeJson(envelope[2] as string)) {
      const parsed = tryParse(envelope[2] as string);
      if (parsed.ok) return this.jsonDocument(envelope[1] as string, parsed.value, text);
    }
    return this.text(text);
  }

  private jsonDocument(prefix: string, value: unknown, original: string): string {
    const before = this.redactions;
    const redacted = this.json(value, []);
    return this.redactions === before ? original : prefix + JSON.stringify(redacted);
  }

  private json(value: unknown, path: string[]): unknown {
    if (typeof value === 'string') {
      if (looksLikeJson(value)) {
        const parsed = tryParse(value);
        if (parsed.ok) return this.jsonDocument('', parsed.value, value);
      }
      return this.text(value);
    }
    if (Array.isArray(value)) return value.map((item, index) => this.member(null, item, [...path, String(index)]));
    if (typeof value !== 'object' || value === null) return value;
    // fromEntries defines own properties, so a `__proto__` key in the page's JSON stays a plain key.
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.member(key, item, [...path, key])]));
  }

  /** An object member (`key`) or an array item (`key` null) at `path`: a secret by its name or by its path. */
  private member(key: string | null, value: unknown, path: string[]): unknown {
    const name = key === null ? null : normalizeName(key);
    const field = name === null ? undefined : this.fields.get(name) ?? this.headers.get(name);
    const byPath = field === undefined && this.paths.length > 0 ? this.paths.find((rule) => pathMatches(rule.path, path)) : undefined;
    const rule = field !== undefined ? `field:${field}` : byPath ? `path:${byPath.source}` : null;
    if (rule === null || value === null || value === undefined) return this.json(value, path);
    if (typeof value === 'string') return isMarker(value) || value.length === 0 ? value : this.secretString(rule, value, false);
    const json = JSON.stringify(value);
    return this.redact(rule, json, json.length);
  }

  private looseJsonPair(match: string, name: string, colon: string, value: string, closing: string | null, quote: string): string {
    const key = normalizeName(name);
    const field = this.fields.get(key) ?? this.headers.get(key);
    if (field === undefined || value.length === 0 || isMarker(value)) return match;
    const replaced = this.secretString(`field:${field}`, value, false);
    return closing === null ? `${quote}${name}${quote}${colon}"${replaced}"` : `${quote}${name}${quote}${colon}${quote}${replaced}${closing}`;
  }

  /** A secret string; a credential of the form `name:secret` keeps its public name (Ably key name, Pusher app key). */
  private secretString(rule: string, value: string, inUrl: boolean): string {
    const decoded = inUrl ? safeDecode(value) : value;
    const ably = ABLY_KEY.exec(decoded);
    if (ably) return `${ably[1]}:${this.redact('ably-key', value, (ably[2] as string).length, inUrl)}`;
    const pusher = PUSHER_AUTH.exec(decoded);
    if (pusher) return `${pusher[1]}:${this.redact('pusher-auth', value, (pusher[2] as string).length, inUrl)}`;
    return this.redact(rule, value, decoded.length, inUrl);
  }

  private redact(rule: string, secret: string, length: number, inUrl = false): string {
    const marker = redactionMarker(length, inUrl);
    const count = (this.counts[rule] ?? 0) + 1;
    this.counts[rule] = count;
    this.redactions++;
    if (count <= SAMPLES_PER_RULE) this.samples.push({ rule, where: this.where, before: clip(secret), after: marker });
    return marker;
  }

}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
