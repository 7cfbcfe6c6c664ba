import type { DetectionEvent } from '@preempt/contracts';

import { healthyDevice, samples } from '../../../simulators/src/device-simulator';
import { deviceSeed } from '../../../simulators/src/random';
import { DetectionEngine } from '../src/detection.engine';
import { MetricCatalog } from '../src/metric-catalog';
import { DAY, gaussian, HOUR, MINUTE, rng, temperatureScenario } from './scenario.fixture';

// At the detection level (no I/O): a drifting device gets reliable limit forecasts well
// before the crossing; healthy devices (noise + daily cycle) give no persistent evidence.
const t0 = Date.UTC(2026, 0, 5);
const STEP = MINUTE;

/**
 * Persistent evidence (README "Event policy"): >= 3 events of one type for one (device, failure mode)
 * within `windowMs` of event time: forecasts 20 min (3 consecutive 5-minute evaluations), anomalies 30 min.
 */
function firstPersistent(events: DetectionEvent[], type: 'forecast' | 'anomaly'): DetectionEvent | null {
  const windowMs = type === 'forecast' ? 20 * MINUTE : 30 * MINUTE;
  const ofType = events.filter((e) => e.type === type);
  for (let i = 2; i < ofType.length; i++) {
    const first = ofType[i - 2];
    const key = (e: DetectionEvent) => `${e.device}/${e.failureMode}`;
    if (key(first) !== key(ofType[i]) || key(ofType[i - 1]) !== key(ofType[i])) continue;
    if (ofType[i].evidence.at - first.evidence.at <= windowMs) return ofType[i];
  }
  return null;
}

describe('detection scenarios', () => {
  it.each([2, 3])(
    'temperature drifting 50 -> 85 °C over 24 h after %i days of history: forecasts contain the true crossing well before it',
    (historyDays) => {
      const driftStart = t0 + historyDays * DAY;
      const scenario = temperatureScenario({ t0, driftStart });
      const crossing = scenario.crossing(85, driftStart + 2 * DAY)!;
      const engine = new DetectionEngine(new MetricCatalog());
      const random = rng(42);
      const events: DetectionEvent[] = [];
      for (let t = t0; t < crossing; t += STEP) {
        const value = scenario.signal(t) + 0.5 * gaussian(random);
        events.push(...engine.process('acme', 'hot-1', [['temperature', t, value]]));
      }
      const forecasts = events.filter((e) => e.type === 'forecast');
      expect(
        forecasts.every((e) => e.failureMode === 'overheating' && e.evidence.forecast?.limit === 85),
      ).toBe(true);
      const decided = firstPersistent(events, 'forecast')!;
      expect(decided).not.toBeNull();
      expect(crossing - decided.evidence.at).toBeGreaterThanOrEqual(2 * HOUR);
      expect(decided.evidence.forecast!.earliest).toBeLessThanOrEqual(crossing);
      expect(decided.evidence.forecast!.latest).toBeGreaterThanOrEqual(crossing);
      // No forecast before the drift started.
      expect(forecasts[0].evidence.at).toBeGreaterThan(driftStart);
      // Over the last 6 hours before the crossing, the band contains the true crossing at (nearly) every evaluation...
      const late = forecasts.filter((e) => e.evidence.at >= crossing - 6 * HOUR);
      const contains = late.filter(
        (e) => e.evidence.forecast!.earliest <= crossing && crossing <= e.evidence.forecast!.latest,
      );
      expect(late.length).toBeGreaterThanOrEqual(60);
      expect(contains.length / late.length).toBeGreaterThanOrEqual(0.9);
      // ...and always at the last evaluations (what a ticket ends up carrying).
      for (const e of late.slice(-6)) {
        expect(e.evidence.forecast!.earliest).toBeLessThanOrEqual(crossing);
        expect(e.evidence.forecast!.latest).toBeGreaterThanOrEqual(crossing);
      }
      expect(events.filter((e) => e.type === 'recovered' && e.evidence.at > driftStart + 6 * HOUR)).toEqual(
        [],
      );
    },
  );

  it('50 devices with noise and daily cycles over 7 days: no forecast, only rare isolated anomalies', () => {
    const engine = new DetectionEngine(new MetricCatalog());
    const random = rng(7);
    const devices = Array.from({ length: 50 }, (_, i) => ({
      id: `quiet-${i}`,
      scenario: temperatureScenario({ t0, base: 40 + (i % 10), amplitude: 1 + (i % 4), phaseHours: i % 24 }),
      noise: 0.3 + (i % 5) * 0.1,
    }));
    const events: DetectionEvent[] = [];
    for (let t = t0; t < t0 + 7 * DAY; t += STEP) {
      for (const d of devices) {
        const value = d.scenario.signal(t) + d.noise * gaussian(random);
        events.push(...engine.process('acme', d.id, [['temperature', t, value]]));
      }
    }
    expect(events.filter((e) => e.type === 'forecast')).toEqual([]);
    // rare (about one per device every few days over 504,000 points) and never persistent
    expect(events.filter((e) => e.type === 'anomaly').length).toBeLessThanOrEqual(150);
    const sorted = [...events].sort(
      (a, b) => a.device.localeCompare(b.device) || a.evidence.at - b.evidence.at,
    );
    expect(firstPersistent(sorted, 'anomaly')).toBeNull();
    expect(engine.stats.points).toBe(50 * 7 * 24 * 60);
  });
  it("pattern novelty is no event in a series' first day (co-moving metrics see new phases of their cycle together)", () => {
    // healthy devices whose temperature, fan speed and CPU follow one daily cycle, first seen at 06:00 UTC:
    // before the rule, three metrics of one device flagged "new pattern" within 20 minutes, 11 h in
    const engine = new DetectionEngine(new MetricCatalog());
    const start = Date.UTC(2026, 10, 10, 6);
    const events: DetectionEvent[] = [];
    for (let i = 0; i < 10; i++) {
      const device = healthyDevice(`quiet-${i}`, i, deviceSeed(11, i), [
        'temperature',
        'fan_speed',
        'cpu_utilization',
      ]);
      for (const sample of samples(device, start, start + 30 * HOUR, 5 * MINUTE)) {
        const points = Object.entries(sample.metrics).map(
          ([m, v]) => [m, sample.ts, v] as [string, number, number],
        );
        events.push(...engine.process('acme', device.id, points));
      }
    }
    const firstDay = events.filter((e) => e.type === 'anomaly' && e.evidence.at < start + DAY);
    expect(firstDay.filter((e) => e.evidence.component === 'pattern')).toEqual([]);
    expect(engine.stats.points).toBe(10 * 3 * (30 * 12 + 1));
  });

  it('a healthy 20-50 % CPU daily cycle is not forecast to reach 95 % while the cycle is being learned', () => {
    // Before the fix, the raw-value trend extrapolated the rising half of the cycle in the first two days.
    const engine = new DetectionEngine(new MetricCatalog());
    const random = rng(3);
    const events: DetectionEvent[] = [];
    for (let t = t0; t < t0 + 4 * DAY; t += 5 * MINUTE) {
      const value = 35 + 15 * Math.cos((2 * Math.PI * (t - 14 * HOUR)) / DAY) + 3 * gaussian(random);
      events.push(...engine.process('acme', 'busy-1', [['cpu_utilization', t, value]]));
    }
    expect(events.filter((e) => e.type === 'forecast')).toEqual([]);
  });
});
