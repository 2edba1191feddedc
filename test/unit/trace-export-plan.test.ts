import { describe, expect, it } from 'vitest';
import {
  addRule,
  countLines,
  DEFAULT_EXPORT_FORM,
  NO_SITE_RULES,
  planExport,
  removeRule,
  rulesOfKind,
  traceFileName,
} from '../../overlay/ui/store/trace-export-plan';

const NOW = Date.UTC(2026, 10, 22, 7, 30, 5);

describe('export dialog: what the page is asked for', () => {
  it('asks for everything, redacted, by default: redact is only sent when the user turned it off', () => {
    expect(planExport(DEFAULT_EXPORT_FORM, null, NOW)).toEqual({ ok: true, options: {} });
    expect(planExport({ ...DEFAULT_EXPORT_FORM, redact: false }, null, NOW)).toEqual({ ok: true, options: { redact: false } });
  });

  it('limits to the selected connection of the live page only', () => {
    const form = { ...DEFAULT_EXPORT_FORM, scope: 'connection' as const };
    expect(planExport(form, { id: 'c7', current: true }, NOW)).toEqual({ ok: true, options: { connections: ['c7'] } });
    expect(planExport(form, null, NOW)).toEqual({ ok: false, error: 'Select a connection in the list first' });
    expect(planExport(form, { id: 'c1', current: false }, NOW).ok).toBe(false);
  });

  it('turns "last N minutes" and a from/to range into a page-clock window', () => {
    expect(planExport({ ...DEFAULT_EXPORT_FORM, scope: 'last-minutes', minutes: '2.5' }, null, NOW)).toEqual({ ok: true, options: { from: NOW - 150_000 } });
    for (const minutes of ['', '0', '-1', 'abc']) {
      expect(planExport({ ...DEFAULT_EXPORT_FORM, scope: 'last-minutes', minutes }, null, NOW).ok).toBe(false);
    }
    const between = planExport({ ...DEFAULT_EXPORT_FORM, scope: 'between', from: '2026-11-22T07:00:00', to: '2026-11-22T07:10:00' }, null, NOW);
    expect(between).toEqual({ ok: true, options: { from: new Date('2026-11-22T07:00:00').getTime(), to: new Date('2026-11-22T07:10:00').getTime() } });
    expect(planExport({ ...DEFAULT_EXPORT_FORM, scope: 'between', from: '2026-11-22T08:00:00', to: '2026-11-22T07:00:00' }, null, NOW))
      .toEqual({ ok: false, error: 'The start is after the end' });
    expect(planExport({ ...DEFAULT_EXPORT_FORM, scope: 'between' }, null, NOW).ok).toBe(false);
  });
});

describe('export dialog: the rules editor', () => {
  it('adds field names, JSON paths and regular expressions, and removes them', () => {
    let rules = NO_SITE_RULES;
    for (const [kind, text] of [['field', 'cardNumber'], ['path', 'messages[*].data.pin'], ['regex', '\\bACCT-(\\d+)']] as const) {
      const edit = addRule(rules, kind, `  ${text} `);
      if (!edit.ok) throw new Error(edit.error);
      rules = edit.rules;
    }
    expect(rules.fieldNames).toEqual(['cardNumber']);
    expect(rules.jsonPaths).toEqual(['messages[*].data.pin']);
    expect(rules.patterns).toEqual([{ name: '\\bACCT-(\\d+)', source: '\\bACCT-(\\d+)', flags: 'g' }]);
    expect(rulesOfKind(rules, 'regex')).toEqual(['\\bACCT-(\\d+)']);
    expect(removeRule(rules, 'path', 0).jsonPaths).toEqual([]);
    expect(removeRule(rules, 'path', 0).fieldNames).toEqual(['cardNumber']);
  });

  it('refuses an invalid regular expression, a bad path, an empty or repeated rule, saying why', () => {
    const regex = addRule(NO_SITE_RULES, 'regex', '([a-');
    expect(regex.ok).toBe(false);
    expect(!regex.ok && regex.error).toMatch(/^Invalid regular expression: /);
    expect(addRule(NO_SITE_RULES, 'path', 'a..b').ok).toBe(false);
    expect(addRule(NO_SITE_RULES, 'field', '   ')).toEqual({ ok: false, error: 'Enter a rule first' });
    expect(addRule({ ...NO_SITE_RULES, fieldNames: ['pin'] }, 'field', 'pin')).toEqual({ ok: false, error: 'pin is already a rule' });
  });
});

describe('export dialog: report and file name', () => {
  it('lists counts most first', () => {
    expect(countLines({ 'field:token': 2, 'query:key': 5, 'field:auth': 2 })).toEqual([
      { rule: 'query:key', count: 5 },
      { rule: 'field:auth', count: 2 },
      { rule: 'field:token', count: 2 },
    ]);
  });

  it('names the file by host and time, with the format extension', () => {
    expect(traceFileName('https://chat.example.com/room?x=1', 'rtdtrace', new Date(NOW))).toBe('chat.example.com-2026-11-22T07-30-05.rtdtrace.json');
    expect(traceFileName('not a url', 'har', new Date(NOW))).toBe('page-2026-11-22T07-30-05.har');
  });
});
