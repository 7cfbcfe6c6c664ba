/** Seeded synthetic telemetry for the detection scenarios (also used by the integration test and benchmark). */

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

// One seeded PRNG and normal deviate for scenarios, simulators and tests (same sequences as before).
export { gaussian, seededRandom as rng } from '../../../simulators/src/random';

export interface TemperatureScenario {
  /** noise-free temperature at t */
  signal(t: number): number;
  /** first time the noise-free signal reaches `limit` (null: never within `until`) */
  crossing(limit: number, until: number): number | null;
}

/**
 * A device temperature: `base` °C with a daily cycle of `amplitude` (peak at 15:00 UTC) and, from `driftStart`,
 * a linear drift of `driftPerDay` °C per day (35 = from 50 to 85 in 24 h).
 */
export function temperatureScenario(o: {
  t0: number;
  base?: number;
  amplitude?: number;
  phaseHours?: number;
  driftStart?: number;
  driftPerDay?: number;
}): TemperatureScenario {
  const base = o.base ?? 50;
  const amplitude = o.amplitude ?? 3;
  const phase = (o.phaseHours ?? 9) * HOUR;
  const signal = (t: number): number =>
    base +
    amplitude * Math.sin((2 * Math.PI * (t - o.t0 - phase)) / DAY) +
    (o.driftStart !== undefined && t > o.driftStart ? ((o.driftPerDay ?? 35) * (t - o.driftStart)) / DAY : 0);
  return {
    signal,
    crossing(limit, until) {
      for (let t = o.t0; t <= until; t += 1000) if (signal(t) >= limit) return t;
      return null;
    },
  };
}
