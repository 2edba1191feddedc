import type { TraceMessage, TraceRequestOptions } from '../../../instrumentation/protocol';

/** The site's extra redaction rules, as the rules editor edits them and the page saves them. */
export type SiteRules = NonNullable<TraceMessage['savedRules']>;

export const NO_SITE_RULES: SiteRules = { queryParams: [], fieldNames: [], jsonPaths: [], headers: [], patterns: [] };

export type ExportFormat = TraceMessage['format'];
export type ExportScope = 'all' | 'connection' | 'last-minutes' | 'between';

/** What the export dialog holds; times are as the inputs give them (`datetime-local` text, minutes as text). */
export interface ExportForm {
  format: ExportFormat;
  scope: ExportScope;
  minutes: string;
  from: string;
  to: string;
  /** False only after the user ticked "turn redaction off". */
  redact: boolean;
}

export const DEFAULT_EXPORT_FORM: ExportForm = { format: 'rtdtrace', scope: 'all', minutes: '5', from: '', to: '', redact: true };

/** The connection picked in the lists, when it belongs to the live page (an earlier page load cannot be exported). */
export interface SelectedConnection {
  id: string;
  current: boolean;
}

export type Planned = { ok: true; options: TraceRequestOptions } | { ok: false; error: string };

function localTime(text: string): number | null {
  if (!text) return null;
  const time = new Date(text).getTime();
  return Number.isFinite(time) ? time : null;
}

/**
 * The page options for the form: the scope as connections or a page-clock window (epoch ms, the page and the UI
 * share the machine's clock), and `redact: false` only when the user turned it off.
 */
export function planExport(form: ExportForm, selected: SelectedConnection | null, now: number): Planned {
  const options: TraceRequestOptions = form.redact ? {} : { redact: false };
  switch (form.scope) {
    case 'all':
      return { ok: true, options };
    case 'connection':
      if (!selected) return { ok: false, error: 'Select a connection in the list first' };
      if (!selected.current) return { ok: false, error: 'The selected connection is from an earlier page load, which the page no longer holds' };
      return { ok: true, options: { ...options, connections: [selected.id] } };
    case 'last-minutes': {
      const minutes = Number(form.minutes);
      if (!form.minutes.trim() || !Number.isFinite(minutes) || minutes <= 0) return { ok: false, error: 'Enter a number of minutes above 0' };
      return { ok: true, options: { ...options, from: now - minutes * 60_000 } };
    }
    case 'between': {
      const from = localTime(form.from);
      const to = localTime(form.to);
      if (from === null && to === null) return { ok: false, error: 'Enter a start or an end time' };
      if (from !== null && to !== null && from > to) return { ok: false, error: 'The start is after the end' };
      return { ok: true, options: { ...options, ...(from === null ? {} : { from }), ...(to === null ? {} : { to }) } };
    }
    default: {
      const unknown: never = form.scope;
      return { ok: false, error: `Unknown scope ${String(unknown)}` };
    }
  }
}

export type RuleKind = 'field' | 'path' | 'regex';

export type RuleEdit = { ok: true; rules: SiteRules } | { ok: false; error: string };

/** Dot-separated keys, `[n]`/`[*]` items, `*` for any key; an optional leading `$.` (see RedactionRules.jsonPaths). */
const JSON_PATH = /^(\$\.?)?([^.[\]\s]+|\[(\d+|\*)\])(\.?([^.[\]\s]+|\[(\d+|\*)\]))*$/;

/** Adds one rule typed by the user to the site's rules, or says why it cannot be one. */
export function addRule(rules: SiteRules, kind: RuleKind, input: string): RuleEdit {
  const text = input.trim();
  if (!text) return { ok: false, error: 'Enter a rule first' };
  switch (kind) {
    case 'field':
      if (/\s/.test(text)) return { ok: false, error: 'A field name has no spaces' };
      if (rules.fieldNames.includes(text)) return { ok: false, error: `${text} is already a rule` };
      return { ok: true, rules: { ...rules, fieldNames: [...rules.fieldNames, text] } };
    case 'path':
      if (!JSON_PATH.test(text)) return { ok: false, error: 'Not a JSON path: use keys joined by dots, [n] or [*] for items, * for any key (e.g. user.card or messages[*].data.pin)' };
      if (rules.jsonPaths.includes(text)) return { ok: false, error: `${text} is already a rule` };
      return { ok: true, rules: { ...rules, jsonPaths: [...rules.jsonPaths, text] } };
    case 'regex': {
      try {
        new RegExp(text, 'g');
      } catch (error) {
        return { ok: false, error: `Invalid regular expression: ${error instanceof Error ? error.message : String(error)}` };
      }
      if (rules.patterns.some((pattern) => pattern.source === text)) return { ok: false, error: 'This expression is already a rule' };
      // Its source is its name: counts then say which expression matched.
      return { ok: true, rules: { ...rules, patterns: [...rules.patterns, { name: text, source: text, flags: 'g' }] } };
    }
    default: {
      const unknown: never = kind;
      return { ok: false, error: `Unknown rule kind ${String(unknown)}` };
    }
  }
}

export function removeRule(rules: SiteRules, kind: RuleKind, index: number): SiteRules {
  const without = <T>(items: T[]): T[] => items.filter((_item, at) => at !== index);
  if (kind === 'field') return { ...rules, fieldNames: without(rules.fieldNames) };
  if (kind === 'path') return { ...rules, jsonPaths: without(rules.jsonPaths) };
  return { ...rules, patterns: without(rules.patterns) };
}

/** The rules of one kind as the editor lists them. */
export function rulesOfKind(rules: SiteRules, kind: RuleKind): string[] {
  if (kind === 'field') return rules.fieldNames;
  if (kind === 'path') return rules.jsonPaths;
  return rules.patterns.map((pattern) => pattern.source);
}

/** `chat.example.com-2026-11-22T07-30-05.rtdtrace.json`: where from and when, sortable, valid on every file system. */
export function traceFileName(pageUrl: string, format: ExportFormat, now: Date): string {
  let host = 'page';
  try {
    host = new URL(pageUrl).hostname || 'page';
  } catch {
    // A page without a parsable URL (about:blank) is just "page".
  }
  const stamp = now.toISOString().slice(0, 19).replace(/:/g, '-');
  return `${host.replace(/[^A-Za-z0-9.-]/g, '_')}-${stamp}.${format === 'har' ? 'har' : 'rtdtrace.json'}`;
}

/** The report's counts, most redactions first, as lines of text. */
export function countLines(counts: Record<string, number>): { rule: string; count: number }[] {
  return Object.entries(counts)
    .map(([rule, count]) => ({ rule, count }))
    .sort((a, b) => b.count - a.count || a.rule.localeCompare(b.rule));
}
