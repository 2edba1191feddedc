/**
 * `npm run bench [-- --rounds 7 --messages 100000 --variants baseline,overlay,instrumentation --handler count --ui]`
 *
 * Inbound WebSocket throughput of a page with Realtime DevTools attached, divided by the same page without it, from
 * one run of alternating trials in headless Chromium; the JS heap each keeps; the download size of the overlay and
 * of its lazily loaded UI. `--handler parse` makes the page JSON-parse each message as an app would (the default,
 * `count`, only counts: the strictest case). `--ui` adds the UI-scale section (scrolling a frame list of 100k
 * frames).
 * Exits 0 whether or not the target is met (the verdict is printed); non-zero only when the benchmark could not run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { startBenchServer } from './bench-server';
import type { Handler, Variant } from './page/probe';
import { HANDLERS, VARIANTS, isHandler, isVariant, trialPage } from './pages';
import { describeTrial, printRoundRatios, printSizes, printThroughputSummary, summarize } from './report';
import { moduleGraphSize, scriptSize } from './sizes';
import { runThroughput } from './throughput';
import { UI_SCALE_FRAMES, printUiScale, runUiScale, uiScalePage } from './ui-scale';

const root = resolve(import.meta.dirname, '..');
const DIST = resolve(root, 'dist');
const OVERLAY_SCRIPT = resolve(DIST, 'overlay/realtime-devtools-overlay.js');
const OVERLAY_UI_MODULE = resolve(DIST, 'overlay/esm/realtime-devtools-ui.js');
const INSTRUMENTATION_SCRIPT = resolve(DIST, 'instrumentation/realtime-devtools.js');

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Keep every trial page at full speed whatever the window manager thinks of it.
  '--disable-renderer-backgrounding',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  // Exact `performance.memory` figures, and `gc()` so that they show what the page keeps, not what is pending GC.
  '--enable-precise-memory-info',
  '--js-flags=--expose-gc',
];

function options(): { rounds: number; messages: number; variants: Variant[]; handler: Handler; ui: boolean } {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '7' },
      messages: { type: 'string', default: '100000' },
      variants: { type: 'string', default: VARIANTS.join(',') },
      handler: { type: 'string', default: 'count' },
      ui: { type: 'boolean', default: false },
    },
  });
  const rounds = Number(values.rounds);
  const messages = Number(values.messages);
  const requested = values.variants.split(',').map((name) => name.trim());
  const unknown = requested.filter((name) => !isVariant(name));
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error('--rounds must be a positive integer');
  if (!Number.isInteger(messages) || messages < 1) throw new Error('--messages must be a positive integer');
  if (unknown.length > 0) throw new Error(`unknown variant(s) ${unknown.join(', ')}; known: ${VARIANTS.join(', ')}`);
  const handler = values.handler;
  if (!isHandler(handler)) throw new Error(`--handler must be one of ${HANDLERS.join(', ')}`);
  const variants = ['baseline' as Variant, ...requested.filter((name): name is Variant => isVariant(name) && name !== 'baseline')];
  return { rounds, messages, variants, handler, ui: values.ui };
}

/**
 * Builds when an output the chosen sections load is missing; an existing build is measured as it is (its age is
 * printed).
 */
function ensureBuilt(variants: Variant[], ui: boolean): void {
  const needed = [
    ...(variants.includes('instrumentation') ? [INSTRUMENTATION_SCRIPT] : []),
    ...(variants.includes('overlay') || ui ? [OVERLAY_SCRIPT, OVERLAY_UI_MODULE] : []),
  ];
  if (needed.every((file) => existsSync(file))) return;
  console.log('dist/ is incomplete: running the build first (npm run build)…');
  const build = spawnSync('npx', ['tsx', 'scripts/build.ts'], { cwd: root, stdio: 'inherit' });
  const missing = needed.filter((file) => !existsSync(file));
  if (build.status !== 0 || missing.length > 0) throw new Error(`the build did not produce ${missing.join(', ') || 'its outputs'}`);
}

function loadLine(): string {
  return `load ${loadavg()
    .map((load) => load.toFixed(2))
    .join(' ')}`;
}

/**
 * On a shared machine other work skews single trials; say so when it was busy, rather than let figures look exact.
 * Read before the run starts: during it, the benchmark's own browser keeps about two CPUs' worth of load.
 */
function busyWarning(): string | undefined {
  const [oneMinute = 0] = loadavg();
  if (oneMinute <= cpus().length / 2) return undefined;
  return (
    `\n  ⚠ The machine was already busy when the run started (${loadLine()} on ${cpus().length} CPUs): single trials ` +
    'are noisy; the median of per-round ratios is the figure to trust, and a rerun on an idle machine is better.'
  );
}

function age(file: string): string {
  const minutes = Math.round((Date.now() - statSync(file).mtimeMs) / 60_000);
  return minutes < 1 ? 'just now' : `${minutes} min ago`;
}

async function main(): Promise<void> {
  const { rounds, messages, variants, handler, ui } = options();
  const warning = busyWarning();
  ensureBuilt(variants, ui);

  const server = await startBenchServer({
    maxMessages: Math.max(messages, UI_SCALE_FRAMES),
    distDir: DIST,
    page: (path, query) => trialPage(path, query) ?? uiScalePage(path),
    scripts: {
      probe: resolve(import.meta.dirname, 'page/probe.ts'),
      'overlay-control': resolve(import.meta.dirname, 'page/overlay-control.ts'),
      'ui-scale-probe': resolve(import.meta.dirname, 'page/ui-scale-probe.ts'),
    },
  });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    console.log('Realtime DevTools benchmark');
    console.log(
      `  Chromium ${browser.version()} headless · ${cpus().length} CPUs · ${loadLine()} · node ${process.version}`,
    );

    if (existsSync(OVERLAY_SCRIPT) && existsSync(OVERLAY_UI_MODULE)) {
      console.log(`  Overlay built ${age(OVERLAY_SCRIPT)}`);
      printSizes(scriptSize(OVERLAY_SCRIPT), moduleGraphSize(OVERLAY_UI_MODULE));
    }

    console.log(
      `\n  Inbound throughput: ${messages.toLocaleString('en-US')} × 64-byte JSON text frames per trial, ` +
        `${rounds} rounds of ${variants.length} trials (order rotates each round, after 1 warm-up round), fresh context per trial;\n` +
        `  the page's onmessage ${handler === 'count' ? 'only counts (strictest case)' : 'parses each message as JSON'}\n`,
    );
    const trials = await runThroughput(browser, server, {
      variants,
      handler,
      rounds,
      messages,
      warmupRounds: 1,
      onTrial: (trial, warmup) => console.log(describeTrial(trial, warmup)),
    });
    printRoundRatios(trials, variants);
    printThroughputSummary(summarize(trials, variants));

    if (ui) printUiScale(await runUiScale(browser, server));
    if (warning) console.log(warning);
  } finally {
    await browser.close();
    await server.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`\nbench: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
