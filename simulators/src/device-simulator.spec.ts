import {
  DAY,
  degradingDevice,
  healthyDevice,
  HOUR,
  MINUTE,
  samples,
  SIMULATED_METRICS,
  SimulatedDevice,
} from './device-simulator';

const t0 = Date.UTC(2026, 0, 5);

describe('SimulatedDevice', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const run = (seed: number) => [...samples(healthyDevice('d', 1, seed), t0, t0 + DAY, 5 * MINUTE)];
    expect(run(42)).toEqual(run(42));
    expect(run(42)[10].metrics.temperature).not.toBe(run(43)[10].metrics.temperature);
  });

  it('produces one ingest JSON sample per step with every metric', () => {
    const all = [...samples(healthyDevice('d', 0, 1), t0, t0 + HOUR, MINUTE)];
    expect(all).toHaveLength(61);
    expect(all[0].ts).toBe(t0);
    expect(all[60].ts).toBe(t0 + HOUR);
    expect(Object.keys(all[0].metrics)).toEqual([...SIMULATED_METRICS]);
    const only = new SimulatedDevice({ id: 'd', seed: 1, metrics: ['temperature'] }).next(t0);
    expect(Object.keys(only.metrics)).toEqual(['temperature']);
  });

  it('adds noise of the configured size around the noise-free temperature', () => {
    const device = healthyDevice('d', 2, 9, ['temperature']);
    const residuals = [...samples(device, t0, t0 + 7 * DAY, MINUTE)].map(
      (s) => s.metrics.temperature - device.temperature(s.ts),
    );
    const mean = residuals.reduce((a, b) => a + b, 0) / residuals.length;
    const sd = Math.sqrt(residuals.reduce((a, b) => a + (b - mean) ** 2, 0) / residuals.length);
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(sd).toBeGreaterThan(0.47);
    expect(sd).toBeLessThan(0.53);
  });

  it('has a daily cycle peaking at the configured hour', () => {
    const device = new SimulatedDevice({ id: 'd', seed: 1, baseTemperature: 45, amplitude: 3, peakHour: 15 });
    expect(device.temperature(t0 + 15 * HOUR)).toBeCloseTo(48, 9);
    expect(device.temperature(t0 + 3 * HOUR)).toBeCloseTo(42, 9);
    expect(device.temperature(t0 + DAY + 15 * HOUR)).toBeCloseTo(48, 9);
  });

  it('keeps a healthy fleet far below the temperature limits for a week', () => {
    for (let i = 0; i < 20; i++) {
      const temps = [...samples(healthyDevice(`q${i}`, i, i), t0, t0 + 7 * DAY, 10 * MINUTE)].map(
        (s) => s.metrics.temperature,
      );
      expect(Math.max(...temps)).toBeLessThan(60);
      expect(Math.min(...temps)).toBeGreaterThan(34);
    }
  });
});

describe('degrading device', () => {
  const driftStart = t0 + 3 * DAY;

  it('without a daily cycle crosses 85 °C exactly 24 h after the drift starts', () => {
    const device = new SimulatedDevice({
      id: 'd',
      seed: 1,
      amplitude: 0,
      drift: { start: driftStart, from: 50, to: 85, durationMs: DAY },
    });
    expect(device.temperature(driftStart)).toBe(50);
    expect(device.crossing(85, t0, driftStart + 2 * DAY)).toBe(driftStart + DAY);
    expect(device.crossing(85, t0, driftStart + DAY - 1000)).toBeNull();
  });

  it('with the ±3 °C cycle crosses within 3/35 of a day of the nominal time, at the first second >= 85', () => {
    const device = degradingDevice('hot', 7, driftStart);
    const crossing = device.crossing(85, t0, driftStart + 2 * DAY)!;
    expect(Math.abs(crossing - (driftStart + DAY))).toBeLessThanOrEqual((3 / 35) * DAY);
    expect(device.temperature(crossing)).toBeGreaterThanOrEqual(85);
    expect(device.temperature(crossing - 1000)).toBeLessThan(85);
    // nothing before the drift comes near the limit
    expect(device.crossing(60, t0, driftStart)).toBeNull();
  });

  it('moves the fan speed with the temperature', () => {
    const all = [...samples(degradingDevice('hot', 7, driftStart), driftStart, driftStart + DAY, 5 * MINUTE)];
    const temp = all.map((s) => s.metrics.temperature);
    const fan = all.map((s) => s.metrics.fan_speed);
    expect(correlation(temp, fan)).toBeGreaterThan(0.95);
    expect(fan[fan.length - 1] - fan[0]).toBeGreaterThan(1500);
  });
});

function correlation(x: number[], y: number[]): number {
  const mx = x.reduce((a, b) => a + b, 0) / x.length;
  const my = y.reduce((a, b) => a + b, 0) / y.length;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}
