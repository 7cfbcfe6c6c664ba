/**
 * The benign events at the rules level (the detector's engine and the ticket rules in memory, no I/O): each
 * event on one core router (every metric), after 4 days of history, followed until a day after its end. The rule:
 * no ticket. Surge, firmware upgrade, planned reboot, fan replaced and heat wave were `it.failing` until the
 * forecaster learned that steps are not trends, anomalies stopped opening tickets by default and controlled
 * metrics (fans) were judged against the device's relationship model (README "Predictive scorecard").
 */
import { DetectionEngine, MetricCatalog } from '@preempt/engine';

import { CorrelationDriver } from '../../apps/tickets/src';
import { FleetDevice } from '../../simulators/fleet/device-model';
import { type BenignKind, type BenignPlan, planFleet } from '../../simulators/fleet/fleet-plan';
import { DAY, HOUR, MINUTE } from '../../simulators/src/device-simulator';

const T0 = Date.UTC(2026, 10, 2); // a Monday
const EVENT = T0 + 4 * DAY + 10 * HOUR; // Friday 10:00 UTC
const STEP = 5 * MINUTE;

function ticketsFor(
  kind: BenignKind | 'quiet',
  params: Record<string, number>,
  lengthMs: number,
  seed = 5,
): string[] {
  const plan = planFleet({
    devices: 4,
    seed,
    start: T0,
    durationMs: 8 * DAY,
    intervalMs: STEP,
    scenario: 'quiet',
  });
  const profile = plan.devices[0]; // a core router: every metric
  const event: BenignPlan = {
    device: profile.id,
    kind: kind === 'quiet' ? 'sensor_glitch' : kind,
    start: EVENT,
    end: EVENT + lengthMs,
    site: profile.site,
    params,
  };
  const device = new FleetDevice(profile, undefined, kind === 'quiet' ? [] : [event]);
  const engine = new DetectionEngine(new MetricCatalog());
  const rules = new CorrelationDriver();
  for (let t = T0; t < event.end + DAY; t += STEP) {
    const sample = device.sample(t);
    if (!sample) continue;
    const events = engine.process(
      'acme',
      device.id,
      Object.entries(sample).map(([m, v]) => [m, t, v]),
    );
    if (events.length > 0) rules.apply(...events);
  }
  return rules.all().map((t) => `${t.failureMode}@${new Date(t.detectedAt).toISOString()}`);
}

describe('benign events at the rules level: no ticket', () => {
  it('quiet device: daily and weekly peaks, noise, quantization', () => {
    expect(ticketsFor('quiet', {}, 0)).toEqual([]);
  });

  it('sensor glitch: one wild temperature sample', () => {
    expect(ticketsFor('sensor_glitch', { which: 0 }, 0)).toEqual([]);
  });

  it('traffic surge: traffic x2 for 3 h (CPU forecast to 95 % from the ramp)', () => {
    expect(ticketsFor('traffic_surge', { factor: 2 }, 3 * HOUR)).toEqual([]);
  });

  it('firmware upgrade: CPU baseline +33 %, memory +8 %, temperature +2 °C for good (a step is not a trend)', () => {
    expect(ticketsFor('firmware_upgrade', { cpuStep: 0.33, memStep: 8, tempStep: 2 }, 10 * MINUTE)).toEqual(
      [],
    );
  });

  it('planned reboot: memory restarts 15 % lower and refills (a drop is not memory exhaustion)', () => {
    expect(ticketsFor('planned_reboot', { memDrop: 15 }, 10 * MINUTE)).toEqual([]);
  });

  it('fan replaced: fan speed up 25 %, temperature down (a move against the failure direction)', () => {
    expect(ticketsFor('fan_replaced', { wornFactor: 0.8 }, MINUTE)).toEqual([]);
  });

  it('heat wave: ambient +7 °C for 2 days; fans spin up, then down as it ends (not a failing fan)', () => {
    expect(ticketsFor('heat_wave', { rise: 7 }, 2 * DAY)).toEqual([]);
  });
});
