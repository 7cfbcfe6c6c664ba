import { BASELINE_SLOTS, RobustBaseline } from '../baseline/robust-baseline';
import { AlertDamper, DAMPER_SLOTS } from '../calibration/alert-damper';
import { AnomalyLikelihood, LIKELIHOOD_SLOTS } from '../calibration/anomaly-likelihood';
import { CUSUM_SLOTS, CusumDetector } from '../changepoint/cusum-detector';
import { TREND_SLOTS, TrendForecaster } from '../forecast/trend-forecaster';
import { NOVELTY_SLOTS, PatternNovelty } from '../novelty/pattern-novelty';
import { RANGE_SLOTS, RangeNovelty } from '../range/range-novelty';
import { INTERVAL_SLOTS, IntervalEstimator } from '../seasonality/interval-estimator';
import { SEASONAL_SLOTS, SeasonalProfile } from '../seasonality/seasonal-profile';
import { doubleArray } from '../stats/ew-mean-var';
import { VOLATILITY_SLOTS, VolatilityShift } from '../volatility/volatility-shift';
import { SeriesDetector } from './series-detector';

const STEP = 300_000;
const T0 = Date.UTC(2026, 0, 5);

/** A seeded series with a daily cycle, noise, a spike and a level shift. */
function series(count: number): { ts: number[]; xs: number[] } {
  let s = 7;
  const rnd = (): number => (s = (1664525 * s + 1013904223) >>> 0) / 2 ** 32 - 0.5;
  const ts: number[] = [];
  const xs: number[] = [];
  for (let i = 0; i < count; i++) {
    ts.push(T0 + i * STEP);
    const x = 50 + 10 * Math.sin((2 * Math.PI * i) / 288) + rnd() + (i > count / 2 ? 8 : 0);
    xs.push(i === 700 ? 90 : x);
  }
  return { ts, xs };
}

/**
 * SeriesDetector keeps every component's numbers in one array (the components take slots of it): a component
 * in slots of a shared array must behave exactly like one with its own array, and leave the other slots alone.
 */
describe('components in slots of a shared array', () => {
  const { ts, xs } = series(1500);
  const PAD = 3;

  interface Case {
    slots: number;
    make: (slab?: number[], at?: number) => { toJSON(): unknown };
    feed: (c: never, i: number) => unknown;
  }
  const cases: Record<string, Case> = {
    RobustBaseline: {
      slots: BASELINE_SLOTS,
      make: (slab, at) => new RobustBaseline({}, undefined, slab, at),
      feed: (c: RobustBaseline, i) => c.update(xs[i]),
    },
    CusumDetector: {
      slots: CUSUM_SLOTS,
      make: (slab, at) => new CusumDetector({}, undefined, slab, at),
      feed: (c: CusumDetector, i) => c.update((xs[i] - 50) / 5),
    },
    AnomalyLikelihood: {
      slots: LIKELIHOOD_SLOTS,
      make: (slab, at) => new AnomalyLikelihood({}, undefined, slab, at),
      feed: (c: AnomalyLikelihood, i) => c.update(Math.abs(xs[i] - 50) / 5),
    },
    AlertDamper: {
      slots: DAMPER_SLOTS,
      make: (slab, at) => new AlertDamper(0.5, 20, undefined, 5, 4, slab, at),
      feed: (c: AlertDamper, i) => c.apply(Math.abs(Math.sin(i)) ** 8),
    },
    PatternNovelty: {
      slots: NOVELTY_SLOTS,
      make: (slab, at) => new PatternNovelty({}, undefined, slab, at),
      feed: (c: PatternNovelty, i) => c.update(ts[i], xs[i]),
    },
    VolatilityShift: {
      slots: VOLATILITY_SLOTS,
      make: (slab, at) => new VolatilityShift({}, undefined, slab, at),
      feed: (c: VolatilityShift, i) => c.update(xs[i]),
    },
    RangeNovelty: {
      slots: RANGE_SLOTS,
      make: (slab, at) => new RangeNovelty(0.05, 0, undefined, slab, at),
      feed: (c: RangeNovelty, i) => c.update(ts[i], xs[i]),
    },
    IntervalEstimator: {
      slots: INTERVAL_SLOTS,
      make: (slab, at) => new IntervalEstimator(undefined, slab, at),
      feed: (c: IntervalEstimator, i) => (c.observe(i % 7 === 0 ? 3 * STEP : STEP), c.intervalMs),
    },
    SeasonalProfile: {
      slots: SEASONAL_SLOTS,
      make: (slab, at) => new SeasonalProfile(undefined, slab, at),
      feed: (c: SeasonalProfile, i) => c.update(ts[i], xs[i], STEP),
    },
    TrendForecaster: {
      slots: TREND_SLOTS,
      make: (slab, at) => new TrendForecaster({}, undefined, slab, at),
      feed: (c: TrendForecaster, i) => (c.update(ts[i], xs[i]), c.forecast()),
    },
  };

  it.each(Object.keys(cases))('%s: same outputs and state as with its own array', (name) => {
    const { slots, make, feed } = cases[name];
    const slab = doubleArray(PAD + slots + PAD).fill(-7);
    const own = make();
    const shared = make(slab, PAD);
    for (let i = 0; i < xs.length; i++) {
      expect(feed(shared as never, i)).toEqual(feed(own as never, i));
    }
    expect(shared.toJSON()).toEqual(own.toJSON());
    // the slots around it are untouched
    expect([...slab.slice(0, PAD), ...slab.slice(PAD + slots)]).toEqual(new Array(2 * PAD).fill(-7));
  });

  it('SeriesDetector: a detector restored mid-stream into a fresh array continues identically', () => {
    const a = new SeriesDetector();
    let b = new SeriesDetector();
    for (let i = 0; i < xs.length; i++) {
      if (i === 900) b = SeriesDetector.fromJSON(JSON.parse(JSON.stringify(b)));
      expect(JSON.stringify(b.update(ts[i], xs[i]))).toBe(JSON.stringify(a.update(ts[i], xs[i])));
    }
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });
});
