import { useEffect, useRef, useState } from 'preact/hooks';
import type { TraceMessage } from '../../../instrumentation/protocol';
import { downloadText } from '../store/trace-download';
import {
  addRule,
  countLines,
  DEFAULT_EXPORT_FORM,
  NO_SITE_RULES,
  planExport,
  removeRule,
  rulesOfKind,
  traceFileName,
  type ExportForm,
  type RuleKind,
  type SelectedConnection,
  type SiteRules,
} from '../store/trace-export-plan';
import { useDevtoolsStore, useStoreValue } from '../store/use-store';

const RULE_KINDS: { kind: RuleKind; label: string; placeholder: string }[] = [
  { kind: 'field', label: 'Field name', placeholder: 'e.g. cardNumber (any depth, also in JSON inside strings)' },
  { kind: 'path', label: 'JSON path', placeholder: 'e.g. user.card or messages[*].data.pin' },
  { kind: 'regex', label: 'Regular expression', placeholder: 'e.g. \\bACCT-\\d+ (group 1 when it has one)' },
];

type Report = { state: 'loading' } | { state: 'ready'; answer: TraceMessage } | { state: 'failed'; error: string };

function useSelectedConnection(): SelectedConnection | null {
  const key = useStoreValue((state) => state.selectedConnection);
  const entry = useStoreValue((state) => (key === null ? undefined : state.connections.get(key)));
  const currentSession = useStoreValue((state) => state.session?.ordinal ?? -1);
  return entry ? { id: entry.info.id, current: entry.session === currentSession } : null;
}

function RedactionReport({ report, redact }: { report: Report; redact: boolean }) {
  if (!redact) {
    return (
      <div class="rtd-export-report rtd-export-danger" data-testid="rtd-export-report">
        Redaction is off: the file will hold every URL, header and payload as captured, secrets included.
      </div>
    );
  }
  if (report.state === 'loading') return <div class="rtd-export-report rtd-dim" data-testid="rtd-export-report">Finding secrets…</div>;
  if (report.state === 'failed') {
    return (
      <div class="rtd-export-report rtd-export-error" data-testid="rtd-export-report" role="alert">
        {report.error}
      </div>
    );
  }
  const lines = countLines(report.answer.redaction.counts);
  const total = lines.reduce((sum, line) => sum + line.count, 0);
  return (
    <div class="rtd-export-report" data-testid="rtd-export-report">
      <div data-testid="rtd-export-total">
        {total === 0 ? 'No secret found by the rules.' : `${total} value${total === 1 ? '' : 's'} will be redacted:`}
      </div>
      {lines.length > 0 && (
        <ul class="rtd-export-counts" data-testid="rtd-export-counts">
          {lines.map((line) => (
            <li key={line.rule} data-testid="rtd-export-count">
              <span class="rtd-mono">{line.rule}</span> × {line.count}
            </li>
          ))}
        </ul>
      )}
      {report.answer.redaction.samples.length > 0 && (
        <>
          <div class="rtd-dim">As it will be saved:</div>
          <ul class="rtd-export-samples" data-testid="rtd-export-samples">
            {report.answer.redaction.samples.map((sample, index) => (
              <li key={index} data-testid="rtd-export-sample">
                <span class="rtd-dim">{sample.where}</span> <span class="rtd-mono">{sample.after}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function RulesEditor({ rules, onChange }: { rules: SiteRules; onChange: (rules: SiteRules) => void }) {
  const [kind, setKind] = useState<RuleKind>('field');
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const current = RULE_KINDS.find((entry) => entry.kind === kind) ?? RULE_KINDS[0];
  const add = (): void => {
    const edit = addRule(rules, kind, text);
    if (!edit.ok) {
      setError(edit.error);
      return;
    }
    setError(null);
    setText('');
    onChange(edit.rules);
  };
  const listed = RULE_KINDS.flatMap((entry) => rulesOfKind(rules, entry.kind).map((rule, index) => ({ kind: entry.kind, label: entry.label, rule, index })));
  return (
    <div class="rtd-export-rules" data-testid="rtd-export-rules">
      <div class="rtd-export-heading">This site's extra rules (saved in the page's site, used by every export)</div>
      <div class="rtd-export-line">
        <select class="rtd-select" data-testid="rtd-export-rule-kind" aria-label="Rule kind" value={kind} onChange={(event) => setKind(event.currentTarget.value as RuleKind)}>
          {RULE_KINDS.map((entry) => (
            <option key={entry.kind} value={entry.kind}>
              {entry.label}
            </option>
          ))}
        </select>
        <input
          type="text"
          class={`rtd-export-input${error ? ' rtd-export-invalid' : ''}`}
          data-testid="rtd-export-rule-input"
          aria-label="New rule"
          spellcheck={false}
          placeholder={current?.placeholder}
          value={text}
          onInput={(event) => {
            setText(event.currentTarget.value);
            setError(null);
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter') add();
          }}
        />
        <button type="button" class="rtd-button" data-testid="rtd-export-rule-add" onClick={add}>
          Add
        </button>
      </div>
      {error && (
        <div class="rtd-export-error" data-testid="rtd-export-rule-error" role="alert">
          {error}
        </div>
      )}
      {listed.length > 0 && (
        <ul class="rtd-export-rule-list">
          {listed.map((entry) => (
            <li key={`${entry.kind}:${entry.index}`} data-testid="rtd-export-rule">
              <span class="rtd-dim">{entry.label}</span> <span class="rtd-mono">{entry.rule}</span>
              <button
                type="button"
                class="rtd-link-button"
                aria-label={`Remove rule ${entry.rule}`}
                onClick={() => onChange(removeRule(rules, entry.kind, entry.index))}
              >
                remove
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * Export of the live page's capture as a trace or HAR. Everything is built and redacted in the page (secrets never
 * reach the UI): the dialog asks for a preview whenever what would be saved changes, shows the counts and samples the
 * page reports, and saves the text the page returns.
 */
export function ExportDialog({ onClose }: { onClose: () => void }) {
  const store = useDevtoolsStore();
  const pageUrl = useStoreValue((state) => state.session?.page.url ?? '');
  const selected = useSelectedConnection();
  const [form, setForm] = useState<ExportForm>(DEFAULT_EXPORT_FORM);
  const [rules, setRules] = useState<SiteRules>(NO_SITE_RULES);
  const [report, setReport] = useState<Report>({ state: 'loading' });
  const [saving, setSaving] = useState(false);
  const [status, setStatus] = useState<{ error: boolean; text: string } | null>(null);
  const latest = useRef(0);
  const dialog = useRef<HTMLDivElement>(null);
  const plan = planExport(form, selected, Date.now());
  const planKey = JSON.stringify(plan);

  /** Asks the page; only the answer to the newest question is shown. */
  const preview = (saveRules?: SiteRules): void => {
    const asked = ++latest.current;
    if (!plan.ok) {
      setReport({ state: 'failed', error: plan.error });
      return;
    }
    setReport({ state: 'loading' });
    void store.getState().requestTrace({
      format: form.format,
      options: saveRules ? { ...plan.options, rules: saveRules } : plan.options,
      preview: true,
      ...(saveRules ? { saveRules: true } : {}),
    }).then((answer) => {
      if (asked !== latest.current) return;
      if (answer.savedRules) setRules(answer.savedRules);
      setReport(answer.ok ? { state: 'ready', answer } : { state: 'failed', error: answer.error ?? 'The page could not build the trace' });
    });
  };

  useEffect(() => preview(), [planKey, form.format]);

  const changeRules = (next: SiteRules): void => {
    setRules(next);
    preview(next);
  };

  const save = async (): Promise<void> => {
    if (!plan.ok) return;
    setSaving(true);
    setStatus(null);
    const answer = await store.getState().requestTrace({ format: form.format, options: plan.options, preview: false });
    setSaving(false);
    if (!answer.ok || answer.text === undefined) {
      setStatus({ error: true, text: answer.error ?? 'The page sent no file' });
      return;
    }
    const name = traceFileName(pageUrl, form.format, new Date());
    try {
      // Both formats are JSON (HAR 1.2 is a JSON document).
      downloadText(dialog.current as HTMLDivElement, name, answer.text, 'application/json');
      setStatus({ error: false, text: `Saved ${name}` });
    } catch (error) {
      setStatus({ error: true, text: `Could not save: ${error instanceof Error ? error.message : String(error)}` });
    }
  };

  const set = (patch: Partial<ExportForm>): void => setForm((current) => ({ ...current, ...patch }));

  return (
    <div class="rtd-export-dialog" ref={dialog} data-testid="rtd-export-dialog" role="dialog" aria-label="Export trace">
      <div class="rtd-export-title">
        Export trace
        <span class="rtd-spacer" />
        <button type="button" class="rtd-icon-button" aria-label="Close export" onClick={onClose}>
          ×
        </button>
      </div>
      <div class="rtd-export-line" role="radiogroup" aria-label="Format">
        <span class="rtd-export-label">Format</span>
        <label class="rtd-check">
          <input type="radio" name="rtd-export-format" data-testid="rtd-export-format-rtdtrace" checked={form.format === 'rtdtrace'} onChange={() => set({ format: 'rtdtrace' })} />
          Trace (.rtdtrace.json)
        </label>
        <label class="rtd-check">
          <input type="radio" name="rtd-export-format" data-testid="rtd-export-format-har" checked={form.format === 'har'} onChange={() => set({ format: 'har' })} />
          HAR (Chrome, HAR viewers)
        </label>
      </div>
      <div class="rtd-export-line">
        <span class="rtd-export-label">What</span>
        <select
          class="rtd-select"
          data-testid="rtd-export-scope"
          aria-label="What to export"
          value={form.scope}
          onChange={(event) => set({ scope: event.currentTarget.value as ExportForm['scope'] })}
        >
          <option value="all">Everything</option>
          <option value="connection">{selected ? `Selected connection (${selected.id})` : 'Selected connection'}</option>
          <option value="last-minutes">The last minutes</option>
          <option value="between">A time range</option>
        </select>
        {form.scope === 'last-minutes' && (
          <label class="rtd-check">
            <input type="number" min="0" step="any" class="rtd-export-number" data-testid="rtd-export-minutes" aria-label="Minutes" value={form.minutes} onInput={(event) => set({ minutes: event.currentTarget.value })} />
            min
          </label>
        )}
        {form.scope === 'between' && (
          <>
            <input type="datetime-local" step="1" data-testid="rtd-export-from" aria-label="From" value={form.from} onInput={(event) => set({ from: event.currentTarget.value })} />
            to
            <input type="datetime-local" step="1" data-testid="rtd-export-to" aria-label="To" value={form.to} onInput={(event) => set({ to: event.currentTarget.value })} />
          </>
        )}
      </div>
      <RedactionReport report={report} redact={form.redact} />
      {form.redact && <RulesEditor rules={rules} onChange={changeRules} />}
      <label class="rtd-check rtd-export-off">
        <input type="checkbox" data-testid="rtd-export-redaction-off" checked={!form.redact} onChange={(event) => set({ redact: !event.currentTarget.checked })} />
        Turn redaction off
      </label>
      {!form.redact && (
        <div class="rtd-export-danger" data-testid="rtd-export-warning" role="alert">
          Tokens, passwords and cookies in this capture will be in the file. Share it only where you would share them.
        </div>
      )}
      <div class="rtd-export-line">
        <button type="button" class="rtd-button rtd-button-primary" data-testid="rtd-export-save" disabled={!plan.ok || saving} onClick={() => void save()}>
          {saving ? 'Building…' : 'Save'}
        </button>
        <button type="button" class="rtd-button" onClick={onClose}>
          Cancel
        </button>
        {status && (
          <span class={status.error ? 'rtd-export-error' : 'rtd-dim'} data-testid="rtd-export-status" role={status.error ? 'alert' : 'status'}>
            {status.text}
          </span>
        )}
      </div>
    </div>
  );
}
