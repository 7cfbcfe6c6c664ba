import { createHash } from 'node:crypto';

import { DAY, MINUTE } from '../src/device-simulator';
import { BENIGN_KINDS, modesFor, planFleet, SLOW_FAILURE_MODES, WARM_UP_MS } from './fleet-plan';
import { fleetMessages, truthLines } from './fleet-stream';
import { T0 } from './fleet-test-kit';

const options = {
  devices: 40,
  seed: 7,
  start: T0,
  durationMs: 7 * DAY,
  intervalMs: 5 * MINUTE,
  scenario: 'realistic' as const,
};

function digest(o: typeof options, format: 'json' | 'line' = 'json'): { telemetry: string; truth: string } {
  const plan = planFleet(o);
  const hash = createHash('sha256');
  for (const m of fleetMessages(plan, { tenant: 'acme', format }))
    hash.update(`${m.sendAt} ${m.topic} ${m.payload}\n`);
  return { telemetry: hash.digest('hex'), truth: truthLines(plan).join('\n') };
}

describe('fleet plan', () => {
  it('the same seed gives the same fleet, telemetry and truth, byte for byte', () => {
    const a = digest(options);
    const b = digest({ ...options });
    expect(b.telemetry).toBe(a.telemetry);
    expect(b.truth).toBe(a.truth);
    expect(digest(options, 'line').telemetry).toBe(digest(options, 'line').telemetry);
    expect(JSON.stringify(planFleet(options))).toBe(JSON.stringify(planFleet({ ...options })));
  });

  it('another seed gives another fleet', () => {
    const a = digest(options);
    const b = digest({ ...options, seed: 8 });
    expect(b.telemetry).not.toBe(a.telemetry);
    expect(b.truth).not.toBe(a.truth);
  });

  it('realistic rates: failures on ~10 % of the devices, every mode present, ~1 benign event per device-week', () => {
    const plan = planFleet({ ...options, devices: 200, durationMs: 14 * DAY });
    expect(plan.failures.length).toBeGreaterThanOrEqual(18);
    expect(plan.failures.length).toBeLessThanOrEqual(22);
    for (const mode of [...SLOW_FAILURE_MODES, 'sudden_line_card'])
      expect(plan.failures.map((f) => f.mode)).toContain(mode);
    const perDeviceWeek = plan.benign.length / (200 * 2);
    expect(perDeviceWeek).toBeGreaterThan(0.7);
    expect(perDeviceWeek).toBeLessThan(1.5);
    for (const kind of BENIGN_KINDS) expect(plan.benign.map((e) => e.kind)).toContain(kind);
  });

  it('failures: after the warm-up, before the end, one per device, on a device that has the metrics', () => {
    const plan = planFleet({ ...options, scenario: 'failures', durationMs: 14 * DAY });
    const end = plan.start + plan.durationMs;
    expect(new Set(plan.failures.map((f) => f.device)).size).toBe(plan.failures.length);
    for (const f of plan.failures) {
      expect(f.precursorStart).toBeGreaterThanOrEqual(plan.start + WARM_UP_MS);
      expect(f.outageAt).toBeLessThan(end);
      expect(f.outageAt).toBeGreaterThanOrEqual(f.precursorStart);
      expect(modesFor(plan.devices.find((d) => d.id === f.device)!.kind)).toContain(f.mode);
    }
  });

  it('no device event once its failure began (a heat wave takes the whole site); quiet has no events at all', () => {
    const plan = planFleet({ ...options, devices: 200, durationMs: 14 * DAY });
    for (const f of plan.failures)
      for (const e of plan.benign.filter((b) => b.device === f.device && b.kind !== 'heat_wave'))
        expect(e.end).toBeLessThan(f.precursorStart);
    const quiet = planFleet({ ...options, scenario: 'quiet' });
    expect(quiet.failures).toEqual([]);
    expect(quiet.benign).toEqual([]);
  });

  it('demo: every failure reaches its outage within the last 1.5 h of the run', () => {
    const plan = planFleet({
      ...options,
      devices: 6,
      durationMs: 3 * DAY + 20 * 60 * MINUTE,
      scenario: 'demo',
    });
    const end = plan.start + plan.durationMs;
    expect(plan.failures.length).toBeGreaterThan(0);
    for (const f of plan.failures) {
      expect(end - f.outageAt).toBeLessThanOrEqual(1.5 * 60 * MINUTE);
      expect(end - f.outageAt).toBeGreaterThanOrEqual(0.5 * 60 * MINUTE - MINUTE);
    }
  });
});
