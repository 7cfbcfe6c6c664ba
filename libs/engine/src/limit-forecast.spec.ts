import type { MetricCatalogEntry } from '@preempt/contracts';
import { SeriesDetector } from '@preempt/detection';

import { type CycleOffset, forecastBreach } from './limit-forecast';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const T0 = Date.UTC(2026, 0, 5);

const entry = (critical: number, direction: 'up' | 'down'): MetricCatalogEntry =>
  ({ metric: 'm', unit: '', direction, warning: critical, critical, failureMode: 'x' }) as MetricCatalogEntry;

function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647 - 0.5;
}

/** The same cycles without bounds: the scan then evaluates them at every step (what it did before the skip). */
const unbounded = (cycles: CycleOffset): CycleOffset => ({
  component: (t) => cycles.component(t),
  offsetBounds: () => [-Infinity, Infinity],
});

describe('forecastBreach: steps the cycles cannot reach the limit from are skipped, the result is unchanged', () => {
  it('gives exactly the forecast of the full scan, for drifts up and down towards near and far limits', () => {
    let compared = 0;
    let forecasts = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const r = lcg(seed);
      const detector = new SeriesDetector();
      const up = seed % 2 === 0;
      const drift = (up ? 1 : -1) * (0.002 + 0.004 * (seed / 12));
      for (let i = 0; i < 4 * 288; i++) {
        const ts = T0 + i * 5 * MIN;
        const value = 60 + 8 * Math.sin((2 * Math.PI * (ts - T0)) / DAY) + drift * i + r();
        detector.update(ts, value);
        if (i < 2 * 288 || i % 6 !== 0) continue;
        const cycles = detector.cycles;
        for (const limit of up ? [75, 80, 90, 120] : [45, 40, 30, 0]) {
          const e = entry(limit, up ? 'up' : 'down');
          const fast = forecastBreach(detector, cycles, e, ts, DAY);
          expect(fast).toEqual(forecastBreach(detector, unbounded(cycles), e, ts, DAY));
          compared++;
          if (fast) forecasts++;
        }
      }
    }
    expect(compared).toBeGreaterThan(1000);
    expect(forecasts).toBeGreaterThan(100);
    expect(compared - forecasts).toBeGreaterThan(100);
  });
});
