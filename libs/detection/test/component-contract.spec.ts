import {
  AlertDamper,
  AnomalyLikelihood,
  type BaselineState,
  CusumDetector,
  type CusumState,
  type DamperState,
  type LikelihoodState,
  type NoveltyState,
  PatternNovelty,
  PotTail,
  type PotTailState,
  RangeNovelty,
  type RangeState,
  type RegimeInput,
  type RegimeState,
  RobustBaseline,
  SeasonalProfile,
  type SeasonalState,
  SeriesDetector,
  type SeriesDetectorState,
  SeriesRegime,
  TrendForecaster,
  type TrendState,
  VolatilityShift,
  type VolatilityState,
} from '../src';
import { contractStream, runComponentContract, type StreamPoint } from './component-contract';

// Inputs: one seeded series (noise, daily cycle, spike, level shift, gap) as each component sees it.
const points = contractStream(7);
const values = points.map((p) => p.value);
// roughly standardized residuals (CUSUM) and their size (raw scores of the likelihoods)
const residuals = values.map(
  (v, i) => (v - 50 - 10 * Math.sin((2 * Math.PI * points[i].ts) / 86_400_000)) / 1.5,
);
const raws = residuals.map(Math.abs);
// likelihood-like scores for the damper: mostly low, with bursts above the alert level
const scores = raws.map((r) => Math.min(1, r / 10));
const interval = 300_000;

runComponentContract({
  name: 'RobustBaseline',
  create: () => new RobustBaseline(),
  restore: (state) => new RobustBaseline({}, state as BaselineState),
  inputs: values,
  score: (c, x) => c.score(x),
  learn: (c, x) => c.learn(x),
  update: (c, x) => c.update(x),
  range: 'finite', // |x - level| / spread; calibrated by the pipeline's AnomalyLikelihood
});

runComponentContract({
  name: 'SeasonalProfile',
  create: () => new SeasonalProfile(),
  restore: (state) => new SeasonalProfile(state as SeasonalState),
  inputs: points,
  score: (c, p: StreamPoint) => c.score(p.ts),
  learn: (c, p) => c.learn(p.ts, p.value, interval),
  update: (c, p) => c.update(p.ts, p.value, interval),
  range: 'finite', // a seasonal offset in the series' units
});

runComponentContract({
  name: 'CusumDetector',
  create: () => new CusumDetector(),
  restore: (state) => new CusumDetector({}, state as CusumState),
  inputs: residuals.map((z, i) => (i >= 900 ? z + 4 : z)),
  score: (c, z) => c.score(z),
  learn: (c, z) => c.learn(z),
  update: (c, z) => c.update(z),
  range: 'finite', // the shift signal -1 / 0 / +1
});

runComponentContract({
  name: 'AnomalyLikelihood',
  create: () => new AnomalyLikelihood(),
  restore: (state) => new AnomalyLikelihood({}, state as LikelihoodState),
  inputs: raws,
  score: (c, r) => c.score(r),
  learn: (c, r) => c.learn(r),
  update: (c, r) => c.update(r),
  range: 'unit',
});

runComponentContract({
  name: 'AnomalyLikelihood tail (normal point tail)',
  create: () => new AnomalyLikelihood({ pointTail: 'normal' }),
  restore: (state) => new AnomalyLikelihood({ pointTail: 'normal' }, state as LikelihoodState),
  inputs: raws,
  score: (c, r) => c.scoreTail(r),
  learn: (c, r) => c.learn(r),
  update: (c, r) => c.updateTail(r),
  range: 'unit',
});

runComponentContract({
  name: 'PotTail',
  create: () => new PotTail(200),
  restore: (state) => new PotTail(200, state as PotTailState),
  inputs: raws,
  score: (c, r) => c.score(r, 1.5),
  learn: (c, r) => c.learn(r, 1.5),
  update: (c, r) => c.update(r, 1.5),
  scoreValue: (tail) => (tail as number | null) ?? 1, // null: at or below the threshold, or no fit yet
  range: 'unit',
});

runComponentContract({
  name: 'AlertDamper',
  create: () => new AlertDamper(0.5, 50, undefined, 6),
  restore: (state) => new AlertDamper(0.5, 50, state as DamperState, 6),
  inputs: scores,
  score: (c, s) => c.score(s),
  learn: (c, s) => c.learn(s),
  update: (c, s) => c.update(s),
  range: 'unit',
});

runComponentContract({
  name: 'AlertDamper with escalation',
  create: () => new AlertDamper(0.5, 400, undefined, 0, 8),
  restore: (state) => new AlertDamper(0.5, 400, state as DamperState, 0, 8),
  // an alert, a dip, then a stronger burst inside the refractory period
  inputs: scores.map((s, i) => (i === 300 ? 0.6 : i === 320 ? 0.9 : s)),
  score: (c, s) => c.score(s),
  learn: (c, s) => c.learn(s),
  update: (c, s) => c.update(s),
  range: 'unit',
});

runComponentContract({
  name: 'PatternNovelty (halving every 300 samples)',
  create: () => new PatternNovelty({ halvingSamples: 300 }),
  restore: (state) => new PatternNovelty({ halvingSamples: 300 }, state as NoveltyState),
  inputs: points,
  score: (c, p: StreamPoint) => c.score(p.ts, p.value),
  learn: (c, p) => c.learn(p.ts, p.value),
  update: (c, p) => c.update(p.ts, p.value),
  range: 'finite', // a surprise in nats; its calibrated form is the next subject
});

// The pattern surprise as the pipeline uses it: calibrated by its own AnomalyLikelihood.
class CalibratedNovelty {
  constructor(
    readonly novelty = new PatternNovelty(),
    readonly likelihood = new AnomalyLikelihood(),
  ) {}

  toJSON(): unknown {
    return { novelty: this.novelty.toJSON(), likelihood: this.likelihood.toJSON() };
  }
}

runComponentContract({
  name: 'PatternNovelty calibrated by AnomalyLikelihood',
  create: () => new CalibratedNovelty(),
  restore: (state) => {
    const s = state as { novelty: NoveltyState; likelihood: LikelihoodState };
    return new CalibratedNovelty(new PatternNovelty({}, s.novelty), new AnomalyLikelihood({}, s.likelihood));
  },
  inputs: points,
  score: (c, p: StreamPoint) => c.likelihood.score(c.novelty.score(p.ts, p.value)),
  learn: (c, p) => {
    const surprise = c.novelty.score(p.ts, p.value);
    c.novelty.learn(p.ts, p.value);
    c.likelihood.learn(surprise);
  },
  update: (c, p) => c.likelihood.update(c.novelty.update(p.ts, p.value)),
  range: 'unit',
});

runComponentContract({
  name: 'VolatilityShift',
  create: () => new VolatilityShift({ longWindow: 300 }),
  restore: (state) => new VolatilityShift({ longWindow: 300 }, state as VolatilityState),
  inputs: values.map((v, i) => (i > 1100 ? 50 : v)), // ends stuck at one value
  score: (c, v) => c.score(v),
  learn: (c, v) => c.learn(v),
  update: (c, v) => c.update(v),
  range: 'unit',
});

runComponentContract({
  name: 'RangeNovelty',
  create: () => new RangeNovelty(),
  restore: (state) => new RangeNovelty(0.05, undefined, state as RangeState),
  inputs: points,
  score: (c, p: StreamPoint) => c.score(p.ts, p.value),
  learn: (c, p) => c.learn(p.ts, p.value),
  update: (c, p) => c.update(p.ts, p.value),
  scoreValue: (outside) => Number(outside),
  range: 'unit', // true / false
});

runComponentContract({
  name: 'TrendForecaster',
  create: () => new TrendForecaster(),
  restore: (state) => TrendForecaster.fromJSON(state as TrendState),
  inputs: points,
  score: (c, p: StreamPoint) => c.score(p.ts, p.value),
  learn: (c, p) => c.learn(p.ts, p.value),
  update: (c, p) => c.update(p.ts, p.value),
  updateReturnsScore: false, // update only learns (forecasts are read on demand)
  range: 'finite', // distance from the central forecast in prediction-interval half-widths
});

runComponentContract({
  name: 'SeriesDetector',
  create: () => new SeriesDetector({ refractorySamples: 50 }),
  restore: (state) => SeriesDetector.fromJSON(state as SeriesDetectorState, { refractorySamples: 50 }),
  inputs: points,
  score: (c, p: StreamPoint) => c.score(p.ts, p.value),
  learn: (c, p) => c.learn(p.ts, p.value),
  update: (c, p) => c.update(p.ts, p.value),
  scoreValue: (a) => (a as { score: number }).score,
  range: 'unit',
  every: 7,
});

// the normal / abnormal state, fed what a SeriesDetector said of each point (the shift makes it abnormal)
const regimeInputs: RegimeInput[] = (() => {
  const detector = new SeriesDetector();
  return points.map((p) => {
    const a = detector.update(p.ts, p.value);
    const spread = (a.band.upper - a.expected) / 3;
    return {
      value: p.value,
      score: a.score,
      expected: a.expected,
      spread,
      seasonal: detector.cycles.component(p.ts),
      ts: p.ts,
    };
  });
})();
runComponentContract({
  name: 'SeriesRegime',
  create: () => new SeriesRegime({ acceptSamples: 300 }),
  restore: (state) => SeriesRegime.fromJSON(state as RegimeState, { acceptSamples: 300 }),
  inputs: regimeInputs,
  score: (c, p: RegimeInput) => c.score(p),
  learn: (c, p) => c.learn(p),
  update: (c, p) => c.update(p),
  scoreValue: (abnormal) => (abnormal ? 1 : 0),
  range: 'unit',
});
