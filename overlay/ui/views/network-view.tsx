import { useState } from 'preact/hooks';
import type { ChaosFrameFilter, ChaosPresetName, ChaosSettingsPatch, ChaosState } from '../../../instrumentation/protocol';
import { describeSchedule, isChaosActive } from '../store/chaos-summary';
import { useDevtoolsStore, useStoreValue } from '../store/use-store';
import { useTraceMode } from '../store/trace-mode';

const PRESETS: { name: ChaosPresetName; label: string; title: string }[] = [
  { name: 'slow-3g', label: 'Slow 3G', title: '200 ms each way ±40 ms (WebPageTest "3G Slow": 400 ms round trip)' },
  { name: 'flaky-mobile', label: 'Flaky mobile', title: '150 ms ±120 ms each way, offline 3 s out of every 20 s' },
];

interface NumberFieldProps {
  label: string;
  value: number;
  unit: string;
  max?: number;
  testId: string;
  /** Called with a valid number when the user commits (Enter or leaving the field). */
  onCommit: (value: number) => void;
}

/** A number the user edits freely and commits once: every keystroke sent to the page would restart its delays. */
function NumberField({ label, value, unit, max, testId, onCommit }: NumberFieldProps) {
  const [draft, setDraft] = useState<string | null>(null);
  const parsed = draft === null ? value : Number(draft);
  const invalid = draft !== null && (draft.trim() === '' || !Number.isFinite(parsed) || parsed < 0 || (max !== undefined && parsed > max));
  const commit = (): void => {
    if (draft === null || invalid) return;
    setDraft(null);
    if (parsed !== value) onCommit(parsed);
  };
  return (
    <label class="rtd-chaos-field">
      <span class="rtd-chaos-field-label">{label}</span>
      <input
        type="number"
        min={0}
        max={max}
        class={`rtd-chaos-number${invalid ? ' rtd-chaos-invalid' : ''}`}
        data-testid={testId}
        aria-invalid={invalid}
        value={draft ?? String(value)}
        onInput={(event) => setDraft(event.currentTarget.value)}
        onChange={commit}
        onKeyDown={(event) => {
          if (event.key === 'Enter') commit();
          if (event.key === 'Escape') setDraft(null);
        }}
      />
      <span class="rtd-chaos-unit">{unit}</span>
    </label>
  );
}

const toPercent = (rate: number): number => Number((rate * 100).toFixed(2));

function DropFilterEditor({ filter, onChange }: { filter: ChaosFrameFilter | null; onChange: (filter: ChaosFrameFilter | null) => void }) {
  const [kind, setKind] = useState<ChaosFrameFilter['kind']>(filter?.kind ?? 'substring');
  const [pattern, setPattern] = useState<string | null>(null);
  const shown = pattern ?? filter?.pattern ?? '';
  const error = kind === 'regex' ? regexError(shown) : null;
  const commit = (nextKind = kind, nextPattern = shown): void => {
    setPattern(null);
    if (nextKind === 'regex' && regexError(nextPattern)) return;
    onChange(nextPattern === '' ? null : { kind: nextKind, pattern: nextPattern });
  };
  return (
    <div class="rtd-chaos-line">
      <span class="rtd-chaos-field-label">only frames</span>
      <select
        class="rtd-select"
        data-testid="rtd-chaos-drop-filter-kind"
        aria-label="Drop filter kind"
        value={kind}
        onChange={(event) => {
          const next = event.currentTarget.value as ChaosFrameFilter['kind'];
          setKind(next);
          if (shown !== '') commit(next, shown);
        }}
      >
        <option value="substring">containing</option>
        <option value="regex">matching regex</option>
      </select>
      <input
        type="text"
        spellcheck={false}
        class={`rtd-chaos-text${error ? ' rtd-chaos-invalid' : ''}`}
        placeholder="any frame"
        aria-label="Drop filter pattern"
        data-testid="rtd-chaos-drop-filter"
        value={shown}
        title={error ?? undefined}
        onInput={(event) => setPattern(event.currentTarget.value)}
        onChange={() => commit()}
      />
      {error && <span class="rtd-search-error">{error}</span>}
    </div>
  );
}

function regexError(pattern: string): string | null {
  try {
    new RegExp(pattern);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function ScheduleControls({ state, onStart, onStop }: { state: ChaosState; onStart: (kind: 'offline-for' | 'flap', seconds: number) => void; onStop: () => void }) {
  const [offlineSeconds, setOfflineSeconds] = useState(10);
  const [flapSeconds, setFlapSeconds] = useState(20);
  return (
    <div class="rtd-chaos-group">
      <div class="rtd-chaos-heading">Schedules</div>
      <div class="rtd-chaos-line">
        <NumberField label="Offline for" value={offlineSeconds} unit="s" testId="rtd-chaos-offline-for-seconds" onCommit={setOfflineSeconds} />
        <button type="button" class="rtd-button" data-testid="rtd-chaos-offline-for" disabled={offlineSeconds <= 0} onClick={() => onStart('offline-for', offlineSeconds)}>
          Start
        </button>
      </div>
      <div class="rtd-chaos-line">
        <NumberField label="Flap every" value={flapSeconds} unit="s" testId="rtd-chaos-flap-seconds" onCommit={setFlapSeconds} />
        <button type="button" class="rtd-button" data-testid="rtd-chaos-flap" disabled={flapSeconds <= 0} onClick={() => onStart('flap', flapSeconds)}>
          Start
        </button>
        <span class="rtd-dim">offline for the first half of every period</span>
      </div>
      {state.schedule && (
        <div class="rtd-chaos-line" data-testid="rtd-chaos-schedule">
          <span>Running: {describeSchedule(state.schedule)}</span>
          <button type="button" class="rtd-button" data-testid="rtd-chaos-stop-schedule" onClick={onStop}>
            Stop
          </button>
        </div>
      )}
    </div>
  );
}

/**
 * The network conditions the page simulates (offline, stall, latency, drops, schedules), edited here and applied
 * by the page's chaos engine: every control sends a command, and shows the state the page answers with.
 */
export function NetworkView() {
  const store = useDevtoolsStore();
  const state = useStoreValue((current) => current.chaos);
  const { readOnly } = useTraceMode();
  const live = useStoreValue((current) => current.session !== null && current.disconnected === null && current.versionMismatch === null);
  if (readOnly) {
    return (
      <div class="rtd-network" data-testid="rtd-network-view">
        <div class="rtd-empty">An imported trace is read-only: network conditions apply to a live page. Its chaos changes are on the Timeline.</div>
      </div>
    );
  }
  if (!state || !live) {
    return (
      <div class="rtd-network" data-testid="rtd-network-view">
        <div class="rtd-empty">{live ? 'Waiting for the page to report its network conditions…' : 'Network conditions can be changed once a page is connected.'}</div>
      </div>
    );
  }
  const { send } = store.getState();
  const set = (settings: ChaosSettingsPatch): void => send({ kind: 'set-chaos', settings });

  return (
    <div class="rtd-network" data-testid="rtd-network-view">
      <div class="rtd-toolbar">
        <span class="rtd-dim" data-testid="rtd-chaos-summary">
          {isChaosActive(state) ? 'Applied inside the page to its WebSocket, EventSource and fetch streams.' : 'No condition simulated: the page sees the real network.'}
        </span>
        <span class="rtd-spacer" />
        <button type="button" class="rtd-button" data-testid="rtd-chaos-reset" onClick={() => send({ kind: 'reset-chaos' })}>
          Reset
        </button>
      </div>
      <div class="rtd-network-body">
        <div class="rtd-chaos-group">
          <div class="rtd-chaos-heading">Connectivity</div>
          <label class="rtd-check" title="Open sockets fail with 1006, new ones cannot connect, EventSources error and retry">
            <input type="checkbox" data-testid="rtd-chaos-offline" checked={state.offline} onChange={(event) => set({ offline: event.currentTarget.checked })} />
            Offline
          </label>
          <label class="rtd-check" title="Sockets stay open but nothing moves either way (a zombie connection)">
            <input type="checkbox" data-testid="rtd-chaos-stall" checked={state.stall} onChange={(event) => set({ stall: event.currentTarget.checked })} />
            Stall
          </label>
          <label class="rtd-check" title="Keep these conditions when this tab reloads, until they are turned off">
            <input type="checkbox" data-testid="rtd-chaos-persist" checked={state.persist} onChange={(event) => set({ persist: event.currentTarget.checked })} />
            Keep across reloads
          </label>
        </div>
        <div class="rtd-chaos-group">
          <div class="rtd-chaos-heading">Presets</div>
          {PRESETS.map((preset) => (
            <button key={preset.name} type="button" class="rtd-button" title={preset.title} data-testid={`rtd-chaos-preset-${preset.name}`} onClick={() => send({ kind: 'chaos-preset', preset: preset.name })}>
              {preset.label}
            </button>
          ))}
        </div>
        <div class="rtd-chaos-group">
          <div class="rtd-chaos-heading">Delay (one way; frames keep their order)</div>
          <div class="rtd-chaos-line">
            <NumberField label="↓ latency in" value={state.latencyInMs} unit="ms" testId="rtd-chaos-latency-in" onCommit={(latencyInMs) => set({ latencyInMs })} />
            <NumberField label="± jitter" value={state.jitterInMs} unit="ms" testId="rtd-chaos-jitter-in" onCommit={(jitterInMs) => set({ jitterInMs })} />
          </div>
          <div class="rtd-chaos-line">
            <NumberField label="↑ latency out" value={state.latencyOutMs} unit="ms" testId="rtd-chaos-latency-out" onCommit={(latencyOutMs) => set({ latencyOutMs })} />
            <NumberField label="± jitter" value={state.jitterOutMs} unit="ms" testId="rtd-chaos-jitter-out" onCommit={(jitterOutMs) => set({ jitterOutMs })} />
          </div>
        </div>
        <div class="rtd-chaos-group">
          <div class="rtd-chaos-heading">Drop frames</div>
          <div class="rtd-chaos-line">
            <NumberField label="↓ in" value={toPercent(state.dropRateIn)} unit="%" max={100} testId="rtd-chaos-drop-in" onCommit={(value) => set({ dropRateIn: value / 100 })} />
            <NumberField label="↑ out" value={toPercent(state.dropRateOut)} unit="%" max={100} testId="rtd-chaos-drop-out" onCommit={(value) => set({ dropRateOut: value / 100 })} />
          </div>
          {/* Keyed by the page's filter, so that a change from elsewhere (Reset, a preset, the API) replaces any draft. */}
          <DropFilterEditor key={JSON.stringify(state.dropFilter)} filter={state.dropFilter} onChange={(dropFilter) => set({ dropFilter })} />
        </div>
        <ScheduleControls
          state={state}
          onStart={(kind, seconds) =>
            send({ kind: 'schedule-chaos', schedule: kind === 'offline-for' ? { kind, durationMs: seconds * 1000 } : { kind, periodMs: seconds * 1000 } })
          }
          onStop={() => send({ kind: 'schedule-chaos', schedule: null })}
        />
      </div>
    </div>
  );
}
