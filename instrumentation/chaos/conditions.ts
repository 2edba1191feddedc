import type { ChaosSettings, Direction } from '../protocol';
import { compileExemptions, compileFrameFilter, type ExemptionMatcher, type TextMatcher } from './matchers';

/**
 * The settings in the form the transports read on every frame: plain fields and compiled matchers, rebuilt on each
 * change. `random` is injected so that tests can make drops and jitter deterministic.
 */
export class Conditions {
  offline = false;
  stall = false;
  private latency: Record<Direction, number> = { in: 0, out: 0 };
  private jitter: Record<Direction, number> = { in: 0, out: 0 };
  private dropRate: Record<Direction, number> = { in: 0, out: 0 };
  /** Undefined: no filter, every frame may be dropped. */
  private dropMatches: TextMatcher | undefined;
  private exempt: ExemptionMatcher = () => false;

  constructor(private readonly random: () => number) {}

  update(settings: ChaosSettings): void {
    this.offline = settings.offline;
    this.stall = settings.stall;
    this.latency = { in: settings.latencyInMs, out: settings.latencyOutMs };
    this.jitter = { in: settings.jitterInMs, out: settings.jitterOutMs };
    this.dropRate = { in: settings.dropRateIn, out: settings.dropRateOut };
    this.dropMatches = settings.dropFilter ? compileFrameFilter(settings.dropFilter) : undefined;
    this.exempt = compileExemptions(settings.exemptUrls);
  }

  /** True when frames in `direction` cannot simply pass: they may be delayed, dropped or held. */
  touches(direction: Direction): boolean {
    return this.stall || this.latency[direction] > 0 || this.jitter[direction] > 0 || this.dropRate[direction] > 0;
  }

  /** True when requests (fetch) are delayed either way. */
  delaysRequests(): boolean {
    return this.latency.in > 0 || this.latency.out > 0 || this.jitter.in > 0 || this.jitter.out > 0;
  }

  /** Latency ± up to jitter, uniformly, never below zero. */
  delay(direction: Direction): number {
    const jitter = this.jitter[direction];
    const base = this.latency[direction];
    if (jitter === 0) return base;
    return Math.max(0, base + (this.random() * 2 - 1) * jitter);
  }

  /**
   * Whether to drop a frame. With a filter, only text matches: a binary frame (no text) is never dropped, and an
   * SSE event matches on its data or its event type.
   */
  drops(direction: Direction, text: string | undefined, eventType?: string): boolean {
    const rate = this.dropRate[direction];
    if (rate === 0) return false;
    if (this.dropMatches !== undefined) {
      if (text === undefined) return false;
      if (!this.dropMatches(text) && !(eventType !== undefined && this.dropMatches(eventType))) return false;
    }
    return this.random() < rate;
  }

  isExempt(url: string, protocols?: readonly string[]): boolean {
    return this.exempt(url, protocols);
  }

  /**
   * Whether a request to `url` (absolute) goes over the simulated network: http(s) only — `data:`, `blob:` and the
   * like never touch a network — and not exempt.
   */
  isNetworkRequest(url: string): boolean {
    return (url.startsWith('http:') || url.startsWith('https:')) && !this.exempt(url);
  }
}
