import { DAY, MINUTE } from '../src/device-simulator';
import { FleetDevice } from './device-model';
import { type BenignPlan, type FailureMode, type FleetPlan, planFleet } from './fleet-plan';
import { fleetDevices } from './fleet-stream';

/** A Monday, midnight UTC: the specs' fleets start here. */
export const T0 = Date.UTC(2026, 10, 2);

/** A small plan for specs. */
export function testPlan(overrides: Partial<Parameters<typeof planFleet>[0]> = {}): FleetPlan {
  return planFleet({
    devices: 28,
    seed: 42,
    start: T0,
    durationMs: 10 * DAY,
    intervalMs: 5 * MINUTE,
    scenario: 'failures',
    ...overrides,
  });
}

/** The first device of a `failures` plan that suffers `mode`. */
export function failingDevice(mode: FailureMode, plan = testPlan()): FleetDevice {
  const device = fleetDevices(plan).find((d) => d.failure?.mode === mode);
  if (!device) throw new Error(`no ${mode} in the test plan`);
  return device;
}

/** A healthy device of the given kind with one benign event. */
export function deviceWithEvent(
  kind: FleetDevice['profile']['kind'],
  event: Omit<BenignPlan, 'device' | 'site'>,
): FleetDevice {
  const plan = testPlan({ scenario: 'quiet' });
  const profile = plan.devices.find((d) => d.kind === kind)!;
  return new FleetDevice(profile, undefined, [{ ...event, device: profile.id, site: profile.site }]);
}

/** Values of one metric (noise-free) at t, t + step, ... up to end. */
export function series(
  device: FleetDevice,
  metric: string,
  from: number,
  to: number,
  step: number,
): number[] {
  const out: number[] = [];
  for (let t = from; t <= to; t += step) out.push(device.expected(t)[metric]);
  return out;
}

export function isIncreasing(values: readonly number[]): boolean {
  return values.every((v, i) => i === 0 || v > values[i - 1]);
}

export function isDecreasing(values: readonly number[]): boolean {
  return values.every((v, i) => i === 0 || v < values[i - 1]);
}
