import { doubleArray } from '../stats/ew-mean-var';
import { withDefaults } from '../with-defaults';

/** Tuning of a {@link CusumDetector}, in units of standardized residuals (sigmas). */
export interface CusumOptions {
  /** allowance: drifts smaller than this many sigmas are ignored */
  drift: number;
  /** decision threshold on the cumulative sum */
  threshold: number;
  /** each standardized residual is clipped to +/- this, so one spike cannot confirm a shift on its own */
  clip: number;
}

export const defaultCusumOptions: CusumOptions = { drift: 0.5, threshold: 12, clip: 4 };

const UP = 0;
const DOWN = 1;
const LAST = 2;

/** Plain-data state of a {@link CusumDetector}. */
export interface CusumState {
  up: number;
  down: number;
  /** max(up, down) right after the last update */
  last: number;
}

/**
 * Two-sided CUSUM (Page 1954) on standardized residuals: confirms a sustained level shift.
 * With the defaults a 4-sigma step is confirmed after 4 samples, a 1.5-sigma step after ~12, and an isolated
 * spike never (it adds at most clip - drift = 3.5).
 *
 * @example
 * const c = new CusumDetector();
 * [0, 5, 5, 5, 5].map((z) => c.update(z)); // [0, 0, 0, 0, 1]: upward shift confirmed at the 4th step
 */
export class CusumDetector {
  private readonly o: CusumOptions;
  // up, down, last: unboxed doubles (see README hot path)
  private readonly v: number[];

  constructor(options: Partial<CusumOptions> = {}, state?: CusumState) {
    this.o = withDefaults(defaultCusumOptions, options);
    const v = (this.v = doubleArray(3));
    if (!state) return;
    v[UP] = state.up;
    v[DOWN] = state.down;
    v[LAST] = state.last;
  }

  /** Larger of the two cumulative sums after the last update (before a confirmation resets them), in sigmas. */
  get evidence(): number {
    return this.v[LAST];
  }

  /**
   * Probability of at least this much evidence without a shift: the CUSUM of N(0,1) residuals with allowance k
   * has an exponential stationary tail, P(S > s) ~ exp(-2ks) (Siegmund 1985).
   */
  get tail(): number {
    return Math.exp(-2 * this.o.drift * this.v[LAST]);
  }

  /** Feeds one standardized residual; returns +1 / -1 when an upward / downward shift is confirmed, else 0. */
  update(z: number): number {
    const { drift, threshold, clip } = this.o;
    const v = this.v;
    const zc = z > clip ? clip : z < -clip ? -clip : z;
    const up = (v[UP] = Math.max(0, v[UP] + zc - drift));
    const down = (v[DOWN] = Math.max(0, v[DOWN] - zc - drift));
    v[LAST] = Math.max(up, down);
    if (up >= threshold) {
      this.reset();
      return 1;
    }
    if (down >= threshold) {
      this.reset();
      return -1;
    }
    return 0;
  }

  /** What `update` would return for `z` (+1 / -1 / 0), without learning. */
  score(z: number): number {
    const { drift, threshold, clip } = this.o;
    const v = this.v;
    const zc = z > clip ? clip : z < -clip ? -clip : z;
    if (Math.max(0, v[UP] + zc - drift) >= threshold) return 1;
    return Math.max(0, v[DOWN] - zc - drift) >= threshold ? -1 : 0;
  }

  /** Learns `z` (the same state change as `update`). */
  learn(z: number): void {
    this.update(z);
  }

  reset(): void {
    this.v[UP] = 0;
    this.v[DOWN] = 0;
  }

  toJSON(): CusumState {
    const v = this.v;
    return { up: v[UP], down: v[DOWN], last: v[LAST] };
  }
}
