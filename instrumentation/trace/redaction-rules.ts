import type { RedactionRuleSummary } from './trace-format';

/** A regular expression whose matches are redacted: capture group 1 when it has one, else the whole match. */
export interface RedactionPattern {
  /** Shown in counts as `pattern:<name>`. */
  name: string;
  source: string;
  flags?: string;
}

/**
 * What counts as a secret. Names compare case-insensitively and ignore `_` and `-`, so `access_token`,
 * `accessToken` and `Access-Token` are one name.
 */
export interface RedactionRules {
  /** URL query parameters (and `name=value` pairs anywhere in text). */
  queryParams: string[];
  /** JSON object keys at any depth, including JSON inside strings (Pusher `data`, Ably `messages[].data`). */
  fieldNames: string[];
  /**
   * JSON paths from the root of a payload: dot-separated keys, `[n]` or `.n` for array items, `*` for any one key
   * or item; a leading `$.` is optional. `messages[*].data.card` redacts `card` inside each Ably message's data.
   */
  jsonPaths: string[];
  /** Header names: `Name: value` lines in text payloads, and header-named JSON keys. */
  headers: string[];
  patterns: RedactionPattern[];
}

/** Field names whose value is a secret wherever they appear. */
const SECRET_FIELD_NAMES = [
  'password', 'passwd', 'pwd', 'passphrase', 'secret', 'token', 'apiKey', 'api_key', 'accessKey', 'secretKey',
  'privateKey', 'authorization', 'auth', 'accessToken', 'refreshToken', 'idToken', 'sessionToken', 'authToken',
  'bearer', 'clientSecret', 'cookie', 'setCookie', 'signature', 'sig', 'credentials', 'credential', 'otp', 'pin',
  'sessionId', 'csrfToken', 'xsrfToken',
];

/** Query parameters that carry credentials in realtime URLs (Ably `key`, `access_token`, signed URLs). */
const SECRET_QUERY_PARAMS = [
  'key', 'apiKey', 'api_key', 'token', 'access_token', 'accessToken', 'auth', 'auth_token', 'authorization',
  'signature', 'sig', 'password', 'pass', 'secret', 'client_secret', 'id_token', 'refresh_token', 'session',
  'sessionId', 'jwt', 'X-Amz-Signature', 'X-Amz-Credential', 'X-Amz-Security-Token', 'code',
];

const SECRET_HEADERS = ['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key', 'x-auth-token', 'x-csrf-token'];

const SECRET_PATTERNS: RedactionPattern[] = [
  // RFC 6750 §2.1: `Bearer <b64token>`.
  { name: 'bearer', source: '\\bBearer\\s+([A-Za-z0-9\\-._~+/]+=*)', flags: 'gi' },
  // A JWT (RFC 7519) anywhere: three base64url parts, the first one a JSON header (`{"` → `eyJ`).
  { name: 'jwt', source: '\\beyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*', flags: 'g' },
  // RFC 3986 §3.2.1 userinfo: `wss://user:password@host`.
  { name: 'url-password', source: '[a-z][a-z0-9+.-]*://[^/:@\\s"\']+:([^@/\\s"\']+)@', flags: 'gi' },
];

export const DEFAULT_REDACTION_RULES: Readonly<RedactionRules> = Object.freeze({
  queryParams: SECRET_QUERY_PARAMS,
  fieldNames: SECRET_FIELD_NAMES,
  jsonPaths: [],
  headers: SECRET_HEADERS,
  patterns: SECRET_PATTERNS,
});

/** Names compare with case and `_`/`-` ignored. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[_-]/g, '');
}

function unique<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const id = key(item);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/** The defaults plus every extra set, without repeats. */
export function mergeRules(...extras: (Partial<RedactionRules> | null | undefined)[]): RedactionRules {
  const all = [DEFAULT_REDACTION_RULES, ...extras.filter((extra): extra is Partial<RedactionRules> => !!extra)];
  return {
    queryParams: unique(all.flatMap((rules) => rules.queryParams ?? []), normalizeName),
    fieldNames: unique(all.flatMap((rules) => rules.fieldNames ?? []), normalizeName),
    jsonPaths: unique(all.flatMap((rules) => rules.jsonPaths ?? []), (path) => path),
    headers: unique(all.flatMap((rules) => rules.headers ?? []), (name) => name.toLowerCase()),
    patterns: unique(all.flatMap((rules) => rules.patterns ?? []), (pattern) => pattern.name),
  };
}

export function summarizeRules(rules: RedactionRules): RedactionRuleSummary {
  return {
    queryParams: [...rules.queryParams],
    fieldNames: [...rules.fieldNames],
    jsonPaths: [...rules.jsonPaths],
    headers: [...rules.headers],
    patterns: rules.patterns.map((pattern) => ({ name: pattern.name, source: pattern.source, flags: pattern.flags ?? 'g' })),
  };
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isPattern(value: unknown): value is RedactionPattern {
  if (typeof value !== 'object' || value === null) return false;
  const { name, source, flags } = value as Record<string, unknown>;
  if (typeof name !== 'string' || typeof source !== 'string' || (flags !== undefined && typeof flags !== 'string')) return false;
  try {
    new RegExp(source, flags);
    return true;
  } catch {
    return false;
  }
}

/**
 * Extra rules from an untrusted place (localStorage, a settings form): the well-formed parts, the rest left out.
 * Returns the problems so that a form can show them.
 */
export function readRules(value: unknown): { rules: Partial<RedactionRules>; problems: string[] } {
  const problems: string[] = [];
  const rules: Partial<RedactionRules> = {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { rules, problems: ['rules: expected an object'] };
  const record = value as Record<string, unknown>;
  for (const key of ['queryParams', 'fieldNames', 'jsonPaths', 'headers'] as const) {
    if (record[key] === undefined) continue;
    if (isStringList(record[key])) rules[key] = record[key];
    else problems.push(`rules.${key}: expected a list of strings`);
  }
  if (record.patterns !== undefined) {
    if (!Array.isArray(record.patterns)) problems.push('rules.patterns: expected a list');
    else {
      rules.patterns = [];
      record.patterns.forEach((pattern, index) => {
        if (isPattern(pattern)) rules.patterns?.push({ name: pattern.name, source: pattern.source, flags: pattern.flags });
        else problems.push(`rules.patterns[${index}]: expected { name, source, flags? } with a valid regular expression`);
      });
    }
  }
  return { rules, problems };
}
