/**
 * `npx tsx bench/profile-overlay.ts [--runs 3 --messages 100000 --variants baseline,overlay --handler count --top 25 --dist dist[,other] --json out.json]`
 *
 * Where the page's main thread spends its time while the throughput benchmark's blast streams in: the same trial
 * page as `npm run bench`, with a V8 CPU profile (CDP Profiler, via `console.profile` in the probe) recorded from the
 * first message until the tool has caught up after the last. Prints, as a mean per trial, self time by category
 * (the page's own handler, the overlay script — capture, batching, shell —, the overlay UI — store, validation,
 * Preact views —, GC, and `(program)`: the browser's own work outside JavaScript, socket dispatch, style and
 * layout), then the UI's and the overlay script's most expensive functions by self and by total time.
 *
 * CPU time is a steadier figure than throughput on a loaded machine: compare the "overlay UI" line before and after
 * a change. By default the overlay and the instrumentation script are built unminified from the working tree into a temporary folder, so that
 * function names are readable and nobody's dist/ is touched; `--dist dist` profiles an existing (minified) build,
 * and `--dist before,after` two builds, trial by trial in turn, so that both see the same load.
 * `--json` writes the totals, for diffing two runs.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startBenchServer, type BenchServer } from './bench-server';
import { launchChromium, type CdpConnection } from './cdp-client';
import { CHROMIUM_ARGS } from './chromium-args';
import { accumulate, emptyTotals, top, type CpuProfile, type ProfileTotals } from './cpu-profile';
import { buildPageScriptsInto } from './overlay-build';
import type { Handler, TrialResult, Variant } from './page/probe';
import { HANDLERS, isHandler, isVariant, trialPage } from './pages';
import { VARIANT_LABELS, formatRate } from './report';

const TRIAL_TIMEOUT_MS = 240_000;
/** Microseconds between samples: fine enough for per-batch work, coarse enough not to slow the page much. */
const SAMPLING_INTERVAL_US = 250;
const PROFILE_ARRIVAL_MS = 30_000;

const CATEGORY_LABELS: Record<string, string> = {
  probe: "page's own onmessage (probe)",
  'overlay-script': 'overlay script (capture, batching, shell)',
  'overlay-ui': 'overlay UI (store, validation, Preact views)',
  'instrumentation-script': 'instrumentation script (capture, batching)',
  '(program)': '(program): browser work outside JS',
  '(garbage collector)': '(garbage collector)',
  '(idle)': '(idle)',
  other: 'other scripts',
};

function classify(url: string): string {
  if (url.endsWith('/probe.js') || url.endsWith('/overlay-control.js')) return 'probe';
  if (url.includes('/overlay/esm/')) return 'overlay-ui';
  if (url.includes('/overlay/realtime-devtools-overlay.js')) return 'overlay-script';
  if (url.includes('/instrumentation/realtime-devtools.js')) return 'instrumentation-script';
  return 'other';
}

const TOOL_CATEGORIES = new Set(['overlay-ui', 'overlay-script', 'instrumentation-script']);

interface Options {
  runs: number;
  messages: number;
  variants: Variant[];
  /** `count` by default: the page never reads `event.data`, so the tool's whole cost shows, string conversion included. */
  handler: Handler;
  top: number;
  /** Builds to profile, each laid out as dist/; none: a private unminified build of the working tree. */
  dists: string[];
  json: string | undefined;
}

function options(): Options {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '3' },
      messages: { type: 'string', default: '100000' },
      variants: { type: 'string', default: 'baseline,overlay' },
      handler: { type: 'string', default: 'count' },
      top: { type: 'string', default: '25' },
      dist: { type: 'string' },
      json: { type: 'string' },
    },
  });
  const runs = Number(values.runs);
  const messages = Number(values.messages);
  const count = Number(values.top);
  const variants = values.variants.split(',').map((name) => name.trim());
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a positive integer');
  if (!Number.isInteger(messages) || messages < 1) throw new Error('--messages must be a positive integer');
  if (!Number.isInteger(count) || count < 1) throw new Error('--top must be a positive integer');
  const unknown = variants.filter((name) => !isVariant(name));
  if (unknown.length > 0) throw new Error(`unknown variant(s) ${unknown.join(', ')}`);
  if (!isHandler(values.handler)) throw new Error(`--handler must be one of ${HANDLERS.join(', ')}`);
  return {
    runs,
    messages,
    variants: variants as Variant[],
    handler: values.handler,
    top: count,
    dists: values.dist === undefined ? [] : values.dist.split(',').map((dir) => resolve(dir.trim())),
    json: values.json,
  };
}

interface ProfiledTrial {
  result: TrialResult;
  profile: CpuProfile;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not arrive within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function profileTrial(cdp: CdpConnection, url: string, result: Promise<unknown>): Promise<ProfiledTrial> {
  const { browserContextId } = await cdp.send<{ browserContextId: string }>('Target.createBrowserContext');
  try {
    const { targetId } = await cdp.send<{ targetId: string }>('Target.createTarget', { url: 'about:blank', browserContextId });
    const { sessionId } = await cdp.send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true });
    await cdp.send('Profiler.enable', {}, sessionId);
    await cdp.send('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US }, sessionId);
    const finished = cdp.next('Profiler.consoleProfileFinished', sessionId);
    await cdp.send('Page.navigate', { url }, sessionId);
    // The probe ends its profile before it reports, so the profile is there once the result is, unless it failed.
    const trial = (await withTimeout(result, TRIAL_TIMEOUT_MS, 'the trial')) as TrialResult;
    if (trial.error) throw new Error(`the ${trial.variant} trial failed: ${trial.error}`);
    const event = await withTimeout(finished, PROFILE_ARRIVAL_MS, 'the profile');
    return { result: trial, profile: event.profile as CpuProfile };
  } finally {
    await cdp.send('Target.disposeBrowserContext', { browserContextId });
  }
}

const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 });

interface Profiled {
  label: string;
  totals: ProfileTotals;
  trials: ProfiledTrial[];
}

function printProfiled({ label, totals, trials }: Profiled, count: number): void {
  const per = (ms: number): string => `${number.format(ms / trials.length)} ms`.padStart(11);
  const busyMs = totals.wallMs - (totals.byCategory.get('(idle)') ?? 0);
  const rates = trials.map(({ result }) => formatRate((result.received / result.ms) * 1000).trim());
  console.log(`\n${label}: ${trials.length} trial(s), ${rates.join(', ')}`);
  console.log(`  sampled ${per(totals.wallMs)} per trial, busy (not idle) ${per(busyMs)}`);
  for (const [category, ms] of top(totals.byCategory, Number.POSITIVE_INFINITY)) {
    const share = ((ms / totals.wallMs) * 100).toFixed(1).padStart(5);
    console.log(`    ${(CATEGORY_LABELS[category] ?? category).padEnd(48)} ${per(ms)}  ${share} %`);
  }
  const toolCode = (key: string): boolean => TOOL_CATEGORIES.has(totals.categoryOf.get(key) ?? '');
  if (!top(totals.selfByFunction, 1, toolCode).length) return;
  console.log(`\n  Top self time in the tool's code (mean per trial; native builtins under the caller's category)`);
  for (const [key, ms] of top(totals.selfByFunction, count, toolCode)) console.log(`    ${per(ms)}  ${key}`);
  console.log(`\n  Top total time in the tool's code (the function anywhere on the stack)`);
  for (const [key, ms] of top(totals.totalByFunction, count, toolCode)) console.log(`    ${per(ms)}  ${key}`);
}

async function startServer(distDir: string, messages: number): Promise<BenchServer> {
  return startBenchServer({
    maxMessages: messages,
    distDir,
    page: (path, query) => trialPage(path, query),
    scripts: {
      probe: resolve(import.meta.dirname, 'page/probe.ts'),
      'overlay-control': resolve(import.meta.dirname, 'page/overlay-control.ts'),
    },
  });
}

async function main(): Promise<void> {
  const settings = options();
  const privateBuild = settings.dists.length === 0 ? mkdtempSync(join(tmpdir(), 'rtd-profile-dist-')) : undefined;
  try {
    if (privateBuild) {
      console.log(`Building the overlay and instrumentation scripts unminified from the working tree into ${privateBuild}…`);
      await buildPageScriptsInto(privateBuild, { minify: false });
    }
    const dists = privateBuild ? [privateBuild] : settings.dists;
    const servers = await Promise.all(dists.map((dist) => startServer(dist, settings.messages)));
    const chromium = await launchChromium('/usr/bin/chromium', CHROMIUM_ARGS);
    const profiled = new Map<string, Profiled>();
    try {
      console.log(
        `CPU profile of the trial page's main thread, ${settings.messages.toLocaleString('en-US')} × 64-byte frames per trial, page handler "${settings.handler}", ` +
          `${settings.runs} trial(s) per variant${dists.length > 1 ? ' and build' : ''} (alternating), sampling every ${SAMPLING_INTERVAL_US} µs, ` +
          `from ${dists.join(', ')}`,
      );
      for (let run = 0; run < settings.runs; run++) {
        for (const [build, server] of servers.entries()) {
          for (const variant of settings.variants) {
            const id = `profile-${run}-${build}-${variant}`;
            const query = new URLSearchParams({ variant, handler: settings.handler, trial: id, messages: String(settings.messages), profile: '1' });
            const trial = await profileTrial(chromium.cdp, `${server.origin}/trial?${query}`, server.result(id));
            const label = dists.length > 1 ? `${VARIANT_LABELS[variant]} [${dists[build]}]` : VARIANT_LABELS[variant];
            const entry = profiled.get(label) ?? { label, totals: emptyTotals(), trials: [] };
            profiled.set(label, entry);
            accumulate(entry.totals, trial.profile, classify);
            entry.trials.push(trial);
          }
        }
      }
    } finally {
      await chromium.close();
      await Promise.all(servers.map((server) => server.close()));
    }
    for (const entry of profiled.values()) printProfiled(entry, settings.top);
    if (settings.json) {
      const plain = Object.fromEntries(
        [...profiled.values()].map(({ label, totals, trials }) => [
          label,
          {
            trials: trials.length,
            rates: trials.map(({ result }) => (result.received / result.ms) * 1000),
            wallMs: totals.wallMs,
            byCategory: Object.fromEntries(totals.byCategory),
            selfByFunction: Object.fromEntries(top(totals.selfByFunction, 200)),
            totalByFunction: Object.fromEntries(top(totals.totalByFunction, 200)),
          },
        ]),
      );
      writeFileSync(settings.json, `${JSON.stringify(plain, null, 2)}\n`);
      console.log(`\nTotals written to ${settings.json}`);
    }
  } finally {
    if (privateBuild) rmSync(privateBuild, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`\nprofile-overlay: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    process.exit(1);
  },
);
