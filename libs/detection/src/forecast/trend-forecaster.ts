import { InvalidObservationError } from '../errors';
import { stateSlots } from '../stats/ew-mean-var';
import type { Forecast, ThresholdCrossing } from '../types';
import { withDefaults } from '../with-defaults';
import { firstCrossing } from './crossing';
import {
  addPoint,
  advance,
  clearFit,
  type DiscountedFitState,
  FIT_SLOTS,
  fitFromState,
  fitInto,
  fitToState,
  LINE_COV,
  LINE_LEVEL,
  LINE_SIGMA2,
  LINE_SLOPE,
  LINE_VAR_LEVEL,
  LINE_VAR_SLOPE,
  type LineFit,
  rebaseFit,
  solvable,
  solve,
  solveInto,
} from './discounted-fit';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
// slots of the state array (unboxed doubles, see the detection README, hot path): n, firstTs, lastTs; then
// [dt, exp(-dt / tauMs), exp(-dt / fastTauMs)] of the last advance (derived, never serialized); then the two fits
const N = 0;
const FIRST_TS = 1;
const LAST_TS = 2;
const DECAY_DT = 3;
const DECAY_SLOW = 4;
const DECAY_FAST = 5;
const SLOW = 6;
const FAST = SLOW + FIT_SLOTS;
/** Number of slots a TrendForecaster keeps in its state array. */
export const TREND_SLOTS = FAST + FIT_SLOTS;
// the fast line of the step detection, solved into this on every point (no allocation)
const line = new Float64Array(6);

export interface TrendOptions {
  /** time constant of the slow (main) fit: a point tauMs old weighs 1/e */
  tauMs: number;
  /** time constant of the fast fit that notices recent changes of slope */
  fastTauMs: number;
  /** half-width of the prediction interval in standard deviations (2.576 = 99% two-sided) */
  z: number;
  /** slope difference (fast - slow, in standard errors) above which the trend is taken to have changed */
  changeZ: number;
  /** points needed before any forecast */
  warmupPoints: number;
  /** observed time span needed before any forecast */
  warmupSpanMs: number;
  /** default forecast horizon */
  horizonMs: number;
  /** the horizon never exceeds this multiple of the observed history span */
  historyFactor: number;
  /** a line is never extrapolated further than this multiple of its time constant */
  horizonTaus: number;
  /**
   * how far before now `earliest` may lie when the optimistic side is beyond the limit already: a crossing
   * hidden in the noise since the last evaluations (forecasts are evaluated every few minutes)
   */
  lookBackMs: number;
  /**
   * a step (level shift) is taken when this many consecutive points fall outside the fast line's prediction
   * interval on the same side; the fits then restart on the new regime, so a step is never extrapolated
   * as a trend (0 disables)
   */
  stepPoints: number;
}

export const defaultTrendOptions: TrendOptions = {
  tauMs: 12 * HOUR_MS,
  fastTauMs: 2 * HOUR_MS,
  z: 2.576,
  changeZ: 3,
  warmupPoints: 30,
  warmupSpanMs: 2 * HOUR_MS,
  horizonMs: 7 * DAY_MS,
  historyFactor: 2,
  horizonTaus: 7,
  lookBackMs: 30 * 60_000,
  stepPoints: 3,
};

/** Plain-data state of a TrendForecaster (JSON round-trips; 24 numbers). */
export interface TrendState {
  version: 1;
  n: number;
  firstTs: number;
  lastTs: number;
  slow: DiscountedFitState;
  fast: DiscountedFitState;
  /**
   * consecutive points outside the fast line's prediction interval, signed by side (+ above, - below);
   * absent in states written before step detection
   */
  outside?: number;
  /** the level the fast line expected at the first point of that run */
  outsideFrom?: number;
  /** the fast fit as it was before that run (the run's points are judged against it) and its newest time */
  runFit?: { fast: DiscountedFitState; lastTs: number } | null;
  /** steps taken so far (the fits restarted on a new regime) */
  steps?: number;
  /** the latest step: when it was taken, and the level before and after it */
  lastStep?: TrendStep | null;
}

/** A level shift the forecaster recognised: the fits restarted on the regime after it. */
export interface TrendStep {
  at: number;
  before: number;
  after: number;
}

export interface PredictionInterval {
  mean: number;
  lower: number;
  upper: number;
}

/** A fitted line in milliseconds from the newest timestamp. */
interface Line {
  fit: LineFit;
  /** ms per unit of the fit's x */
  tauMs: number;
}

/**
 * Level + trend of one series with honest prediction intervals and threshold-crossing times.
 *
 * Model: two exponentially discounted least-squares lines in continuous time (weights decay with the
 * elapsed time, so irregular sampling and gaps need no special case): a slow one (tauMs) for a stable
 * trend and a fast one (fastTauMs) that notices a recent change of slope. The central forecast uses the
 * slow line unless the fast slope differs significantly. Prediction intervals combine the residual
 * variance with the uncertainty of level and slope, so they widen with the horizon. When the fast slope
 * is steeper toward a limit than the slow one (an accelerating degradation, for which any straight line
 * is too late), the optimistic side also follows an exponential continuation whose rate is implied by
 * the two slopes.
 *
 * @example
 * const f = new TrendForecaster();
 * for (let i = 0; i < 500; i++) f.update(t0 + i * 300_000, 40 + i * 0.01);
 * f.timeToThreshold(50, 'up'); // { at, earliest, latest } (epoch ms) or null
 */
export class TrendForecaster {
  private readonly options: TrendOptions;
  // the numbers of the TrendState (slots above) in slots [b, b + TREND_SLOTS) of v: its own array, or a part
  // of the owner's (SeriesDetector)
  private readonly v: number[];
  private readonly b: number;
  // step detection (the optional fields of TrendState, absent until first set)
  private readonly run: Pick<TrendState, 'outside' | 'outsideFrom' | 'runFit' | 'steps' | 'lastStep'> = {};

  /** `slab` / `at`: keep the state in slots [at, at + TREND_SLOTS) of the caller's double array. */
  constructor(options: Partial<TrendOptions> = {}, state?: TrendState, slab?: number[], at = 0) {
    this.options = withDefaults(defaultTrendOptions, options);
    const v = (this.v = stateSlots(TREND_SLOTS, slab, at));
    const b = (this.b = slab ? at : 0);
    v[b + N] = state ? state.n : 0;
    v[b + FIRST_TS] = state ? state.firstTs : 0;
    v[b + LAST_TS] = state ? state.lastTs : 0;
    v[b + DECAY_DT] = NaN;
    v[b + DECAY_SLOW] = NaN;
    v[b + DECAY_FAST] = NaN;
    if (state) {
      fitInto(v, b + SLOW, state.slow);
      fitInto(v, b + FAST, state.fast);
    } else {
      clearFit(v, b + SLOW);
      clearFit(v, b + FAST);
    }
    if (!state) return;
    const r = this.run;
    if (state.outside !== undefined) r.outside = state.outside;
    if (state.outsideFrom !== undefined) r.outsideFrom = state.outsideFrom;
    if (state.runFit !== undefined)
      r.runFit = state.runFit && { fast: { ...state.runFit.fast }, lastTs: state.runFit.lastTs };
    if (state.steps !== undefined) r.steps = state.steps;
    if (state.lastStep !== undefined) r.lastStep = state.lastStep && { ...state.lastStep };
  }

  static fromJSON(state: TrendState, options: Partial<TrendOptions> = {}): TrendForecaster {
    return new TrendForecaster(options, state);
  }

  toJSON(): TrendState {
    const v = this.v;
    const b = this.b;
    return {
      version: 1,
      n: v[b + N],
      firstTs: v[b + FIRST_TS],
      lastTs: v[b + LAST_TS],
      slow: fitToState(v, b + SLOW),
      fast: fitToState(v, b + FAST),
      ...this.run,
      ...(this.run.lastStep ? { lastStep: { ...this.run.lastStep } } : {}),
      ...(this.run.runFit ? { runFit: { ...this.run.runFit, fast: { ...this.run.runFit.fast } } } : {}),
    };
  }

  /**
   * Learn one observation. An out-of-order point (ts < last ts) is added with its discounted weight
   * but does not move time; a duplicate timestamp is another sample at that time.
   */
  update(ts: number, value: number): void {
    if (!Number.isFinite(ts) || !Number.isFinite(value)) throw new InvalidObservationError(ts, value);
    const v = this.v;
    const b = this.b;
    if (v[b + N] === 0) v[b + FIRST_TS] = v[b + LAST_TS] = ts;
    if (ts < v[b + FIRST_TS]) v[b + FIRST_TS] = ts;
    const dt = ts - v[b + LAST_TS];
    if (this.options.stepPoints > 0 && dt >= 0 && v[b + N] > 0 && this.stepped(ts, value)) return;
    if (dt > 0) {
      // Regular sampling advances by the same dt every time: its discount factors are computed once.
      if (v[b + DECAY_DT] !== dt) {
        v[b + DECAY_SLOW] = Math.exp(-(dt / this.options.tauMs));
        v[b + DECAY_FAST] = Math.exp(-(dt / this.options.fastTauMs));
        v[b + DECAY_DT] = dt;
      }
      advance(v, dt / this.options.tauMs, v[b + DECAY_SLOW], b + SLOW);
      advance(v, dt / this.options.fastTauMs, v[b + DECAY_FAST], b + FAST);
      v[b + LAST_TS] = ts;
    }
    addPoint(v, dt < 0 ? dt / this.options.tauMs : 0, value, b + SLOW);
    addPoint(v, dt < 0 ? dt / this.options.fastTauMs : 0, value, b + FAST);
    v[b + N]++;
  }

  /** Same as {@link update}: the learn step of the learn / score contract. */
  learn(ts: number, value: number): void {
    this.update(ts, value);
  }

  /**
   * How far `value` at `ts` lies from the central forecast, in prediction-interval half-widths (z
   * standard deviations): > 1 is outside the interval. 0 while warming up; never learns.
   * @example f.score(ts, 57) // 0.4: well inside the band
   */
  score(ts: number, value: number): number {
    const band = this.predict(ts);
    if (!band) return 0;
    const halfWidth = band.upper - band.mean;
    return halfWidth > 0 ? Math.abs(value - band.mean) / halfWidth : 0;
  }

  /**
   * @internal The step-detection bookkeeping (the optional fields of TrendState, absent until first set), by
   * reference (SeriesFleet copies it in and out of its struct-of-arrays state); not a stable API.
   */
  get stepRun(): Pick<TrendState, 'outside' | 'outsideFrom' | 'runFit' | 'steps' | 'lastStep'> {
    return this.run;
  }

  /** The latest level shift taken (the fits restarted after it), or null. */
  get lastStep(): TrendStep | null {
    return this.run.lastStep ?? null;
  }

  /**
   * Step detection: a point outside the fast line's prediction interval (z) extends the run of outside
   * points on its side; a point inside ends it. A run of `stepPoints` is a level shift, not a trend: a
   * line fitted across it extrapolates the jump (a firmware upgrade's CPU step, a traffic surge) to a
   * limit it does not approach. The fits then restart with this point, so the forecast is fitted on the
   * regime after the step (it warms up again: warmupPoints and warmupSpanMs). A drift stays inside the
   * fast line's interval (the fast line follows it within hours), so it keeps its history.
   * Returns true when the point restarted the fits (it is then learned as the first of the new regime).
   */
  private stepped(ts: number, value: number): boolean {
    const v = this.v;
    const b = this.b;
    const r = this.run;
    // lines().fast and band(fast, ts - lastTs), without building the slow line nor any object (this runs on
    // every point): the same operations, so the same numbers
    const run = r.outside ?? 0;
    // While a run lasts, its points are judged against the fast line as it was before the run: the fits
    // learn the run's points as usual, and a line bent and widened by a boot's CPU spike would take the
    // step after it for normal.
    const reference = run !== 0 && r.runFit ? r.runFit : null;
    const warm = !(
      v[b + N] < this.options.warmupPoints || v[b + LAST_TS] - v[b + FIRST_TS] < this.options.warmupSpanMs
    );
    const fast = reference
      ? solveInto(fitFromState(reference.fast), 0, line)
      : warm && solvable(v, b + SLOW) && solveInto(v, b + FAST, line);
    if (!fast) {
      r.outside = 0;
      if (r.runFit) r.runFit = null;
      return false;
    }
    const x = (ts - (reference ? reference.lastTs : v[b + LAST_TS])) / this.options.fastTauMs;
    const mean = line[LINE_LEVEL] + line[LINE_SLOPE] * x;
    const variance =
      line[LINE_VAR_LEVEL] + 2 * line[LINE_COV] * x + line[LINE_VAR_SLOPE] * x * x + line[LINE_SIGMA2];
    // a clean line's interval is as narrow as rounding: a value must leave it by more than that
    const halfWidth = this.options.z * Math.sqrt(Math.max(0, variance)) + 1e-9 * (Math.abs(mean) + 1);
    const side = value > mean + halfWidth ? 1 : value < mean - halfWidth ? -1 : 0;
    const continues = side !== 0 && Math.sign(run) === side;
    r.outside = side === 0 ? 0 : continues ? run + side : side;
    if (side === 0) {
      if (r.runFit) r.runFit = null;
      return false;
    }
    if (!continues) {
      // the level expected where the run began, and the line its next points are judged against
      r.outsideFrom = mean;
      r.runFit = { fast: fitToState(v, b + FAST), lastTs: v[b + LAST_TS] };
    }
    if (Math.abs(r.outside) < this.options.stepPoints) return false;
    const before = r.outsideFrom ?? mean;
    clearFit(v, b + SLOW);
    clearFit(v, b + FAST);
    r.outside = 0;
    r.runFit = null;
    r.steps = (r.steps ?? 0) + 1;
    r.lastStep = { at: ts, before, after: value };
    v[b + FIRST_TS] = v[b + LAST_TS] = ts;
    addPoint(v, 0, value, b + SLOW);
    addPoint(v, 0, value, b + FAST);
    v[b + N] = 1;
    return true;
  }

  /**
   * Shifts every value learned so far by `delta` (the fits keep their slopes and residuals): the caller
   * changed what it subtracts from the series and keeps the line continuous.
   * @example f.rebase(-3) // the series now arrives 3 lower (a +3 offset is removed from it from now on)
   */
  rebase(delta: number): void {
    if (!Number.isFinite(delta)) throw new InvalidObservationError(this.v[this.b + LAST_TS], delta);
    rebaseFit(this.v, delta, this.b + SLOW);
    rebaseFit(this.v, delta, this.b + FAST);
  }

  /** Level and slope now (of the line the central forecast uses); null while warming up. */
  forecast(): Forecast | null {
    const line = this.centralLine();
    if (!line) return null;
    return {
      level: line.fit.level,
      slopePerHour: (line.fit.slope * HOUR_MS) / line.tauMs,
      horizonMs: this.maxHorizonMs(),
    };
  }

  /** Prediction interval (z standard deviations) for an observation at `atTs`; null while warming up. */
  predict(atTs: number): PredictionInterval | null {
    const line = this.centralLine();
    if (!line) return null;
    return this.band(line, atTs - this.v[this.b + LAST_TS]);
  }

  /**
   * When the series is predicted to cross `limit` (epoch ms), or null when the central forecast does
   * not cross within the horizon. `earliest` is where the optimistic side of the interval crosses
   * (the widest of both lines and the accelerating continuation; up to `lookBackMs` before `nowTs` when
   * that side is beyond the limit already), `latest` where the pessimistic side does, or the end of the horizon when it never
   * does. Already beyond the limit: all three are `nowTs`.
   */
  timeToThreshold(
    limit: number,
    direction: 'up' | 'down',
    options: { horizonMs?: number; nowTs?: number } = {},
  ): ThresholdCrossing | null {
    const lines = this.lines();
    if (!lines) return null;
    const lastTs = this.v[this.b + LAST_TS];
    const nowTs = options.nowTs ?? lastTs;
    const start = nowTs - lastTs;
    const horizon = Math.min(options.horizonMs ?? this.options.horizonMs, this.maxHorizonMs());
    const dir: 1 | -1 = direction === 'up' ? 1 : -1;
    const cross = (curve: (h: number) => number, maxH: number): number | null =>
      firstCrossing((h) => curve(start + h), limit, dir, Math.min(horizon, maxH - start));

    const central = this.pickCentral(lines.slow, lines.fast);
    const expected = this.acceleratingPath(lines.slow, lines.fast, dir, false);
    const at = expected
      ? cross(expected, this.lineHorizonMs(lines.slow))
      : lineCrossing(central, limit, dir, start, Math.min(horizon, this.lineHorizonMs(central) - start));
    if (at === null) return null;

    const accelerating = this.acceleratingPath(lines.slow, lines.fast, dir, true);
    // Each side is the envelope of the lines (and the accelerating continuation) that may still be
    // extrapolated that far; toward the limit means upper for 'up', lower for 'down'.
    const envelope = (h: number, optimistic: boolean): number => {
      const towardLimit = optimistic === dir > 0;
      let best = Number.NaN;
      for (const line of [lines.slow, lines.fast]) {
        if (h > this.lineHorizonMs(line)) continue;
        const band = this.band(line, h);
        best = extreme(best, towardLimit ? band.upper : band.lower, optimistic ? dir : dir === 1 ? -1 : 1);
      }
      if (optimistic && accelerating) best = extreme(best, accelerating(h), dir);
      return best;
    };
    let earliest = Math.min(at, cross((h) => envelope(h, true), horizon) ?? at);
    // The optimistic side is beyond the limit already: within the noise the limit may have been crossed
    // already (also when the central line is there too), so `earliest` goes back to where that side reached
    // it, at most lookBackMs. Clamped at now, a crossing that happened between two evaluations fell outside
    // every band from then on.
    if (earliest === 0) {
      const back = firstCrossing(
        (h) => envelope(start - h, true),
        limit,
        dir === 1 ? -1 : 1,
        this.options.lookBackMs,
      );
      earliest = -(back ?? this.options.lookBackMs);
    }
    const latest = Math.max(at, cross((h) => envelope(h, false), horizon) ?? horizon);
    return { at: nowTs + at, earliest: nowTs + earliest, latest: nowTs + latest };
  }

  /** How far a line may be extrapolated: horizonTaus of its time constants. */
  private lineHorizonMs(line: Line): number {
    return this.options.horizonTaus * line.tauMs;
  }

  /** The configured horizon, capped by a multiple of the observed history span. */
  private maxHorizonMs(): number {
    const span = this.v[this.b + LAST_TS] - this.v[this.b + FIRST_TS];
    return Math.min(this.options.horizonMs, this.options.historyFactor * span);
  }

  private lines(): { slow: Line; fast: Line } | null {
    const v = this.v;
    const b = this.b;
    if (v[b + N] < this.options.warmupPoints || v[b + LAST_TS] - v[b + FIRST_TS] < this.options.warmupSpanMs)
      return null;
    const slow = solve(v, b + SLOW);
    const fast = solve(v, b + FAST);
    if (!slow || !fast) return null;
    return {
      slow: { fit: slow, tauMs: this.options.tauMs },
      fast: { fit: fast, tauMs: this.options.fastTauMs },
    };
  }

  private centralLine(): Line | null {
    const lines = this.lines();
    return lines ? this.pickCentral(lines.slow, lines.fast) : null;
  }

  /** The slow line, unless the fast slope differs from it by more than changeZ standard errors. */
  private pickCentral(slow: Line, fast: Line): Line {
    const diff = perMs(fast.fit.slope, fast) - perMs(slow.fit.slope, slow);
    const se = Math.sqrt(perMs2(fast.fit.varSlope, fast) + perMs2(slow.fit.varSlope, slow));
    return Math.abs(diff) > this.options.changeZ * se ? fast : slow;
  }

  /** Prediction interval h ms after the newest timestamp. */
  private band(line: Line, h: number): PredictionInterval {
    const x = h / line.tauMs;
    const f = line.fit;
    const mean = f.level + f.slope * x;
    const variance = f.varLevel + 2 * f.covLevelSlope * x + f.varSlope * x * x + f.sigma2;
    const halfWidth = this.options.z * Math.sqrt(Math.max(0, variance));
    return { mean, lower: mean - halfWidth, upper: mean + halfWidth };
  }

  /**
   * Exponential continuation y0 + (s / r)(e^(r h) - 1) when the fast slope is significantly steeper
   * toward the limit than the slow one, else null. For y = c + A e^(t / T), a discounted line with time
   * constant tau estimates the slope y' / (1 + k)^2 (k = tau / T) and the level c + A e^(t / T) (1 + 2k) / (1 + k)^2,
   * so the ratio of the two slopes gives the rate r = 1 / T, and the current slope and level follow.
   * With `optimistic`, the ends of the fast line's confidence intervals nearest the limit are used, so
   * the continuation errs early.
   */
  private acceleratingPath(
    slow: Line,
    fast: Line,
    dir: 1 | -1,
    optimistic: boolean,
  ): ((h: number) => number) | null {
    const seFast = Math.sqrt(perMs2(fast.fit.varSlope, fast));
    const seDiff = Math.sqrt(perMs2(fast.fit.varSlope, fast) + perMs2(slow.fit.varSlope, slow));
    const bSlow = dir * perMs(slow.fit.slope, slow);
    const bFastPoint = dir * perMs(fast.fit.slope, fast);
    const seSlow = Math.sqrt(perMs2(slow.fit.varSlope, slow));
    const established = bSlow > this.options.changeZ * seSlow;
    if (!established || !(bFastPoint - bSlow > this.options.changeZ * seDiff)) return null;
    const z = optimistic ? this.options.z : 0;
    const bFast = bFastPoint + z * seFast;
    const root = Math.sqrt(bFast / bSlow);
    const maxRate = 2 / fast.tauMs;
    const denominator = slow.tauMs - root * fast.tauMs;
    const rate = denominator > 0 ? Math.min(maxRate, (root - 1) / denominator) : maxRate;
    const k = rate * fast.tauMs;
    const slope = bFast * (1 + k) * (1 + k);
    const lag = ((slope / rate) * k * k) / ((1 + k) * (1 + k));
    const level = dir * fast.fit.level + z * Math.sqrt(fast.fit.varLevel) + lag;
    return (h) => dir * (level + (slope / rate) * Math.expm1(rate * h));
  }
}

/** Where the mean of a line reaches `limit`, as an offset from `start` (ms), if within `maxH`. */
function lineCrossing(line: Line, limit: number, dir: 1 | -1, start: number, maxH: number): number | null {
  const valueAtStart = line.fit.level + (line.fit.slope * start) / line.tauMs;
  const gap = limit - valueAtStart;
  if (dir * gap <= 0) return 0;
  const slope = line.fit.slope / line.tauMs;
  const h = gap / slope;
  if (!(h >= 0) || h > maxH) return null;
  return h;
}

/** The more extreme of two values in direction dir (NaN = no value yet). */
function extreme(current: number, candidate: number, dir: 1 | -1): number {
  if (Number.isNaN(current)) return candidate;
  return dir > 0 ? Math.max(current, candidate) : Math.min(current, candidate);
}

function perMs(slope: number, line: Line): number {
  return slope / line.tauMs;
}

function perMs2(variance: number, line: Line): number {
  return variance / (line.tauMs * line.tauMs);
}
