import { BASELINE_SLOTS, type BaselineState, RobustBaseline } from '../baseline/robust-baseline';
import { AlertDamper, DAMPER_SLOTS, type DamperState } from '../calibration/alert-damper';
import {
  AnomalyLikelihood,
  defaultLikelihoodOptions,
  LIKELIHOOD_SLOTS,
  type LikelihoodState,
  logScore,
} from '../calibration/anomaly-likelihood';
import { CUSUM_SLOTS, CusumDetector, type CusumState } from '../changepoint/cusum-detector';
import { InvalidObservationError } from '../errors';
import type { TrendForecaster, TrendState, TrendStep } from '../forecast/trend-forecaster';
import { NOVELTY_SLOTS, type NoveltyState, PatternNovelty } from '../novelty/pattern-novelty';
import { RANGE_SLOTS, RangeNovelty, type RangeState } from '../range/range-novelty';
import { INTERVAL_SLOTS, IntervalEstimator, type IntervalState } from '../seasonality/interval-estimator';
import { SEASONAL_SLOTS, SeasonalProfile, type SeasonalState } from '../seasonality/seasonal-profile';
import { doubleArray } from '../stats/ew-mean-var';
import type { Assessment, Band, ComponentName, Forecast, ThresholdCrossing } from '../types';
import { VOLATILITY_SLOTS, VolatilityShift, type VolatilityState } from '../volatility/volatility-shift';
import { withDefaults } from '../with-defaults';
import { defaultSeriesDetectorOptions, type SeriesDetectorOptions } from './series-detector.options';
import { createTrend, TREND_SLOTS, type TrendModel } from './trend-model';

/** Plain-data state of a {@link SeriesDetector} (JSON, < 4 KiB). */
export interface SeriesDetectorState {
  v: 1;
  n: number;
  lastTs: number;
  interval: IntervalState;
  baseline: BaselineState;
  seasonal: SeasonalState;
  cusum: CusumState;
  likelihood: LikelihoodState;
  damper: DamperState;
  /** sequence / rhythm novelty and its calibration (null when disabled) */
  novelty: NoveltyState | null;
  noveltyLikelihood: LikelihoodState | null;
  /** change of volatility (null when disabled) */
  volatility: VolatilityState | null;
  /** range of all values seen (null when disabled) */
  range: RangeState | null;
  /** samples since the last confirmed level shift */
  sinceShift: number;
  trend: unknown;
}

// Standardized residuals of this size or more count as outside the expected band.
const BAND_SIGMAS = 3;
const SETTLE_SAMPLES = 10;
// One wild value must not blind the calibration for long: raw scores above this are all "certainly anomalous".
const RAW_CAP = 20;
// sinceShift value meaning "no shift seen" (JSON has no Infinity)
const NEVER = 1e9;

// The detector's numbers and those of all its components live in one double array (the components get their
// slots in it): a point reads and writes ~1.6 KiB of adjacent memory instead of ~70 small heap objects spread
// over the heap, which with thousands of series interleaved is a cache miss each (see README, hot path).
// Slots in the order a point uses them; the pattern counts (16-bit) and the trend's step bookkeeping stay apart.
const N = 0;
const LAST_TS = 1;
const SINCE_SHIFT = 2;
const INTERVAL = 3;
const SEASONAL = INTERVAL + INTERVAL_SLOTS;
const BASELINE = SEASONAL + SEASONAL_SLOTS;
const CUSUM = BASELINE + BASELINE_SLOTS;
const LIKELIHOOD = CUSUM + CUSUM_SLOTS;
const NOVELTY = LIKELIHOOD + LIKELIHOOD_SLOTS;
const NOVELTY_LIKELIHOOD = NOVELTY + NOVELTY_SLOTS;
const VOLATILITY = NOVELTY_LIKELIHOOD + LIKELIHOOD_SLOTS;
const RANGE = VOLATILITY + VOLATILITY_SLOTS;
const DAMPER = RANGE + RANGE_SLOTS;
const TREND = DAMPER + DAMPER_SLOTS;
const SLOTS = TREND + TREND_SLOTS;

/**
 * @internal What SeriesFleet reads and writes to move a default-options detector's state in and out of its
 * struct-of-arrays form (by reference): the slab and where each component's slots start in it, the pattern
 * count table and the trend's step bookkeeping. Not a stable API.
 */
export interface SeriesDetectorInternals {
  v: number[];
  at: {
    n: number;
    lastTs: number;
    sinceShift: number;
    interval: number;
    seasonal: number;
    baseline: number;
    cusum: number;
    likelihood: number;
    novelty: number;
    noveltyLikelihood: number;
    volatility: number;
    range: number;
    damper: number;
    trend: number;
  };
  counts: Uint16Array;
  stepRun: Pick<TrendState, 'outside' | 'outsideFrom' | 'runFit' | 'steps' | 'lastStep'>;
}
const SLAB_AT: SeriesDetectorInternals['at'] = Object.freeze({
  n: N,
  lastTs: LAST_TS,
  sinceShift: SINCE_SHIFT,
  interval: INTERVAL,
  seasonal: SEASONAL,
  baseline: BASELINE,
  cusum: CUSUM,
  likelihood: LIKELIHOOD,
  novelty: NOVELTY,
  noveltyLikelihood: NOVELTY_LIKELIHOOD,
  volatility: VOLATILITY,
  range: RANGE,
  damper: DAMPER,
  trend: TREND,
});

/**
 * The default univariate streaming pipeline: seasonality removal, robust baseline, level-shift detection,
 * likelihood calibration and alert de-duplication. Each `update` scores the point first, then learns from it.
 *
 * @example
 * const d = new SeriesDetector();
 * const a = d.update(Date.parse('2026-01-01T00:00:00Z'), 42.1);
 * a.score; // 0 while warming up, then a calibrated likelihood in [0,1]
 * const saved = JSON.stringify(d); // restore with SeriesDetector.fromJSON(JSON.parse(saved))
 */
export class SeriesDetector {
  private readonly o: SeriesDetectorOptions;
  // n, lastTs, sinceShift and every component's state (slots above)
  private readonly v: number[];
  private readonly interval: IntervalEstimator;
  private readonly baseline: RobustBaseline;
  private readonly seasonal: SeasonalProfile;
  private readonly cusum: CusumDetector;
  private readonly likelihood: AnomalyLikelihood;
  private readonly damper: AlertDamper;
  private trend: TrendModel | null;
  private readonly novelty: PatternNovelty | null;
  private readonly noveltyLikelihood: AnomalyLikelihood | null;
  private readonly volatility: VolatilityShift | null;
  private readonly range: RangeNovelty | null;
  /** set by componentTails: the component with the smallest tail, null for the residual likelihood */
  private fired: 'pattern' | 'volatility' | null = null;

  constructor(options: Partial<SeriesDetectorOptions> = {}, state?: SeriesDetectorState) {
    const o = (this.o = withDefaults(defaultSeriesDetectorOptions, options));
    const v = (this.v = doubleArray(SLOTS));
    v[N] = state?.n ?? 0;
    v[LAST_TS] = state?.lastTs ?? 0;
    v[SINCE_SHIFT] = state?.sinceShift ?? NEVER;
    this.interval = new IntervalEstimator(state?.interval, v, INTERVAL);
    this.baseline = new RobustBaseline(o.baseline, state?.baseline, v, BASELINE);
    this.seasonal = new SeasonalProfile(state?.seasonal, v, SEASONAL);
    this.cusum = new CusumDetector(o.cusum, state?.cusum, v, CUSUM);
    this.likelihood = new AnomalyLikelihood(o.likelihood, state?.likelihood, v, LIKELIHOOD);
    this.damper = new AlertDamper(
      o.alertLevel,
      o.refractorySamples,
      state?.damper,
      o.resolveSamples,
      o.escalation ? (o.likelihood.shortWindow ?? defaultLikelihoodOptions.shortWindow) : null,
      v,
      DAMPER,
    );
    this.trend = o.trend ? createTrend(state?.trend, v, TREND) : null;
    this.novelty = o.novelty ? new PatternNovelty(o.novelty, state?.novelty ?? undefined, v, NOVELTY) : null;
    this.noveltyLikelihood = o.novelty
      ? new AnomalyLikelihood(o.likelihood, state?.noveltyLikelihood ?? undefined, v, NOVELTY_LIKELIHOOD)
      : null;
    this.volatility = o.volatility
      ? new VolatilityShift(o.volatility, state?.volatility ?? undefined, v, VOLATILITY)
      : null;
    this.range =
      o.rangeTolerance !== null
        ? new RangeNovelty(o.rangeTolerance, undefined, state?.range ?? undefined, v, RANGE)
        : null;
  }

  static fromJSON(state: SeriesDetectorState, options: Partial<SeriesDetectorOptions> = {}): SeriesDetector {
    return new SeriesDetector(options, JSON.parse(JSON.stringify(state)) as SeriesDetectorState);
  }

  /** Scores one observation (event time in epoch ms), then learns from it. Throws InvalidObservationError on NaN/Infinity. */
  update(ts: number, value: number): Assessment {
    if (!Number.isFinite(value) || !Number.isFinite(ts)) throw new InvalidObservationError(ts, value);
    const v = this.v;
    const n = v[N];
    const inOrder = n === 0 || ts >= v[LAST_TS];
    const steps = inOrder ? this.observeTime(ts) : 1;

    const seasonal = this.seasonal.component(ts);
    const expected = this.baseline.level + seasonal;
    // Some hours of the day are routinely noisier (busy hours, edges of a daily pattern): there the band
    // widens to this hour's noise; it never narrows below the overall spread.
    const hourly = this.seasonal.spreadAt(ts);
    const spread = hourly > this.baseline.spread ? hourly : this.baseline.spread;
    const z = n === 0 ? 0 : (value - expected) / spread;
    const absZ = Math.abs(z);
    const rawScore = absZ < 1e6 ? absZ : 1e6;
    const warm = n >= this.o.warmupSamples;
    const shift = n === 0 ? 0 : this.cusum.update(z);
    const tail = this.componentTails(ts, value, rawScore);
    const fired = this.fired;
    // Outside the expected band and beyond every value ever seen: certain (Numenta's spatial anomaly rule),
    // whatever the likelihoods say. Inside the band it is a drift the baseline follows, left to the trend
    // forecast. Reported as the component only when no likelihood alerts by itself (those explain more).
    const beyondRange = (this.range ? this.range.update(ts, value) : false) && absZ > BAND_SIGMAS;
    const likely = logScore(tail);
    const rangeFired = beyondRange && likely < this.o.alertLevel;
    const combined = beyondRange ? 1 : likely;
    const score = warm ? this.damper.apply(combined) : 0;

    const weight = absZ > this.o.huberK ? this.o.huberK / absZ : 1;
    this.baseline.learn(value - seasonal, steps, weight);
    this.seasonal.learnNoise(ts, absZ * spread, this.o.huberK * spread, this.interval.intervalMs, weight);
    const cyclesBefore = Number(this.seasonal.dailyOn) + Number(this.seasonal.weeklyOn);
    this.seasonal.learn(ts, value, this.interval.intervalMs, weight);
    if (shift !== 0) {
      this.baseline.acceptShift();
      v[SINCE_SHIFT] = 0;
    } else if (v[SINCE_SHIFT] < NEVER) {
      v[SINCE_SHIFT]++;
    }
    this.trend?.update(ts, value - seasonal);
    const cyclesAfter = Number(this.seasonal.dailyOn) + Number(this.seasonal.weeklyOn);
    if (cyclesAfter !== cyclesBefore) this.switchBasis(ts, seasonal, cyclesAfter > cyclesBefore);
    v[N] = n + 1;

    const component =
      score < this.o.alertLevel ? null : rangeFired ? 'range' : (fired ?? this.explain(value, spread));
    return new SeriesAssessment(ts, value, score, rawScore, warm, expected, spread, component, this);
  }

  /**
   * The Assessment `update` would return for this point, without learning it. What the pipeline reports
   * depends on what it learns from the point (the alert damper's refractory period, the re-anchored level
   * `component` is explained with), so this runs `update` on a copy of the state: exact, but it copies the
   * state (~3 KiB) on every call, so it is for inspection and tests; `update` is the hot path.
   * @example d.score(ts, 99).score // what update(ts, 99) would report; d is unchanged
   */
  score(ts: number, value: number): Assessment {
    return new SeriesDetector(this.o, this.toJSON()).update(ts, value);
  }

  /** Learns one observation: the state change of `update` (= `score`, then `learn`), without the Assessment. */
  learn(ts: number, value: number): void {
    this.update(ts, value);
  }

  /** The learned cycles, read-only (which are on, and their offset at a time) — no state copy. */
  get cycles(): Pick<SeasonalProfile, 'component' | 'dailyOn' | 'weeklyOn' | 'offsetBounds'> {
    return this.seasonal;
  }

  /**
   * How far `value` at `ts` is from the series' slow (about one day) level with its cycles removed, in
   * residual sigmas: a drift that the adaptive baseline follows still shows here. NaN before the first point.
   * @example d.deviation(ts, 61.5) // ~6 four hours into a +1.5 °C/h drift with 0.5 °C noise
   */
  deviation(ts: number, value: number): number {
    return (value - this.seasonal.component(ts) - this.seasonal.slowLevel) / this.baseline.spread;
  }

  /** Predicted crossing of `limit` by the de-seasonalized level (delegates to the trend model); null if unknown. */
  timeToThreshold(limit: number, direction: 'up' | 'down'): ThresholdCrossing | null {
    return this.trend ? this.trend.timeToThreshold(limit, direction) : null;
  }

  forecast(): Forecast | null {
    return this.trend ? this.trend.forecast() : null;
  }

  /**
   * The latest level shift of the de-seasonalized level the trend model recognised (a firmware step, the
   * start or the end of a surge), after which its forecast is fitted; null when none (or the model restarted
   * since, as when a cycle switches on). Levels are de-seasonalized.
   * @example d.lastStep // { at: 1767614400000, before: 30.2, after: 45.1 }
   */
  get lastStep(): TrendStep | null {
    return this.trend ? this.trend.lastStep : null;
  }

  /**
   * @internal SeriesFleet's gather / scatter: this detector's state by reference; null unless it runs the
   * default options (the only ones SeriesFleet implements). Not a stable API.
   */
  internals(): SeriesDetectorInternals | null {
    if (this.o !== defaultSeriesDetectorOptions || !this.novelty || !this.trend) return null;
    return {
      v: this.v,
      at: SLAB_AT,
      counts: this.novelty.countTable,
      stepRun: (this.trend as TrendForecaster).stepRun,
    };
  }

  toJSON(): SeriesDetectorState {
    return {
      v: 1,
      n: this.v[N],
      lastTs: this.v[LAST_TS],
      interval: this.interval.toJSON(),
      baseline: this.baseline.toJSON(),
      seasonal: this.seasonal.toJSON(),
      cusum: this.cusum.toJSON(),
      likelihood: this.likelihood.toJSON(),
      damper: this.damper.toJSON(),
      novelty: this.novelty ? this.novelty.toJSON() : null,
      noveltyLikelihood: this.noveltyLikelihood ? this.noveltyLikelihood.toJSON() : null,
      volatility: this.volatility ? this.volatility.toJSON() : null,
      range: this.range ? this.range.toJSON() : null,
      sinceShift: this.v[SINCE_SHIFT],
      trend: this.trend ? this.trend.toJSON() : null,
    };
  }

  /**
   * Scores the point with every calibrated component and returns the smallest tail probability (the largest
   * likelihood: logScore is decreasing); `fired` tells which of pattern / volatility gave it (null: the residual).
   */
  private componentTails(ts: number, value: number, rawScore: number): number {
    // The first samples' spread is unreliable: they would poison the long-term distribution of raw scores.
    const settled = this.v[N] >= SETTLE_SAMPLES;
    let tail = settled ? this.likelihood.updateTail(rawScore < RAW_CAP ? rawScore : RAW_CAP) : 1;
    if (this.o.shiftEvidence && this.cusum.tail < tail) tail = this.cusum.tail;
    this.fired = null;
    if (this.novelty && this.noveltyLikelihood) {
      const surprise = this.novelty.update(ts, value);
      const t = settled ? this.noveltyLikelihood.updateTail(surprise) : 1;
      if (t < tail) {
        tail = t;
        this.fired = 'pattern';
      }
    }
    if (this.volatility) {
      const t = this.volatility.updateTail(value);
      if (t < tail) {
        tail = t;
        this.fired = 'volatility';
      }
    }
    return tail;
  }

  /**
   * A cycle switched on or off: the de-seasonalized series the baseline and the trend follow jumps by the
   * change of the seasonal offset. Left alone, that step (up to the cycle's amplitude, depending on the hour
   * the switch happens at) reads as a level shift and raises a burst of false anomalies while the baseline
   * catches up. The baseline is moved by the same step instead, so the expected value stays continuous.
   * The trend model: when a cycle switches on, the slope it learned from raw values carries the cycle's
   * rising or falling half, so it starts afresh; when one switches off (a strong drift swamps the cycle in
   * the seasonality test) its slope of the de-seasonalized level is the best there is, so it is moved by
   * the same step and keeps forecasting (a restart would blank the forecast right in the drift).
   */
  private switchBasis(ts: number, seasonalBefore: number, switchedOn: boolean): void {
    const step = seasonalBefore - this.seasonal.component(ts);
    this.baseline.rebase(step);
    if (!this.trend) return;
    if (switchedOn) this.trend = createTrend(undefined, this.v, TREND);
    else this.trend.rebase(step);
  }

  /** Advances time; returns the elapsed time in sampling intervals (>= 1, capped), used to scale forgetting. */
  private observeTime(ts: number): number {
    const v = this.v;
    const dt = v[N] === 0 ? 0 : ts - v[LAST_TS];
    v[LAST_TS] = ts;
    this.interval.observe(dt);
    const iv = this.interval.intervalMs;
    if (iv <= 0 || dt <= iv) return 1;
    return Math.min(dt / iv, this.o.maxGapSteps);
  }

  /** Which component explains the anomaly best (only called for alerting scores). */
  private explain(value: number, spread: number): ComponentName {
    // a shift confirmed in the last few samples, or one being accumulated right now
    if (this.v[SINCE_SHIFT] <= 3 || this.cusum.evidence >= 0.5 * (this.o.cusum.threshold ?? 12))
      return 'changepoint';
    const seasonalActive = this.seasonal.dailyOn || this.seasonal.weeklyOn;
    // normal against the plain level, abnormal against the cycle: the cycle itself is what broke
    if (seasonalActive && Math.abs(value - this.baseline.level) < BAND_SIGMAS * spread) return 'seasonality';
    return 'baseline';
  }
}

/**
 * The assessment `update` returns. Its `band` is built when first read. Its `forecast` is computed when read (solving the trend lines on every
 * point cost a quarter of the pipeline's time, and most callers never look): it is the trend model's
 * forecast as of the latest update, so read it before the next `update` of the same detector.
 * JSON.stringify includes it.
 */
class SeriesAssessment implements Assessment {
  readonly #detector: SeriesDetector;
  readonly #spread: number;
  #band: Band | null = null;

  constructor(
    readonly ts: number,
    readonly value: number,
    readonly score: number,
    readonly rawScore: number,
    readonly warm: boolean,
    readonly expected: number,
    spread: number,
    readonly component: ComponentName | null,
    detector: SeriesDetector,
  ) {
    this.#detector = detector;
    this.#spread = spread;
  }

  /** expected +/- 3 spreads, built when first read (most callers never read it). */
  get band(): Band {
    const spread = this.#spread;
    return (this.#band ??= {
      lower: this.expected - BAND_SIGMAS * spread,
      upper: this.expected + BAND_SIGMAS * spread,
    });
  }

  get forecast(): Forecast | null {
    return this.#detector.forecast();
  }

  toJSON(): Assessment {
    const { ts, value, score, rawScore, warm, expected, band, component, forecast } = this;
    return { ts, value, score, rawScore, warm, expected, band, component, forecast };
  }
}
