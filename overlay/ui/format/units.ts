/** Human units for the UI's columns. Every function is total: odd input (NaN, negatives) still yields text. */

const pad = (value: number, width: number): string => String(value).padStart(width, '0');

/** Local wall-clock time with milliseconds, as DevTools shows it: `14:03:07.123`. */
export function formatClock(epochMs: number): string {
  if (!Number.isFinite(epochMs)) return '--:--:--.---';
  const date = new Date(epochMs);
  return `${pad(date.getHours(), 2)}:${pad(date.getMinutes(), 2)}:${pad(date.getSeconds(), 2)}.${pad(date.getMilliseconds(), 3)}`;
}

/** Time since the previous row: `+0.4 ms`, `+12 ms`, `+1.25 s`, `+3 m 05 s`. */
export function formatDelta(ms: number): string {
  if (!Number.isFinite(ms)) return '';
  const sign = ms < 0 ? '−' : '+';
  return sign + formatDuration(Math.abs(ms));
}

/** A span of time: `0.4 ms`, `850 ms`, `3.20 s`, `4 m 05 s`, `1 h 02 m`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 10) return `${(Math.round(ms * 10) / 10).toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  const totalSeconds = Math.floor(ms / 1000);
  if (totalSeconds < 3600) return `${Math.floor(totalSeconds / 60)} m ${pad(totalSeconds % 60, 2)} s`;
  return `${Math.floor(totalSeconds / 3600)} h ${pad(Math.floor(totalSeconds / 60) % 60, 2)} m`;
}

/** Sizes in binary units, as DevTools does: `512 B`, `1.5 KiB`, `12.0 MiB`. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

const integerFormat = new Intl.NumberFormat('en-US');

export function formatCount(count: number): string {
  return Number.isFinite(count) ? integerFormat.format(count) : '—';
}
