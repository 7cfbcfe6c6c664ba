import { doubleArray } from '../stats/ew-mean-var';
import { withDefaults } from '../with-defaults';

/** Tuning of a {@link RobustBaseline}; windows are in samples (one sample = one inferred sampling interval). */
export interface BaselineOptions {
  /** span of the level EWMA: how fast the level follows slow drift */
  levelWindow: number;
  /** span of the spread EWMA (mean absolute deviation) */
  spreadWindow: number;
  /** span of the fast level used to re-anchor after a confirmed level shift */
  fastWindow: number;
  /** residuals beyond huberK * spread are clipped before they move the level (robustness to outliers) */
  huberK: number;
  /** relative floor of the spread, so constant series keep a finite, non-zero scale */
  relativeFloor: number;
}

export const defaultBaselineOptions: BaselineOptions = {
  levelWindow: 48,
  spreadWindow: 192,
  fastWindow: 6,
  huberK: 3,
  relativeFloor: 1e-9,
};

/** Plain-data state of a {@link RobustBaseline}. */
export interface BaselineState {
  /** samples learned (weighted) */
  n: number;
  level: number;
  /** EW mean absolute deviation around the level */
  mad: number;
  fast: number;
}

// E|X - mu| = sigma * sqrt(2/pi) for a normal: converts the mean absolute deviation to a sigma estimate.
const MAD_TO_SIGMA = 1.2533141373155003;
// Absolute floor: below this the series is numerically constant.
const ABSOLUTE_FLOOR = 1e-12;
const N = 0;
const LEVEL = 1;
const MAD = 2;
const FAST = 3;

/**
 * Robust adaptive baseline: a level and a spread that follow slow drift and resist outliers.
 * Level and spread are EWMAs whose updates are Huber-clipped at `huberK` spreads, and whose forgetting scales
 * with elapsed time (`steps` = elapsed time / sampling interval), so gaps forget more than one sample.
 *
 * @example
 * const b = new RobustBaseline();
 * for (const x of [10, 11, 9, 10, 500, 10]) b.learn(x);
 * b.level; // ~10: the 500 moved the level by at most huberK spreads
 */
export class RobustBaseline {
  private readonly o: BaselineOptions;
  // n, level, mad, fast: unboxed doubles (see README hot path)
  private readonly v: number[];

  constructor(options: Partial<BaselineOptions> = {}, state?: BaselineState) {
    this.o = withDefaults(defaultBaselineOptions, options);
    const v = (this.v = doubleArray(4));
    if (!state) return;
    v[N] = state.n;
    v[LEVEL] = state.level;
    v[MAD] = state.mad;
    v[FAST] = state.fast;
  }

  get level(): number {
    return this.v[LEVEL];
  }

  get count(): number {
    return this.v[N];
  }

  /** Sigma estimate of the residuals, never 0 nor NaN. */
  get spread(): number {
    const floor = Math.max(ABSOLUTE_FLOOR, this.o.relativeFloor * Math.abs(this.v[LEVEL]));
    return Math.max(this.v[MAD] * MAD_TO_SIGMA, floor);
  }

  /** |x - level| / spread: how unusual `x` is (a raw statistic, >= 0; never learns). */
  score(x: number): number {
    return Math.abs(x - this.v[LEVEL]) / this.spread;
  }

  /** Scores `x` (see {@link score}), then learns it. */
  update(x: number, steps = 1, weight = 1): number {
    const score = this.score(x);
    this.learn(x, steps, weight);
    return score;
  }

  /**
   * Learns one (de-seasonalized) value. `steps` >= 1 is the elapsed time in sampling intervals;
   * `weight` in (0,1] down-weights suspicious samples so that a level shift is accepted only gradually.
   */
  learn(x: number, steps = 1, weight = 1): void {
    const v = this.v;
    if (v[N] === 0) {
      v[N] = weight;
      v[LEVEL] = x;
      v[FAST] = x;
      return;
    }
    const n = (v[N] += weight);
    const r = x - v[LEVEL];
    const absR = Math.abs(r);
    // Until ~10 samples the spread is unreliable: no clipping yet (otherwise the first samples could lock it at 0).
    const limit = n < 10 ? Infinity : this.o.huberK * this.spread;
    const clipped = absR > limit ? (r > 0 ? limit : -limit) : r;
    v[LEVEL] += decayedRate(weight / n, this.o.levelWindow, steps) * clipped;
    v[MAD] += decayedRate(weight / n, this.o.spreadWindow, steps) * (Math.min(absR, limit) - v[MAD]);
    v[FAST] += decayedRate(1 / n, this.o.fastWindow, steps) * (x - v[FAST]);
  }

  /** Re-anchors the level at the recent (fast) level: called after a confirmed level shift. */
  acceptShift(): void {
    this.v[LEVEL] = this.v[FAST];
  }

  /**
   * Moves the level (and the fast level) by `delta` without learning anything: the caller changed what it
   * subtracts from the series (a seasonal cycle switched on or off) and keeps its expected value continuous.
   */
  rebase(delta: number): void {
    this.v[LEVEL] += delta;
    this.v[FAST] += delta;
  }

  toJSON(): BaselineState {
    const v = this.v;
    return { n: v[N], level: v[LEVEL], mad: v[MAD], fast: v[FAST] };
  }
}

/**
 * Learning rate for one sample that arrives after `steps` sampling intervals: the sample rate
 * max(warmRate, 1/window) compounded over the elapsed steps, 1 - (1 - a)^steps.
 */
export function decayedRate(warmRate: number, window: number, steps: number): number {
  const a = Math.max(warmRate, 1 / window);
  if (a >= 1) return 1;
  return steps === 1 ? a : 1 - Math.pow(1 - a, steps);
}
