import type { Browser } from 'playwright-core';
import type { BenchServer } from './bench-server';
import type { Handler, TrialResult, Variant } from './page/probe';

export interface Trial {
  round: number;
  variant: Variant;
  result: TrialResult;
  /** Messages per second, first message to last. */
  rate: number;
}

export interface ThroughputOptions {
  variants: Variant[];
  handler: Handler;
  rounds: number;
  messages: number;
  /** Trials run before the measured rounds and thrown away (cold caches, first compiles). */
  warmupRounds: number;
  onTrial(trial: Trial, warmup: boolean): void;
}

const TRIAL_TIMEOUT_MS = 240_000;

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish in ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A parsing page must have seen every sequence number once: 0 + 1 + … + (n − 1). */
function checked(result: TrialResult, options: ThroughputOptions): TrialResult {
  const expected = (options.messages * (options.messages - 1)) / 2;
  if (result.error || options.handler !== 'parse' || result.seqSum === expected) return result;
  return { ...result, error: `parsed sequence numbers sum to ${result.seqSum}, not ${expected}` };
}

/** Round r runs the variants rotated by r, so that no variant always goes first or always follows another. */
export function roundOrder(variants: Variant[], round: number): Variant[] {
  return variants.map((_, index) => variants[(index + round) % variants.length] as Variant);
}

/**
 * Runs one trial in a fresh browser context. The page is opened over a raw CDP call in a context Playwright does
 * not own, so Playwright detaches from it: a page Playwright drives has the Network domain enabled, which sends
 * every WebSocket frame over the protocol and roughly halves the throughput being measured. The page reports its
 * figures over HTTP instead.
 */
async function runTrial(
  browser: Browser,
  server: BenchServer,
  variant: Variant,
  options: ThroughputOptions,
  id: string,
): Promise<TrialResult> {
  const cdp = await browser.newBrowserCDPSession();
  const { browserContextId } = await cdp.send('Target.createBrowserContext', {});
  try {
    const result = server.result(id);
    const query = new URLSearchParams({ variant, handler: options.handler, trial: id, messages: String(options.messages) });
    await cdp.send('Target.createTarget', { url: `${server.origin}/trial?${query}`, browserContextId });
    return checked((await withTimeout(result, TRIAL_TIMEOUT_MS, `trial ${id}`)) as TrialResult, options);
  } finally {
    await cdp.send('Target.disposeBrowserContext', { browserContextId });
    await cdp.detach();
  }
}

export async function runThroughput(browser: Browser, server: BenchServer, options: ThroughputOptions): Promise<Trial[]> {
  const trials: Trial[] = [];
  for (let round = -options.warmupRounds; round < options.rounds; round++) {
    const warmup = round < 0;
    for (const variant of roundOrder(options.variants, Math.max(round, 0))) {
      const result = await runTrial(browser, server, variant, options, `${round}-${variant}`);
      const trial: Trial = { round, variant, result, rate: result.ms > 0 ? (result.received / result.ms) * 1000 : 0 };
      options.onTrial(trial, warmup);
      if (!warmup) trials.push(trial);
    }
  }
  return trials;
}
