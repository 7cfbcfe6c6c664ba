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
 * The scorecard's fleet (scenario realistic) with its ground truth; SCORECARD_TRUTH names a file to write the
 * truth to, for a diagnosis. It starts on the Monday 00:00 UTC before `now - days` (on that day's midnight
 * when the Monday is more than 28 days back: ingest refuses timestamps older than 30 days), so a run on any
 * day and at any hour replays the same fleet at the same hours of the day and days of the week: the same
 * seed gives the same scorecard.
 */
export function scorecardFleet(
  settings: FleetSettings,
  now = Date.now(),
): { plan: FleetPlan; start: number; truth: string[] } {
  const { devices, days, intervalMs, seed } = settings;
  const durationMs = days * DAY;
  const start = fleetStart(now, durationMs);
  const plan = planFleet({ devices, seed, start, durationMs, intervalMs, scenario: 'realistic' });
  const truth = truthLines(plan);
  if (process.env.SCORECARD_TRUTH)
    writeFileSync(process.env.SCORECARD_TRUTH, truth.map((l) => `${l}\n`).join(''));
  return { plan, start, truth };
}

const WEEK = 7 * DAY;
// 1970-01-05, the first Monday of the epoch
const FIRST_MONDAY = 4 * DAY;

/**
 * Where a fleet of `durationMs` that ends by `now` starts: the Monday 00:00 UTC at or before `now - durationMs`,
 * or that day's 00:00 UTC when the Monday lies more than 28 days before `now`.
 * @example new Date(fleetStart(Date.parse('2026-12-03T06:00:00Z'), 14 * DAY)).toISOString() // '2026-11-16T00:00:00.000Z'
 */
export function fleetStart(now: number, durationMs: number): number {
  const earliest = now - durationMs;
  const monday = Math.floor((earliest - FIRST_MONDAY) / WEEK) * WEEK + FIRST_MONDAY;
  return now - monday <= 28 * DAY ? monday : Math.floor(earliest / DAY) * DAY;
}
