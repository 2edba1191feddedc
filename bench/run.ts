/**
 * `npm run bench [-- --rounds 15 --messages 100000 --variants baseline,instrumentation-alone,instrumentation,overlay --handler parse --ui --fresh | --dist <dir>]`
 *
 * Inbound WebSocket throughput of a page with Realtime DevTools attached, divided by the same page without it, from
 * one run of alternating trials in headless Chromium; the JS heap each keeps; the download size of the overlay and
 * of its lazily loaded UI. By default (`--handler parse`) the page JSON-parses each message, as an app that
 * receives JSON frames does. `--handler count` only counts them and never reads `event.data`: the tool then alone
 * pays for turning each message into a JS string (about 2 µs each in Chromium, the largest part of its cost), which
 * a page that reads its messages pays anyway, so that case overstates the tool's share. `--ui` adds the UI-scale
 * section (scrolling a frame list of 100k frames). `--fresh` measures the working tree as it is, built into a
 * temporary folder, instead of dist/ (which anyone's `npm run build` may be rewriting at the time); `--dist <dir>`
 * measures another build laid out like dist/.
 * Exits 0 whether or not the target is met (the verdict is printed); non-zero only when the benchmark could not run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { startBenchServer } from './bench-server';
import { CHROMIUM_ARGS } from './chromium-args';
import { buildPageScriptsInto } from './overlay-build';
import type { Handler, Variant } from './page/probe';
import { HANDLERS, VARIANTS, isHandler, isVariant, trialPage } from './pages';
import { describeTrial, printRoundRatios, printSizes, printThroughputSummary, summarize } from './report';
import { moduleGraphSize, scriptSize } from './sizes';
import { runThroughput } from './throughput';
import { UI_SCALE_FRAMES, printUiScale, runUiScale, uiScalePage } from './ui-scale';

const root = resolve(import.meta.dirname, '..');
const DIST = resolve(root, 'dist');

interface BuiltScripts {
  dir: string;
  overlayScript: string;
  overlayUiModule: string;
  instrumentationScript: string;
}

function builtScripts(dir: string): BuiltScripts {
  return {
    dir,
    overlayScript: resolve(dir, 'overlay/realtime-devtools-overlay.js'),
    overlayUiModule: resolve(dir, 'overlay/esm/realtime-devtools-ui.js'),
    instrumentationScript: resolve(dir, 'instrumentation/realtime-devtools.js'),
  };
}

function options(): { rounds: number; messages: number; variants: Variant[]; handler: Handler; ui: boolean; fresh: boolean; dist: string } {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '15' },
      messages: { type: 'string', default: '100000' },
      variants: { type: 'string', default: VARIANTS.join(',') },
      handler: { type: 'string', default: 'parse' },
      ui: { type: 'boolean', default: false },
      fresh: { type: 'boolean', default: false },
      dist: { type: 'string', default: DIST },
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
  if (values.fresh && values.dist !== DIST) throw new Error('--fresh builds its own scripts: it cannot be combined with --dist');
  return { rounds, messages, variants, handler, ui: values.ui, fresh: values.fresh, dist: resolve(values.dist) };
}

/**
 * Builds dist/ when an output the chosen sections load is missing; an existing build is measured as it is (its age
 * is printed).
 */
function ensureBuilt(scripts: BuiltScripts, variants: Variant[], ui: boolean): void {
  const needed = [
    ...(variants.includes('instrumentation') || variants.includes('instrumentation-alone') ? [scripts.instrumentationScript] : []),
    ...(variants.includes('overlay') || ui ? [scripts.overlayScript, scripts.overlayUiModule] : []),
  ];
  if (needed.every((file) => existsSync(file))) return;
  if (scripts.dir !== DIST) throw new Error(`${scripts.dir} lacks ${needed.filter((file) => !existsSync(file)).join(', ')}`);
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
  const { rounds, messages, variants, handler, ui, fresh, dist } = options();
  const warning = busyWarning();
  const freshDir = fresh ? mkdtempSync(join(tmpdir(), 'rtd-bench-dist-')) : undefined;
  try {
    if (freshDir) {
      console.log(`Building the overlay and instrumentation scripts from the working tree into ${freshDir}…`);
      await buildPageScriptsInto(freshDir, { minify: true });
    }
    const scripts = builtScripts(freshDir ?? dist);
    ensureBuilt(scripts, variants, ui);
    await measure(scripts, { rounds, messages, variants, handler, ui, fresh });
  } finally {
    if (freshDir) rmSync(freshDir, { recursive: true, force: true });
  }
  if (warning) console.log(warning);
}

async function measure(
  scripts: BuiltScripts,
  { rounds, messages, variants, handler, ui, fresh }: Omit<ReturnType<typeof options>, 'dist'>,
): Promise<void> {
  const server = await startBenchServer({
    maxMessages: Math.max(messages, UI_SCALE_FRAMES),
    distDir: scripts.dir,
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

    if (existsSync(scripts.overlayScript) && existsSync(scripts.overlayUiModule)) {
      console.log(fresh ? '  Overlay built from the working tree (--fresh)' : `  Overlay built ${age(scripts.overlayScript)}`);
      printSizes(scriptSize(scripts.overlayScript), moduleGraphSize(scripts.overlayUiModule));
    }

    console.log(
      `\n  Inbound throughput: ${messages.toLocaleString('en-US')} × 64-byte JSON text frames per trial, ` +
        `${rounds} rounds of ${variants.length} trials (order rotates each round, after 1 warm-up round), fresh context per trial;\n` +
        `  the page's onmessage ${handler === 'count' ? 'only counts, never reading event.data (--handler count)' : 'parses each message as JSON, as an app does'}\n`,
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
