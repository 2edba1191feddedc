import type { Variant } from './page/probe';
import type { ScriptSize } from './sizes';
import { median, medianInterval } from './stats';
import type { Trial } from './throughput';

export const TARGET_RATIO = 0.97;

export const VARIANT_LABELS: Record<Variant, string> = {
  baseline: 'baseline (no tool)',
  overlay: 'overlay + open UI',
  'instrumentation-alone': 'instrumentation alone (no UI)',
  instrumentation: 'instrumentation + subscriber',
};

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatRate(rate: number): string {
  return `${integer.format(rate)} msg/s`;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024).toFixed(1)} kB`;
}

export function describeTrial(trial: Trial, warmup: boolean): string {
  const { result } = trial;
  const label = `${warmup ? 'warm-up' : `round ${trial.round + 1}`} ${VARIANT_LABELS[trial.variant]}`.padEnd(44);
  if (result.error) return `  ${label} FAILED: ${result.error}`;
  const heap = result.heapUsedBytes === null ? '' : `, heap ${formatBytes(result.heapUsedBytes)}`;
  const captured = result.captured
    ? `, tool saw ${integer.format(result.captured.framesIn)} frames` +
      (result.captured.framesIn < result.received ? ' (MISSED SOME: the figure is not valid)' : '') +
      (trial.variant === 'instrumentation'
        ? `, UI got ${integer.format(result.captured.batchEvents)} events in ${integer.format(result.captured.batches)} batches`
        : '')
    : '';
  const hidden = result.visibility === 'visible' ? '' : ` (page ${result.visibility}!)`;
  return `  ${label} ${formatRate(trial.rate).padStart(14)}  ${(result.ms / 1000).toFixed(2)} s${heap}${captured}${hidden}`;
}

export interface RatioSummary {
  variant: Variant;
  medianRate: number;
  /** Median over rounds of (this variant's rate / the same round's baseline rate). */
  medianRatio: number;
  /** 90 % bootstrap interval of that median. */
  ratioInterval: { low: number; high: number };
  ratioOfMedians: number;
  medianHeapBytes: number | null;
}

function roundsOf(trials: Trial[]): number[] {
  return [...new Set(trials.map((trial) => trial.round))];
}

export function summarize(trials: Trial[], variants: Variant[]): RatioSummary[] {
  const ok = trials.filter((trial) => !trial.result.error && trial.rate > 0);
  const baselineMedian = median(ok.filter((trial) => trial.variant === 'baseline').map((trial) => trial.rate));
  return variants.map((variant) => {
    const own = ok.filter((trial) => trial.variant === variant);
    const ratios = roundsOf(own).flatMap((round) => {
      const mine = own.find((trial) => trial.round === round);
      const base = ok.find((trial) => trial.round === round && trial.variant === 'baseline');
      return mine && base ? [mine.rate / base.rate] : [];
    });
    const heaps = own.flatMap((trial) => (trial.result.heapUsedBytes === null ? [] : [trial.result.heapUsedBytes]));
    const medianRate = median(own.map((trial) => trial.rate));
    return {
      variant,
      medianRate,
      medianRatio: median(ratios),
      ratioInterval: medianInterval(ratios),
      ratioOfMedians: medianRate / baselineMedian,
      medianHeapBytes: heaps.length > 0 ? median(heaps) : null,
    };
  });
}

/** Each round's ratios side by side, so that one disturbed round is easy to spot. */
export function printRoundRatios(trials: Trial[], variants: Variant[]): void {
  const others = variants.filter((variant) => variant !== 'baseline');
  console.log(`\n  Per-round ratio vs that round's baseline: ${others.map((variant) => VARIANT_LABELS[variant]).join(' | ')}`);
  for (const round of roundsOf(trials)) {
    const base = trials.find((trial) => trial.round === round && trial.variant === 'baseline');
    const cells = others.map((variant) => {
      const mine = trials.find((trial) => trial.round === round && trial.variant === variant);
      return base && mine && base.rate > 0 && mine.rate > 0 ? (mine.rate / base.rate).toFixed(3) : '  —  ';
    });
    console.log(`    round ${String(round + 1).padEnd(3)} ${cells.join('   ')}`);
  }
}

export function printThroughputSummary(summaries: RatioSummary[]): void {
  const baseline = summaries.find((summary) => summary.variant === 'baseline');
  console.log('\n  Median rates');
  for (const summary of summaries) {
    console.log(`    ${VARIANT_LABELS[summary.variant].padEnd(32)} ${formatRate(summary.medianRate).padStart(14)}`);
  }
  console.log(
    `\n  Throughput ratio vs baseline: median of per-round ratios [its 90 % bootstrap interval] (ratio of medians), target ≥ ${TARGET_RATIO}`,
  );
  for (const summary of summaries) {
    if (summary.variant === 'baseline') continue;
    const { low, high } = summary.ratioInterval;
    const verdict = summary.medianRatio >= TARGET_RATIO ? 'PASS' : 'MISS';
    const clear = low >= TARGET_RATIO || high < TARGET_RATIO ? '' : ' (the interval spans the target: within this run\'s noise)';
    console.log(
      `    ${VARIANT_LABELS[summary.variant].padEnd(32)} ${summary.medianRatio.toFixed(3)} [${low.toFixed(3)}–${high.toFixed(3)}]  ` +
        `(${summary.ratioOfMedians.toFixed(3)})  ${verdict}${clear}`,
    );
  }
  console.log('\n  JS heap in use after the run and a forced GC (median)');
  for (const summary of summaries) {
    if (summary.medianHeapBytes === null) continue;
    const delta =
      summary.variant !== 'baseline' && baseline?.medianHeapBytes != null
        ? `  (+${formatBytes(summary.medianHeapBytes - baseline.medianHeapBytes)} vs baseline)`
        : '';
    console.log(`    ${VARIANT_LABELS[summary.variant].padEnd(32)} ${formatBytes(summary.medianHeapBytes).padStart(10)}${delta}`);
  }
}

export function printSizes(overlay: ScriptSize, ui: ScriptSize): void {
  console.log('\n  Download size (gzip -9)');
  console.log(`    overlay script (loaded by every page)  ${formatBytes(overlay.gzipBytes).padStart(10)}  (${formatBytes(overlay.rawBytes)} raw)`);
  console.log(
    `    lazy UI chunk (loaded on first open)    ${formatBytes(ui.gzipBytes).padStart(10)}  (${formatBytes(ui.rawBytes)} raw, ${ui.files.length} file${ui.files.length === 1 ? '' : 's'})`,
  );
}
