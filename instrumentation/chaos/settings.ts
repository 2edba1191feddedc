import type { ChaosFrameFilter, ChaosSettings } from '../protocol';

/**
 * Dev-server hot-reload channels, which must keep working while the app is offline: vite's client and its HMR
 * socket (which has no fixed path but always asks for the `vite-hmr` subprotocol, or `vite-ping` for its probe),
 * webpack-dev-server's sockets (`/ws` on the page's own host, the older `/sockjs-node`), webpack-hot-middleware and
 * Next.js. See `matchers.ts` for the pattern forms.
 */
export function defaultExemptUrls(pageHost: string): string[] {
  const patterns = ['protocol:vite-hmr', 'protocol:vite-ping', '/@vite/', '/__vite_ping', '/sockjs-node', '/__webpack_hmr', '/_next/webpack-hmr'];
  if (pageHost !== '') patterns.push(`/^wss?:\\/\\/${pageHost.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\/ws$/`);
  return patterns;
}

/** Most delay a setting may ask for; more would only look like a hang. */
export const MAX_DELAY_MS = 60_000;
const MAX_EXEMPT_PATTERNS = 100;
const MAX_PATTERN_LENGTH = 1_000;

export function defaultSettings(pageHost: string): ChaosSettings {
  return {
    offline: false,
    stall: false,
    latencyInMs: 0,
    latencyOutMs: 0,
    jitterInMs: 0,
    jitterOutMs: 0,
    dropRateIn: 0,
    dropRateOut: 0,
    dropFilter: null,
    exemptUrls: defaultExemptUrls(pageHost),
    persist: true,
  };
}

export function copySettings<S extends ChaosSettings>(settings: S): S {
  return {
    ...settings,
    dropFilter: settings.dropFilter ? { ...settings.dropFilter } : null,
    exemptUrls: [...settings.exemptUrls],
  };
}

/** True when some condition is on (exemptions and persistence are not conditions). */
export function hasConditions(settings: ChaosSettings): boolean {
  return settings.offline || settings.stall || settings.latencyInMs > 0 || settings.latencyOutMs > 0
    || settings.jitterInMs > 0 || settings.jitterOutMs > 0 || settings.dropRateIn > 0 || settings.dropRateOut > 0;
}

type Problem = (message: string) => void;

function delay(value: unknown, name: string, problem: Problem): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    problem(`${name} must be a number of milliseconds ≥ 0`);
    return undefined;
  }
  return Math.min(value, MAX_DELAY_MS);
}

function rate(value: unknown, name: string, problem: Problem): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
    problem(`${name} must be a probability from 0 to 1`);
    return undefined;
  }
  return value;
}

function flag(value: unknown, name: string, problem: Problem): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') {
    problem(`${name} must be true or false`);
    return undefined;
  }
  return value;
}

function frameFilter(value: unknown, problem: Problem): ChaosFrameFilter | null | undefined {
  if (value === undefined) return undefined;
  if (value === null || value === '') return null;
  if (typeof value === 'string') return { kind: 'substring', pattern: value.slice(0, MAX_PATTERN_LENGTH) };
  if (value instanceof RegExp) return checkedRegex(value.source, value.flags, problem);
  if (typeof value === 'object') {
    const { kind, pattern, flags } = value as Partial<ChaosFrameFilter>;
    if (typeof pattern === 'string' && pattern.length <= MAX_PATTERN_LENGTH) {
      if (kind === 'substring') return { kind, pattern };
      if (kind === 'regex' && (flags === undefined || typeof flags === 'string')) return checkedRegex(pattern, flags ?? '', problem);
    }
  }
  problem('dropFilter must be a string, a RegExp, {kind: "substring"|"regex", pattern, flags?} or null');
  return undefined;
}

function checkedRegex(pattern: string, flags: string, problem: Problem): ChaosFrameFilter | undefined {
  // `g` and `y` make `test` stateful (lastIndex), which would make a filter skip every other match.
  const stateless = flags.replace(/[gy]/g, '');
  try {
    new RegExp(pattern, stateless);
  } catch (error) {
    problem(`dropFilter is not a valid RegExp: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
  return { kind: 'regex', pattern, ...(stateless ? { flags: stateless } : {}) };
}

function exemptUrls(value: unknown, problem: Problem): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length > MAX_EXEMPT_PATTERNS || value.some((item) => typeof item !== 'string' || item.length > MAX_PATTERN_LENGTH)) {
    problem(`exemptUrls must be a list of at most ${MAX_EXEMPT_PATTERNS} strings`);
    return undefined;
  }
  return [...(value as string[])];
}

/**
 * The settings after `patch`. Fields that are invalid are left as they were and reported through `problem`; the
 * shorthands (`latencyMs`, `jitterMs`, `dropRate`) set both directions and yield to a per-direction field given
 * alongside.
 */
export function applyPatch(current: ChaosSettings, patch: unknown, problem: Problem): ChaosSettings {
  const next = copySettings(current);
  if (typeof patch !== 'object' || patch === null) {
    problem('chaos settings must be an object');
    return next;
  }
  const input = patch as Record<string, unknown>;
  const assign = <K extends keyof ChaosSettings>(key: K, value: ChaosSettings[K] | undefined): void => {
    if (value !== undefined) next[key] = value;
  };
  const latency = delay(input.latencyMs, 'latencyMs', problem);
  const jitter = delay(input.jitterMs, 'jitterMs', problem);
  const drop = rate(input.dropRate, 'dropRate', problem);
  assign('latencyInMs', delay(input.latencyInMs, 'latencyInMs', problem) ?? latency);
  assign('latencyOutMs', delay(input.latencyOutMs, 'latencyOutMs', problem) ?? latency);
  assign('jitterInMs', delay(input.jitterInMs, 'jitterInMs', problem) ?? jitter);
  assign('jitterOutMs', delay(input.jitterOutMs, 'jitterOutMs', problem) ?? jitter);
  assign('dropRateIn', rate(input.dropRateIn, 'dropRateIn', problem) ?? drop);
  assign('dropRateOut', rate(input.dropRateOut, 'dropRateOut', problem) ?? drop);
  assign('offline', flag(input.offline, 'offline', problem));
  assign('stall', flag(input.stall, 'stall', problem));
  assign('persist', flag(input.persist, 'persist', problem));
  assign('exemptUrls', exemptUrls(input.exemptUrls, problem));
  const filter = frameFilter(input.dropFilter, problem);
  if (filter !== undefined) next.dropFilter = filter;
  return next;
}
