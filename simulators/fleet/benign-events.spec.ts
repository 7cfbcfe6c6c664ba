import { DEFAULT_METRIC_CATALOG } from '@preempt/engine';

import { DAY, HOUR, MINUTE } from '../src/device-simulator';
import { FleetDevice } from './device-model';
import { DEVICE_KINDS } from './fleet-plan';
import { fleetDevices } from './fleet-stream';
import { deviceWithEvent, T0, testPlan } from './fleet-test-kit';

// Benign shapes: what each event does to the telemetry, and that it does not last longer than it should.
const START = T0 + 4 * DAY + 14 * HOUR; // a Friday, 14:00 UTC

describe('benign events: shapes', () => {
  it('daily and weekly cycles: traffic peaks at the busy hour, nights and weekends are quieter', () => {
    const [device] = fleetDevices(testPlan({ scenario: 'quiet' }));
    const peak = T0 + device.profile.peakHour * HOUR; // Monday
    const traffic = (t: number) => device.expected(t).traffic_in_mbps;
    expect(traffic(peak)).toBeGreaterThan(3 * traffic(peak + 12 * HOUR));
    expect(traffic(peak + 5 * DAY)).toBeLessThan(0.9 * traffic(peak)); // Saturday
    // the temperature follows the load (and the ambient)
    expect(device.expected(peak).temperature).toBeGreaterThan(device.expected(peak + 12 * HOUR).temperature);
  });

  it('traffic surge: traffic x factor for its hours, ramps of 15 min, then back to normal', () => {
    const end = START + 4 * HOUR;
    const device = deviceWithEvent('core_router', {
      kind: 'traffic_surge',
      start: START,
      end,
      params: { factor: 2 },
    });
    const plain = deviceWithEvent('core_router', {
      kind: 'traffic_surge',
      start: 0,
      end: 0,
      params: { factor: 2 },
    });
    const ratio = (t: number) => device.expected(t).traffic_in_mbps / plain.expected(t).traffic_in_mbps;
    expect(ratio(START - MINUTE)).toBe(1);
    expect(ratio(START + 5 * MINUTE)).toBeGreaterThan(1);
    expect(ratio(START + 5 * MINUTE)).toBeLessThan(2);
    expect(ratio(START + 2 * HOUR)).toBeCloseTo(2, 5);
    expect(ratio(end + MINUTE)).toBe(1);
    // the CPU and the temperature follow the load, and only through it (the surge is not counted twice)
    const p = device.profile;
    const load = (t: number) => device.load(t) * 2;
    expect(device.expected(START + 2 * HOUR).cpu_utilization).toBeCloseTo(
      p.cpuBase + p.cpuLoad * load(START + 2 * HOUR),
      9,
    );
    expect(device.expected(START + 2 * HOUR).cpu_utilization).toBeGreaterThan(
      plain.expected(START + 2 * HOUR).cpu_utilization,
    );
    expect(
      device.expected(START + 2 * HOUR).temperature - plain.expected(START + 2 * HOUR).temperature,
    ).toBeCloseTo(p.riseLoad * (load(START + 2 * HOUR) - plain.load(START + 2 * HOUR)), 9);
  });

  it('firmware upgrade: silent while it reloads, then CPU, memory and temperature baselines step up and stay', () => {
    const params = { cpuStep: 0.33, memStep: 8, tempStep: 2 };
    const end = START + 10 * MINUTE;
    const device = deviceWithEvent('aggregation_switch', {
      kind: 'firmware_upgrade',
      start: START,
      end,
      params,
    });
    const plain = deviceWithEvent('aggregation_switch', {
      kind: 'sensor_glitch',
      start: 0,
      end: 0,
      params: { which: 0 },
    });
    expect(device.sample(START + 5 * MINUTE)).toBeNull();
    for (const later of [DAY, 3 * DAY]) {
      const t = START + later;
      const a = device.expected(t);
      const b = plain.expected(t);
      expect(a.cpu_utilization / b.cpu_utilization).toBeCloseTo(1.33, 2);
      expect(a.memory_utilization - b.memory_utilization).toBeCloseTo(8, 0);
      expect(a.temperature - b.temperature).toBeCloseTo(2, 5);
    }
  });

  it('firmware upgrade: a newer image replaces the older one (its step is from the original image, not compounded)', () => {
    const first = { kind: 'firmware_upgrade' as const, start: START, end: START + 10 * MINUTE };
    const second = { ...first, start: START + 2 * DAY, end: START + 2 * DAY + 10 * MINUTE };
    const once = deviceWithEvent('aggregation_switch', {
      ...first,
      params: { cpuStep: 0.4, memStep: 9, tempStep: 3 },
    });
    const twice = new FleetDevice(once.profile, undefined, [
      ...once.events,
      {
        ...second,
        device: once.id,
        site: once.profile.site,
        params: { cpuStep: 0.3, memStep: 6, tempStep: 1 },
      },
    ]);
    const plain = new FleetDevice(once.profile, undefined, []);
    const t = START + 5 * DAY;
    expect(twice.expected(START + DAY)).toEqual(once.expected(START + DAY));
    expect(twice.expected(t).cpu_utilization / plain.expected(t).cpu_utilization).toBeCloseTo(1.3, 9);
    expect(twice.expected(t).memory_utilization - plain.expected(t).memory_utilization).toBeCloseTo(6, 3);
    expect(twice.expected(t).temperature - plain.expected(t).temperature).toBeCloseTo(1, 9);
  });

  it('benign means within limits: no benign event takes a healthy device to a critical limit, nor its CPU to the warning', () => {
    const plan = testPlan({ scenario: 'realistic', devices: 120, durationMs: 14 * DAY });
    const failing = new Set(plan.failures.map((f) => f.device));
    const worst: Record<string, number> = {};
    for (const device of fleetDevices(plan)) {
      if (failing.has(device.id)) continue;
      for (let t = plan.start; t < plan.start + plan.durationMs; t += 15 * MINUTE) {
        if (device.silent(t)) continue;
        for (const entry of DEFAULT_METRIC_CATALOG) {
          const value = device.expected(t)[entry.metric];
          if (value === undefined) continue;
          const sign = entry.direction === 'up' ? 1 : -1;
          const limit = entry.metric === 'cpu_utilization' ? entry.warning! : entry.critical!;
          worst[entry.metric] = Math.max(worst[entry.metric] ?? -Infinity, sign * (value - limit));
        }
      }
    }
    expect(Object.keys(worst)).toEqual(
      expect.arrayContaining(['cpu_utilization', 'memory_utilization', 'temperature']),
    );
    for (const [metric, margin] of Object.entries(worst))
      expect([metric, margin < 0]).toEqual([metric, true]);
  });

  it('planned reboot: silent for its minutes; memory restarts lower and recovers over hours; the CPU spikes briefly', () => {
    const end = START + 10 * MINUTE;
    const device = deviceWithEvent('olt', {
      kind: 'planned_reboot',
      start: START,
      end,
      params: { memDrop: 15 },
    });
    const plain = deviceWithEvent('olt', { kind: 'sensor_glitch', start: 0, end: 0, params: { which: 0 } });
    expect(device.sample(START)).toBeNull();
    expect(device.sample(end - MINUTE)).toBeNull();
    const drop = (t: number) => plain.expected(t).memory_utilization - device.expected(t).memory_utilization;
    expect(drop(end)).toBeCloseTo(15, 5);
    expect(drop(end + 6 * HOUR)).toBeLessThan(6);
    expect(drop(end + 2 * DAY)).toBeLessThan(0.01);
    expect(device.expected(end).cpu_utilization - plain.expected(end).cpu_utilization).toBeGreaterThan(20);
    expect(
      device.expected(end + HOUR).cpu_utilization - plain.expected(end + HOUR).cpu_utilization,
    ).toBeLessThan(0.1);
  });

  it('fan replaced: the fan speed jumps back up by 1/wornFactor and the temperature drops', () => {
    const device = deviceWithEvent('core_router', {
      kind: 'fan_replaced',
      start: START,
      end: START + MINUTE,
      params: { wornFactor: 0.8 },
    });
    const before = device.expected(START - MINUTE);
    const after = device.expected(START);
    expect(after.fan_speed / before.fan_speed).toBeCloseTo(1 / 0.8, 1);
    expect(before.temperature - after.temperature).toBeGreaterThan(2);
  });

  it('sensor glitch: exactly one wild sample, its neighbours normal', () => {
    const device = deviceWithEvent('core_router', {
      kind: 'sensor_glitch',
      start: START,
      end: START,
      params: { which: 0 },
    });
    const samples = [-2, -1, 0, 1, 2].map((k) => device.sample(START + k * 5 * MINUTE)!);
    expect(samples.map((s) => s.temperature > 100)).toEqual([false, false, true, false, false]);
    expect(samples[2].temperature).toBe(127.5);
  });

  it('heat wave: every device of the site, same window, warmer by about `rise` and fans spun up', () => {
    const plan = testPlan({ scenario: 'benign', devices: 40, durationMs: 14 * DAY });
    const waves = plan.benign.filter((e) => e.kind === 'heat_wave');
    expect(waves.length).toBeGreaterThan(0);
    const site = waves[0].site;
    expect(new Set(waves.filter((w) => w.site === site).map((w) => `${w.start}/${w.end}`)).size).toBe(1);
    expect(
      waves
        .filter((w) => w.site === site)
        .map((w) => w.device)
        .sort(),
    ).toEqual(
      plan.devices
        .filter((d) => d.site === site)
        .map((d) => d.id)
        .sort(),
    );
    const wave = waves[0];
    const device = fleetDevices(plan).find((d) => d.id === wave.device)!;
    const twin = new FleetDevice(
      device.profile,
      undefined,
      device.events.filter((e) => e.kind !== 'heat_wave'),
    );
    const mid = wave.start + DAY; // past the 12-h ramp, before the end ramp (waves last >= 1.5 d)
    const warmer = device.expected(mid).temperature - twin.expected(mid).temperature;
    expect(warmer).toBeGreaterThan(wave.params.rise * 0.7);
    expect(device.expected(wave.end + HOUR)).toEqual(twin.expected(wave.end + HOUR));
    if (device.profile.metrics.includes('fan_speed'))
      expect(device.expected(mid).fan_speed).toBeGreaterThan(twin.expected(mid).fan_speed);
    expect(DEVICE_KINDS).toContain(device.profile.kind);
  });
});
