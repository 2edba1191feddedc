/**
 * The in-page half of the UI-scale benchmark, driven from Node through `window.benchUiScale`: fill the open
 * overlay with frames, then record animation-frame intervals while the frame list is scrolled.
 */
import type { GLOBAL_NAME, RealtimeDevtoolsApi } from '../../instrumentation/api';
import { findInShadowRoots, openOverlay } from './overlay-control.js';

const globalName: typeof GLOBAL_NAME = '__REALTIME_DEVTOOLS__';
const FRAME_LIST = '[data-testid="rtd-frame-list"]';
const FILL_TIMEOUT_MS = 300_000;

export interface FillResult {
  framesCaptured: number;
  /** Rows the frame list can scroll through (its scroll height over one row's height). */
  listRows: number;
  listHeightPx: number;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolveSleep) => setTimeout(resolveSleep, ms));
}

function devtools(): RealtimeDevtoolsApi {
  const api = (window as unknown as Record<string, RealtimeDevtoolsApi | undefined>)[globalName];
  if (!api) throw new Error(`window.${globalName} is missing: the overlay did not install`);
  return api;
}

function frameList(): HTMLElement {
  const list = findInShadowRoots(FRAME_LIST);
  if (!(list instanceof HTMLElement)) throw new Error('the overlay shows no frame list');
  return list;
}

async function fill(count: number): Promise<FillResult> {
  await openOverlay();
  const started = performance.now();
  const socket = new WebSocket(`ws://${location.host}/blast?count=${count}`);
  const captured = (): number => devtools().connections().find((info) => info.url.includes('/blast'))?.framesIn ?? 0;
  while (captured() < count) {
    if (performance.now() - started > FILL_TIMEOUT_MS) throw new Error(`only ${captured()} of ${count} frames arrived`);
    await sleep(100);
  }
  socket.close();
  // Let the UI take in the last batches before measuring.
  await sleep(1000);
  const list = frameList();
  const row = list.querySelector('[data-testid="rtd-frame-row"]');
  const rowHeight = row instanceof HTMLElement ? row.offsetHeight : 0;
  return {
    framesCaptured: captured(),
    listRows: rowHeight > 0 ? Math.round(list.scrollHeight / rowHeight) : 0,
    listHeightPx: list.scrollHeight,
  };
}

let intervals: number[] = [];
let recording = false;

function record(): void {
  intervals = [];
  recording = true;
  let last = performance.now();
  const tick = (now: number): void => {
    if (!recording) return;
    intervals.push(now - last);
    last = now;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

function stop(): number[] {
  recording = false;
  return intervals.slice(1);
}

/** Scrolls the frame list in `steps` jumps spread over its whole height, one per animation frame (a scrollbar drag). */
async function jumpThrough(steps: number): Promise<void> {
  const list = frameList();
  const range = list.scrollHeight - list.clientHeight;
  for (let step = 0; step <= steps; step++) {
    list.scrollTop = Math.round((range * step) / steps);
    await new Promise((resolveFrame) => requestAnimationFrame(resolveFrame));
  }
}

function scrollTop(): number {
  return frameList().scrollTop;
}

/** The list follows the newest frame while it fills; the wheel phase starts from the top. */
async function scrollToTop(): Promise<void> {
  frameList().scrollTop = 0;
  await new Promise((resolveFrame) => requestAnimationFrame(resolveFrame));
}

(window as unknown as { benchUiScale: unknown }).benchUiScale = { fill, record, stop, jumpThrough, scrollTop, scrollToTop };
