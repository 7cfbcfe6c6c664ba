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
  private readonly s: BaselineState;

  constructor(options: Partial<BaselineOptions> = {}, state?: BaselineState) {
    this.o = { ...defaultBaselineOptions, ...options };
    this.s = state ? { ...state } : { n: 0, level: 0, mad: 0, fast: 0 };
  }

  get level(): number {
    return this.s.level;
  }

  get count(): number {
    return this.s.n;
  }

  /** Sigma estimate of the residuals, never 0 nor NaN. */
  get spread(): number {
    const floor = Math.max(ABSOLUTE_FLOOR, this.o.relativeFloor * Math.abs(this.s.level));
    return Math.max(this.s.mad * MAD_TO_SIGMA, floor);
  }

  /**
   * Learns one (de-seasonalized) value. `steps` >= 1 is the elapsed time in sampling intervals;
   * `weight` in (0,1] down-weights suspicious samples so that a level shift is accepted only gradually.
   */
  learn(x: number, steps = 1, weight = 1): void {
    const s = this.s;
    if (s.n === 0) {
      s.n = weight;
      s.level = x;
      s.fast = x;
      return;
    }
    s.n += weight;
    const r = x - s.level;
    const absR = Math.abs(r);
    // Until ~10 samples the spread is unreliable: no clipping yet (otherwise the first samples could lock it at 0).
    const limit = s.n < 10 ? Infinity : this.o.huberK * this.spread;
    const clipped = absR > limit ? (r > 0 ? limit : -limit) : r;
    s.level += decayedRate(weight / s.n, this.o.levelWindow, steps) * clipped;
    s.mad += decayedRate(weight / s.n, this.o.spreadWindow, steps) * (Math.min(absR, limit) - s.mad);
    s.fast += decayedRate(1 / s.n, this.o.fastWindow, steps) * (x - s.fast);
  }

  /** Re-anchors the level at the recent (fast) level: called after a confirmed level shift. */
  acceptShift(): void {
    this.s.level = this.s.fast;
  }

  /**
   * Moves the level (and the fast level) by `delta` without learning anything: the caller changed what it
   * subtracts from the series (a seasonal cycle switched on or off) and keeps its expected value continuous.
   */
  rebase(delta: number): void {
    this.s.level += delta;
    this.s.fast += delta;
  }

  toJSON(): BaselineState {
    return { ...this.s };
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
