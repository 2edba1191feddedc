import type { ChaosPresetName, ChaosScheduleRequest, ChaosSettingsPatch } from '../protocol';

export interface ChaosPreset {
  settings: ChaosSettingsPatch;
  schedule?: ChaosScheduleRequest;
}

/**
 * Named conditions. A preset replaces whatever conditions were on (exemptions and persistence stay).
 *   slow-3g       WebPageTest's "3G Slow" profile: 400 ms round trip, here 200 ms each way, with some jitter.
 *   flaky-mobile  a phone moving between cells: WebPageTest's "3G" round trip (300 ms) with wide jitter, and the
 *                 network gone for 3 s out of every 20 s.
 */
export const CHAOS_PRESETS: Readonly<Record<ChaosPresetName, ChaosPreset>> = Object.freeze({
  'slow-3g': { settings: { latencyMs: 200, jitterMs: 40 } },
  'flaky-mobile': {
    settings: { latencyMs: 150, jitterMs: 120 },
    schedule: { kind: 'flap', periodMs: 20_000, offlineMs: 3_000 },
  },
});

export function isPresetName(name: unknown): name is ChaosPresetName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(CHAOS_PRESETS, name);
}
