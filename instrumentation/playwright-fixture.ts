/**
 * `realtime-devtools/playwright`: a Playwright `test` whose `realtime` fixture injects the instrumentation into
 * every page before the page's own scripts, and drives its network chaos from the test.
 *
 *   import { test, expect } from 'realtime-devtools/playwright';
 *
 *   test('the chat survives a network drop', async ({ page, realtime }) => {
 *     await page.goto('/chat');
 *     const socket = await realtime.waitForConnection((c) => c.url.endsWith('/chat') && c.state === 'open');
 *     await realtime.goOffline();
 *     await expect(page.getByText('Reconnecting')).toBeVisible();
 *     await realtime.goOnline();
 *     await realtime.waitForConnection((c) => c.lineage === socket.lineage && c.attempt > 0 && c.state === 'open');
 *   });
 *
 * Conditions persist across reloads of the page (sessionStorage) until `reset()`, like the UI's. Needs the
 * built script, `dist/instrumentation/realtime-devtools.js` (`npm run build`).
 */
import { test as base, expect, type Page } from '@playwright/test';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ChaosApi, ChaosSettingsInput, RealtimeDevtoolsApi } from './api';
import type { ChaosPresetName, ChaosScheduleRequest, ChaosState, ConnectionInfo, FrameEvent } from './protocol';

/**
 * The built instrumentation, seen from this source file (`instrumentation/`) or from its build (`dist/playwright/`).
 * The paths are not literals in `new URL(…)` so that the bundler leaves them to be resolved where the file runs.
 */
const SCRIPT_LOCATIONS = ['../dist/instrumentation/realtime-devtools.js', '../instrumentation/realtime-devtools.js'];
const scriptPaths = SCRIPT_LOCATIONS.map((location) => fileURLToPath(new URL(location, import.meta.url)));
export const INSTRUMENTATION_SCRIPT = scriptPaths.find((path) => existsSync(path)) ?? (scriptPaths[0] as string);

const DEFAULT_WAIT_MS = 10_000;
const POLL_MS = 25;

export interface WaitOptions {
  timeout?: number;
}

export interface RealtimeFixture {
  /** Every WebSocket fails (1006), new ones and EventSource reconnects fail, fetch and XHR reject, `offline` fires. */
  goOffline(): Promise<ChaosState>;
  /** The network is back: `online` fires; the page's own reconnection logic does the rest. */
  goOnline(): Promise<ChaosState>;
  /** One-way latency (ms) for both directions of WebSocket frames, SSE events and fetch, ± up to `jitterMs`. */
  setLatency(ms: number, jitterMs?: number): Promise<ChaosState>;
  /** Sockets stay open but nothing moves either way, until `stall(false)`. */
  stall(on?: boolean): Promise<ChaosState>;
  /** Any other setting (drop rates and filter, per-direction latency, exemptions…). */
  setChaos(changes: ChaosSettingsInput): Promise<ChaosState>;
  preset(name: ChaosPresetName): Promise<ChaosState>;
  schedule(request: ChaosScheduleRequest | null): Promise<ChaosState>;
  /** Every condition off. */
  reset(): Promise<ChaosState>;
  chaos(): Promise<ChaosState>;
  /** Ends one connection as the server or the network would (see `ChaosApi.kill`). */
  kill(connectionId: string, code?: number, reason?: string): Promise<boolean>;
  connections(): Promise<ConnectionInfo[]>;
  frames(connectionId?: string): Promise<FrameEvent[]>;
  /** The first connection (newest first) for which `predicate` holds, waiting for one to appear. */
  waitForConnection(predicate: (connection: ConnectionInfo) => boolean, options?: WaitOptions): Promise<ConnectionInfo>;
}

type ChaosCall = { [K in keyof ChaosApi]: { method: K; args: Parameters<ChaosApi[K]> } }[keyof ChaosApi];

/** Runs in the page: one call of the chaos API. A RegExp filter travels as its source and flags. */
function callChaos(call: ChaosCall): unknown {
  const api = (window as unknown as { __REALTIME_DEVTOOLS__?: RealtimeDevtoolsApi }).__REALTIME_DEVTOOLS__;
  if (!api) throw new Error('Realtime DevTools is not installed in this page');
  const chaos = api.chaos as unknown as Record<string, (...args: unknown[]) => unknown>;
  return (chaos[call.method] as (...args: unknown[]) => unknown)(...call.args);
}

/** Runs in the page: the connections (`frames: null`), or the frames of one connection (its id) or of all (`''`). */
function readCapture(request: { frames: string | null }): unknown {
  const api = (window as unknown as { __REALTIME_DEVTOOLS__?: RealtimeDevtoolsApi }).__REALTIME_DEVTOOLS__;
  if (!api) throw new Error('Realtime DevTools is not installed in this page');
  if (request.frames === null) return api.connections();
  return api.frames(request.frames === '' ? undefined : request.frames);
}

/** RegExps do not survive `page.evaluate`: they travel in the protocol's serializable filter form. */
function serializable(changes: ChaosSettingsInput): ChaosSettingsInput {
  const filter = changes.dropFilter;
  if (!(filter instanceof RegExp)) return changes;
  return { ...changes, dropFilter: { kind: 'regex', pattern: filter.source, flags: filter.flags } };
}

export function createRealtimeFixture(page: Page): RealtimeFixture {
  const chaos = <R>(call: ChaosCall): Promise<R> => page.evaluate(callChaos, call) as Promise<R>;
  const connections = (): Promise<ConnectionInfo[]> => page.evaluate(readCapture, { frames: null }) as Promise<ConnectionInfo[]>;
  return {
    goOffline: () => chaos({ method: 'set', args: [{ offline: true }] }),
    goOnline: () => chaos({ method: 'set', args: [{ offline: false }] }),
    setLatency: (ms, jitterMs = 0) => chaos({ method: 'set', args: [{ latencyMs: ms, jitterMs }] }),
    stall: (on = true) => chaos({ method: 'set', args: [{ stall: on }] }),
    setChaos: (changes) => chaos({ method: 'set', args: [serializable(changes)] }),
    preset: (name) => chaos({ method: 'preset', args: [name] }),
    schedule: (request) => chaos({ method: 'schedule', args: [request] }),
    reset: () => chaos({ method: 'reset', args: [] }),
    chaos: () => chaos({ method: 'get', args: [] }),
    kill: (connectionId, code, reason) => chaos({ method: 'kill', args: [connectionId, code, reason] }),
    connections,
    frames: (connectionId) => page.evaluate(readCapture, { frames: connectionId ?? '' }) as Promise<FrameEvent[]>,
    async waitForConnection(predicate, options = {}) {
      const deadline = Date.now() + (options.timeout ?? DEFAULT_WAIT_MS);
      for (;;) {
        const match = (await connections()).reverse().find(predicate);
        if (match) return match;
        if (Date.now() > deadline) throw new Error(`no connection matched within ${options.timeout ?? DEFAULT_WAIT_MS} ms`);
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    },
  };
}

export const test = base.extend<{ realtime: RealtimeFixture }>({
  realtime: async ({ page }, use) => {
    if (!existsSync(INSTRUMENTATION_SCRIPT)) throw new Error(`${INSTRUMENTATION_SCRIPT} is missing: run \`npm run build\` first`);
    await page.addInitScript({ path: INSTRUMENTATION_SCRIPT });
    await use(createRealtimeFixture(page));
  },
});

export { expect };
