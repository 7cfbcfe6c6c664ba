import { writeFileSync } from 'node:fs';

import { type FleetPlan, planFleet } from '../../simulators/fleet/fleet-plan';
import { truthLines } from '../../simulators/fleet/fleet-stream';
import { DAY, MINUTE } from '../../simulators/src/device-simulator';

/** The fleet both scorecards replay (env SCORECARD_DEVICES, _DAYS, _INTERVAL_MIN, _SEED). */
export interface FleetSettings {
  devices: number;
  days: number;
  intervalMs: number;
  seed: number;
}

/**
 * Reads the fleet's settings from the environment; a bad value throws, naming the variable and its range.
 * @example fleetSettings({ SCORECARD_DEVICES: '20' }).devices // 20
 */
export function fleetSettings(environment: NodeJS.ProcessEnv = process.env): FleetSettings {
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = environment[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new Error(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
    return n;
  };
  return {
    devices: int('SCORECARD_DEVICES', 200, 1, 10_000),
    days: int('SCORECARD_DAYS', 14, 4, 28),
    intervalMs: int('SCORECARD_INTERVAL_MIN', 5, 1, 60) * MINUTE,
    seed: int('SCORECARD_SEED', 2026, 0, 2 ** 32 - 1),
  };
}

/**
 * The scorecard's fleet (scenario realistic), ending at `now` aligned to the sampling interval (ingest
 * refuses timestamps from the future and older than 30 days), with its ground truth; SCORECARD_TRUTH names
 * a file to write the truth to, for a diagnosis.
 */
export function scorecardFleet(
  settings: FleetSettings,
  now = Date.now(),
): { plan: FleetPlan; start: number; truth: string[] } {
  const { devices, days, intervalMs, seed } = settings;
  const durationMs = days * DAY;
  const start = Math.floor((now - durationMs) / intervalMs) * intervalMs;
  const plan = planFleet({ devices, seed, start, durationMs, intervalMs, scenario: 'realistic' });
  const truth = truthLines(plan);
  if (process.env.SCORECARD_TRUTH)
    writeFileSync(process.env.SCORECARD_TRUTH, truth.map((l) => `${l}\n`).join(''));
  return { plan, start, truth };
}
