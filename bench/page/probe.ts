/**
 * Runs one throughput trial inside the benchmark page and POSTs the outcome to `/result/<trial>`. The page is the
 * same for every variant; only what is loaded before this script differs (nothing, the instrumentation alone, the
 * instrumentation with a subscriber, or the overlay with its UI open).
 */
import type { GLOBAL_NAME, RealtimeDevtoolsApi } from '../../instrumentation/api';
import type { PageToUiMessage } from '../../instrumentation/protocol';
import { openOverlay } from './overlay-control.js';

/**
 * `instrumentation-alone`: what every page pays while the extension is installed and its panel closed (recording
 * into the ring, nobody subscribed); `instrumentation`: the same with a subscriber taking every batch.
 */
export type Variant = 'baseline' | 'instrumentation-alone' | 'instrumentation' | 'overlay';
/**
 * What the page does with each message: `count` only (the strictest case: any cost of the tool shows in full), or
 * `parse` it as JSON the way an app would (the tool's share of a realistic handler).
 */
export type Handler = 'count' | 'parse';

export interface TrialResult {
  variant: Variant;
  received: number;
  /** From the first message to the last, page clock. */
  ms: number;
  /** JS heap in use after the run and a forced GC (what the page keeps), bytes. */
  heapUsedBytes: number | null;
  visibility: DocumentVisibilityState;
  /** Sum of the parsed `seq` fields (`parse` handler), 0 otherwise: proves every message was parsed whole. */
  seqSum: number;
  /** What the tool saw, to prove it was capturing: frames counted on the blast connection, batches a UI received. */
  captured: { framesIn: number; batches: number; batchEvents: number } | null;
  error?: string;
}

const params = new URLSearchParams(location.search);
const variant = params.get('variant') as Variant;
const trial = params.get('trial') ?? '';
const messages = Number(params.get('messages'));
const handler = params.get('handler') as Handler;
/** Set by bench/profile-overlay.ts: the blast and the tool's catching up after it are recorded as a CPU profile. */
const profiled = params.get('profile') === '1';
const TRIAL_TIMEOUT_MS = 180_000;

function nextFrame(): Promise<void> {
  return new Promise((resolveFrame) => requestAnimationFrame(() => resolveFrame()));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolveSleep) => setTimeout(resolveSleep, ms));
}

/** Lets set-up work (script parsing, the UI's first renders) finish before the clock starts. */
async function settle(): Promise<void> {
  await nextFrame();
  await nextFrame();
  await sleep(300);
}

// A type-only import keeps this page script free of module requests; the type still checks the name.
const globalName: typeof GLOBAL_NAME = '__REALTIME_DEVTOOLS__';

function devtools(): RealtimeDevtoolsApi {
  const api = (window as unknown as Record<string, RealtimeDevtoolsApi | undefined>)[globalName];
  if (!api) throw new Error(`window.${globalName} is missing: the tool did not install`);
  return api;
}

/** The "capture and batching alone" variant: a bare UI link that only counts what reaches it. */
function attachCountingUi(): { batches: number; batchEvents: number } {
  const counts = { batches: 0, batchEvents: 0 };
  const link = devtools().connectUi((message: PageToUiMessage) => {
    if (message.kind === 'batch') {
      counts.batches += 1;
      counts.batchEvents += message.events.length;
    }
  });
  link.receive({ kind: 'init', protocolVersion: 1 });
  return counts;
}

function blast(count: number): Promise<{ received: number; ms: number; seqSum: number }> {
  return new Promise((resolveBlast, reject) => {
    const socket = new WebSocket(`ws://${location.host}/blast?count=${count}`);
    let received = 0;
    let first = 0;
    // Kept live and reported, so that the engine cannot drop the parsing as dead code.
    let seqSum = 0;
    const timeout = setTimeout(() => {
      socket.close();
      reject(new Error(`timed out after ${received} of ${count} messages`));
    }, TRIAL_TIMEOUT_MS);
    socket.onmessage = (event: MessageEvent<string>) => {
      if (handler === 'parse') seqSum += (JSON.parse(event.data) as { seq: number }).seq;
      if (received === 0) first = performance.now();
      received += 1;
      if (received === count) {
        const ms = performance.now() - first;
        clearTimeout(timeout);
        socket.close();
        resolveBlast({ received, ms, seqSum });
      }
    };
    socket.onerror = () => {
      clearTimeout(timeout);
      reject(new Error(`socket error after ${received} of ${count} messages`));
    };
  });
}

function heapUsedBytes(): number | null {
  (globalThis as { gc?: () => void }).gc?.();
  const memory = (performance as { memory?: { usedJSHeapSize: number } }).memory;
  return memory ? memory.usedJSHeapSize : null;
}

async function run(): Promise<TrialResult> {
  let uiCounts: { batches: number; batchEvents: number } | null = null;
  if (variant === 'instrumentation') uiCounts = attachCountingUi();
  if (variant === 'overlay') await openOverlay();
  await settle();
  if (profiled) console.profile('blast');
  const { received, ms, seqSum } = await blast(messages);
  // The tool's last batch goes out a frame or so after the last message; count it before reading the totals.
  await settle();
  if (profiled) console.profileEnd('blast');
  const blastConnection = variant === 'baseline' ? undefined : devtools().connections().find((info) => info.url.includes('/blast'));
  return {
    variant,
    received,
    ms,
    heapUsedBytes: heapUsedBytes(),
    visibility: document.visibilityState,
    seqSum,
    captured:
      variant === 'baseline'
        ? null
        : { framesIn: blastConnection?.framesIn ?? 0, batches: uiCounts?.batches ?? 0, batchEvents: uiCounts?.batchEvents ?? 0 },
  };
}

async function report(result: TrialResult): Promise<void> {
  await fetch(`/result/${encodeURIComponent(trial)}`, { method: 'POST', body: JSON.stringify(result) });
}

run().then(report, (error: unknown) =>
  report({
    variant,
    received: 0,
    ms: 0,
    heapUsedBytes: null,
    visibility: document.visibilityState,
    seqSum: 0,
    captured: null,
    error: error instanceof Error ? error.message : String(error),
  }),
);
