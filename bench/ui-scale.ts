import type { Browser, Page } from 'playwright-core';
import type { BenchServer } from './bench-server';
import type { FillResult } from './page/ui-scale-probe';
import { percentile } from './stats';

export const UI_SCALE_FRAMES = 100_000;
const WHEEL_EVENTS = 240;
const WHEEL_DELTA_PX = 600;
const JUMPS = 240;

export interface FrameTimes {
  frames: number;
  p50: number;
  p95: number;
  max: number;
  /** Frames that took longer than two 60 Hz vsyncs (a visible stutter). */
  over33ms: number;
}

export interface UiScaleResult {
  fill: FillResult;
  fillSeconds: number;
  wheel: FrameTimes & { scrolledPx: number };
  jump: FrameTimes;
}

/** The overlay alone over an empty page; the probe fills it with frames and records frame times. */
export function uiScalePage(path: string): string | undefined {
  if (path !== '/ui-scale') return undefined;
  return `<!doctype html>
<html lang="en">
  <head>
    <script src="/dist/overlay/realtime-devtools-overlay.js"></script>
    <meta charset="utf-8" />
    <title>UI scale</title>
    <script type="module" src="/ui-scale-probe.js"></script>
  </head>
  <body></body>
</html>
`;
}

function frameTimes(intervals: number[]): FrameTimes {
  return {
    frames: intervals.length,
    p50: percentile(intervals, 50),
    p95: percentile(intervals, 95),
    max: Math.max(...intervals),
    over33ms: intervals.filter((interval) => interval > 33.4).length,
  };
}

async function wheelThrough(page: Page): Promise<{ intervals: number[]; scrolledPx: number }> {
  const box = await page.locator('[data-testid="rtd-frame-list"]').boundingBox();
  if (!box) throw new Error('the frame list is not visible');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const before = (await page.evaluate('benchUiScale.scrollTop()')) as number;
  await page.evaluate('benchUiScale.record()');
  for (let i = 0; i < WHEEL_EVENTS; i++) await page.mouse.wheel(0, WHEEL_DELTA_PX);
  const intervals = (await page.evaluate('benchUiScale.stop()')) as number[];
  const after = (await page.evaluate('benchUiScale.scrollTop()')) as number;
  return { intervals, scrolledPx: Math.abs(after - before) };
}

/**
 * Feeds an open overlay 100k frames, then scrolls its frame list two ways while recording animation-frame
 * intervals: mouse-wheel steps from the top (what a user does most), and jumps spread over the whole list (a
 * scrollbar drag: every jump renders a window of rows never seen before).
 */
export async function runUiScale(browser: Browser, server: BenchServer): Promise<UiScaleResult> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    await page.goto(`${server.origin}/ui-scale`);
    await page.waitForFunction('typeof benchUiScale === "object"');
    const started = performance.now();
    const fill = (await page.evaluate(`benchUiScale.fill(${UI_SCALE_FRAMES})`)) as FillResult;
    const fillSeconds = (performance.now() - started) / 1000;
    await page.evaluate('benchUiScale.scrollToTop()');
    const wheel = await wheelThrough(page);
    await page.evaluate('benchUiScale.record()');
    await page.evaluate(`benchUiScale.jumpThrough(${JUMPS})`);
    const jumpIntervals = (await page.evaluate('benchUiScale.stop()')) as number[];
    return {
      fill,
      fillSeconds,
      wheel: { ...frameTimes(wheel.intervals), scrolledPx: wheel.scrolledPx },
      jump: frameTimes(jumpIntervals),
    };
  } finally {
    await context.close();
  }
}

export function printUiScale(result: UiScaleResult): void {
  const line = (label: string, times: FrameTimes): string =>
    `    ${label.padEnd(34)} p50 ${times.p50.toFixed(1)} ms · p95 ${times.p95.toFixed(1)} ms · max ${times.max.toFixed(1)} ms · ` +
    `${times.over33ms}/${times.frames} frames over 33 ms`;
  console.log(`\n  UI scale: frame list holding ${result.fill.framesCaptured.toLocaleString('en-US')} captured frames`);
  console.log(
    `    list rows ${result.fill.listRows.toLocaleString('en-US')} (${result.fill.listHeightPx.toLocaleString('en-US')} px), ` +
      `filled in ${result.fillSeconds.toFixed(1)} s with the UI open`,
  );
  console.log(line(`wheel scroll (${WHEEL_EVENTS} × ${WHEEL_DELTA_PX} px)`, result.wheel));
  console.log(`    ${''.padEnd(34)} scrolled ${result.wheel.scrolledPx.toLocaleString('en-US')} px`);
  console.log(line(`jumps across the whole list (${JUMPS})`, result.jump));
}
