import { stateSlots } from '../stats/ew-mean-var';
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
// slots of the state array (unboxed doubles, see README hot path)
const N = 0;
const LEVEL = 1;
const MAD = 2;
const FAST = 3;
/** Number of slots a RobustBaseline keeps in its state array. */
export const BASELINE_SLOTS = 4;

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
  // n, level, mad, fast in slots [b, b + BASELINE_SLOTS) of v: its own array, or a part of the owner's
  private readonly v: number[];
  private readonly b: number;

  /** `slab` / `at`: keep the state in slots [at, at + BASELINE_SLOTS) of the caller's double array. */
  constructor(options: Partial<BaselineOptions> = {}, state?: BaselineState, slab?: number[], at = 0) {
    this.o = withDefaults(defaultBaselineOptions, options);
    const v = (this.v = stateSlots(BASELINE_SLOTS, slab, at));
    const b = (this.b = slab ? at : 0);
    v[b + N] = state ? state.n : 0;
    v[b + LEVEL] = state ? state.level : 0;
    v[b + MAD] = state ? state.mad : 0;
    v[b + FAST] = state ? state.fast : 0;
  }

  get level(): number {
    return this.v[this.b + LEVEL];
  }

  get count(): number {
    return this.v[this.b + N];
  }

  /** Sigma estimate of the residuals, never 0 nor NaN. */
  get spread(): number {
    const floor = Math.max(ABSOLUTE_FLOOR, this.o.relativeFloor * Math.abs(this.v[this.b + LEVEL]));
    return Math.max(this.v[this.b + MAD] * MAD_TO_SIGMA, floor);
  }

  /** |x - level| / spread: how unusual `x` is (a raw statistic, >= 0; never learns). */
  score(x: number): number {
    return Math.abs(x - this.v[this.b + LEVEL]) / this.spread;
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
    const b = this.b;
    if (v[b + N] === 0) {
      v[b + N] = weight;
      v[b + LEVEL] = x;
      v[b + FAST] = x;
      return;
    }
    const n = (v[b + N] += weight);
    const r = x - v[b + LEVEL];
    const absR = Math.abs(r);
    // Until ~10 samples the spread is unreliable: no clipping yet (otherwise the first samples could lock it at 0).
    const limit = n < 10 ? Infinity : this.o.huberK * this.spread;
    const clipped = absR > limit ? (r > 0 ? limit : -limit) : r;
    v[b + LEVEL] += decayedRate(weight / n, this.o.levelWindow, steps) * clipped;
    v[b + MAD] += decayedRate(weight / n, this.o.spreadWindow, steps) * (Math.min(absR, limit) - v[b + MAD]);
    v[b + FAST] += decayedRate(1 / n, this.o.fastWindow, steps) * (x - v[b + FAST]);
  }

  /** Re-anchors the level at the recent (fast) level: called after a confirmed level shift. */
  acceptShift(): void {
    this.v[this.b + LEVEL] = this.v[this.b + FAST];
  }

  /**
   * Moves the level (and the fast level) by `delta` without learning anything: the caller changed what it
   * subtracts from the series (a seasonal cycle switched on or off) and keeps its expected value continuous.
   */
  rebase(delta: number): void {
    this.v[this.b + LEVEL] += delta;
    this.v[this.b + FAST] += delta;
  }

  toJSON(): BaselineState {
    const v = this.v;
    const b = this.b;
    return { n: v[b + N], level: v[b + LEVEL], mad: v[b + MAD], fast: v[b + FAST] };
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
